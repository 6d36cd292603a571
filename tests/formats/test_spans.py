from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtfix.formats.spans import distribute


@pytest.mark.parametrize(("pieces", "new", "expected"), [
    pytest.param(["The ", "chain owner", " firm"], "The chain leader firm", ["The ", "chain leader", " firm"],
                 id="inside-one-piece"),
    pytest.param(["a ", "gathering area"], "an agglomeration zone", ["an ", "agglomeration zone"],
                 id="article-before-tag"),
    pytest.param(["A ", " name"], "A  name!", ["A ", " name!"], id="spaces-stay-on-their-side"),
    pytest.param(["cha", "in owner"], "chain leader", ["cha", "in leader"], id="word-split-by-tag"),
    pytest.param(["x ", "y"], "x y z", ["x ", "y z"], id="append"),
    pytest.param(["in the ", "starting area of municipal management", ","],
                 "in the municipal management starting area,",
                 ["in the ", "municipal management starting area", ","], id="reordering-stays-inside-tag"),
])
def test_distribute_table(pieces: list[str], new: str, expected: list[str]) -> None:
    assert distribute(pieces, new) == expected


words = st.sampled_from(["chain", "owner", "leader", "a", "an", " ", "  ", ",", "zone", "area"])


@given(st.lists(st.lists(words, max_size=5).map("".join), min_size=2, max_size=4), st.data())
def test_distribute_joins_to_new_and_keeps_unchanged_pieces(pieces: list[str], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(pieces) - 1))
    replacement = data.draw(st.lists(words, max_size=4).map("".join))
    changed = pieces[:index] + [replacement] + pieces[index + 1:]
    out = distribute(pieces, "".join(changed))
    assert "".join(out) == "".join(changed)
    assert distribute(pieces, "".join(pieces)) == pieces
