"""Formats plug into the review through ``handler_for``: a bilingual document
shows its source above the target and is written back through its own writer;
stdin and streamed formats are refused with a message."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mtfix.cli import main
from mtfix.formats import HANDLERS
from mtfix.formats.base import Segment
from mtfix.review import view
from mtfix.review.session import open_files


@dataclass
class PairDocument:
    """``source = target`` lines: a stand-in for TSV, TMX, XLIFF and PO."""

    path: str
    segments: list[Segment]

    def render(self, targets: Sequence[str]) -> str:
        return "".join(f"{s.source} = {t}\n" for s, t in zip(self.segments, targets, strict=True))

    def original(self) -> str:
        return self.render([s.target for s in self.segments])

    def write(self, targets: Sequence[str]) -> None:
        Path(self.path).write_text(self.render(targets), encoding="utf-8")


def _load_pairs(path: str) -> PairDocument:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return PairDocument(path, [Segment(line.split(" = ")[1], source=line.split(" = ")[0], ref=f"line {n}",
                                       line=n, column=len(line.split(" = ")[0]) + 4)
                               for n, line in enumerate(lines, 1)])


@pytest.fixture
def pairs(tmp_path: Path, monkeypatch) -> Path:
    module = ModuleType("fake_pairs_format")
    module.load = _load_pairs  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_pairs_format", module)
    monkeypatch.setitem(HANDLERS, ".pairs", "fake_pairs_format")
    path = tmp_path / "doc.pairs"
    path.write_text("链主企业 = The chain owner company.\n集聚区 = A gathering area.\n", encoding="utf-8")
    return path


def test_bilingual_segments_show_their_source(pairs: Path, matcher) -> None:
    state = open_files([str(pairs)], matcher)
    assert [(p.line, p.column) for p in state.proposals] == [(1, 12), (2, 9)]
    state.next()
    context = "".join(text for _, text in view.context(state))
    assert context.startswith("source: 集聚区\n\nA gathering area.")


def test_bilingual_review_writes_through_the_format(pairs: Path, glossary_file: Path) -> None:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("nyq")
        assert main(["review", "-g", str(glossary_file), str(pairs)]) == 0
    assert pairs.read_text(encoding="utf-8") == "链主企业 = The chain owner company.\n集聚区 = An agglomeration zone.\n"


def test_stdin_is_refused(glossary_file: Path, capsys) -> None:
    assert main(["review", "-g", str(glossary_file), "-"]) == 2
    assert "review works on files, not on stdin" in capsys.readouterr().err


def test_streamed_formats_are_refused(tmp_path: Path, glossary_file: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "fake_stream_format", ModuleType("fake_stream_format"))
    monkeypatch.setitem(HANDLERS, ".stream", "fake_stream_format")
    path = tmp_path / "big.stream"
    path.write_text("chain owner\n")
    assert main(["review", "-g", str(glossary_file), str(path)]) == 2
    assert "streamed, not reviewed" in capsys.readouterr().err
