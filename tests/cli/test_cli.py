"""The CLI contract, driven through ``main([...])``."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys

import pytest
from conftest import SEED

from mtfix.cli import main


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("The cluster area\nhas a chain owner.\n", encoding="utf-8")
    return path


def test_check_lists_findings_and_exits_1(doc, glossary_file, capsys) -> None:
    assert main(["check", "-g", str(glossary_file), str(doc)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{doc}:1:5: 'cluster area' -> 'agglomeration zone' [agglomeration-zone]",
        f"{doc}:2:7: 'chain owner' -> 'chain leader' [chain-leader]",
    ]
    assert "2 findings in 1 file" in err


def test_check_json(doc, glossary_file, capsys) -> None:
    assert main(["check", "--format", "json", "-g", str(glossary_file), str(doc)]) == 1
    records = json.loads(capsys.readouterr().out)
    assert records[0] | {} == records[0]
    first = records[0]
    assert {k: first[k] for k in ("path", "line", "column", "match", "replacement", "term", "kind")} == {
        "path": str(doc), "line": 1, "column": 5, "match": "cluster area",
        "replacement": "agglomeration zone", "term": "agglomeration-zone", "kind": "variant"}


def test_check_clean_file_exits_0(tmp_path, glossary_file, capsys) -> None:
    path = tmp_path / "ok.txt"
    path.write_text("The agglomeration zone.\n")
    assert main(["check", "-g", str(glossary_file), str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_fix_rewrites_in_place_and_summarises(doc, glossary_file, capsys) -> None:
    assert main(["fix", "-g", str(glossary_file), str(doc)]) == 0
    assert doc.read_text() == "The agglomeration zone\nhas a chain leader.\n"
    assert "2 fixes in 1 file" in capsys.readouterr().err
    assert main(["check", "-g", str(glossary_file), str(doc)]) == 0


def test_fix_diff_writes_nothing(doc, glossary_file, capsys) -> None:
    before = doc.read_text()
    assert main(["fix", "--diff", "-g", str(glossary_file), str(doc)]) == 0
    out = capsys.readouterr().out
    assert doc.read_text() == before
    assert f"--- {doc}\n+++ {doc}\n" in out and "-The cluster area" in out and "+The agglomeration zone" in out


def test_fix_check_writes_nothing_and_exits_1(doc, glossary_file, capsys) -> None:
    before = doc.read_text()
    assert main(["fix", "--check", "-g", str(glossary_file), str(doc)]) == 1
    assert doc.read_text() == before
    assert "2 fixes would be made in 1 file" in capsys.readouterr().err


def test_fix_stdin_to_stdout(glossary_file, monkeypatch, capsysbinary) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\ufeffa gathering area\r\n".encode())))
    assert main(["fix", "-g", str(glossary_file), "-"]) == 0
    captured = capsysbinary.readouterr()
    assert captured.out == "\ufeffan agglomeration zone\r\n".encode()
    assert b"1 fix in 1 file" in captured.err


def test_missing_and_undecodable_files_do_not_stop_the_others(tmp_path, doc, glossary_file, capsys) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"chain owner \xff\n")
    code = main(["fix", "-g", str(glossary_file), str(tmp_path / "missing.txt"), str(bad), str(doc)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'missing.txt'}: no such file" in err
    assert f"{bad}:1: cannot decode as UTF-8" in err
    assert bad.read_bytes() == b"chain owner \xff\n"
    assert doc.read_text() == "The agglomeration zone\nhas a chain leader.\n"


def test_glossary_error_is_one_line_exit_2(tmp_path, doc, capsys) -> None:
    bad = tmp_path / "g.toml"
    bad.write_text('[[term]]\npreferred = "x"\nvariants = ["a"]\nnote = 3\n')
    assert main(["check", "-g", str(bad), str(doc)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"{bad}:4: term 1 ('x'): 'note' must be a string, not int"
    assert "Traceback" not in err


def test_usage_error_exits_2(capsys) -> None:
    assert main(["check"]) == 2
    assert main(["frobnicate"]) == 2


def test_directories_are_walked_skipping_hidden_and_binary(tmp_path, glossary_file, capsys) -> None:
    (tmp_path / "a.txt").write_text("chain owner\n")
    (tmp_path / "b.md").write_text("chain owner\n")
    (tmp_path / "c.py").write_text("chain owner\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("chain owner\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("chain owner\n")
    (tmp_path / "sub" / "bin.txt").write_bytes(b"chain owner\0\0\1")
    assert main(["check", "-g", str(glossary_file), str(tmp_path)]) == 1
    paths = {line.split(":")[0] for line in capsys.readouterr().out.splitlines()}
    assert paths == {str(tmp_path / "a.txt"), str(tmp_path / "b.md"), str(tmp_path / "sub" / "e.txt")}


def test_config_file_names_glossaries(tmp_path, glossary_file, monkeypatch, capsys) -> None:
    project = tmp_path / "project"
    (project / "deep").mkdir(parents=True)
    shutil.copy(glossary_file, project / "terms.toml")
    (project / "mtfix.toml").write_text('glossaries = ["terms.toml"]\n')
    (project / "deep" / "x.txt").write_text("the big bay area\n")
    monkeypatch.chdir(project / "deep")
    assert main(["check", "x.txt"]) == 1
    assert "[gba]" in capsys.readouterr().out


def test_pyproject_tool_table(tmp_path, glossary_file, monkeypatch, capsys) -> None:
    shutil.copy(glossary_file, tmp_path / "terms.toml")
    (tmp_path / "pyproject.toml").write_text('[tool.mtfix]\nglossaries = ["terms.toml"]\n')
    (tmp_path / "x.txt").write_text("the big bay area\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "x.txt"]) == 1
    assert "[gba]" in capsys.readouterr().out


def test_bundled_glossary_is_the_default(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "seed.txt"
    shutil.copy(SEED, target)
    assert main(["check", "--format", "json", str(target)]) == 1
    records = json.loads(capsys.readouterr().out)
    matches = {r["match"].lower() for r in records}
    assert {"gathering area", "cluster area", "agglomeration area", "chain owner"} <= matches
    assert main(["fix", str(target)]) == 0
    text = target.read_text()
    assert "chain owner" not in text and "gathering area" not in text.lower()
    assert "Zhaoqing Agglomeration Zone Strives" in text
    assert main(["fix", "--check", str(target)]) == 0


def test_keyboard_interrupt_exits_130_without_partial_files(tmp_path, glossary_file, monkeypatch,
                                                            capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text("chain owner\n")
    import mtfix.formats.text as text_format

    def interrupted(self, text):
        raise KeyboardInterrupt

    monkeypatch.setattr(text_format.AtomicWriter, "write", interrupted)
    assert main(["fix", "-g", str(glossary_file), str(path)]) == 130
    assert path.read_text() == "chain owner\n"
    assert os.listdir(tmp_path) == ["a.txt", "glossary.toml"] or sorted(os.listdir(tmp_path)) == [
        "a.txt", "glossary.toml"]
