"""mtfix.dask without a distributed client: the glossary travels in the graph."""

from __future__ import annotations

import pytest
from conftest import GLOSSARY

db = pytest.importorskip("dask.bag")

from mtfix.dask import fix_bag  # noqa: E402


def test_without_a_cluster_the_graph_carries_the_glossary() -> None:
    fixed = fix_bag(db.from_sequence(["a chain owner", {"target": "gathering area"}]), GLOSSARY)
    assert fixed.compute(scheduler="sync") == ["a chain leader", {"target": "agglomeration zone"}]


def test_glossary_may_be_a_path_object() -> None:
    from pathlib import Path

    for glossary in (Path(GLOSSARY), [Path(GLOSSARY)]):
        assert fix_bag(db.from_sequence(["a chain owner"]), glossary).compute(scheduler="sync") == ["a chain leader"]
