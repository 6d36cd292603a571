"""Line-aligned corpora (``fix corpus.en --source corpus.zh``) as pipelines run them:
to an output folder, compressed, the inputs untouched."""

from __future__ import annotations

import gzip
import os

import pytest
from conftest import GLOSSARY

from mtfix.cli import main

SOURCE = "链主企业很多。\n集聚区发展。\n没有。\n".encode()
TARGET = b"The chain owner firms.\nThe chain owner and the cluster area grow.\nThe chain owner.\n"
FIXED = b"The chain leader firms.\nThe chain owner and the agglomeration zone grow.\nThe chain owner.\n"


def _write(path, data: bytes) -> str:
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)
    return str(path)


def _read(path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


@pytest.mark.parametrize(("target", "source"), [
    pytest.param("corpus.en", "corpus.zh", id="plain"),
    pytest.param("corpus.en.gz", "corpus.zh.gz", id="gzip"),
    pytest.param("corpus.en", "corpus.zh.gz", id="gzip-source")])
def test_output_folder_and_compression(tmp_path, target, source) -> None:
    en, zh = _write(tmp_path / target, TARGET), _write(tmp_path / source, SOURCE)
    before = sorted(os.listdir(tmp_path))
    out = tmp_path / "out"
    assert main(["fix", "-q", "-g", GLOSSARY, en, "--source", zh, "-o", str(out)]) == 0
    assert _read(out / target) == FIXED and os.listdir(out) == [target]
    assert _read(tmp_path / target) == TARGET and sorted(os.listdir(tmp_path)) == sorted([*before, "out"])
    assert main(["fix", "-q", "-g", GLOSSARY, en, "--source", zh]) == 0
    assert _read(tmp_path / target) == FIXED


def test_misaligned_compressed_source_is_named_as_given(tmp_path, capsys) -> None:
    en, zh = _write(tmp_path / "c.en", TARGET), _write(tmp_path / "c.zh.gz", SOURCE + "多一行\n".encode())
    assert main(["check", "-g", GLOSSARY, en, "--source", zh]) == 2
    assert capsys.readouterr().err.startswith(f"{en}: has 3 lines but its source {zh} has 4")
