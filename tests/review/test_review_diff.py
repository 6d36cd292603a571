"""Word-level diff pieces, as a table."""

from __future__ import annotations

import pytest

from mtfix.review.diff import Piece, word_diff


@pytest.mark.parametrize(("before", "after", "expected"), [
    pytest.param("The cluster area has", "The agglomeration zone has",
                 [("equal", "The "), ("delete", "cluster area"), ("insert", "agglomeration zone"),
                  ("equal", " has")], id="two-words-one-change"),
    pytest.param("a chain owner.", "a chain leader.",
                 [("equal", "a chain "), ("delete", "owner"), ("insert", "leader"), ("equal", ".")],
                 id="one-word"),
    pytest.param("is a cluster area", "is an agglomeration zone",
                 [("equal", "is "), ("delete", "a cluster area"), ("insert", "an agglomeration zone")],
                 id="article"),
    pytest.param("the starting area of municipal management,", "the municipal management starting area,",
                 [("equal", "the "), ("delete", "starting area of municipal management"),
                  ("insert", "municipal management starting area"), ("equal", ",")], id="reordered"),
    pytest.param("Github rocks", "GitHub rocks",
                 [("delete", "Github"), ("insert", "GitHub"), ("equal", " rocks")], id="case-only"),
    pytest.param("chain owner", "chain", [("equal", "chain"), ("delete", " owner")], id="deletion"),
    pytest.param("same", "same", [("equal", "same")], id="unchanged"),
    pytest.param("a large-scale industrial cluster is", "a large industrial agglomeration zone is",
                 [("equal", "a "), ("delete", "large-scale"), ("insert", "large"), ("equal", " industrial "),
                  ("delete", "cluster"), ("insert", "agglomeration zone"), ("equal", " is")],
                 id="hyphenated-word-whole"),
])
def test_word_diff(before: str, after: str, expected: list[tuple[str, str]]) -> None:
    pieces = word_diff(before, after)
    assert pieces == [Piece(kind, text) for kind, text in expected]  # type: ignore[arg-type]
    assert "".join(p.text for p in pieces if p.kind != "insert") == before
    assert "".join(p.text for p in pieces if p.kind != "delete") == after
