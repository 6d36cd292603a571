from __future__ import annotations

import pytest

from mtfix.model import Term
from mtfix.source.checks import RenderingIndex, term_checks
from mtfix.source.consistency import inconsistencies
from mtfix.source.evidence import SourceIndex

TERMS = (
    Term("chain leader", ("chain owner",), id="chain-leader", source=("链主",)),
    Term("municipal management starting area", ("urban management starting area",), id="mmsa",
         source=("市管起步区",)),
    Term("start-up area", ("starting area",), id="start-up", source=("起步区",)),
    Term("agglomeration zone", ("gathering area",), id="az", source=("集聚区", "聚集区")),
    Term("Greater Bay Area", ("big bay area",), id="gba"),
)
INDEX = SourceIndex(TERMS)


@pytest.mark.parametrize(("source", "terms"), [
    pytest.param("该企业是链主企业", ["chain-leader"], id="word"),
    pytest.param("产业链主导", [], id="straddles-words"),
    pytest.param("該企業是鏈主企業", ["chain-leader"], id="traditional"),
    pytest.param("肇庆市管起步区", ["mmsa"], id="nested-longer-wins"),
    pytest.param("起步区建设", ["start-up"], id="shorter-alone"),
    pytest.param("大型产业集聚區和聚集区", ["az", "az"], id="two-forms"),
    pytest.param("", [], id="empty"),
])
def test_occurrences(source: str, terms: list[str]) -> None:
    assert [TERMS[o.term].id for o in INDEX.occurrences(source)] == terms


def test_evidence_allows_unconditional_terms_and_evidenced_ones() -> None:
    evidence = INDEX.evidence("鏈主")
    assert evidence.allowed == frozenset({0, 4})
    assert evidence.form_of(0) == "链主" and evidence.counts[0] == 1


def test_occurrence_offsets_point_into_the_original() -> None:
    source = "在集聚區的鏈主"
    assert [(source[o.start:o.end], o.form) for o in INDEX.occurrences(source)] == [
        ("集聚區", "集聚区"), ("鏈主", "链主")]


RENDERINGS = RenderingIndex(TERMS)


@pytest.mark.parametrize(("source", "target", "kinds"), [
    pytest.param("链主企业", "A chain leader firm", [], id="preferred"),
    pytest.param("链主企业", "A chain owner firm", [], id="variant-counts-as-rendered"),
    pytest.param("链主企业", "The lead firm", ["missing"], id="missing"),
    pytest.param("链主和链主", "Chain leaders and others", ["count-mismatch"], id="count-mismatch"),
    pytest.param("链主和链主", "a chain leader and a chain owner", [], id="counts-match"),
    pytest.param("链主", "chain leadership", ["missing"], id="not-a-plural"),
    pytest.param("市管起步区", "municipal management starting area", [], id="nested-rendered"),
])
def test_term_checks(source: str, target: str, kinds: list[str]) -> None:
    found = term_checks(target, INDEX.evidence(source), RENDERINGS)
    assert [f.kind for f in found] == kinds
    assert all(f.term and f.evidence for f in found)


def test_inconsistencies_both_ways() -> None:
    files = [("a.tsv", [("line 1", 1, "链主", "chain leader"), ("line 2", 2, "链主", "chain boss"),
                        ("line 3", 3, "龙头", "leader"), ("line 4", 4, "头部", "leader"),
                        ("line 5", 5, "好", "good")]),
             ("b.po", [("line 9", 10, "链主", "chain  leader")])]
    found = inconsistencies(files)
    assert [(p, f.segment, f.detail.split(":")[0]) for p, f in found] == [
        ("a.tsv", "line 1", "same source translated 2 ways"),
        ("a.tsv", "line 2", "same source translated 2 ways"),
        ("a.tsv", "line 3", "same target translated from 2 sources"),
        ("a.tsv", "line 4", "same target translated from 2 sources"),
        ("b.po", "line 9", "same source translated 2 ways")]
    assert "'chain boss' (line 2)" in found[0][1].detail
    assert "(a.tsv line 1)" in found[-1][1].detail
