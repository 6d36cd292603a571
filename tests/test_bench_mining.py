"""The mining benchmark's scoring and data (the run itself is a benchmark, not a test)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_mining  # noqa: E402


def _group(*texts: str) -> dict:
    return {"renderings": [{"text": t, "count": 1} for t in texts], "kind": "name", "term": None}


def test_score_counts_found_noise_false_merges_and_case_only() -> None:
    labels = {"groups": [{"renderings": ["Zhaoqing New District", "Zhaoqing New Area"], "kind": "name"},
                         {"renderings": ["Xia Mao Town", "Xiamao Town"], "kind": "surface"},
                         {"renderings": ["Guangdong Province", "Guangdong province"], "kind": "surface"}],
              "not_groups": [{"renderings": ["Dasha Town", "Jiangu Town"]}]}
    mined = [_group("zhaoqing new districts", "Zhaoqing New Area"),  # plural and case do not count
             _group("Xia Mao Town", "Something Else"),  # one rendering only: not found, and noise
             _group("Dasha Town", "Jiangu Town")]  # a false merge, and noise
    result = bench_mining.score(mined, labels)
    assert [g["renderings"][0] for g in result["found"]] == ["Zhaoqing New District"]
    assert [g["renderings"][0] for g in result["missed"]] == ["Xia Mao Town"]
    assert (result["findable"], result["case_only"]) == (2, 1)
    assert result["noise"] == [1, 2] and result["false_merges"] == [2]


def test_every_labelled_rendering_is_in_the_corpus() -> None:
    data = ROOT / "benchmarks" / "mining"
    labels = json.loads((data / "labels.json").read_text("utf-8"))
    corpus = {p.name: p.read_text("utf-8") for p in (data / "corpus").glob("*.txt")}
    assert len(corpus) == len(labels["articles"]) == 50
    text = "\n".join(corpus.values())
    for item in labels["groups"] + labels["not_groups"]:
        assert len(item["renderings"]) >= 2
        assert all(r in text for r in item["renderings"])
    assert all(len(line) <= 250 for body in corpus.values() for line in body.splitlines())
