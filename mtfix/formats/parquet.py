"""Parquet corpora through pyarrow, one row group at a time.

The target column is fixed row by row and the file written back with the
same schema (metadata included), row groups and compression codec; only the
target column's values change. Findings are reported at the 1-based row
number and the character position in the target text; ``--diff`` shows the
target column, one row per line.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from mtfix.engine import Matcher
from mtfix.errors import InputError
from mtfix.formats.atomic import AtomicOutput
from mtfix.formats.records import Fields, fix_value
from mtfix.model import Finding

if TYPE_CHECKING:
    from mtfix.batch import FileResult, Mode

TAKES_FIELDS = True


def _open(path: str) -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow: pip install 'mtfix[corpus]'", path) from None

    try:
        return pq.ParquetFile(path)
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot read as Parquet: {exc}", path) from None


def _target_column(schema: Any, fields: Fields, path: str) -> str:
    import pyarrow as pa

    name = fields.target_in(schema.names, path)
    fields.check_source_in(schema.names, path)
    kind = schema.field(name).type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise InputError(f"column '{name}' is {kind}, not a string column", path)
    return name


def fix_column(values: list[str | None], sources: list[Any] | None, matcher: Matcher,
               first_row: int) -> tuple[list[str | None], list[Finding]]:
    """The column's values fixed, and the findings at their row numbers."""
    fixed: list[str | None] = []
    findings: list[Finding] = []
    for index, value in enumerate(values):
        if value is None:
            fixed.append(None)
            continue
        source = sources[index] if sources is not None else None
        text, found = fix_value(value, source, matcher, first_row + index)
        fixed.append(text)
        findings.extend(found)
    return fixed, findings


def diff_lines(table: Any, name: str) -> list[str]:
    """One line per row, its target with line breaks escaped: a diff's line numbers are row numbers."""
    return [("" if v is None else v.replace("\\", "\\\\").replace("\n", "\\n")) + "\n"
            for v in table.column(name).to_pylist()]


def _fix_group(table: Any, name: str, fields: Fields, matcher: Matcher, first_row: int) -> tuple[Any, list[Finding]]:
    import pyarrow as pa

    sources = table.column(fields.source).to_pylist() if fields.source else None
    values, found = fix_column(table.column(name).to_pylist(), sources, matcher, first_row)
    if not found:
        return table, found
    index = table.column_names.index(name)
    column = pa.array(values, type=table.schema.field(name).type)
    return table.set_column(index, table.schema.field(name), column), found


def _codec(parquet: Any) -> str:
    meta = parquet.metadata
    if meta.num_row_groups == 0 or meta.num_columns == 0:
        return "snappy"
    return str(meta.row_group(0).column(0).compression).lower()


def process(path: str, matcher: Matcher, mode: Mode, fields: Fields) -> FileResult:
    """Check or fix one Parquet file; written atomically, and only if changed."""
    import pyarrow.parquet as pq

    from mtfix.batch import FileResult, Mode

    parquet = _open(path)
    name = _target_column(parquet.schema_arrow, fields, path)
    result = FileResult(path)
    before: list[str] = []
    after: list[str] = []
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(AtomicOutput(path)) if mode is Mode.FIX else None
        writer = (stack.enter_context(pq.ParquetWriter(out.stream, parquet.schema_arrow, compression=_codec(parquet)))
                  if out is not None else None)
        for group in range(parquet.num_row_groups):
            table = parquet.read_row_group(group)
            fixed, found = _fix_group(table, name, fields, matcher, result.segments + 1)
            result.add_findings(found, mode)
            result.segments += table.num_rows
            if writer is not None:
                writer.write_table(fixed, row_group_size=max(table.num_rows, 1))
            if mode is Mode.DIFF:
                before.extend(diff_lines(table, name))
                after.extend(diff_lines(fixed, name))
        if out is not None and not result.count:
            out.discard()
    if mode is Mode.DIFF:
        result.before, result.after = "".join(before), "".join(after)
    return result
