"""The file path as light as stdin: chunks leave counts and a few examples, the
safe-cut search looks at the end of a chunk, and ``-o`` writes plain text straight
to the output with no staging copy."""

from __future__ import annotations

import codecs
import io
import os

import pytest
from conftest import GLOSSARY

import mtfix.formats.text
import mtfix.parallel
import mtfix.staging
from mtfix.batch import KEEP_FINDINGS, FileResult, Mode, fix_chunk, process_stream
from mtfix.cli import main
from mtfix.engine.chunking import safe_split
from mtfix.formats.text import TextReader
from mtfix.glossary.cache import load_matcher

DENSE = "The chain owner met a chain owner.\n" * 300  # 600 fixes


@pytest.fixture(scope="module")
def bundled():
    return load_matcher([GLOSSARY], use_cache=False)


def test_a_chunk_leaves_its_counts_and_only_the_examples_asked_for(bundled) -> None:
    fixed = fix_chunk(DENSE, bundled, keep=3)
    assert (len(fixed.examples), fixed.count, fixed.suggestions) == (3, 600, 0)
    assert fixed.text.count("chain leader") == 600
    assert len(fix_chunk(DENSE, bundled).examples) == 600  # check and diff keep them all


@pytest.mark.parametrize(("mode", "kept"), [(Mode.FIX, KEEP_FINDINGS), (Mode.CHECK, 1200)])
def test_a_file_keeps_examples_per_file_not_per_chunk(tmp_path, bundled, mode, kept) -> None:
    path = tmp_path / "dense.txt"
    path.write_text(DENSE * 2)
    reader = TextReader(str(path), chunk_chars=1000)
    result = FileResult(str(path))
    offset = 0
    for chunk in reader.chunks():  # many chunks, each with more fixes than a file keeps
        result.add_chunk(fix_chunk(chunk, bundled, KEEP_FINDINGS if mode is Mode.FIX else None), mode, offset)
        offset += len(chunk)
    assert (len(result.findings), result.count) == (kept, 1200)
    assert result.findings[-1].start == (DENSE * 2).rindex("chain owner") or mode is Mode.FIX


def test_fix_of_stdin_keeps_no_findings(bundled) -> None:
    out = io.BytesIO()
    result = process_stream(io.BytesIO(DENSE.encode()), bundled, Mode.FIX, fixed=out)
    assert (result.findings, result.count) == ([], 600)
    assert out.getvalue().decode().count("chain leader") == 600


def test_a_worker_sends_counts_and_a_few_examples(bundled, monkeypatch) -> None:
    monkeypatch.setattr(mtfix.parallel, "_WORKER", {"matcher": bundled, "mode": Mode.FIX, "fields": None})
    fixed = mtfix.parallel._fix_chunk((DENSE, 100, 7))
    assert (len(fixed.examples), fixed.count) == (KEEP_FINDINGS, 600)
    assert (fixed.examples[0].start, fixed.examples[0].line) == (100 + DENSE.index("chain owner"), 7 + 1)


class CountingText(str):
    """A text that counts the characters its ``rfind`` calls look at."""

    scanned = 0

    def rfind(self, needle, start=0, end=None):  # type: ignore[override]
        end = len(self) if end is None else end
        CountingText.scanned += end - start
        return super().rfind(needle, start, end)


def test_the_safe_cut_search_looks_near_the_cut() -> None:
    text = CountingText("word " * 400_000 + "end.\nmore")  # 2 MB, one sentence end near the end
    CountingText.scanned = 0
    assert safe_split(text) == len(text) - 4
    assert CountingText.scanned < 30 * (1 << 16)  # windows at the end, not 24 scans of 2 MB
    CountingText.scanned = 0
    assert safe_split(text, end=len(text) - 5) == 0  # the cut must fall before ``end``
    assert safe_split("one\n\ntwo.\nthree", end=5) == 5 and safe_split("a.\nb\n\nc", end=4) == 3


def test_a_chunk_without_a_cut_is_searched_once(monkeypatch) -> None:
    calls = []

    def counting(text, force=False, matcher=None, end=None):
        calls.append(force)
        return safe_split(text, force, matcher, end)

    monkeypatch.setattr(mtfix.formats.text, "safe_split", counting)
    reader = TextReader("<stdin>", chunk_chars=100, max_carry=1000)
    monkeypatch.setattr(mtfix.formats.text, "_BLOCK_BYTES", 10)
    chunks = list(reader.stream_chunks(io.BytesIO(b"word " * 400)))  # no sentence end: cut by force
    assert "".join(chunks) == "word " * 400
    assert calls.count(False) <= 3  # once per forced cut, not once per block read


def test_output_dir_writes_plain_text_without_a_staging_copy(tmp_path, monkeypatch, capsys) -> None:
    def no_copy(*args: object) -> None:
        raise AssertionError("staged")

    monkeypatch.setattr(mtfix.staging, "copy_decompressed", no_copy)
    files = {"fixed.txt": b"a chain owner\r\n", "clean.txt": b"nothing here\n", "empty.txt": b"",
             "bom.txt": codecs.BOM_UTF8, "wide.txt": codecs.BOM_UTF16_LE + "chain owner".encode("utf-16-le")}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    os.chmod(tmp_path / "fixed.txt", 0o640)
    out = tmp_path / "out"
    assert main(["fix", "-q", "--jobs", "1", "-g", GLOSSARY, "-o", str(out), *(str(tmp_path / n) for n in files)]) == 0
    assert {n: (tmp_path / n).read_bytes() for n in files} == files
    assert (out / "fixed.txt").read_bytes() == b"a chain leader\r\n"
    assert os.stat(out / "fixed.txt").st_mode & 0o777 == 0o640
    assert (out / "wide.txt").read_bytes() == codecs.BOM_UTF16_LE + "chain leader".encode("utf-16-le")
    for name in ("clean.txt", "empty.txt", "bom.txt"):
        assert (out / name).read_bytes() == files[name]
    assert sorted(os.listdir(out)) == sorted(files)


def test_output_dir_of_undecodable_text_writes_nothing(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"chain owner\n\xff\n")
    assert main(["fix", "-q", "--jobs", "1", "-g", GLOSSARY, "-o", str(tmp_path / "out"), str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith(f"{bad}:2: cannot decode") and "Traceback" not in "".join(err)
    assert not (tmp_path / "out" / "bad.txt").exists()
    assert not [n for n in os.listdir(tmp_path / "out") if "mtfix" in n] if (tmp_path / "out").exists() else True


def test_a_large_file_split_across_workers_is_written_straight_to_the_output(tmp_path, monkeypatch, bundled) -> None:
    from mtfix.runner import RunOptions, run

    def no_copy(*args: object) -> None:
        raise AssertionError("staged")

    monkeypatch.setattr(mtfix.staging, "copy_decompressed", no_copy)
    big = tmp_path / "big.txt"
    big.write_text("A chain owner.\n\n" * 5000)
    out = tmp_path / "out"
    options = RunOptions(jobs=2, large=1, output=str(out), quiet=True)
    (result,) = [r for _, r in run([str(big)], bundled, Mode.FIX, options)]
    assert (result.error, result.count) == (None, 5000)
    assert (out / "big.txt").read_text() == "A chain leader.\n\n" * 5000
    assert big.read_text() == "A chain owner.\n\n" * 5000
