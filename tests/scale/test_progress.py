"""The progress bar: only on a terminal, never when piped or --quiet."""

from __future__ import annotations

import io

from conftest import GLOSSARY, make_corpus

from mtfix.cli import main
from mtfix.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_shows_files_segments_and_rate_on_a_terminal() -> None:
    stream = Terminal()
    with Progress(2, 2048, stream, enabled=True, delay=0) as progress:
        progress.partial(1024)
        progress.file_done(1024, segments=7)
        progress.file_done(1024, segments=5)
    text = stream.getvalue()
    assert "files 2/2" in text and "12 segments" in text and "B/s" in text


def test_no_bar_when_piped_or_quiet() -> None:
    assert not Progress.for_run([10], quiet=False, stream=io.StringIO()).enabled
    assert not Progress.for_run([10], quiet=True, stream=Terminal()).enabled
    assert Progress.for_run([10], quiet=False, stream=Terminal()).enabled


def test_piped_run_prints_only_the_summary(tmp_path, capsys) -> None:
    corpus = make_corpus(tmp_path / "c")
    assert main(["fix", "-g", GLOSSARY, "--jobs", "2", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "fixes in" in err
