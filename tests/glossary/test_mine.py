"""Mining: a generated noisy parallel corpus (recall and precision), the seed article, near misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.glossary.align import mine_pairs
from mtfix.glossary.load import load_glossaries, parse_glossary
from mtfix.glossary.mine import make_group, ranked
from mtfix.glossary.mining import mine_groups, read_input
from mtfix.glossary.nearmiss import find_near_misses
from tests.conftest import SEED, TEST_GLOSSARY
from tests.glossary.parallel_corpus import CONSISTENT, INCONSISTENT, as_tsv, generate

# "agglomeration areas": each rendering is shown as most often written (both times in the plural here).
SEED_GROUP = {"gathering area": 9, "cluster area": 13, "agglomeration areas": 2, "agglomeration zone": 10}


@pytest.fixture(scope="module")
def parallel_groups() -> list:
    return ranked(mine_pairs(generate(400, seed=7)))


def _found(groups: list, source: str, renderings: tuple[str, ...]) -> bool:
    return any(g.source == source and {r.text.lower() for r in g.renderings} == {r.lower() for r in renderings}
               for g in groups)


def test_parallel_recall_and_precision(parallel_groups: list) -> None:
    planted = {zh for zh, _, _ in INCONSISTENT}
    recall = sum(_found(parallel_groups, zh, r) for zh, r, _ in INCONSISTENT) / len(INCONSISTENT)
    precision = sum(g.source in planted for g in parallel_groups) / len(parallel_groups)
    assert recall >= 5 / 6, [(g.source, g.renderings) for g in parallel_groups]
    assert precision >= 0.85, [(g.source, g.renderings) for g in parallel_groups]
    assert not any(g.source in dict(CONSISTENT) for g in parallel_groups)


def test_parallel_counts_add_up() -> None:
    pairs = generate(400, seed=7)
    groups = mine_pairs(pairs, ["集聚区", "链主"])  # glossary words: jieba keeps them whole
    (group,) = [g for g in groups if g.source == "集聚区"]
    counts = {r.text: r.count for r in group.renderings}
    assert counts["cluster area"] == sum("cluster area" in en for _, en in pairs)
    assert counts["agglomeration zone"] == sum("agglomeration zone" in en for _, en in pairs)


def test_traditional_source_is_normalised(parallel_groups: list) -> None:
    assert any("區" in zh for zh, _ in generate(400, seed=7))
    assert not any(set(g.source) & set("區鏈長發東") for g in parallel_groups)


def test_seed_article_yields_one_group() -> None:
    groups = mine_groups([read_input(str(SEED))], parse_glossary(TEST_GLOSSARY, "t.toml"))
    holding = [g for g in groups if {r.text for r in g.renderings} & set(SEED_GROUP)]
    assert len(holding) == 1
    assert {r.text: r.count for r in holding[0].renderings} == SEED_GROUP
    assert (holding[0].term, holding[0].kind) == ("agglomeration-zone", "glossary")


def test_mine_json_shape(tmp_path: Path, capsys) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text(TEST_GLOSSARY, encoding="utf-8")
    assert main(["glossary", "mine", str(SEED), "-g", str(glossary), "--format", "json"]) == 0
    groups = json.loads(capsys.readouterr().out)
    assert groups and all(set(g) == {"source", "renderings", "score", "term", "kind"} for g in groups)
    assert all(len(g["renderings"]) >= 2 for g in groups)
    assert all(set(r) == {"text", "count", "locations"} for g in groups for r in g["renderings"])
    assert [g["score"] for g in groups] == sorted((g["score"] for g in groups), reverse=True)
    assert groups[0]["source"] is None and {r["text"] for r in groups[0]["renderings"]} == set(SEED_GROUP)
    first = groups[0]["renderings"][0]  # "cluster area", 13 times: every place is given
    assert len(first["locations"]) == first["count"]
    lines = SEED.read_text("utf-8").splitlines()
    for where in first["locations"]:
        assert where["path"] == str(SEED)
        assert lines[where["line"] - 1][where["column"] - 1:].lower().startswith("cluster area")


def test_mine_bilingual_tsv_json_and_emit_toml(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus.tsv"
    corpus.write_text(as_tsv(generate(300, seed=5)), encoding="utf-8")
    glossary = tmp_path / "g.toml"
    glossary.write_text(TEST_GLOSSARY, encoding="utf-8")
    emitted = tmp_path / "mined.toml"
    assert main(["glossary", "mine", str(corpus), "-g", str(glossary), "--format", "json",
                 "--emit-toml", str(emitted)]) == 0
    groups = json.loads(capsys.readouterr().out)
    chain = groups[[g["source"] for g in groups].index("链主")]
    assert (chain["kind"], chain["term"]) == ("source", "chain-leader")  # a known term
    assert {r["text"] for r in chain["renderings"]} == {"chain leader", "chain owner"}
    mined = load_glossaries([str(emitted)])
    assert "# 链主: already in the glossary" in emitted.read_text("utf-8")  # chain leader is a known term
    names = {t.source[0]: (t.preferred, t.variants) for t in mined.terms}
    assert names["林晓明"] == ("Lin Xiaoming", ("Lin Hsiao-ming",))
    assert main(["glossary", "lint", str(emitted)]) == 0


def test_score_prefers_balanced_and_frequent_groups() -> None:
    even, skewed = make_group("a", [("x", 10), ("y", 10)]), make_group("b", [("x", 19), ("y", 1)])
    assert ranked([skewed, even]) == [even, skewed]
    assert ranked([make_group("c", [("x", 3)])]) == []


def test_near_misses_are_suggestions() -> None:
    glossary = parse_glossary(TEST_GLOSSARY, "t.toml")
    text = ("The Gathering Zone grew.\nTwo agglomeraton zones met the chain owners "
            "in the agglomeration zone and a gathering area.")
    misses = {m.text: m for m in find_near_misses(text, glossary)}
    assert set(misses) == {"Gathering Zone", "agglomeraton zones"}
    assert (misses["agglomeraton zones"].line, misses["agglomeraton zones"].column) == (2, 5)
    assert misses["agglomeraton zones"].term == "agglomeration-zone"


def test_mine_fuzzy_cli_never_fixes(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("The agglomeraton zones grew.\n", encoding="utf-8")
    glossary = tmp_path / "g.toml"
    glossary.write_text(TEST_GLOSSARY, encoding="utf-8")
    assert main(["glossary", "mine", "--fuzzy", str(doc), "-g", str(glossary)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{doc}:1:5: 'agglomeraton zones' resembles 'agglomeration zone' [agglomeration-zone]")
    assert doc.read_text("utf-8") == "The agglomeraton zones grew.\n"
