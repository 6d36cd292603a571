"""Review under hostile conditions: links planted in .mtfix, malformed sessions, no terminal,
a folder that cannot be written, a FIFO named for review."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mtfix.cli import main
from mtfix.errors import OutputError
from mtfix.review.session import open_files, session_path

TEXT = "The cluster area\nhas a chain owner.\n"


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "work" / "doc.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    return path


def _review(args: list[str], keys: str) -> int:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return main(["review", *args])


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# --- (a) links in .mtfix ---------------------------------------------------------------------

def test_symlinked_session_folder_is_refused(doc, glossary_file, tmp_path, capsys) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (doc.parent / ".mtfix").symlink_to(elsewhere)
    assert _review(["-g", str(glossary_file), str(doc)], "nq") == 2
    line = _one_error_line(capsys.readouterr().err)
    assert line.startswith(f"{doc.parent / '.mtfix'}: is a symbolic link")
    assert os.listdir(elsewhere) == [] and doc.read_text(encoding="utf-8") == TEXT


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_symlinked_session_file_is_refused(doc, glossary_file, tmp_path, capsys, dangling: bool) -> None:
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_bytes(b"precious\n")
    session = session_path(str(doc))
    session.parent.mkdir()
    session.symlink_to(victim)
    assert _review(["-g", str(glossary_file), str(doc)], "nq") == 2
    line = _one_error_line(capsys.readouterr().err)
    assert line.startswith(f"{session}: is a symbolic link")
    assert victim.exists() is not dangling
    if not dangling:
        assert victim.read_bytes() == b"precious\n"
    assert os.path.islink(session) and doc.read_text(encoding="utf-8") == TEXT


def test_link_planted_during_the_review_is_not_written_through(doc, matcher, tmp_path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    state = open_files([str(doc)], matcher)
    session = session_path(str(doc))
    session.parent.mkdir()
    session.symlink_to(victim)
    with pytest.raises(OutputError, match="is a symbolic link"):
        state.reject()
    assert victim.read_bytes() == b"precious\n"
    assert [n for n in os.listdir(session.parent) if n.endswith(".mtfix-tmp")] == []


# --- (b) malformed session files ---------------------------------------------------------------

def _decision(**fields: object) -> dict:
    record = {"term": "chain-leader", "variant": "chain owner", "before": "has a ", "after": ".",
              "kind": "variant", "ordinal": 0, "status": "rejected"}
    record.update(fields)
    return {key: value for key, value in record.items() if value is not ...}


MALFORMED = [
    pytest.param("[]", id="list-not-object"),
    pytest.param('{"decisions": {}}', id="decisions-not-a-list"),
    pytest.param(json.dumps({"decisions": [7]}), id="record-not-an-object"),
    pytest.param(json.dumps({"decisions": [_decision(term=5)]}), id="term-a-number"),
    pytest.param(json.dumps({"decisions": [_decision(before=None)]}), id="before-null"),
    pytest.param(json.dumps({"decisions": [_decision(after=...)]}), id="missing-key"),
    pytest.param(json.dumps({"decisions": [_decision(status=["rejected"])]}), id="status-a-list"),
    pytest.param(json.dumps({"decisions": [_decision(ordinal=[0])]}), id="ordinal-a-list"),
    pytest.param(json.dumps({"decisions": [_decision(ordinal=10 ** 40)]}), id="ordinal-huge"),
    pytest.param(json.dumps({"decisions": [_decision(ordinal=1.5)]}), id="ordinal-a-float"),
    pytest.param('{"decisions": [{"ordinal": 1' + "0" * 5000 + "}]}", id="5000-digit-number"),
    pytest.param("[" * 100_000 + "]" * 100_000, id="deep-nesting"),
    pytest.param('{"decisions": [{"term": "\\ud800"}]}', id="lone-surrogate"),
    pytest.param('{"version": 99, "decisions": []}', id="other-version"),
]


@pytest.mark.parametrize("content", MALFORMED)
def test_malformed_session_is_a_one_line_error(doc, glossary_file, capsys, content: str) -> None:
    session = session_path(str(doc))
    session.parent.mkdir()
    session.write_text(content, encoding="utf-8")
    assert _review(["-g", str(glossary_file), str(doc)], "yq") == 2
    line = _one_error_line(capsys.readouterr().err)
    assert line.startswith(f"{session}") and "malformed review session" in line and "move it away" in line
    assert session.read_text(encoding="utf-8") == content  # kept for the user to look at
    assert doc.read_text(encoding="utf-8") == TEXT


# --- (c) no terminal ---------------------------------------------------------------------------

def test_review_without_a_terminal_in_process(doc, glossary_file, capsys) -> None:
    # pytest's stdin and captured stdout are not terminals, and no prompt_toolkit session is set
    assert main(["review", "-g", str(glossary_file), str(doc)]) == 2
    assert "mtfix review needs a terminal" in _one_error_line(capsys.readouterr().err)
    assert doc.read_text(encoding="utf-8") == TEXT and not session_path(str(doc)).parent.exists()


@pytest.mark.parametrize("stdin", [subprocess.DEVNULL, b"y\n"], ids=["dev-null", "piped-yes"])
def test_review_without_a_terminal(doc, glossary_file, stdin) -> None:
    run = subprocess.run([sys.executable, "-m", "mtfix", "review", "-g", str(glossary_file), str(doc)],
                         stdin=stdin if stdin is subprocess.DEVNULL else None,
                         input=None if stdin is subprocess.DEVNULL else stdin,
                         capture_output=True, timeout=120, env={**os.environ, "TERM": "xterm"})
    assert run.returncode == 2
    assert "mtfix review needs a terminal" in _one_error_line(run.stderr.decode())
    assert run.stdout == b""
    assert doc.read_text(encoding="utf-8") == TEXT and not session_path(str(doc)).parent.exists()


# --- (d) a session folder that cannot be written -----------------------------------------------

def _refuse_writes_in(folder: Path, monkeypatch) -> None:
    """As root, mode bits do not stop writes: fail every file creation in ``folder`` as a
    read-only folder would."""
    real_open = os.open

    def read_only_open(path, flags, *args, dir_fd=None, **kwargs):
        if flags & os.O_CREAT and (dir_fd is not None or Path(path).parent == folder):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, dir_fd=dir_fd, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)


def test_read_only_session_folder_is_said_on_screen_and_q_still_writes(doc, glossary_file, capsys,
                                                                       monkeypatch) -> None:
    (doc.parent / ".mtfix").mkdir()
    _refuse_writes_in(doc.parent / ".mtfix", monkeypatch)
    shown: list[str] = []
    import mtfix.review.app as app_module

    real = app_module._ShowingSaveErrors.__call__

    def remember(self, files):
        real(self, files)
        shown.append(self.ui.message)

    monkeypatch.setattr(app_module._ShowingSaveErrors, "__call__", remember)
    assert _review(["-g", str(glossary_file), str(doc)], "ynq") == 2
    assert shown and all(m.startswith("not saved: ") and "Permission denied" in m for m in shown)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "cannot write the review session: Permission denied" in err
    assert doc.read_text(encoding="utf-8") == "The agglomeration zone\nhas a chain owner.\n"
    assert "changes written: 1 in" in err


# --- (e) a FIFO named for review, or as the session file ---------------------------------------

@pytest.mark.timeout(60)
def test_fifo_named_for_review_is_refused(tmp_path, glossary_file) -> None:
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    run = subprocess.run([sys.executable, "-m", "mtfix", "review", "-g", str(glossary_file), str(fifo)],
                         stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    assert run.returncode == 2
    assert _one_error_line(run.stderr.decode()).startswith(f"{fifo}: is a FIFO")


@pytest.mark.timeout(60)
def test_fifo_as_session_file_is_refused(doc, glossary_file, capsys) -> None:
    session = session_path(str(doc))
    session.parent.mkdir()
    os.mkfifo(session)
    assert _review(["-g", str(glossary_file), str(doc)], "yq") == 2
    assert _one_error_line(capsys.readouterr().err).startswith(f"{session}: is a FIFO")
