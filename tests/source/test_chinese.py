from __future__ import annotations

import pytest

from mtfix.source.chinese import segmenter_for, to_simplified

TERMS = ("链主", "集聚区", "市管起步区", "起步区")


@pytest.mark.parametrize(("text", "word", "present"), [
    pytest.param("该企业是链主企业", "链主", True, id="term-word"),
    pytest.param("产业链主导", "链主", False, id="term-across-words"),
    pytest.param("該企業是鏈主企業", "链主", True, id="traditional"),
    pytest.param("肇庆市管起步区", "起步区", False, id="nested-longer-wins"),
    pytest.param("肇庆市管起步区", "市管起步区", True, id="nested-longer"),
])
def test_segmentation_finds_terms_on_word_boundaries(text: str, word: str, present: bool) -> None:
    assert (word in segmenter_for(TERMS).words(text)) is present


def test_t2s_keeps_length_and_offsets() -> None:
    text = "鏈主在集聚區。乾隆頭髮"
    simplified = to_simplified(text)
    assert simplified.startswith("链主在集聚区")
    assert len(simplified) == len(text)


def test_tokens_carry_offsets_into_the_original() -> None:
    text = "在集聚區的鏈主"
    for word, start, end in segmenter_for(TERMS).tokenize(text):
        assert to_simplified(text[start:end]) == word
