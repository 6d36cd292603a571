"""``protect`` in mtfix.toml (issue 12): extra protected-span patterns, as a
glossary's ``[meta] protect``; a bad pattern is a one-line ``mtfix.toml:LINE`` error."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.config import build_config

CONFIG = '''glossaries = ["glossary.toml"]
protect = [
    "\\\\[\\\\[[^]]+\\\\]\\\\]",
    "@@[a-z ]+@@",
]
'''


def test_config_patterns_protect_spans_in_fix_and_check(tmp_path: Path, glossary_file, monkeypatch, capsys) -> None:
    (tmp_path / "mtfix.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    text = tmp_path / "a.txt"
    text.write_text("See [[chain owner]] and @@chain owner@@: the chain owner.\n", encoding="utf-8")
    assert main(["check", str(text)]) == 1
    assert capsys.readouterr().out.count("'chain owner' -> 'chain leader'") == 1
    assert main(["fix", "-q", str(text)]) == 0
    assert text.read_text(encoding="utf-8") == "See [[chain owner]] and @@chain owner@@: the chain leader.\n"


def test_config_patterns_apply_with_named_glossaries(tmp_path: Path, glossary_file, monkeypatch) -> None:
    (tmp_path / "mtfix.toml").write_text('protect = ["<<[^>]+>>"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    text = tmp_path / "a.txt"
    text.write_text("<<chain owner>> chain owner\n", encoding="utf-8")
    assert main(["fix", "-q", "-g", str(glossary_file), str(text)]) == 0
    assert text.read_text(encoding="utf-8") == "<<chain owner>> chain leader\n"
    assert build_config(cwd=tmp_path).protect == ("<<[^>]+>>",)


@pytest.mark.parametrize(("body", "line", "words"), [
    ('glossaries = ["glossary.toml"]\nprotect = [\n  "ok+",\n  "[unclosed",\n]\n', 4, "not a valid regular expression"),
    ('protect = ["a*"]\n', 1, "matches empty text"),
    ('\nprotect = "x+"\n', 2, "'protect' must be a list of regular expressions"),
])
def test_bad_pattern_is_a_one_line_error(tmp_path: Path, glossary_file, monkeypatch, capsys, body, line, words) -> None:
    (tmp_path / "mtfix.toml").write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    text = tmp_path / "a.txt"
    text.write_text("the chain owner\n", encoding="utf-8")
    assert main(["fix", str(text)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{tmp_path / 'mtfix.toml'}:{line}: ") and words in err[0]
    assert text.read_text(encoding="utf-8") == "the chain owner\n"
