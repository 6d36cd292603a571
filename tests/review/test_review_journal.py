"""Durable decisions: every decision is in the session's journal when the screen shows it;
a crash, a refused ``q`` or a failed save loses none; the journal is compacted."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from review_support import TEXT, matches, press, review

from mtfix.cli import main
from mtfix.errors import InputError, OutputError
from mtfix.formats.base import Segment
from mtfix.review import journal, store
from mtfix.review.autosave import SessionSaver
from mtfix.review.decision_log import entry
from mtfix.review.proposals import ReviewFile, file_proposals
from mtfix.review.session import open_files, read_decisions, session_path, write_file
from mtfix.review.state import ReviewState, Status
from mtfix.review.ui import Outcome, ReviewUI

CTRL_C = "\x03"

EDITED = "The agglomeration zone\nhas a chain leader.\nThe gathering area and the chain boss.\n"


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _journal(doc: Path) -> Path:
    return journal.journal_path(session_path(str(doc)))


def _y_y_n_e(state) -> None:
    state.accept()  # cluster area
    state.accept()  # chain owner
    state.reject()  # gathering area
    state.accept("chain boss")  # chain master, edited


def test_crash_keeps_accepted_and_edited_decisions_and_q_writes_them(doc: Path, matcher) -> None:
    _y_y_n_e(open_files([str(doc)], matcher))  # then the process dies: nothing else runs
    again = open_files([str(doc)], matcher)
    assert matches(again) == ["cluster area", "chain owner", "chain master"]
    assert again.statuses == [Status.ACCEPTED] * 3 and again.replacement(2) == "chain boss"
    assert (again.counts().accepted, again.counts().pending) == (3, 0)
    assert [p.finding.match for p in again.files[0].earlier] == ["gathering area"]
    assert write_file(again, 0) == 3
    assert doc.read_text() == EDITED
    assert [r["status"] for r in read_decisions(str(doc))] == ["rejected"]
    assert not _journal(doc).exists()


def test_resume_starts_at_the_first_undecided_and_keeps_older_records(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    state.accept()
    state.reject()
    again = open_files([str(doc)], matcher)
    assert matches(again) == ["cluster area", "gathering area", "chain master"] and again.cursor == 1
    again.accept()  # the first new decision
    assert sorted((r["variant"], r["status"]) for r in read_decisions(str(doc))) == [
        ("chain owner", "rejected"), ("cluster area", "accepted"), ("gathering area", "accepted")]


def test_refused_q_keeps_every_decision_for_the_next_run(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    state.accept()
    state.reject()
    state.accept("agglomeration zones")
    doc.write_text(TEXT + "A line added elsewhere.\n")
    with pytest.raises(OutputError, match="changed on disk"):
        write_file(state, 0)
    assert not _journal(doc).exists(), "compacted into the snapshot"
    again = open_files([str(doc)], matcher)
    assert [(p.finding.match, s.value) for p, s, _ in again.of_file(0)] == [
        ("cluster area", "accepted"), ("gathering area", "accepted"), ("chain master", "pending")]
    assert again.replacement(1) == "agglomeration zones"


def test_each_decision_appends_one_line_and_rewrites_nothing(doc: Path, matcher, monkeypatch) -> None:
    snapshots: list[Path] = []
    real = store.write_session
    monkeypatch.setattr(store, "write_session", lambda path, data: snapshots.append(path) or real(path, data))
    monkeypatch.setattr(journal, "write_session", store.write_session)
    state = open_files([str(doc)], matcher)
    sizes = []
    for decide in (state.accept_term, state.reject, state.skip, state.undo, state.accept):
        before = _journal(doc).read_bytes() if _journal(doc).exists() else b""
        decide()
        after = _journal(doc).read_bytes()
        assert after.startswith(before), "earlier records are never rewritten"
        sizes.append(after.count(b"\n"))
    assert sizes == [2, 3, 4, 5, 6], "a header, then one line per decision (an undo too)"
    assert snapshots == [] and not session_path(str(doc)).exists()
    lines = [json.loads(line)["decisions"] for line in _journal(doc).read_text().splitlines()[1:]]
    assert [[r["status"] for r in line] for line in lines] == [
        ["accepted", "accepted"], ["rejected"], ["skipped"], ["pending"], ["accepted"]], "a bulk move is one line"


def test_journal_is_compacted_when_it_grows(doc: Path, matcher, monkeypatch) -> None:
    monkeypatch.setattr(SessionSaver, "COMPACT_LINES", 2)
    state = open_files([str(doc)], matcher)
    state.accept()
    state.reject()
    assert not session_path(str(doc)).exists() and _journal(doc).read_text().count("\n") == 3
    state.skip()  # the journal holds 2 lines: this decision compacts it
    assert not _journal(doc).exists()
    snapshot = json.loads(session_path(str(doc)).read_text())
    assert [r["status"] for r in snapshot["decisions"]] == ["accepted", "rejected", "skipped"]
    state.accept()
    assert json.loads(_journal(doc).read_text().splitlines()[0]) == {
        "journal": 1, "generation": snapshot["generation"]}
    assert [r["status"] for r in read_decisions(str(doc))] == ["accepted", "rejected", "skipped", "accepted"]


def test_torn_last_line_and_stale_journal_are_ignored(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    state.accept()
    with _journal(doc).open("ab") as out:
        out.write(b'{"decisions": [{"term": "chain-le')  # the crash came mid-append
    assert [r["status"] for r in read_decisions(str(doc))] == ["accepted"]
    kept = _journal(doc).read_bytes()
    journal.compact(session_path(str(doc)), "doc.txt", [])  # as after q with nothing to remember ...
    session_path(str(doc)).parent.mkdir(exist_ok=True)
    journal.compact(session_path(str(doc)), "doc.txt", [{"term": "chain-leader", "variant": "chain owner",
                                                          "before": "has a ", "after": ".", "status": "rejected"}])
    _journal(doc).write_bytes(kept)  # ... and a crash left the older journal beside the new snapshot
    assert [r["status"] for r in read_decisions(str(doc))] == ["rejected"]


def test_malformed_journal_line_names_the_file_and_line(doc: Path, matcher) -> None:
    open_files([str(doc)], matcher).accept()
    with _journal(doc).open("ab") as out:
        out.write(b'{"decisions": [7]}\n{"decisions": []}\n')
    with pytest.raises(InputError) as caught:
        open_files([str(doc)], matcher)
    assert caught.value.path == str(_journal(doc)) and caught.value.line == 3
    assert "malformed review session" in str(caught.value)


def test_journal_planted_as_a_link_is_not_written_through(doc: Path, matcher, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    state = open_files([str(doc)], matcher)
    _journal(doc).parent.mkdir()
    _journal(doc).symlink_to(victim)
    with pytest.raises(OutputError, match="is a symbolic link"):
        state.reject()
    assert victim.read_bytes() == b"precious\n" and os.path.islink(_journal(doc))


def test_failed_save_is_retried_at_the_next_decision(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    folder = session_path(str(doc)).parent
    folder.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot open the review session folder"):
        state.accept()
    folder.unlink()
    state.reject()
    assert [r["status"] for r in read_decisions(str(doc))] == ["accepted", "rejected"]


def test_session_of_an_older_mtfix_with_accepted_records_is_resumed(doc: Path, matcher) -> None:
    session = session_path(str(doc))
    session.parent.mkdir()
    session.write_text(json.dumps({"version": 1, "file": "doc.txt", "decisions": [
        {"term": "chain-leader", "variant": "chain owner", "before": "has a ", "after": ".",
         "status": "accepted", "replacement": "chain boss"}]}))
    state = open_files([str(doc)], matcher)
    assert state.statuses[1] is Status.ACCEPTED and state.replacement(1) == "chain boss"


# -- on the screen and on the command line ---------------------------------------

def test_failed_save_is_said_in_the_status_line_and_retried(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    folder = session_path(str(doc)).parent
    folder.write_text("the .mtfix folder replaced by a file")
    ui = ReviewUI(state)
    assert press(state, "y", CTRL_C, ui=ui) is Outcome.ABORT  # no traceback, no "Press ENTER"
    assert ui.message.startswith("not saved: ") and "Not a directory" in ui.message
    assert "tried again at the next decision" in ui.message and state.statuses[0] is Status.ACCEPTED
    folder.unlink()
    ui = ReviewUI(state)
    press(state, "n", CTRL_C, ui=ui)
    assert ui.message == "" and [r["status"] for r in read_decisions(str(doc))] == ["accepted", "rejected"]


def test_log_has_a_line_per_decision_and_the_undo(doc: Path, glossary_file: Path, tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    log.write_text('{"earlier": "session"}\n')
    keys = "ynu" + "e" + "\x7f" * 6 + "boss\r" + "q"  # accept, reject, undo it, edit the same one
    assert review(["--log", str(log), "-g", str(glossary_file), str(doc)], keys) == 0
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {"earlier": "session"}, "appended, never rewritten"
    shown = [(r["decision"], r.get("status"), r["line"], r["variant"], r["before"], r["after"]) for r in lines[1:]]
    assert shown == [
        ("accepted", None, 1, "cluster area", "cluster area", "agglomeration zone"),
        ("rejected", None, 2, "chain owner", "chain owner", "chain owner"),
        ("undo", "pending", 2, "chain owner", "chain owner", "chain owner"),
        ("accepted", None, 2, "chain owner", "chain owner", "chain boss"),
    ]
    first = lines[1]
    assert (first["file"], first["unit"], first["term"], first["column"]) == (str(doc), None,
                                                                               "agglomeration-zone", 5)
    assert first["proposed"] == "agglomeration zone" and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:]{8}\+00:00",
                                                                       first["time"])


def test_log_names_the_unit_of_a_bilingual_file(matcher) -> None:
    review_file = ReviewFile("a.xlf", [Segment("a chain owner")])
    state = ReviewState([review_file], file_proposals(0, review_file, matcher))
    review_file.segments = [Segment("a chain owner", source="链主", ref="u7")]  # as an XLIFF unit reads
    assert entry(state, state.proposals[0], Status.ACCEPTED, None, False, "now")["unit"] == "u7"


def test_log_that_cannot_be_written_stops_the_review_before_it_starts(doc, glossary_file, tmp_path,
                                                                      capsys) -> None:
    assert review(["--log", str(tmp_path), "-g", str(glossary_file), str(doc)], "yq") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{tmp_path}: cannot write the decision log: ") and "\n" not in err
    assert doc.read_text() == TEXT


def test_standard_input_not_a_terminal_is_a_one_line_error(doc, glossary_file) -> None:
    """``mtfix review notes.md </dev/null``: standard output is a terminal, input is not."""
    master, terminal = pty.openpty()
    try:
        run = subprocess.run([sys.executable, "-m", "mtfix", "review", "-g", str(glossary_file), str(doc)],
                             stdin=subprocess.DEVNULL, stdout=terminal, stderr=subprocess.PIPE, timeout=120,
                             env={**os.environ, "TERM": "xterm"})
    finally:
        os.close(terminal)
        os.close(master)
    assert run.returncode == 2
    err = run.stderr.decode().strip()
    assert "mtfix review needs a terminal" in err and "\n" not in err and "Traceback" not in err
    assert doc.read_text() == TEXT and not session_path(str(doc)).parent.exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_piped_keys_are_refused_in_one_line(doc, glossary_file, capsys, monkeypatch) -> None:
    """``echo y | mtfix review notes.md``: keys from a pipe would be decisions nobody made."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    monkeypatch.setattr(sys, "stdout", _Terminal())
    assert main(["review", "-g", str(glossary_file), str(doc)]) == 2
    err = capsys.readouterr().err.strip()
    assert "mtfix review needs a terminal" in err and "\n" not in err
    assert doc.read_text() == TEXT and not session_path(str(doc)).parent.exists()


def test_an_undone_segment_edit_is_undone_on_disk_too(doc: Path, matcher) -> None:
    """``E`` replaces the proposal with a widened one; its undo puts the first one back."""
    segment_edit = pytest.importorskip("mtfix.review.segment_edit")
    state = open_files([str(doc)], matcher)
    state.skip()
    state.undo()
    assert segment_edit.decide_segment(state, "The agglomeration zones").startswith("segment edited")
    assert [(r["variant"], r["status"]) for r in read_decisions(str(doc))] == [("cluster area", "accepted")]
    state.undo()
    assert read_decisions(str(doc)) == []
    assert open_files([str(doc)], matcher).statuses == [Status.PENDING] * 4
