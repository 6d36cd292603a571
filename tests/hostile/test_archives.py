"""Damaged and hostile archives (issue 9: item 1, and the archive parts of 9, 10, 12).

A compressed or Parquet input that cannot be read in full is a one-line error
(exit 2), its bytes stay as they were, and no staging copy or temporary file
is left beside it or in the temporary folder.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mtfix.formats.compression as compression
from mtfix.cli import main
from mtfix.errors import InputError

TEXT = b"The cluster area\nhas a chain owner.\n" * 200


@pytest.fixture
def tmp(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder for this test (check stages there)."""
    folder = tmp_path / "systmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def leftovers(*folders: Path) -> list[str]:
    return sorted(n for folder in folders for n in os.listdir(folder)
                  if "mtfix" in n or n.startswith(".") and n != ".")


def error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.endswith("could not be processed")]
    assert len(lines) == 1, err
    return lines[0]


def zst(data: bytes, checksum: bool = True) -> bytes:
    return zstandard.ZstdCompressor(write_checksum=checksum).compress(data)


def flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x55]) + data[index + 1:]


DAMAGED = [
    pytest.param("a.txt.zst", zst(TEXT)[:-40], "truncated", id="zstd-truncated"),
    pytest.param("a.txt.zst", zst(TEXT, checksum=False)[:-5], "truncated", id="zstd-truncated-no-checksum"),
    pytest.param("a.txt.zst", flip(zst(TEXT), -1), "checksum", id="zstd-bad-checksum"),
    pytest.param("a.txt.zst", zst(TEXT) + b"garbage!", "unexpected bytes after the end", id="zstd-trailing"),
    pytest.param("a.txt.zst", TEXT, "not zstd data", id="not-zstd"),
    pytest.param("a.txt.zst", b"", "empty file", id="zstd-empty"),
    pytest.param("a.txt.gz", gzip.compress(TEXT)[:-3], "truncated", id="gzip-truncated"),
    pytest.param("a.txt.gz", flip(gzip.compress(TEXT), -6), "incorrect data check", id="gzip-bad-crc"),
    pytest.param("a.txt.gz", gzip.compress(TEXT) + b"garbage!", "unexpected bytes after the end", id="gzip-trailing"),
    pytest.param("a.txt.gz", gzip.compress(TEXT) + bytes(8), "unexpected bytes after the end", id="gzip-zero-pad"),
    pytest.param("a.txt.gz", TEXT, "not gzip data", id="not-gzip"),
]


@pytest.mark.parametrize("command", ["fix", "check"])
@pytest.mark.parametrize(("name", "data", "reason"), DAMAGED)
def test_damaged_archive_is_an_error_and_left_as_it_was(tmp_path, tmp, capsys, glossary_file, command, name,
                                                        data, reason) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert main([command, "-g", str(glossary_file), str(path)]) == 2
    line = error_line(capsys.readouterr().err)
    codec = compression.codec_of(name)
    assert line.startswith(f"{path}: cannot decompress ({codec}): ") and reason in line
    assert path.read_bytes() == data
    assert leftovers(tmp_path, tmp) == []


def test_damaged_source_archive_is_an_error(tmp_path, tmp, capsys, glossary_file) -> None:
    target, source = tmp_path / "c.en", tmp_path / "c.zh.zst"
    target.write_bytes(b"The chain owner.\n")
    source.write_bytes(zst("链主企业。\n".encode() * 100)[:-20])
    assert main(["fix", "-g", str(glossary_file), str(target), "--source", str(source)]) == 2
    line = error_line(capsys.readouterr().err)
    assert line.startswith(f"{source}: cannot decompress (zstd): truncated")
    assert target.read_bytes() == b"The chain owner.\n"
    assert leftovers(tmp_path, tmp) == []


def test_written_zstd_has_a_checksum_the_next_run_verifies(tmp_path, tmp, capsys, glossary_file) -> None:
    path = tmp_path / "a.txt.zst"
    path.write_bytes(zst(TEXT, checksum=False))
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 0
    written = path.read_bytes()
    assert zstandard.get_frame_parameters(written).has_checksum
    path.write_bytes(flip(written, len(written) - 2))
    assert main(["check", "-g", str(glossary_file), str(path)]) == 2
    assert "checksum" in error_line(capsys.readouterr().err)


BLOCK = b"All fine here.\n" * (1 << 16)  # 960 KiB of text that compresses to almost nothing


def bomb(size: int, codec: str = "zstd") -> bytes:
    out = io.BytesIO()
    writer = (zstandard.ZstdCompressor().stream_writer(out, closefd=False) if codec == "zstd"
              else gzip.GzipFile(fileobj=out, mode="wb"))
    with writer:
        for _ in range(size // len(BLOCK) + 1):
            writer.write(BLOCK)
    return out.getvalue()


@pytest.mark.parametrize("name", ["bomb.txt.zst", "bomb.txt.gz"])
def test_decompression_bomb_is_refused(tmp_path, tmp, capsys, glossary_file, monkeypatch, name) -> None:
    monkeypatch.setattr(compression, "RATIO_FLOOR", 1 << 20)
    path = tmp_path / name
    data = bomb(8 << 20, compression.codec_of(name) or "")
    path.write_bytes(data)
    assert main(["fix", "-g", str(glossary_file), str(path)]) == 2
    line = error_line(capsys.readouterr().err)
    assert "decompression bomb" in line and "MTFIX_MAX_RATIO" in line and "MTFIX_MAX_DECOMPRESSED" in line
    assert path.read_bytes() == data and leftovers(tmp_path, tmp) == []
    monkeypatch.setenv("MTFIX_MAX_RATIO", "100000")
    assert main(["check", "-q", "-g", str(glossary_file), str(path)]) == 0


def test_default_limit_stops_a_bomb_past_64_mib(tmp_path, tmp, capsys, glossary_file) -> None:
    path = tmp_path / "bomb.txt.zst"
    path.write_bytes(bomb(80 << 20))
    assert main(["check", "-g", str(glossary_file), str(path)]) == 2
    assert "expands to more than 64 MiB" in error_line(capsys.readouterr().err)
    assert leftovers(tmp_path, tmp) == []


def test_absolute_cap_and_a_bad_setting(tmp_path, tmp, capsys, glossary_file, monkeypatch) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(os.urandom(1 << 20).hex().encode()))
    monkeypatch.setenv("MTFIX_MAX_DECOMPRESSED", "1M")
    assert main(["check", "-g", str(glossary_file), str(path)]) == 2
    assert "expands to more than 1 MiB" in error_line(capsys.readouterr().err)
    monkeypatch.setenv("MTFIX_MAX_DECOMPRESSED", "lots")
    assert main(["check", "-g", str(glossary_file), str(path)]) == 2
    assert "MTFIX_MAX_DECOMPRESSED='lots': expected" in error_line(capsys.readouterr().err)
    assert leftovers(tmp_path, tmp) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=3000), codec=st.sampled_from(["gzip", "zstd"]), cut=st.floats(0, 1),
       flipped=st.integers(min_value=0))
def test_only_a_whole_stream_is_ever_decompressed(tmp_path, data, codec, cut, flipped) -> None:
    """A proper prefix is always an error; a flipped byte is an error or changes nothing."""
    packed = gzip.compress(data) if codec == "gzip" else zst(data)
    source, target = tmp_path / "in", tmp_path / "out"
    source.write_bytes(packed[:int(cut * (len(packed) - 1))])
    with pytest.raises(InputError, match=r": cannot decompress \((gzip|zstd)\): "):
        compression.copy_decompressed(str(source), str(target), codec)
    assert not target.exists()
    source.write_bytes(flip(packed, flipped % len(packed)))
    try:
        compression.copy_decompressed(str(source), str(target), codec)
    except InputError:
        assert not target.exists()
    else:
        assert target.read_bytes() == data


def parquet_file(path: Path, compression_: object = "none", dictionary: bool = False) -> None:
    table = pa.table({"id": pa.array(range(5), pa.int32()), "src": ["集聚区"] * 5,
                      "tgt": ["fine", "a chain owner", "ok", "a cluster area", "x"]})
    pq.write_table(table, path, row_group_size=2, compression=compression_, use_dictionary=dictionary)


def value_offset(data: bytes, text: bytes, start: int, end: int, which: int = -1) -> int:
    """Where ``text`` is stored between ``start`` and ``end``: a data page's values follow
    the statistics in its header (the last match), a dictionary page has none (the first)."""
    return [m.start() for m in re.finditer(re.escape(text), data) if start <= m.start() < end][which]


@pytest.mark.parametrize("command", ["fix", "check"])
@pytest.mark.parametrize("damage", ["page-header", "invalid-utf8"])
def test_corrupt_parquet_page_is_an_error(tmp_path, tmp, capsys, glossary_file, command, damage) -> None:
    path = tmp_path / "t.parquet"
    parquet_file(path)
    chunk = pq.ParquetFile(path).metadata.row_group(0).column(2)
    start, end = chunk.data_page_offset, chunk.data_page_offset + chunk.total_compressed_size
    data = path.read_bytes()
    if damage == "page-header":
        data = data[:start] + b"\xff" * 8 + data[start + 8:]
    else:
        at = value_offset(data, b"a chain owner", start, end)
        data = data[:at] + b"\xff" + data[at + 1:]
    path.write_bytes(data)
    assert main([command, "-g", str(glossary_file), str(path)]) == 2
    assert error_line(capsys.readouterr().err).startswith(f"{path}: cannot read row group 1 as Parquet: ")
    assert path.read_bytes() == data and leftovers(tmp_path, tmp) == []


def test_parquet_keeps_each_columns_codec_and_row_groups(tmp_path, glossary_file) -> None:
    path = tmp_path / "t.parquet"
    parquet_file(path, {"id": "gzip", "src": "zstd", "tgt": "snappy"}, dictionary=True)
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 0
    meta = pq.ParquetFile(path).metadata
    assert [[meta.row_group(g).column(c).compression for c in range(3)] for g in range(meta.num_row_groups)] == [
        ["GZIP", "ZSTD", "SNAPPY"]] * 3
    assert [meta.row_group(g).num_rows for g in range(meta.num_row_groups)] == [2, 2, 1]


def test_parquet_written_with_page_checksums_the_next_run_verifies(tmp_path, capsys, glossary_file) -> None:
    path = tmp_path / "t.parquet"
    parquet_file(path)
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 0
    data = path.read_bytes()
    chunk = pq.ParquetFile(path).metadata.row_group(0).column(2)
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    at = value_offset(data, b"chain leader", start, start + chunk.total_compressed_size, 0)
    path.write_bytes(data[:at] + b"b" + data[at + 1:])  # still valid UTF-8: only the CRC can tell
    assert main(["check", "-g", str(glossary_file), str(path)]) == 2
    assert error_line(capsys.readouterr().err).startswith(f"{path}: cannot read row group 1 as Parquet: ")
