"""mtfix for pipelines that already use Dask: fix a bag or a dataframe column.

    import dask.bag as db
    from mtfix.dask import fix_bag, fix_dataframe

    fixed = fix_bag(db.read_text("s3://corpus/*.en.txt"), glossary)      # strings
    fixed = fix_bag(db.read_text(...).map(json.loads), glossary)         # records
    frame = fix_dataframe(dd.read_parquet("s3://corpus/"), glossary, column="tgt")

The glossary is compiled once here and, when a distributed client is active,
scattered once to every worker; each partition then uses the workers' copy.
Results equal ``mtfix fix`` on the same texts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mtfix.engine import Matcher, compile_glossary, fix_text
from mtfix.formats.records import Fields, fix_record, fix_value
from mtfix.model import Glossary

GlossaryLike = Glossary | Matcher | str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def compiled(glossary: GlossaryLike) -> Matcher:
    """A matcher from a glossary, a compiled matcher, or glossary file path(s) (cached)."""
    if isinstance(glossary, Matcher):
        return glossary
    if isinstance(glossary, Glossary):
        return compile_glossary(glossary)
    from mtfix.glossary.cache import load_matcher

    paths = [glossary] if isinstance(glossary, str | os.PathLike) else list(glossary)
    return load_matcher([os.fspath(path) for path in paths])


def shared(matcher: Matcher) -> Any:
    """The matcher as a graph argument: scattered to every worker of the active
    distributed client, else embedded in the graph once."""
    import dask

    try:
        from distributed import default_client

        client = default_client()
    except (ImportError, ValueError):
        return dask.delayed(matcher, pure=True)
    return dask.delayed(client.scatter(matcher, broadcast=True, hash=False))


def fix_item(item: Any, matcher: Matcher, fields: Fields) -> Any:
    """A string fixed, or a record (mapping) with its target field fixed."""
    if isinstance(item, str):
        return fix_text(item, matcher)[0]
    if isinstance(item, Mapping):
        fixed, _ = fix_record(item, fields, matcher)
        return item if fixed is None else fixed
    raise TypeError(f"mtfix.dask.fix_bag: items must be strings or mappings, not {type(item).__name__}")


def _fix_partition(items: Iterable[Any], matcher: Matcher, fields: Fields) -> list[Any]:
    return [fix_item(item, matcher, fields) for item in items]


def fix_bag(bag: Any, glossary: GlossaryLike, field: str | None = None,
            source_field: str | None = None) -> Any:
    """A bag of the items of ``bag`` with wrong renderings fixed.

    Items are strings, or records (dicts) whose target is ``field`` (default:
    ``tgt``, ``target`` or ``text``), as in JSONL corpora.
    """
    return bag.map_partitions(_fix_partition, shared(compiled(glossary)), Fields(field, source_field))


def _fix_cell(value: Any, source: Any, matcher: Matcher) -> Any:
    return fix_value(value, source, matcher, 1)[0] if isinstance(value, str) else value


def _fix_frame(frame: Any, matcher: Matcher, column: str, source: str | None) -> Any:
    import pandas as pd

    frame = frame.copy()
    sources = frame[source].tolist() if source else [None] * len(frame)
    values = [_fix_cell(value, src, matcher) for value, src in zip(frame[column].tolist(), sources, strict=True)]
    frame[column] = pd.Series(values, index=frame.index, dtype=frame[column].dtype)
    return frame


def fix_dataframe(df: Any, glossary: GlossaryLike, column: str = "tgt",
                  source_column: str | None = None) -> Any:
    """``df`` with the text in ``column`` fixed (other columns and the schema unchanged)."""
    if column not in df.columns:
        raise KeyError(f"mtfix.dask.fix_dataframe: no column '{column}' (columns: {', '.join(df.columns)})")
    return df.map_partitions(_fix_frame, shared(compiled(glossary)), column, source_column, meta=df._meta)
