"""``mtfix check --format github`` (workflow commands) and ``--format sarif`` (a SARIF 2.1.0 log)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from sarif_pydantic import Sarif

from mtfix.cli import main

GLOSSARY = textwrap.dedent('''\
    [[term]]
    id = "agglomeration-zone"
    preferred = "agglomeration zone"
    variants = ["gathering area", "cluster area"]
    note = "集聚区: an industrial agglomeration zone"
    ref = ["https://www.gov.cn/a.html", "https://example.org/b"]

    [[term]]
    id = "chain-leader"
    preferred = "chain leader"
    variants = ["chain owner"]

    [[term]]
    id = "macao"
    preferred = "Macao"
    variants = ["Macau"]
    source = ["澳门"]
    auto = false
''')
TEXT = "集聚区的 gathering area 很大, a chain owner.\nThe big gathering\narea and Macau.\n"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    glossary = tmp_path / "g.toml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    doc = tmp_path / "docs" / "a, b: c%.txt"
    doc.parent.mkdir()
    doc.write_text(TEXT, encoding="utf-8")
    return glossary, doc


def test_github_workflow_commands(files: tuple[Path, Path], capsys) -> None:
    glossary, _ = files
    assert main(["check", "-q", "--format", "github", "-g", str(glossary), "docs/a, b: c%.txt"]) == 1
    path = "docs/a%2C b%3A c%25.txt"  # property values escape , : and %
    assert capsys.readouterr().out.splitlines() == [
        # columns count characters: the CJK characters are one column each
        f"::warning file={path},line=1,col=6,endLine=1,endColumn=20,title=mtfix agglomeration-zone::"
        "'gathering area' -> 'agglomeration zone'. 集聚区: an industrial agglomeration zone",
        f"::warning file={path},line=1,col=27,endLine=1,endColumn=38,title=mtfix chain-leader::"
        "'chain owner' -> 'chain leader'",
        # a match across a line break ends on the next line
        f"::warning file={path},line=2,col=9,endLine=3,endColumn=5,title=mtfix agglomeration-zone::"
        "'gathering%0Aarea' -> 'agglomeration%0Azone'. 集聚区: an industrial agglomeration zone",
        # auto = false without evidence: a notice
        f"::notice file={path},line=3,col=10,endLine=3,endColumn=15,title=mtfix macao::"
        "'Macau' -> 'Macao' (suggestion: auto = false, fixed only with evidence or --include-suggestions)",
    ]


def test_github_bilingual_checks_are_notices(tmp_path: Path, capsys) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    tsv = tmp_path / "a.tsv"
    tsv.write_text("澳门很大\tThe city is big.\n", encoding="utf-8")
    assert main(["check", "-q", "--format", "github", "-g", str(glossary), str(tsv)]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"::notice file={tsv},line=1,col=") and "title=mtfix macao::missing" in line


def _sarif(capsys, *args: str) -> dict:
    out = capsys.readouterr().out
    log = json.loads(out)
    Sarif.model_validate(log)  # the SARIF 2.1.0 object model: types, enums, required members
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    return log


def test_sarif_log(files: tuple[Path, Path], capsys) -> None:
    glossary, _ = files
    assert main(["check", "-q", "--format", "sarif", "-g", str(glossary), "docs/a, b: c%.txt"]) == 1
    (run,) = _sarif(capsys)["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "mtfix" and run["columnKind"] == "unicodeCodePoints"
    assert [r["id"] for r in rules] == ["agglomeration-zone", "chain-leader", "macao"]
    zone = rules[0]
    assert zone["fullDescription"]["text"] == "集聚区: an industrial agglomeration zone"
    assert zone["helpUri"] == "https://www.gov.cn/a.html"
    assert zone["properties"]["ref"] == ["https://www.gov.cn/a.html", "https://example.org/b"]
    assert zone["properties"]["variants"] == ["gathering area", "cluster area"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("agglomeration-zone", "warning"), ("chain-leader", "warning"), ("agglomeration-zone", "warning"),
        ("macao", "note")]
    for result in results:  # every result names its rule by id and by index
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    location = results[2]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "docs/a%2C%20b%3A%20c%25.txt"
    assert location["region"] == {"startLine": 2, "startColumn": 9, "endLine": 3, "endColumn": 5,
                                  "snippet": {"text": "gathering\narea"}}
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 6  # after 4 CJK + space
    assert results[0]["properties"]["replacement"] == "agglomeration zone"


def test_sarif_clean_run_and_stdin(files: tuple[Path, Path], capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    glossary, doc = files
    clean = doc.parent / "clean.txt"
    clean.write_text("Nothing to fix here.\n", encoding="utf-8")
    assert main(["check", "-q", "--format", "sarif", "-g", str(glossary), str(clean)]) == 0
    (run,) = _sarif(capsys)["runs"]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a chain owner\n")))
    assert main(["check", "-q", "--format", "sarif", "-g", str(glossary), "-"]) == 1
    (run,) = _sarif(capsys)["runs"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stdin"
    absolute = main(["check", "-q", "--format", "sarif", "-g", str(glossary), str(doc)])
    assert absolute == 1
    (run,) = _sarif(capsys)["runs"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == doc.as_uri()
