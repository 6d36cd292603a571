"""-o DIR: every input written there, relative layout kept, inputs untouched; compression kept."""

from __future__ import annotations

import gzip
import os

import pytest
from conftest import GLOSSARY, make_corpus, tree_bytes

from mtfix.cli import main


def test_output_dir_mirrors_folders_and_files(tmp_path, capsys) -> None:
    corpus = make_corpus(tmp_path / "c")
    single = tmp_path / "single.txt"
    single.write_text("chain owner\n")
    original = tree_bytes(corpus)
    assert main(["fix", "-g", GLOSSARY, "--jobs", "2", "-o", str(tmp_path / "out"), str(corpus), str(single)]) == 0
    assert tree_bytes(corpus) == original and single.read_text() == "chain owner\n"
    out = tree_bytes(tmp_path / "out")
    assert set(out) == set(original) | {"single.txt"}
    assert out["single.txt"] == b"chain leader\n"
    assert out["part0/clean.txt"] == original["part0/clean.txt"]
    in_place = make_corpus(tmp_path / "in-place")
    assert main(["fix", "-g", GLOSSARY, str(in_place)]) == 0
    assert {k: v for k, v in out.items() if k != "single.txt"} == tree_bytes(in_place)
    assert gzip.decompress((tmp_path / "out" / "part0" / "notes.txt.gz").read_bytes()) == out["part0/notes.txt.gz"]
    assert not [n for _, _, files in os.walk(tmp_path / "out") for n in files if "mtfix" in n]


def test_two_inputs_with_one_name_are_refused(tmp_path, capsys) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text("chain owner\n")
    code = main(["fix", "-g", GLOSSARY, "-o", str(tmp_path / "out"),
                 str(tmp_path / "a/x.txt"), str(tmp_path / "b/x.txt")])
    assert code == 2
    assert f"{tmp_path}/b/x.txt: two inputs would be written to {tmp_path}/out/x.txt" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_output_onto_the_input_is_refused(tmp_path, capsys) -> None:
    (tmp_path / "x.txt").write_text("chain owner\n")
    assert main(["fix", "-g", GLOSSARY, "-o", str(tmp_path), str(tmp_path / "x.txt")]) == 2
    assert "the output would overwrite the input" in capsys.readouterr().err
    assert (tmp_path / "x.txt").read_text() == "chain owner\n"


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_compressed_in_place_keeps_codec_and_skips_clean_files(tmp_path, suffix) -> None:
    from mtfix.formats.compression import AtomicOutput, decompressing

    changed, clean = tmp_path / f"a.txt{suffix}", tmp_path / f"b.jsonl{suffix}"
    codec = {".gz": "gzip", ".zst": "zstd"}[suffix]
    for path, data in ((changed, b"a chain owner\n"), (clean, b'{"tgt": "fine"}\n')):
        with AtomicOutput(str(path), codec) as out:
            out.write(data)
    stamp = clean.stat().st_mtime_ns
    assert main(["fix", "-q", "-g", GLOSSARY, str(tmp_path)]) == 0
    with open(changed, "rb") as raw, decompressing(raw, codec) as stream:
        assert stream.read() == b"a chain leader\n"
    assert clean.stat().st_mtime_ns == stamp
    assert sorted(os.listdir(tmp_path)) == [f"a.txt{suffix}", f"b.jsonl{suffix}"]


def test_corrupt_compressed_file_is_one_line_error(tmp_path, capsys) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(b"not gzip at all")
    assert main(["check", "-g", GLOSSARY, str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}: cannot decompress (gzip):")
    assert sorted(os.listdir(tmp_path)) == ["a.txt.gz"]


@pytest.mark.parametrize("flag", ["--check", "--diff"])
def test_runs_that_write_nothing_create_nothing_under_the_output(tmp_path, capsys, flag) -> None:
    corpus = make_corpus(tmp_path / "c", copies=1)
    main(["fix", flag, "-q", "-g", GLOSSARY, "-o", str(tmp_path / "out"), str(corpus)])
    assert not (tmp_path / "out").exists()


def test_check_of_a_compressed_file_stages_nothing_beside_it(tmp_path, monkeypatch) -> None:
    import mtfix.staging

    parents = []
    staging_dir = mtfix.staging._staging_dir
    monkeypatch.setattr(mtfix.staging, "_staging_dir", lambda parent: parents.append(parent) or staging_dir(parent))
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"a chain owner\n"))
    assert main(["check", "-q", "-g", GLOSSARY, str(tmp_path / "a.txt.gz")]) == 1
    assert parents and str(tmp_path) not in parents
