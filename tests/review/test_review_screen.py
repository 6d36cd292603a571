"""What the screen shows around a proposal (issue 14, the screen): the whole
paragraph with the decisions taken in it applied, rows that break where a reader
expects, the unit id, the source form of a fix, ``split`` findings, and the key
and status lines at their edge widths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_support import make_state

from mtfix.cli import main
from mtfix.formats.base import Segment
from mtfix.review import view
from mtfix.review.proposals import ReviewFile, file_proposals
from mtfix.review.session import open_files
from mtfix.review.state import ReviewState

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_XLIFF = ROOT / "corpora" / "zhaoqing-agglomeration-zone.zh-en.xlf"

PARAGRAPH = ("One\ntwo\nthree\nThe cluster area\nfour\nfive\n\n"
             "Another paragraph with a chain owner.\n")


def _text(fragments: list[tuple[str, str]]) -> str:
    return "".join(text for style, text in fragments if not style.startswith("["))


def _rows(fragments: list[tuple[str, str]], width: int) -> list[str]:
    return [row.rstrip(" ") for row in _text(view.wrap(fragments, width)).split("\n")]


def test_context_is_the_whole_paragraph(matcher) -> None:
    state = make_state(matcher, PARAGRAPH)
    assert _text(view.context(state)) == "One\ntwo\nthree\nThe cluster area\nfour\nfive"
    state.next()
    assert _text(view.context(state)) == "Another paragraph with a chain owner."


def test_context_and_result_read_with_earlier_decisions_applied(matcher) -> None:
    state = make_state(matcher, "The cluster area has a chain owner and a chain master.\n")
    state.accept()  # cluster area -> agglomeration zone
    state.accept("chain boss")  # chain owner -> chain boss (edited)
    assert state.cursor == 2
    context = view.context(state)
    assert _text(context) == "The agglomeration zone has a chain boss and a chain master."
    assert [t for s, t in context if s == "class:settled"] == ["agglomeration zone", "chain boss"]
    result = view.result(state)
    assert [t for s, t in result if s == "class:delete"] == ["master"]
    assert _text(result) == "The agglomeration zone has a chain boss and a chain master leader."


def test_a_huge_paragraph_is_cut_near_the_match(matcher) -> None:
    text = "word " * 5000 + "the cluster area " + "word " * 5000
    shown = _text(view.context(make_state(matcher, text)))
    assert "cluster area" in shown and len(shown) < 9000


def test_an_opening_quote_stays_with_the_words_it_opens() -> None:
    fragments = [("class:text", "grasp the investment promotion '"), ("class:match", "bull nose"),
                 ("class:text", "' firmly")]
    assert _rows(fragments, 34) == ["grasp the investment promotion", "'bull nose' firmly"]


def test_a_status_line_of_exactly_the_width_takes_one_row() -> None:
    status = " 5/32  accepted 3 · rejected 1 · pending 28  corpora/zhaoqing.en.txt "
    status = status[:-1] + "x" * (80 - len(status)) + " "
    assert len(status) == 80
    assert _text(view.wrap([("class:status", status)], 80)).count("\n") == 0


def test_key_line_keeps_enter_and_esc_in_a_narrow_field() -> None:
    line = _text(view.keys(60, "edit"))
    assert line.startswith("Enter accept edited text") and "Esc cancel" in line and len(line) < 60
    assert _text(view.keys(40, "variant")) == "Enter write variant · Esc cancel"


def test_header_names_the_unit_of_a_bilingual_segment(matcher) -> None:
    files = [ReviewFile("doc.xlf", [Segment("A chain owner.", source="链主。", ref="u-17", line=5, column=9)])]
    state = ReviewState(files, file_proposals(0, files[0], matcher))
    assert _text(view.header(state)) == " doc.xlf:5:11 unit u-17 · mtfix review "


@pytest.mark.parametrize("source", ["链主带动。", "鏈主帶動。"], ids=["simplified", "traditional"])
def test_the_source_form_of_a_fix_is_highlighted(matcher, source: str) -> None:
    state = make_state(matcher, "The chain owner leads.", sources=(source,))
    fragments = view.context(state, markers=True)
    assert _text(fragments).startswith(f"source: »{source[:2]}«{source[2:]}\n\nThe »chain owner« leads.")


def test_split_findings_are_reviewed_like_checks(tmp_path: Path, glossary_file: Path, capsys) -> None:
    path = tmp_path / "sample.xlf"
    shutil.copy(SAMPLE_XLIFF, path)
    main(["check", "-g", str(glossary_file), str(path)])
    reported = [line for line in capsys.readouterr().out.splitlines() if line.startswith(str(path))]
    from mtfix import compile_glossary
    from mtfix.model import Glossary

    state = open_files([str(path)], compile_glossary(Glossary.load(glossary_file)))
    assert len(state.proposals) == len(reported)
    split = [i for i, p in enumerate(state.proposals) if p.finding.kind == "split"]
    assert len(split) == 1 and not state.proposals[split[0]].fixable
    state.cursor = split[0]
    assert view.titles(state) == ("check: split", "why")
    assert "target: The lead enterprises drive the development of the »cluster area«" in _text(
        view.context(state, markers=True))
