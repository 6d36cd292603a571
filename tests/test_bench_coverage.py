"""The counting of benchmarks/bench_coverage.py, on a tiny synthetic glossary and data set."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.cli import main

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_coverage.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_coverage", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_coverage", module)
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def record(text: str, pairs: list[tuple[str, str]], stay: tuple[str, ...] = ()) -> dict:
    return {"url": "u", "text": text, "wrong": [w for w, _ in pairs], "right": [r for _, r in pairs],
            "must_stay": list(stay)}


def counted(rec: dict, after: str):
    figures = bench.Figures()
    bench.count_record(figures, rec, after)
    return figures


@pytest.mark.parametrize(("before", "pairs", "after", "expected"), [
    pytest.param("The cluster area grew.", [("cluster area", "agglomeration zone")],
                 "The agglomeration zone grew.", (1, 0, 0), id="fixed"),
    pytest.param("Two cluster areas grew.", [("cluster areas", "agglomeration zone")],
                 "Two agglomeration zones grew.", (1, 0, 0), id="plural-fixed"),
    pytest.param("Zhaoqing New District opened.", [("Zhaoqing New District", "Zhaoqing New Area")],
                 "Zhaoqing New Area opened.", (1, 0, 0), id="last-word-only-changed"),
    pytest.param("The double carbon target", [("double carbon", "carbon peaking and carbon neutrality")],
                 "The carbon peaking and carbon neutrality target", (1, 0, 0), id="fix-inserts-after-a-kept-word"),
    pytest.param("Chaoyang Market Supervision Bureau acts",
                 [("Market Supervision Bureau", "Administration for Market Regulation")],
                 "Chaoyang Administration for Market Regulation acts", (1, 0, 0), id="fix-inserts-before-a-kept-word"),
    pytest.param("market subjects grew", [("market subjects", "market entity")], "market entities grew", (1, 0, 0),
                 id="right-in-the-plural"),
    pytest.param("Honeycomb Energy, Yiwei Lithium Energy, Funeng Technology, BYD",
                 [("Honeycomb Energy", "SVOLT"), ("Yiwei Lithium Energy", "EVE Energy"),
                  ("Funeng Technology", "Farasis Energy")],
                 "SVOLT, EVE Energy, Farasis Energy, BYD", (3, 0, 0), id="list-of-names-misaligned"),
    pytest.param("EVE Energy and Yiwei Lithium Energy", [("Yiwei Lithium Energy", "EVE Energy")],
                 "EVE Energy and Lithium Energy", (0, 0, 1), id="right-already-there-is-no-fix"),
    pytest.param("The gathering area grew.", [("gathering area", "agglomeration zone")],
                 "The agglomeration park grew.", (0, 0, 1), id="changed-to-other"),
    pytest.param("Macau and Macau.", [("Macau", "Macao")], "Macao and Macau.", (1, 1, 0), id="one-of-two"),
    pytest.param("the Great Bay Area and the Guangdong-Hong Kong-Macao Great Bay Area",
                 [("Great Bay Area", "Greater Bay Area"),
                  ("Guangdong-Hong Kong-Macao Great Bay Area", "Guangdong-Hong Kong-Macao Greater Bay Area")],
                 "the Greater Bay Area and the Guangdong-Hong Kong-Macao Great Bay Area", (1, 1, 0),
                 id="nested-labels-counted-once"),
    pytest.param("hong kong-zhuhai-macao bridge", [("hong kong-zhuhai-macao bridge", "Hong Kong-Zhuhai-Macao Bridge")],
                 "Hong Kong-Zhuhai-Macao Bridge", (1, 0, 0), id="case-only-fixed"),
])
def test_labelled_renderings_are_classified_at_their_place(before, pairs, after, expected):
    figures = counted(record(before, pairs), after)
    assert (figures.fixed, figures.left, figures.other) == expected
    assert figures.labelled == sum(expected)
    assert figures.changed == [(before, after)]


@pytest.mark.parametrize(("before", "pairs"), [
    pytest.param("The cluster area grew.", [("cluster area", "agglomeration zone")], id="fixed-twin"),
    pytest.param("Macau and Macau.", [("Macau", "Macao")], id="two-left"),
    pytest.param("hong kong-zhuhai-macao bridge", [("hong kong-zhuhai-macao bridge", "Hong Kong-Zhuhai-Macao Bridge")],
                 id="case-only-left"),
    pytest.param("A cluster of stars.", [], id="no-labels"),
])
def test_unchanged_snippet_leaves_every_label(before, pairs):
    figures = counted(record(before, pairs), before)
    assert (figures.fixed, figures.other, figures.changed) == (0, 0, [])
    assert figures.left == figures.labelled == sum(before.count(w) for w, _ in pairs)


def test_right_rendering_at_another_label_is_not_a_fix():
    rec = record("A cluster area near Zhaoqing New District",
                 [("cluster area", "agglomeration zone"), ("Zhaoqing New District", "Zhaoqing New Area")])
    figures = counted(rec, "A Zhaoqing New Area near Zhaoqing New District")
    assert (figures.fixed, figures.left, figures.other) == (0, 1, 1)


def test_must_stay_phrase_lost_is_reported():
    rec = record("Little giant Li Ming met a little giant.", [], ("little giant", "Li Ming"))
    figures = counted(rec, "Little giant Li Ming met a small giant.")
    assert figures.must_stay == 2
    assert figures.must_stay_broken == [("little giant", "Little giant Li Ming met a small giant.")]


context = st.lists(st.sampled_from(["the", "Bay", ",", "of"]), max_size=6)
labelled = st.lists(st.sampled_from(["cluster", "area", "-"]), min_size=1, max_size=3)
replaced = st.lists(st.sampled_from(["agglomeration", "zone", "("]), min_size=1, max_size=3)


@settings(max_examples=60, deadline=None)
@given(context, labelled, replaced, context)
def test_map_span_finds_a_single_replacement(head, old, new, tail):
    head_text, old_text, new_text = " ".join([*head, ""]), " ".join(old), " ".join(new)
    tail_text = " ".join(["", *tail])
    before, start = head_text + old_text + tail_text, len(head_text)
    assert bench.map_span(before, before, start, start + len(old_text)) == old_text
    assert bench.map_span(before, head_text + new_text + tail_text, start, start + len(old_text)) == new_text


def test_benchmark_runs_fix_and_counts(tmp_path):
    glossary = tmp_path / "g.toml"
    glossary.write_text('[[term]]\nid = "az"\npreferred = "agglomeration zone"\n'
                        'variants = ["cluster area"]\nsource = ["集聚区"]\n', encoding="utf-8")
    records = [record("The cluster area grew.", [("cluster area", "agglomeration zone")]),
               record("Zhaoqing New District opened.", [("Zhaoqing New District", "Zhaoqing New Area")]),
               record("a little giant in the cluster area", [("cluster area", "agglomeration zone")],
                      ("little giant",))]
    ood = [{"url": "o", "text": "A cluster headache."}, {"url": "o", "text": "One cluster area."}]
    figures = bench.run(records, ood, [str(glossary)], fixer=main)
    assert (figures.labelled, figures.fixed, figures.left, figures.other) == (3, 2, 1, 0)
    assert len(figures.changed) == 2 and figures.must_stay_broken == []
    assert figures.ood_changed == [("One cluster area.", "One agglomeration zone.")]
    assert figures.second_pass_changed == []
    assert bench.summary(figures, "t")["share_fixed"] == pytest.approx(2 / 3, abs=1e-4)
    assert bench.word_diff("The cluster area grew.", "The agglomeration zone grew.") == \
        "The [-cluster-]{+agglomeration+} [-area-]{+zone+} grew."
