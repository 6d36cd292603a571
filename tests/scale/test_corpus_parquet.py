"""Parquet: same schema, metadata, row groups and codec; only target values change."""

from __future__ import annotations

import pyarrow.parquet as pq
from conftest import write_parquet

from mtfix.batch import Mode, process_file
from mtfix.formats.records import Fields


def test_fix_keeps_schema_row_groups_and_codec(tmp_path, matcher) -> None:
    path = tmp_path / "t.parquet"
    write_parquet(path, ["chain owner", None, "fine", "a gathering area"], row_group_size=2)
    schema = pq.read_schema(path)
    result = process_file(str(path), matcher, Mode.FIX)
    assert result.error is None and result.count == 2 and result.segments == 4
    meta = pq.ParquetFile(path).metadata
    assert pq.read_schema(path).equals(schema, check_metadata=True)
    assert meta.num_row_groups == 2 and meta.row_group(0).column(0).compression == "ZSTD"
    rows = pq.read_table(path).to_pylist()
    assert [r["tgt"] for r in rows] == ["chain leader", None, "fine", "an agglomeration zone"]
    assert [r["id"] for r in rows] == [0, 1, 2, 3]


def test_findings_at_row_numbers(tmp_path, matcher) -> None:
    path = tmp_path / "t.parquet"
    write_parquet(path, ["fine", "x", "fine", "ok chain owner"], row_group_size=3)
    before = path.read_bytes()
    (finding,) = process_file(str(path), matcher, Mode.CHECK).findings
    assert (finding.line, finding.column) == (4, 4)
    assert path.read_bytes() == before


def test_clean_file_is_not_rewritten(tmp_path, matcher) -> None:
    path = tmp_path / "t.parquet"
    write_parquet(path, ["fine"])
    stamp = path.stat().st_mtime_ns
    assert process_file(str(path), matcher, Mode.FIX).count == 0
    assert path.stat().st_mtime_ns == stamp


def test_named_field_must_be_a_string_column(tmp_path, matcher) -> None:
    path = tmp_path / "t.parquet"
    write_parquet(path, ["chain owner"])
    result = process_file(str(path), matcher, Mode.FIX, Fields("id"))
    assert str(result.error) == f"{path}: column 'id' is int32, not a string column"
    result = process_file(str(path), matcher, Mode.FIX, Fields("nope"))
    assert str(result.error).startswith(f"{path}: no field 'nope'")


def test_diff_shows_the_target_column_by_row(tmp_path, matcher) -> None:
    from mtfix.report import unified_diff

    path = tmp_path / "t.parquet"
    write_parquet(path, ["fine", "two\nlines, chain owner"])
    result = process_file(str(path), matcher, Mode.DIFF)
    assert unified_diff("t", result.before, result.after).splitlines()[2:] == [
        "@@ -1,2 +1,2 @@", " fine", "-two\\nlines, chain owner", "+two\\nlines, chain leader"]


def test_misspelt_source_field_is_an_error(tmp_path, matcher) -> None:
    path = tmp_path / "t.parquet"
    write_parquet(path, ["chain owner"])
    result = process_file(str(path), matcher, Mode.FIX, Fields(source="zh"))
    assert str(result.error) == f"{path}: no source field 'zh' (fields: id, src, tgt)"
