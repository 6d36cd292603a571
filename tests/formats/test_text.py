from __future__ import annotations

import codecs
import os
import stat

import pytest

from mtfix.batch import Mode, process_file
from mtfix.engine.chunking import safe_split
from mtfix.formats.text import AtomicWriter, TextReader, decode_bytes, encode_text

ENCODINGS = [
    pytest.param(b"", "utf-8", id="utf-8"),
    pytest.param(codecs.BOM_UTF8, "utf-8", id="utf-8-bom"),
    pytest.param(codecs.BOM_UTF16_LE, "utf-16-le", id="utf-16-le"),
    pytest.param(codecs.BOM_UTF16_BE, "utf-16-be", id="utf-16-be"),
]


@pytest.mark.parametrize(("bom", "codec"), ENCODINGS)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False])
def test_fix_keeps_encoding_bom_and_newlines(tmp_path, matcher, bom, codec, newline, final) -> None:
    text = newline.join(["集聚区: a gathering area", "", "chain owner"]) + (newline if final else "")
    path = tmp_path / "a.txt"
    path.write_bytes(bom + text.encode(codec))
    result = process_file(str(path), matcher, Mode.FIX)
    assert result.error is None and len(result.findings) == 2
    expected = text.replace("a gathering area", "an agglomeration zone").replace("chain owner", "chain leader")
    assert path.read_bytes() == bom + expected.encode(codec)


def test_untouched_file_is_not_rewritten(tmp_path, matcher) -> None:
    path = tmp_path / "a.txt"
    path.write_text("nothing to see\n")
    before = os.stat(path)
    process_file(str(path), matcher, Mode.FIX)
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert os.stat(path).st_ino == before.st_ino
    assert os.listdir(tmp_path) == ["a.txt"]


def test_write_keeps_permissions_and_leaves_no_temp(tmp_path, matcher) -> None:
    path = tmp_path / "a.txt"
    path.write_text("chain owner\n")
    os.chmod(path, 0o640)
    process_file(str(path), matcher, Mode.FIX)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert os.listdir(tmp_path) == ["a.txt"]


def test_failed_write_leaves_original(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("original")
    with pytest.raises(KeyboardInterrupt), AtomicWriter(str(path), decode_bytes(b"")[1]) as writer:
        writer.write("partial")
        raise KeyboardInterrupt
    assert path.read_text() == "original"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_undecodable_file_reports_line_and_is_untouched(tmp_path, matcher) -> None:
    path = tmp_path / "bad.txt"
    data = b"chain owner\nline two\nbad \xff byte\n"
    path.write_bytes(data)
    result = process_file(str(path), matcher, Mode.FIX)
    assert result.error is not None
    assert str(result.error).startswith(f"{path}:3: cannot decode as UTF-8")
    assert path.read_bytes() == data
    assert os.listdir(tmp_path) == ["bad.txt"]


def test_missing_file(tmp_path, matcher) -> None:
    result = process_file(str(tmp_path / "nope.txt"), matcher, Mode.CHECK)
    assert str(result.error) == f"{tmp_path / 'nope.txt'}: no such file"


def test_chunks_split_on_paragraphs_and_keep_lines(tmp_path, matcher) -> None:
    paragraph = "A gathering\narea and a chain owner.\n\n"
    path = tmp_path / "big.txt"
    path.write_text(paragraph * 500)
    reader = TextReader(str(path), chunk_chars=1000)
    chunks = list(reader.chunks())
    assert len(chunks) > 5 and "".join(chunks) == paragraph * 500
    assert all(c.endswith("\n\n") for c in chunks)
    result = process_file(str(path), matcher, Mode.CHECK)
    assert len(result.findings) == 1000
    assert [f.line for f in result.findings[-2:]] == [1498, 1499]


def test_safe_split_prefers_paragraphs_then_sentences() -> None:
    assert safe_split("one\n\ntwo") == 5
    assert safe_split("one.\ntwo\nthree") == 5
    assert safe_split("one\ntwo") == 0
    assert safe_split("one\ntwo", force=True) == 4


def test_decode_encode_round_trip() -> None:
    data = codecs.BOM_UTF8 + b"x\r\ny"
    text, encoding = decode_bytes(data)
    assert text == "x\r\ny" and encode_text(text, encoding) == data
