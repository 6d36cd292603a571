"""PO findings are placed at their line and column in the file as an editor shows
it (issue 12): an escape (``\\"``, ``\\n``, ``\\\\``, ``\\t``, octal bytes) is two or
more characters in the file and one in the text, and continuation strings sit on
lines of their own, whatever ``\\n`` the text holds."""

from __future__ import annotations

from pathlib import Path

from mtfix.cli import main

PO = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

msgid "链主"
msgstr "Say \"hi\" to the chain owner\n"
"then \\the\tchain owner; caf\303\251 chain owner"

msgid "链主企业"
msgstr ""
"\n"
"\n"
"A chain owner"
'''


def _positions(out: str) -> list[str]:
    return [line.split(": ", 1)[0].split(":", 1)[1] for line in out.splitlines()]


def test_columns_count_the_files_characters(tmp_path: Path, glossary_file, capsys) -> None:
    path = tmp_path / "a.po"
    path.write_text(PO, encoding="utf-8")
    assert main(["check", "-g", str(glossary_file), str(path)]) == 1
    lines = PO.split("\n")
    expected = []
    for number, column in ((6, lines[5].index("chain owner")), (7, lines[6].index("chain owner")),
                           (7, lines[6].rindex("chain owner")), (13, lines[12].index("chain owner"))):
        expected.append(f"{number}:{column + 1}")
    assert _positions(capsys.readouterr().out) == expected == ["6:27", "7:14", "7:39", "13:4"]
