"""mtfix.dask: bags and dataframes fixed on a two-worker cluster equal the single-process fix."""

from __future__ import annotations

import json
import logging

import pytest
from conftest import GLOSSARY, RECORDS, SEED_TEXT, jsonl_bytes, write_parquet

from mtfix.batch import Mode, process_file
from mtfix.engine import fix_text
from mtfix.glossary.cache import load_matcher

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")

from mtfix.dask import fix_bag, fix_dataframe, fix_item  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        yield client


def test_fix_bag_of_strings_equals_fix_text(client) -> None:
    lines = SEED_TEXT.split("\n")
    matcher = load_matcher([GLOSSARY])
    fixed = fix_bag(db.from_sequence(lines, npartitions=4), GLOSSARY).compute()
    assert fixed == [fix_text(line, matcher)[0] for line in lines]
    assert fixed != lines


def test_fix_bag_of_jsonl_records_equals_the_jsonl_format(client, tmp_path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(jsonl_bytes(RECORDS * 5, ensure_ascii=False))
    bag = db.read_text(str(path), blocksize=200).map(json.loads)
    fixed = fix_bag(bag, GLOSSARY).compute()
    assert process_file(str(path), load_matcher([GLOSSARY]), Mode.FIX).count == 15
    assert fixed == [json.loads(line) for line in path.read_bytes().splitlines()]


def test_fix_dataframe_equals_the_parquet_format(client, tmp_path) -> None:
    texts = [r["tgt"] for r in RECORDS] * 4 + [None, SEED_TEXT[:2000]]
    source, single = tmp_path / "in.parquet", tmp_path / "single.parquet"
    write_parquet(source, texts)
    write_parquet(single, texts)
    process_file(str(single), load_matcher([GLOSSARY]), Mode.FIX)
    frame = fix_dataframe(dd.read_parquet(str(source)).repartition(npartitions=3), GLOSSARY, column="tgt")
    result = frame.compute()
    import pandas as pd
    import pyarrow.parquet as pq

    expected = pq.read_table(single).to_pylist()
    assert [None if v is pd.NA else v for v in result["tgt"].tolist()] == [r["tgt"] for r in expected]
    assert result["id"].tolist() == [r["id"] for r in expected]
    assert str(result["tgt"].dtype) == str(frame.dtypes["tgt"])


def test_glossary_is_scattered_once_to_every_worker(client, monkeypatch) -> None:
    calls = []
    scatter = type(client).scatter

    def spy(self, data, **options):
        calls.append(options)
        return scatter(self, data, **options)

    monkeypatch.setattr(type(client), "scatter", spy)
    bag = fix_bag(db.from_sequence(["chain owner"] * 20, npartitions=10), GLOSSARY)
    assert bag.compute() == ["chain leader"] * 20
    assert len(calls) == 1 and calls[0]["broadcast"] is True


def test_items_must_be_text_or_records() -> None:
    with pytest.raises(TypeError, match="strings or mappings, not int"):
        fix_item(3, load_matcher([GLOSSARY]), None)  # type: ignore[arg-type]


def test_missing_column_is_named(client) -> None:
    import pandas as pd

    frame = dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="no column 'tgt'"):
        fix_dataframe(frame, GLOSSARY)
