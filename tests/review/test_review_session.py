"""Session files, resume and writing: real files under tmp_path, no terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_support import TEXT, matches

from mtfix.errors import InputError, OutputError
from mtfix.review.proposals import ANCHOR_CHARS, anchor_at
from mtfix.review.session import open_files, read_decisions, session_path, write_file


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _records(path: Path) -> list[dict[str, str]]:
    return read_decisions(str(path))


def test_anchor_is_bounded_and_stays_on_its_line() -> None:
    text = "x" * 100 + "\nsay cluster area now\r\nnext"
    start = text.index("cluster")
    anchor = anchor_at(text, start, start + 12, "t", "cluster area")
    assert (anchor.before, anchor.after) == ("say ", " now")
    long = "y" * 100 + " cluster area " + "z" * 100
    start = long.index("cluster")
    anchor = anchor_at(long, start, start + 12, "t", "cluster area")
    assert len(anchor.before) == len(anchor.after) == ANCHOR_CHARS


def test_session_beside_the_file_in_a_dot_mtfix_folder(doc: Path) -> None:
    assert session_path(str(doc)) == doc.parent / ".mtfix" / "doc.txt.review.json"


def test_every_decision_is_saved_at_once(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    assert not session_path(str(doc)).exists()
    state.reject()
    assert [r["status"] for r in _records(doc)] == ["rejected"]
    state.accept("chain boss")
    assert _records(doc)[1] | {} == {"term": "chain-leader", "variant": "chain owner", "before": "has a ",
                                     "after": ".", "kind": "variant", "ordinal": 0, "status": "accepted",
                                     "replacement": "chain boss"}
    state.undo()
    state.undo()
    assert _records(doc) == []


def test_write_then_resume_hides_rejected_and_shows_skipped(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    state.accept()
    state.reject()
    state.skip()
    assert write_file(state, 0) == 1
    assert doc.read_text() == TEXT.replace("cluster area", "agglomeration zone")
    assert [r["status"] for r in _records(doc)] == ["rejected"]
    again = open_files([str(doc)], matcher)
    assert matches(again) == ["gathering area", "chain master"]
    assert [len(f.earlier) for f in again.files] == [1]


def test_interrupted_run_keeps_rejections_and_proposes_the_rest_again(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    state.accept()
    state.reject()
    state.accept()  # nothing is written: as after Ctrl-C
    again = open_files([str(doc)], matcher)
    assert matches(again) == ["cluster area", "gathering area", "chain master"]


def test_rejections_survive_edits_elsewhere_but_not_around_the_match(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    state.reject()  # cluster area, line 1
    state.next()
    state.reject()  # gathering area, line 3
    doc.write_text("A new first paragraph.\n\n" + TEXT.replace("The gathering area and", "The gathering area or"))
    again = open_files([str(doc)], matcher)
    assert matches(again) == ["chain owner", "gathering area", "chain master"]


def test_rejection_next_to_an_accepted_change_is_still_recognised(tmp_path: Path, matcher) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("The cluster area and the gathering area.\n")
    state = open_files([str(doc)], matcher)
    state.accept()
    state.reject()
    write_file(state, 0)
    assert doc.read_text() == "The agglomeration zone and the gathering area.\n"
    assert open_files([str(doc)], matcher).proposals == []


def test_each_rejection_hides_one_occurrence(tmp_path: Path, matcher) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("A chain owner.\n\nA chain owner.\n")
    state = open_files([str(doc)], matcher)
    state.reject()
    again = open_files([str(doc)], matcher)
    assert [p.line for p in again.proposals] == [3]


def test_changed_on_disk_is_not_overwritten(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    state.accept()
    doc.write_text("Someone else's cluster area.\n")
    with pytest.raises(OutputError, match="changed on disk"):
        write_file(state, 0)
    assert doc.read_text() == "Someone else's cluster area.\n"
    assert [r["status"] for r in _records(doc)] == ["accepted"]


def test_encoding_bom_and_newlines_survive(tmp_path: Path, matcher) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(b"\xef\xbb\xbfThe cluster area\r\nhas a chain owner.")
    state = open_files([str(doc)], matcher)
    state.accept_term()
    state.accept_term()
    write_file(state, 0)
    assert doc.read_bytes() == b"\xef\xbb\xbfThe agglomeration zone\r\nhas a chain leader."
    assert not session_path(str(doc)).exists() and not (tmp_path / ".mtfix").exists()


def test_nothing_accepted_writes_nothing(doc: Path, matcher) -> None:
    state = open_files([str(doc)], matcher)
    state.reject()
    before = doc.stat().st_mtime_ns
    assert write_file(state, 0) == 0
    assert doc.stat().st_mtime_ns == before


def test_unreadable_session_says_what_to_do(doc: Path, matcher) -> None:
    session = session_path(str(doc))
    session.parent.mkdir()
    session.write_text("{not json")
    with pytest.raises(InputError, match="move it away"):
        open_files([str(doc)], matcher)


def test_several_files_in_order(tmp_path: Path, matcher) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("A chain owner.\n")
    second.write_text("A cluster area.\n")
    state = open_files([str(first), str(second)], matcher)
    assert [(p.file, p.finding.match) for p in state.proposals] == [(0, "chain owner"), (1, "cluster area")]


def test_bilingual_review_proposes_only_what_the_source_supports(tmp_path: Path, matcher) -> None:
    """The 链主 inside 产业链主导 is no evidence; Traditional 鏈主 is (the same rule as ``fix``)."""
    path = tmp_path / "units.tsv"
    path.write_text("产业链主导\tthe chain owner\n鏈主企業\ta chain owner firm\n", encoding="utf-8")
    state = open_files([str(path)], matcher)
    assert [(p.line, p.finding.match) for p in state.proposals] == [(2, "chain owner")]


# -- identical contexts: each decision remembers which same-context occurrence it was

TWINS = "A chain owner.\n\nA chain owner.\n"


def test_interrupted_run_hides_the_rejected_twin_not_the_accepted_one(tmp_path: Path, matcher) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(TWINS)
    state = open_files([str(doc)], matcher)
    state.accept()  # line 1
    state.reject()  # line 3; nothing is written: as after Ctrl-C
    again = open_files([str(doc)], matcher)
    assert [p.line for p in again.proposals] == [1]
    assert [p.line for p in again.files[0].earlier] == [3]


@pytest.mark.parametrize(("text", "decide", "shown"), [
    pytest.param(TWINS, "sn", [1], id="skip-first-reject-second"),
    pytest.param(TWINS + "\nA chain owner.\n", "ysn", [3], id="accept-skip-reject-of-three"),
])
def test_written_run_hides_the_rejected_twin(tmp_path: Path, matcher, text: str, decide: str,
                                             shown: list[int]) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(text)
    state = open_files([str(doc)], matcher)
    for key in decide:
        {"y": state.accept, "n": state.reject, "s": state.skip}[key]()
    write_file(state, 0)  # as q does
    again = open_files([str(doc)], matcher)
    assert [p.line for p in again.proposals] == shown
