"""Bilingual files through the CLI: source evidence, checks, --source, HTML report."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from mtfix.cli import main

TSV = ("该企业是链主企业\tThe firm is a chain owner.\n"
       "产业链主导\tThe chain owner leads.\n"
       "链主和链主\tA chain leader meets another.\n"
       "集聚区\tThe zone.\n"
       "该企业是链主企业\tThe firm is a lead firm.\n")


@pytest.fixture
def tsv(tmp_path: Path) -> Path:
    path = tmp_path / "news.tsv"
    path.write_text(TSV, encoding="utf-8")
    return path


def test_check_text_names_segment_and_source(tsv, glossary_file, capsys) -> None:
    assert main(["check", "-q", "-g", str(glossary_file), str(tsv)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"{tsv}:1:24: 'chain owner' -> 'chain leader' [chain-leader] "
                        "in line 1, source '该企业是链主企业'")
    assert not any(":2:" in line for line in lines)  # 链主 straddles 产业链/主导: a decoy


def test_check_json_kinds(tsv, glossary_file, capsys) -> None:
    assert main(["check", "-q", "--format", "json", "-g", str(glossary_file), str(tsv)]) == 1
    records = json.loads(capsys.readouterr().out)
    kinds = [(r["kind"], r["segment"], r["term"]) for r in records]
    assert kinds == [
        ("variant", "line 1", "chain-leader"),
        ("count-mismatch", "line 3", "chain-leader"),
        ("missing", "line 4", "agglomeration-zone"),
        ("missing", "line 5", "chain-leader"),
        ("inconsistent", "line 1", ""),
        ("inconsistent", "line 5", ""),
    ]
    assert all(r["source"] and r["target"] for r in records)
    assert records[2]["evidence"] == "集聚区" and records[2]["line"] == 4


def test_fix_rewrites_only_evidenced_targets(tsv, glossary_file, capsys) -> None:
    assert main(["fix", "-g", str(glossary_file), str(tsv)]) == 0
    assert tsv.read_text(encoding="utf-8") == TSV.replace("is a chain owner", "is a chain leader")
    assert "1 fix in 1 file" in capsys.readouterr().err


def test_plain_text_with_aligned_source(tmp_path, glossary_file, capsys) -> None:
    target, source = tmp_path / "a.en.txt", tmp_path / "a.zh.txt"
    target.write_text("A chain owner.\r\nA chain owner.\r\nA gathering area.\r\n")
    source.write_text("鏈主。\n产业链主导。\n集聚区。\n", encoding="utf-8")
    assert main(["fix", "-g", str(glossary_file), "--source", str(source), str(target)]) == 0
    assert target.read_bytes() == b"A chain leader.\r\nA chain owner.\r\nAn agglomeration zone.\r\n"
    source.write_text("鏈主。\n", encoding="utf-8")
    assert main(["check", "-g", str(glossary_file), "--source", str(source), str(target)]) == 2
    assert "has 3 lines but its source" in capsys.readouterr().err


def test_source_option_refuses_a_file_that_has_its_own_source(tmp_path, glossary_file, capsys) -> None:
    """An XLIFF with as many lines as the .zh.txt would otherwise be edited as text, markup and all."""
    target, source = tmp_path / "a.xlf", tmp_path / "a.zh.txt"
    xml = ('<xliff version="1.2"><file original="a"><body>\n<trans-unit id="1"><source>链主</source>'
           '<target>chain owner</target></trans-unit>\n</body></file></xliff>\n')
    target.write_text(xml, encoding="utf-8")
    source.write_text("一\n链主\n三\n", encoding="utf-8")
    assert main(["fix", "-g", str(glossary_file), "--source", str(source), str(target)]) == 2
    assert "--source is for a plain-text translation; a .xlf file carries its own source" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == xml


@pytest.mark.parametrize(("name", "text", "line"), [
    pytest.param("a.tsv", "链主\tchain owner\nno tab\n", 2, id="tsv"),
    pytest.param("a.po", 'msgid "链主"\nmsgstr "chain owner\n', 2, id="po"),
    pytest.param("a.xlf", '<xliff version="1.2"><file>\n<target>chain owner</file>\n', 2, id="xliff"),
])
def test_malformed_file_exit_2_and_untouched(tmp_path, glossary_file, capsys, name, text, line) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["fix", "-g", str(glossary_file), str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}:{line}: ")
    assert path.read_text(encoding="utf-8") == text


def test_plain_text_check_never_loads_jieba_or_opencc(tmp_path, glossary_file) -> None:
    path = tmp_path / "a.txt"
    path.write_text("A chain owner.\n")
    code = ("import sys; from mtfix.cli import main; rc = main(['check', '-q', '--jobs', '1', '-g', "
            f"{str(glossary_file)!r}, {str(path)!r}]); "
            "assert rc == 1; assert 'jieba' not in sys.modules and 'opencc' not in sys.modules, 'loaded'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="needs chromium (.ci/run installs it)")
def test_html_report_in_headless_chromium(tsv, tmp_path, glossary_file, capsys) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Intro.\nWe met the chain owner today.\n")
    assert main(["check", "-q", "--format", "html", "-g", str(glossary_file), str(tsv), str(plain)]) == 1
    page = tmp_path / "report.html"
    page.write_text(capsys.readouterr().out, encoding="utf-8")
    dom = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert "7 findings in 2 files" in dom
    assert "7 of 7 shown" in dom  # the inline script ran
    assert "<del>chain owner</del><ins>chain leader</ins>" in dom
    assert "We met the <del>chain owner</del><ins>chain leader</ins> today." in dom
    assert '<mark>集聚区</mark>' in dom and ">missing<" in dom and ">count-mismatch<" in dom
    assert "http" not in page.read_text(encoding="utf-8").replace("http-equiv", "")
