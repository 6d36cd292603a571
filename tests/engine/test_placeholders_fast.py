"""The characters tested before each family's expression never change the spans found
(``tests/engine/reference_placeholders.py`` is the algorithm before them), and plain
prose runs none of the expressions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.engine import placeholders
from mtfix.engine.placeholders import FAMILIES, MARKDOWN, protected_spans
from tests.engine.reference_placeholders import protected_spans as reference_spans

ALL_FAMILIES = FAMILIES + MARKDOWN


# Whole placeholders of every family, and pieces of them (near misses, halves that join up).
FRAGMENTS = [
    "%s", "%(name)s", "%1$d", "%-5.2f", "%%", "100%", "%{count}", "%<total>5.2f", "%<", "%{",
    "{0}", "{name}", "{count, plural, one {# item} other {# items}}", "{", "}", "{{", "}}",
    "${HOME}", "$", "${", ":ref:`intro`", ":py:func:`x`", ":", ":`", "`", "``", "``make``", "`code`",
    "```", "~~~", "```python\nx = 1\n```", "~~~\ny\n~~~", "B<dpkg-deb>", "C<<< a >>>", "I<", "B", "<", ">",
    "<strong>", "</a>", "<br/>", "<!-- note -->", "<!--", "-->", "&lt;b&gt;", "&lt;/em&gt;", "&lt;", "&gt;", "&",
    "https://example.com/a.html", "ftp://x.org", "://", "http", "/", "www.example.org/x", "www.", "www",
    "user@example.com", "@", "a.b@c.d", "@example.org", "[[link]]", "#tag",
]
WORDS = ["the", "message", "version", "a", "Zhaoqing", "zone", "-", ",", ".", "50", "(", ")", "\u00a0", "\u2019"]
SEPARATORS = ["", " ", "", "\n", "  ", "\t"]
EXTRA = [r"\[\[[^]]+\]\]", r"^#\w+", r"\d+", r"zone"]

texts = st.lists(st.tuples(st.sampled_from(FRAGMENTS + WORDS), st.sampled_from(SEPARATORS)), max_size=24).map(
    lambda parts: "".join(part + gap for part, gap in parts))


@settings(max_examples=600, deadline=None)
@given(texts, st.lists(st.sampled_from(ALL_FAMILIES), unique=True).map(tuple),
       st.lists(st.sampled_from(EXTRA), unique=True, max_size=2).map(tuple))
def test_same_spans_as_without_pre_tests(text: str, families: tuple[str, ...], extra: tuple[str, ...]) -> None:
    assert protected_spans(text, families, extra) == reference_spans(text, families, extra)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="%{}<>&lt;gt`:~$@/w.abBx \n-!()0123456789", max_size=40))
def test_same_spans_on_dense_symbol_soup(text: str) -> None:
    assert protected_spans(text, ALL_FAMILIES) == reference_spans(text, ALL_FAMILIES, ())


@pytest.mark.parametrize("fragment", [f for f in FRAGMENTS if reference_spans(f, ALL_FAMILIES, ())])
def test_every_family_still_found(fragment: str) -> None:
    text = f"Some prose before\n{fragment}\nand after."
    assert protected_spans(text, ALL_FAMILIES) == reference_spans(text, ALL_FAMILIES, ()) != []


class _Spy:
    """A compiled expression that records the texts it was run over."""

    def __init__(self, pattern: re.Pattern[str], runs: list[str]):
        self.pattern, self.runs = pattern, runs

    def finditer(self, text: str):
        self.runs.append(self.pattern.pattern)
        return self.pattern.finditer(text)


def test_prose_runs_no_expression(monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[str] = []
    compiled = placeholders._compiled
    monkeypatch.setattr(placeholders, "_compiled", lambda pattern: _Spy(compiled(pattern), runs))
    monkeypatch.setattr(placeholders, "_FENCE", _Spy(placeholders._FENCE, runs))
    monkeypatch.setattr(placeholders, "_NEEDLES", {needle: _Spy(pattern, runs)
                                                   for needle, pattern in placeholders._NEEDLES.items()})
    prose = "Zhaoqing\u2019s zone: a gathering area of 50 km\u00b2 (2023), west of the river.\n" * 50
    assert protected_spans(prose, ALL_FAMILIES) == []
    assert runs == [r"www\."]  # "www." holds no character rarer than "w" and "."
    assert protected_spans(prose + "%s", ALL_FAMILIES) == [(len(prose), len(prose) + 2)]
    assert len(runs) == 3  # then only printf's expression runs
