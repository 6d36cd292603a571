"""A small mixed corpus (text, compressed text, JSONL, Parquet) and helpers to
compare runs: every scale test checks against the single-process result."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from mtfix.glossary.load import default_glossary_path

SEED_TEXT = (Path(__file__).resolve().parents[2] / "corpora" / "zhaoqing-agglomeration-zone.en.txt").read_text(
    encoding="utf-8")
GLOSSARY = str(default_glossary_path())

RECORDS = [
    {"id": 1, "src": "链主企业", "tgt": "The chain owner leads.", "meta": {"lang": "英语"}},
    {"id": 2, "src": "集聚区", "tgt": "Nothing to fix, 链主.", "meta": {"lang": "英语"}},
    {"id": 3, "src": "集聚区", "tgt": "A gathering area\nand a cluster area.", "meta": None},
]


def jsonl_bytes(records: list[dict], **dumps: object) -> bytes:
    return b"".join(json.dumps(r, **dumps).encode() + b"\n" for r in records)  # type: ignore[arg-type]


def write_parquet(path: Path, texts: list[str | None], row_group_size: int = 3) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": pa.array(range(len(texts)), pa.int32()), "src": ["集聚区"] * len(texts),
                      "tgt": pa.array(texts, pa.large_string())},
                     metadata={b"origin": b"mt-pipeline"})
    pq.write_table(table, path, row_group_size=row_group_size, compression="zstd")


def make_corpus(root: Path, copies: int = 2) -> Path:
    """Several files of every corpus format, some clean, in nested folders."""
    import zstandard

    paragraphs = SEED_TEXT.split("\n\n")
    for index in range(copies):
        folder = root / f"part{index}"
        folder.mkdir(parents=True)
        (folder / "article.txt").write_text("\n\n".join(paragraphs[index:] + paragraphs[:index]), encoding="utf-8")
        (folder / "clean.txt").write_text("Nothing to fix here.\n", encoding="utf-8")
        (folder / "notes.txt.gz").write_bytes(gzip.compress(SEED_TEXT.encode(), mtime=0))
        (folder / "notes.md.zst").write_bytes(zstandard.ZstdCompressor().compress(SEED_TEXT.encode()))
        (folder / "records.jsonl").write_bytes(jsonl_bytes(RECORDS * (index + 1), ensure_ascii=False))
        (folder / "records.jsonl.gz").write_bytes(gzip.compress(jsonl_bytes(RECORDS), mtime=0))
        write_parquet(folder / "table.parquet", [r["tgt"] for r in RECORDS] + [None, paragraphs[1]])
    return root


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path (decompressed, so codec settings do not matter)."""
    import zstandard

    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            data = path.read_bytes()
            if name.endswith(".gz"):
                data = gzip.decompress(data)
            elif name.endswith(".zst"):
                data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
            elif name.endswith(".parquet"):
                data = parquet_rows(path)
            out[str(path.relative_to(root))] = data
    return out


def parquet_rows(path: Path) -> bytes:
    import pyarrow.parquet as pq

    return json.dumps(pq.read_table(path).to_pylist(), ensure_ascii=False).encode()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus")
