"""Golden cases for every rewriting rule, each with no-op twins beside it."""

from __future__ import annotations

import pytest

from mtfix.engine import find_variants, fix_text

FIXES = [
    # whole words and script boundaries
    pytest.param("a chain owner.", "a chain leader.", id="simple"),
    pytest.param("集聚区gathering area", "集聚区agglomeration zone", id="cjk-latin-boundary"),
    pytest.param("(cluster area)", "(agglomeration zone)", id="punctuation-boundary"),
    pytest.param("gathering area2", "gathering area2", id="digit-joins-word"),
    # case patterns
    pytest.param("Gathering area here", "Agglomeration zone here", id="sentence-case"),
    pytest.param("Zhaoqing Cluster Area Strives", "Zhaoqing Agglomeration Zone Strives", id="title-case"),
    pytest.param("THE CLUSTER AREA", "THE AGGLOMERATION ZONE", id="upper-case"),
    pytest.param("the big bay area", "the Greater Bay Area", id="proper-noun-kept"),
    pytest.param("THE BIG BAY AREA", "THE GREATER BAY AREA", id="proper-noun-upper"),
    pytest.param("Github and github", "GitHub and github", id="case-sensitive"),
    # inflection
    pytest.param("two gathering areas", "two agglomeration zones", id="plural"),
    pytest.param("the chain owners' plans", "the chain leaders' plans", id="plural-possessive"),
    pytest.param("the chain owner's plan", "the chain leader's plan", id="possessive"),
    pytest.param("the chain owner\u2019s plan", "the chain leader\u2019s plan", id="curly-possessive"),
    pytest.param("seize the bull\u2019s nose", "seize the key link", id="curly-apostrophe-in-variant"),
    pytest.param("Cluster Areas", "Agglomeration Zones", id="plural-title"),
    # articles
    pytest.param("a gathering area", "an agglomeration zone", id="a-to-an"),
    pytest.param("an urban management starting area", "a municipal management starting area",
                 id="an-to-a"),
    pytest.param("A gathering area", "An agglomeration zone", id="article-capital"),
    pytest.param("A GATHERING AREA", "AN AGGLOMERATION ZONE", id="article-upper"),
    pytest.param("a\ngathering area", "an\nagglomeration zone", id="article-line-break"),
    pytest.param("a sixty minute session", "an hour-long session", id="article-by-sound"),
    # separators
    pytest.param("gathering\narea", "agglomeration\nzone", id="line-break"),
    pytest.param("gathering\r\narea", "agglomeration\r\nzone", id="crlf"),
    pytest.param("gathering \t area", "agglomeration \t zone", id="whitespace-run"),
    pytest.param("gathering\u00a0area", "agglomeration\u00a0zone", id="nbsp"),
    pytest.param("chain-owner", "chain-leader", id="hyphen"),
    pytest.param("the urban-management starting area", "the municipal management starting area",
                 id="compound-hyphen-among-spaces-goes"),
    pytest.param("the starting area of\nmunicipal management", "the municipal management\nstarting area",
                 id="line-break-moves-to-nearest-gap"),
    # overlaps and protection
    pytest.param("urban management starting area", "municipal management starting area",
                 id="longest-wins"),
    pytest.param("a starting area", "a start-up area", id="shorter-variant-alone"),
    pytest.param("a computing cluster area and a cluster area", "a computing cluster area and an agglomeration zone",
                 id="exception-protects"),
]

NO_OPS = [
    pytest.param("the chain ownership", id="prefix-of-word"),
    pytest.param("mycluster area", id="suffix-of-word"),
    pytest.param("gathering\n\narea", id="blank-line-breaks-match"),
    pytest.param("gathering--area", id="double-hyphen"),
    pytest.param("municipal management starting area", id="preferred-protects-inner-variant"),
    pytest.param("the agglomeration zone", id="already-preferred"),
    pytest.param("a computing cluster area", id="exception"),
    pytest.param("GITHUB", id="case-sensitive-other-case"),
    pytest.param("", id="empty"),
    pytest.param("cluster areal", id="right-boundary"),
    pytest.param("a chain leader", id="already-fixed-article"),
]


@pytest.mark.parametrize(("text", "expected"), FIXES)
def test_fix(matcher, text: str, expected: str) -> None:
    assert fix_text(text, matcher)[0] == expected


@pytest.mark.parametrize("text", NO_OPS)
def test_no_op(matcher, text: str) -> None:
    fixed, findings = fix_text(text, matcher)
    assert fixed == text
    assert findings == []


@pytest.mark.parametrize(("text", "expected"), FIXES)
def test_idempotent(matcher, text: str, expected: str) -> None:
    assert fix_text(expected, matcher)[0] == expected


def test_finding_covers_the_variant_and_edit_the_article(matcher) -> None:
    (finding,) = find_variants("Here is a gathering area.", matcher)
    assert (finding.match, finding.line, finding.column) == ("gathering area", 1, 11)
    assert finding.replacement == "agglomeration zone"
    assert (finding.edit.start, finding.edit.end) == (8, 24)
    assert finding.edit.replacement == "an agglomeration zone"
    assert finding.term == "agglomeration-zone"
    assert finding.variant == "gathering area"


def test_line_and_column_count_characters(matcher) -> None:
    findings = find_variants("第一行\n链主 and 集聚区 chain owner\nchain\nowner", matcher)
    assert [(f.line, f.column, f.match) for f in findings] == [
        (2, 12, "chain owner"), (3, 1, "chain\nowner")]


def test_leftmost_longest_and_no_overlap(matcher) -> None:
    findings = find_variants("urban management starting area starting area", matcher)
    assert [f.match for f in findings] == ["urban management starting area", "starting area"]


def test_several_findings_keep_text_between_them(matcher) -> None:
    text = "A chain owner, a gathering area, and GATHERING AREAS!"
    assert fix_text(text, matcher)[0] == "A chain leader, an agglomeration zone, and AGGLOMERATION ZONES!"


@pytest.mark.parametrize(("text", "expected"), [
    ("Xiaopeng Automobiles and Xiaopeng Automobile", "XPeng Motors and XPeng Motors"),
    ("new quality productivities", "new quality productive forces"),
    ("gas stations", "gas stations"),  # no-op twin
    ("the Discipline Inspection Commissions", "the Commissions for Discipline Inspection"),
    ("two Agriculture Ministries", "two Ministries of Agriculture"),
    ("the Commissions for Discipline Inspection", "the Commissions for Discipline Inspection"),
    # "of" after a count is no head: the last word takes the plural too
    ("the Hundreds and Thousands of Projects", "the Hundred-Thousand-Ten Thousand Projects"),
])
def test_plurals_of_preferred_forms(text: str, expected: str) -> None:
    from mtfix.engine import compile_glossary
    from mtfix.model import Glossary, Term

    matcher = compile_glossary(Glossary((
        Term("XPeng Motors", ("Xiaopeng Automobile",)),
        Term("new quality productive forces", ("new quality productivity",)),
        Term("gas station", ("petrol pump",)),
        Term("Commission for Discipline Inspection", ("Discipline Inspection Commission",)),
        Term("Ministry of Agriculture", ("Agriculture Ministry",)),
        Term("Hundred-Thousand-Ten Thousand Project", ("Hundreds and Thousands of Project",)),
    )))
    assert fix_text(text, matcher)[0] == expected
