"""A buffer checked as ``mtfix check`` checks its file, unit by unit, without a server."""

from __future__ import annotations

import pytest

from mtfix.engine import compile_glossary, fix_text
from mtfix.glossary.load import parse_glossary
from mtfix.lsp import actions
from mtfix.lsp.analysis import Analyzer, kind_of, text_units
from mtfix.lsp.positions import Positions
from tests.lsp.lsp_client import GLOSSARY


@pytest.fixture(scope="module")
def matcher():
    return compile_glossary(parse_glossary(GLOSSARY, "g.toml")).including_suggestions()


@pytest.mark.parametrize(("path", "language", "kind"), [
    pytest.param("a.md", "markdown", "text", id="markdown"),
    pytest.param("a.txt", "plaintext", "text", id="text"),
    pytest.param("zh.po", "po", "document", id="po"),
    pytest.param("a.xlf", "xml", "document", id="xliff"),
    pytest.param("a.tmx", "xml", "document", id="tmx"),
    pytest.param("a.tsv", "plaintext", "document", id="tsv"),
    pytest.param("untitled:Untitled-1", "plaintext", "text", id="unsaved-text"),
    pytest.param("a.py", "python", None, id="not-checked"),
])
def test_which_buffers_are_checked(path: str, language: str, kind: str | None) -> None:
    assert kind_of(path, language) == kind


def test_paragraphs_find_what_the_whole_text_finds(matcher) -> None:
    text = "a gathering area.\n\nThe chain\nowner.\r\n\r\n\nMacau and a cluster area"
    assert "".join(u.text for u in text_units(text)) == text
    analysis = Analyzer("a.txt", "text", "").check(text, matcher)
    whole = fix_text(text, matcher)[1]
    assert [(f.start, f.end, f.finding.term) for f in analysis.found] == [(f.start, f.end, f.term) for f in whole]


def test_only_changed_paragraphs_are_checked_again(matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtfix.lsp import analysis as module

    analyzer = Analyzer("a.txt", "text", "")
    analyzer.check("The chain owner.\n\nA gathering area.\n", matcher)
    checked: list[str] = []
    original = module._unit_findings
    monkeypatch.setattr(module, "_unit_findings", lambda unit, m: checked.append(unit.text) or original(unit, m))
    again = analyzer.check("The chain owner.\n\nA gathering area, a cluster area.\n", matcher)
    assert checked == ["A gathering area, a cluster area.\n"]
    assert [f.finding.term for f in again.found] == ["chain-leader", "agglomeration-zone", "agglomeration-zone"]


def test_a_broken_bilingual_buffer_is_one_error_diagnostic(matcher, tmp_path) -> None:
    analysis = Analyzer(str(tmp_path / "zh.po"), "document", str(tmp_path)).check('msgid "x"\nmsgstr "y\n', matcher)
    assert analysis.error is not None and analysis.error.path == str(tmp_path / "zh.po")
    (found,) = actions.diagnostics(analysis, Positions(analysis.text))
    assert found.range.start.line == 1 and found.severity == 1


def test_glossary_actions_only_where_the_glossary_may_be_written(matcher) -> None:
    text = "The chain boss met the chain owner.\n"
    analysis = Analyzer("a.txt", "text", "").check(text, matcher)

    def titles(writable: bool, start: int, end: int) -> list[str]:
        context = actions.Context("file:///a.txt", analysis, Positions(text), start, end, None, [],
                                  matcher.glossary, writable)
        return [a.title for a in actions.code_actions(context)]

    assert titles(True, 4, 14) == ["Add 'chain boss' to the glossary as a variant of 'chain leader'"]
    assert "Add an exception 'the chain owner' to term 'chain-leader'" in titles(True, 25, 25)
    assert titles(False, 4, 14) == []
    assert not any(t.startswith("Add") for t in titles(False, 25, 25))


XLIFF = '''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2"><file source-language="zh" target-language="en" datatype="plaintext" original="a">
<body>
<trans-unit id="1"><source>链主 &amp; 集聚区</source>
<target>The chain owner &amp; <g id="1">a gathering</g> area.</target></trans-unit>
<trans-unit id="2"><source>集聚区</source><target>A gathering area.</target></trans-unit>
</body></file></xliff>
'''


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def test_xliff_ranges_and_fixes_are_those_of_the_file(matcher, tmp_path) -> None:
    from mtfix.cli import main

    path = tmp_path / "a.xlf"
    path.write_text(XLIFF, encoding="utf-8")
    analysis = Analyzer(str(path), "document", str(tmp_path)).check(XLIFF, matcher)
    # ranges cover the text as the file has it: a variant split by an inline tag spans the tag
    assert [XLIFF[f.start:f.end] for f in analysis.found] == [
        "chain owner", 'gathering</g> area', "gathering area"]
    fixer = Analyzer(str(path), "document", str(tmp_path)).fix_unit(matcher.including_suggestions(False))
    everything = apply(XLIFF, analysis.all_fixes(fixer))
    (tmp_path / "g.toml").write_text(GLOSSARY, encoding="utf-8")
    assert main(["fix", "-q", "-g", str(tmp_path / "g.toml"), str(path)]) == 0
    assert everything == path.read_text(encoding="utf-8")
    last = analysis.found[-1]
    assert apply(XLIFF, analysis.quick_fix(last)).count("An agglomeration zone.") == 1


def test_segments_moved_by_a_new_line_are_not_checked_again(matcher, tmp_path, monkeypatch) -> None:
    from mtfix.lsp import analysis as module

    analyzer = Analyzer(str(tmp_path / "a.tsv"), "document", str(tmp_path))
    before = analyzer.check("链主\tThe chain owner.\n集聚区\tA cluster area.\n", matcher)
    checked: list[str] = []
    original = module._unit_findings
    monkeypatch.setattr(module, "_unit_findings", lambda unit, m: checked.append(unit.text) or original(unit, m))
    after = analyzer.check("\n链主\tThe chain owner.\n集聚区\tA cluster area!\n", matcher)
    assert checked == ["A cluster area!"]
    assert [(f.finding.line, f.finding.segment) for f in before.found] == [(1, "line 1"), (2, "line 2")]
    assert [(f.finding.line, f.finding.segment) for f in after.found] == [(2, "line 2"), (3, "line 3")]


MARKDOWN_TEXT = ("Use `chain owner` here.\n\n```\nchain owner\n\nchain owner\n```\n\n"
                 "The chain owner.\n")


def test_markdown_code_is_protected_as_check_protects_it(matcher) -> None:
    analyzer = Analyzer("a.md", "text", "")
    analysis = analyzer.check(MARKDOWN_TEXT, matcher)
    assert [analysis.text[f.start:f.end] for f in analysis.found] == ["chain owner"]
    assert analysis.found[0].start == MARKDOWN_TEXT.rindex("chain owner")
    assert [e for e in analysis.all_fixes(analyzer.fix_unit(matcher))] == [
        (MARKDOWN_TEXT.rindex("chain owner"), MARKDOWN_TEXT.rindex("chain owner") + 11, "chain leader")]
    unsaved = Analyzer("untitled:Untitled-1", "text", "", "markdown").check(MARKDOWN_TEXT, matcher)
    assert len(unsaved.found) == 1
    plain = Analyzer("a.txt", "text", "").check(MARKDOWN_TEXT, matcher)
    assert len(plain.found) == 4  # not Markdown: code is prose


def test_markdown_fence_is_one_unit(matcher) -> None:
    units = text_units(MARKDOWN_TEXT, markdown=True)
    assert "".join(u.text for u in units) == MARKDOWN_TEXT
    assert [u.text for u in units][1] == "```\nchain owner\n\nchain owner\n```\n\n"
