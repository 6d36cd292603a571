"""A PO entry's format flags choose the placeholder families that apply to it
(issue 12), as gettext means them: ``X-format`` says the text is an X format
string (only X's directives are placeholders), ``no-X-format`` says it is not
(X's directives are plain text); without a flag every family applies."""

from __future__ import annotations

import pytest

from mtfix.cli import main
from mtfix.engine.placeholders import FAMILIES, MARKDOWN, families_for_flags, protected_spans

GLOSSARY = '''\
[[term]]
preferred = "entry"
variants = ["message"]
source = ["消息"]
'''


def _directives(families: tuple[str, ...]) -> set[str]:
    return {f for f in families if f in ("printf", "braces", "ruby", "shell")}


@pytest.mark.parametrize(("flags", "directives"), [
    pytest.param((), {"printf", "braces", "ruby", "shell"}, id="no-flag"),
    pytest.param(("fuzzy", "no-wrap"), {"printf", "braces", "ruby", "shell"}, id="other-flags"),
    pytest.param(("c-format",), {"printf"}, id="c"),
    pytest.param(("python-format",), {"printf"}, id="python"),
    pytest.param(("python-brace-format",), {"braces"}, id="python-brace"),
    pytest.param(("ruby-format",), {"ruby", "printf"}, id="ruby"),
    pytest.param(("sh-format",), {"shell"}, id="sh"),
    pytest.param(("python-format", "python-brace-format"), {"printf", "braces"}, id="both"),
    pytest.param(("no-c-format",), {"braces", "ruby", "shell"}, id="no-c"),
    pytest.param(("no-python-format", "no-python-brace-format"), {"ruby", "shell"}, id="neither"),
    pytest.param(("python-format", "no-c-format"), {"printf"}, id="positive-wins"),
    pytest.param(("qt-format",), set(), id="qt-directives-unmodelled"),
    pytest.param(("possible-c-format",), {"printf"}, id="possible"),
    pytest.param(("made-up-format",), {"printf", "braces", "ruby", "shell"}, id="unknown"),
])
def test_families_for_flags(flags: tuple[str, ...], directives: set[str]) -> None:
    chosen = families_for_flags(flags)
    assert _directives(chosen) == directives
    assert set(chosen) - directives == set(FAMILIES) - {"printf", "braces", "ruby", "shell"}  # markup always
    assert "markdown" in families_for_flags(flags, FAMILIES + MARKDOWN)


def test_flags_change_what_is_protected() -> None:
    text = "%(message)s {message}"
    assert protected_spans(text, families_for_flags(["python-format"])) == [(0, 11)]
    assert protected_spans(text, families_for_flags(["no-python-format"])) == [(12, 21)]
    assert protected_spans(text) == [(0, 11), (12, 21)]


PO = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#, python-format
msgid "消息 %(message)s {message}"
msgstr "message %(message)s {message} <b title=\"message\">"

#, no-python-format
msgid "消息 %(message)s {message}"
msgstr "message %(message)s {message} <b title=\"message\">"

#, fuzzy, python-brace-format
msgid "消息 %(message)s {message}"
msgstr "message %(message)s {message} <b title=\"message\">"

msgid "消息 %(message)s {message}"
msgstr "message %(message)s {message} <b title=\"message\">"
'''


def test_po_entries_protect_what_their_flags_say(tmp_path) -> None:
    glossary, path = tmp_path / "g.toml", tmp_path / "a.po"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    path.write_text(PO, encoding="utf-8")
    assert main(["fix", "-q", "-g", str(glossary), str(path)]) == 0
    targets = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith('msgstr "e')]
    assert targets == [
        r'msgstr "entry %(message)s {entry} <b title=\"message\">"',  # python-format: braces are text
        r'msgstr "entry %(entry)s {message} <b title=\"message\">"',  # no-python-format: % is text
        r'msgstr "entry %(entry)s {message} <b title=\"message\">"',  # python-brace-format
        r'msgstr "entry %(message)s {message} <b title=\"message\">"',  # no flag: every family
    ]
