"""Hyphenation and spacing variants: where a term's hyphens count, and hyphens with stray spaces."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix import compile_glossary
from mtfix.cli import main
from mtfix.engine import find_variants, fix_text
from mtfix.engine.canon import canonicalize, separated_key, separator_pattern
from mtfix.engine.compiler import keeps_separators
from mtfix.glossary.lint import lint_files
from mtfix.glossary.load import parse_glossary
from mtfix.model import Term

GLOSSARY = textwrap.dedent('''\
    [[term]]
    id = "high-tech-zone"
    preferred = "high-tech zone"
    variants = ["high tech zone", "hi tech zone"]

    [[term]]
    id = "gba"
    preferred = "Guangdong-Hong Kong-Macao Greater Bay Area"
    variants = ["Guangdong Hong Kong Macao Greater Bay Area", "Guangdong, Hong Kong and Macao Greater Bay Area",
                "Guangdong-Hongkong-Macao Greater Bay Area"]

    [[term]]
    id = "greater-bay-area"
    preferred = "Greater Bay Area"
    variants = ["big bay area"]

    [[term]]
    id = "hong-kong"
    preferred = "Hong Kong"
    variants = ["Hongkong", "Hong-Kong"]

    [[term]]
    id = "e-cny"
    preferred = "e-CNY"
    variants = ["e CNY", "e-Cny"]
    case_sensitive = true

    [[term]]
    id = "start-up-area"
    preferred = "start-up area"
    variants = ["starting area"]

    [[term]]
    id = "chain-leader"
    preferred = "chain leader"
    variants = ["chain owner"]
''')

GBA = "Guangdong-Hong Kong-Macao Greater Bay Area"


@pytest.fixture(scope="module")
def matcher():
    return compile_glossary(parse_glossary(GLOSSARY, "hyphens.toml"))


FIXES = [
    # a variant that differs from its preferred form in hyphens only, matched as written
    pytest.param("high tech zone", "high-tech zone", id="space-to-hyphen"),
    pytest.param("the High Tech Zone", "the High-Tech Zone", id="title-case"),
    pytest.param("High tech zone", "High-tech zone", id="sentence-case"),
    pytest.param("HIGH TECH ZONE", "HIGH-TECH ZONE", id="upper-case"),
    pytest.param("two high tech zones", "two high-tech zones", id="plural"),
    pytest.param("the high tech zone's plan", "the high-tech zone's plan", id="possessive"),
    pytest.param("an high tech zone", "a high-tech zone", id="article"),
    pytest.param("high\u00a0tech zone", "high-tech zone", id="nbsp-becomes-hyphen"),
    pytest.param("high tech\nzone", "high-tech\nzone", id="line-break-kept-at-space"),
    pytest.param("a high\ntech zone", "a high-\ntech zone", id="line-break-kept-after-hyphen"),
    pytest.param("high  tech\tzone", "high-tech\tzone", id="whitespace-runs"),
    # a variant with other words matches across any separator, and takes the preferred form's
    pytest.param("hi tech zone", "high-tech zone", id="other-words"),
    pytest.param("hi-tech-zone", "high-tech zone", id="other-words-hyphens-from-preferred"),
    # the acceptance lines
    pytest.param("Guangdong Hong Kong Macao Greater Bay Area", GBA, id="gba-spaces"),
    pytest.param("Guangdong, Hong Kong and Macao Greater Bay Area", GBA, id="gba-and"),
    pytest.param("Guangdong-Hongkong-Macao Greater Bay Area", GBA, id="gba-joined-word"),
    pytest.param("Guangdong Hongkong Macao Greater Bay Area", GBA, id="gba-joined-word-spaces"),
    pytest.param("the Guangdong Hong Kong\nMacao Greater Bay Area", "the Guangdong-Hong Kong-\nMacao Greater Bay Area",
                 id="gba-line-break"),
    pytest.param("GUANGDONG HONG KONG MACAO GREATER BAY AREA", GBA.upper(), id="gba-upper"),
    pytest.param("Guangdong Hong Kong Macao big bay area", GBA, id="fix-completes-a-variant"),
    # a space inside a word
    pytest.param("Hongkong", "Hong Kong", id="joined-word"),
    pytest.param("in Guangdong Hongkong", "in Guangdong Hong Kong", id="inside-a-longer-key-cut-by-the-end"),
    pytest.param("the Hongkong-Macao ferry", "the Hong Kong-Macao ferry", id="joined-word-in-compound"),
    pytest.param("Hong-Kong", "Hong Kong", id="hyphen-to-space"),
    pytest.param("Hong - Kong", "Hong Kong", id="spaced-hyphen-to-space"),
    pytest.param("Hong -Kong", "Hong Kong", id="stray-space-before-hyphen"),
    pytest.param("Hong-\nKong", "Hong\nKong", id="hyphen-line-break-keeps-break"),
    # case-sensitive terms keep both checks
    pytest.param("e CNY", "e-CNY", id="case-sensitive-space"),
    pytest.param("e-Cny", "e-CNY", id="case-sensitive-case"),
    # a hyphen with stray spaces is a hyphen for every term
    pytest.param("chain - owner", "chain - leader", id="spaced-hyphen"),
    pytest.param("chain -owner", "chain -leader", id="space-before-hyphen"),
    pytest.param("chain- owner", "chain- leader", id="space-after-hyphen"),
    pytest.param("chain-\nowner", "chain-\nleader", id="hyphen-at-line-end"),
    pytest.param("the starting - area", "the start-up area", id="spaced-hyphen-other-word-count"),
]

NO_OPS = [
    pytest.param("high-tech zone", id="preferred"),
    pytest.param("High-Tech Zone", id="preferred-title"),
    pytest.param("high-tech zones", id="preferred-plural"),
    pytest.param("high-tech\nzone", id="preferred-line-break"),
    pytest.param("high -tech zone", id="preferred-stray-space"),
    pytest.param("high tech-zone", id="neither-spelling"),
    pytest.param("high--tech zone", id="double-hyphen"),
    pytest.param("high\n\ntech zone", id="blank-line"),
    pytest.param(GBA, id="gba-preferred"),
    pytest.param("Guangdong-Hong Kong-Macao", id="gba-prefix"),
    pytest.param("Guangdong\u2013Hong Kong\u2013Macao Greater Bay Area", id="gba-en-dashes"),
    pytest.param("Hong Kong", id="hong-kong"),
    pytest.param("Hong Kong-Macao", id="hong-kong-compound"),
    pytest.param("E CNY", id="case-sensitive-other-case"),
    pytest.param("e Cny", id="case-sensitive-other-separators"),
    pytest.param("e-CNY", id="case-sensitive-preferred"),
    pytest.param("start up area", id="no-pair-keeps-loose-protection"),
    pytest.param("chain -- owner", id="spaced-double-hyphen"),
    pytest.param("chain - - owner", id="two-spaced-hyphens"),
    pytest.param("chain \u2013 owner", id="en-dash"),
    pytest.param("chain\u2014owner", id="em-dash"),
    pytest.param("chain -\n\nowner", id="hyphen-then-blank-line"),
]


@pytest.mark.parametrize(("text", "expected"), FIXES)
def test_fix(matcher, text: str, expected: str) -> None:
    assert fix_text(text, matcher)[0] == expected


@pytest.mark.parametrize(("text", "expected"), FIXES)
def test_fixed_is_a_no_op(matcher, text: str, expected: str) -> None:
    assert fix_text(expected, matcher) == (expected, [])


@pytest.mark.parametrize("text", NO_OPS)
def test_no_op(matcher, text: str) -> None:
    assert fix_text(text, matcher) == (text, [])


def test_finding_covers_the_spaced_hyphen(matcher) -> None:
    (finding,) = find_variants("See Hong Kong -\nMacao and Hongkong.", matcher)
    assert (finding.match, finding.replacement, finding.line, finding.column) == ("Hongkong", "Hong Kong", 2, 11)
    (finding,) = find_variants("a chain -\nowner", matcher)
    assert (finding.match, finding.replacement, finding.column) == ("chain -\nowner", "chain -\nleader", 3)


@pytest.mark.parametrize(("text", "canonical", "pattern", "key"), [
    pytest.param("Hong Kong - Macao", "hong kong macao", " -", "hong kong-macao", id="spaced"),
    pytest.param("Hong Kong -Macao", "hong kong macao", " -", "hong kong-macao", id="before"),
    pytest.param("Hong Kong-\nMacao", "hong kong macao", " -", "hong kong-macao", id="line-end"),
    pytest.param("high tech\u00a0zone", "high tech zone", "  ", "high tech zone", id="spaces"),
    pytest.param("a -- b", "a  b", "-", "a-b", id="double-hyphen-is-no-gap"),
    pytest.param("a \u2013 b", "a \u2013 b", "  ", "a \u2013 b", id="en-dash-is-a-word"),
])
def test_canonical_gaps(text: str, canonical: str, pattern: str, key: str) -> None:
    assert canonicalize(text).text == canonical
    assert separator_pattern(text) == pattern
    assert separated_key(text) == key


@pytest.mark.parametrize(("term", "expected"), [
    pytest.param(Term("high-tech zone", ("high tech zone",)), True, id="hyphen-space"),
    pytest.param(Term("Hong Kong", ("Hongkong",)), True, id="joined-word"),
    pytest.param(Term("Hong Kong", ("HongKong",), case_sensitive=True), True, id="joined-word-case-sensitive"),
    pytest.param(Term("zone", ("area",), accepted=("e-zone",)), False, id="no-pair"),
    pytest.param(Term("x zone", ("e zone",), accepted=("e-zone",)), True, id="pair-with-accepted"),
    pytest.param(Term("chain leader", ("Chain Leader",)), False, id="case-only"),
    pytest.param(Term("hour-long session", ("sixty minute session",)), False, id="other-words"),
])
def test_keeps_separators(term: Term, expected: bool) -> None:
    assert keeps_separators(term) is expected


def _lint(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "g.toml"
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in lint_files([str(path)])]


def test_lint_accepts_hyphen_pairs(tmp_path: Path) -> None:
    assert _lint(tmp_path, GLOSSARY) == []


@pytest.mark.parametrize(("extra", "message"), [
    pytest.param('[[term]]\npreferred = "hightech area"\nvariants = ["high tech zone"]\n',
                 'variant "high tech zone" is in both term "hightech-area" and term "high-tech-zone"',
                 id="same-spelling"),
    pytest.param('[[term]]\npreferred = "hightech area"\nvariants = ["High-Tech zone"]\n',
                 'variant "High-Tech zone" of term "hightech-area" is the preferred form of term "high-tech-zone"',
                 id="other-term-has-the-preferred-spelling"),
    pytest.param('[[term]]\npreferred = "hightech area"\nvariants = ["high-tech-zone"]\n',
                 'variant "high-tech-zone" of term "hightech-area" is the preferred form of term "high-tech-zone"',
                 id="any-separator-variant-meets-every-spelling"),
])
def test_lint_still_refuses_overlaps(tmp_path: Path, extra: str, message: str) -> None:
    problems = _lint(tmp_path, GLOSSARY + "\n" + extra)
    assert any(message in p for p in problems), problems


def test_lint_other_term_with_another_spelling_is_fine(tmp_path: Path) -> None:
    extra = '[[term]]\npreferred = "Hong Kong-Macao"\nvariants = ["Hong-Kong Macao"]\n'
    assert _lint(tmp_path, GLOSSARY + "\n" + extra) == []


def test_cli_fix_with_custom_glossary(tmp_path: Path, capsys) -> None:
    glossary, text = tmp_path / "g.toml", tmp_path / "a.txt"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    text.write_text("Guangdong Hong Kong Macao Greater Bay Area\nGuangdong, Hong Kong and Macao Greater Bay Area\n"
                    "the high tech zone and the high-tech zone\n", encoding="utf-8")
    assert main(["glossary", "lint", str(glossary)]) == 0
    assert main(["fix", "-q", "-g", str(glossary), str(text)]) == 0
    assert text.read_text(encoding="utf-8") == f"{GBA}\n{GBA}\nthe high-tech zone and the high-tech zone\n"
    assert main(["fix", "--check", "-q", "-g", str(glossary), str(text)]) == 0


# Properties: the engine's promises hold with terms whose hyphens count in the glossary.
WORDS = ["high", "tech", "hi", "zone", "zones", "Guangdong", "Hong", "Kong", "Hongkong", "Macao", "Greater",
         "Bay", "Area", "big", "bay", "and", "a", "an", "the", "e", "CNY", "start", "up", "starting", "area",
         "chain", "owner", "leader", "x"]
SEPARATORS = [" ", " ", " ", "-", "-", " - ", " -", "- ", "-\n", "--", "\n", "\n\n", "\u00a0", ", ", "'s ", "",
              " \u2013 "]


def _cased(word: str, how: int) -> str:
    return [word, word.upper(), word.capitalize(), word.lower()][how]


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.integers(0, 3), st.sampled_from(SEPARATORS)),
                 max_size=24).map(lambda parts: "".join(_cased(w, c) + s for w, c, s in parts))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_fix_is_idempotent_and_leaves_nothing(matcher, text: str) -> None:
    once = fix_text(text, matcher)[0]
    assert fix_text(once, matcher) == (once, [])


@settings(max_examples=300, deadline=None)
@given(texts)
def test_nothing_outside_edits_changes(matcher, text: str) -> None:
    fixed, findings = fix_text(text, matcher)
    pos = out = 0
    for f in findings:
        edit = f.edit
        assert edit.start <= f.start < f.end <= edit.end
        assert fixed[out:out + edit.start - pos] == text[pos:edit.start]
        out += edit.start - pos + len(edit.replacement)
        pos = edit.end
    assert fixed[out:] == text[pos:]
    assert fixed.count("\n") == text.count("\n")


@settings(max_examples=300, deadline=None)
@given(texts)
def test_single_scan_equals_word_by_word_walk(matcher, text: str) -> None:
    from mtfix.engine.candidates import Scan

    scan = Scan(text, matcher)
    walked = [f for f, _ in scan.recover(0, len(scan.ctext))]
    assert list(Scan(text, matcher).run()) == walked
