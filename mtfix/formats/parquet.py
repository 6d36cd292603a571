"""Parquet corpora through pyarrow, one row group at a time.

The target column is fixed row by row and the file written back with the
same schema (metadata included), row groups and each column's compression
codec; only the target column's values change. Findings are reported at the
1-based row number and the character position in the target text; ``--diff``
shows the target column, one row per line.

A file is written back only when every row group was read in full: pages are
checked against their CRC when they carry one (mtfix writes them with one),
and every value is validated (strings must be UTF-8). Any damage is a
one-line ``InputError`` and the file is left as it was.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from mtfix.engine import Matcher
from mtfix.errors import InputError, OutputError
from mtfix.files import open_regular
from mtfix.formats.atomic import AtomicOutput
from mtfix.formats.records import Fields, fix_value
from mtfix.model import Finding

if TYPE_CHECKING:
    from mtfix.batch import FileResult, Mode

TAKES_FIELDS = True
# Parquet codec names (column metadata) that the writer spells differently.
_WRITER_CODECS = {"UNCOMPRESSED": "none", "LZ4_RAW": "lz4", "LZ4": "lz4"}


def _open(path: str, files: contextlib.ExitStack) -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow: pip install 'mtfix[corpus]'", path) from None

    # open_regular refuses a FIFO or a device before pyarrow could block on it. pyarrow
    # then opens the path itself: reading a damaged file through a Python file object
    # sometimes aborts the interpreter at exit (about 1 run in 40, pyarrow 26).
    files.enter_context(open_regular(path))
    try:
        return pq.ParquetFile(path, page_checksum_verification=True)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise InputError(f"cannot read as Parquet: {_one_line(exc)}", path) from None


def _read_group(parquet: Any, group: int, path: str) -> Any:
    """Row group ``group``, every value checked: a damaged page is an error, never data."""
    import pyarrow as pa

    try:
        table = parquet.read_row_group(group)
        table.validate(full=True)  # among others, strings must be valid UTF-8
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise InputError(f"cannot read row group {group + 1} as Parquet: {_one_line(exc)}", path) from None
    return table


def _one_line(exc: Exception) -> str:
    # Arrow's messages span lines ("Couldn't deserialize thrift: ...\nDeserializing page header failed.")
    return " ".join(str(exc).split()) or type(exc).__name__


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


def codecs_of(parquet: Any) -> str | dict[str, str]:
    """Each column's compression codec as the writer names it, by column path
    (``a.b`` in a struct), read from the first row group."""
    meta = parquet.metadata
    if meta.num_row_groups == 0 or meta.num_columns == 0:
        return "snappy"
    group = meta.row_group(0)
    return {group.column(i).path_in_schema: _writer_codec(str(group.column(i).compression))
            for i in range(meta.num_columns)}


def _writer_codec(name: str) -> str:
    import pyarrow as pa

    codec = _WRITER_CODECS.get(name.upper(), name.lower())
    # A codec this pyarrow cannot write (LZO, a build without brotli): the default, not an error.
    return codec if codec == "none" or pa.Codec.is_available(codec) else "snappy"


def process(path: str, matcher: Matcher, mode: Mode, fields: Fields) -> FileResult:
    """Check or fix one Parquet file; written atomically, and only if changed."""
    with contextlib.ExitStack() as files:
        parquet = _open(path, files)
        name = _target_column(parquet.schema_arrow, fields, path)
        try:
            return _process_groups(parquet, name, path, matcher, mode, fields)
        except OSError as exc:  # reads raise InputError (see _read_group): writing failed
            raise OutputError(f"cannot write: {exc.strerror or _one_line(exc)}", path) from None


def _process_groups(parquet: Any, name: str, path: str, matcher: Matcher, mode: Mode,
                    fields: Fields) -> FileResult:
    import pyarrow.parquet as pq

    from mtfix.batch import FileResult, Mode

    result = FileResult(path)
    before: list[str] = []
    after: list[str] = []
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(AtomicOutput(path)) if mode is Mode.FIX else None
        # With page checksums, so that the next run can verify what this one wrote.
        writer = (stack.enter_context(pq.ParquetWriter(out.stream, parquet.schema_arrow, compression=codecs_of(parquet),
                                                       write_page_checksum=True))
                  if out is not None else None)
        for group in range(parquet.num_row_groups):
            table = _read_group(parquet, group, path)
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
