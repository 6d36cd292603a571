"""Markdown code is protected in .md files only; a bad ``protect`` pattern is a one-line error."""

from __future__ import annotations

from mtfix.cli import main

GLOSSARY = '[[term]]\npreferred = "entry"\nvariants = ["message"]\n'
TEXT = "A message with `message` code.\n\n```sh\necho message\n\necho message\n```\n\nmessage %(message)s\n"


def test_markdown_code_kept_in_md_only(tmp_path) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    md, txt = tmp_path / "a.md", tmp_path / "a.txt"
    md.write_text(TEXT, encoding="utf-8")
    txt.write_text(TEXT, encoding="utf-8")
    assert main(["fix", "-g", str(glossary), str(md), str(txt)]) == 0
    assert md.read_text(encoding="utf-8") == (
        "An entry with `message` code.\n\n```sh\necho message\n\necho message\n```\n\nentry %(message)s\n")
    assert txt.read_text(encoding="utf-8") == (
        "An entry with `entry` code.\n\n```sh\necho entry\n\necho entry\n```\n\nentry %(message)s\n")


def test_bad_protect_pattern_is_one_line_error(tmp_path, capsys) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text('[meta]\nprotect = ["(unclosed"]\n\n' + GLOSSARY, encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("message\n", encoding="utf-8")
    assert main(["fix", "-g", str(glossary), str(text)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"{glossary}:2:" in err and "not a valid regular expression" in err
    assert text.read_text(encoding="utf-8") == "message\n"
