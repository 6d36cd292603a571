"""Charsets of PO and XML files: read as gettext and translate-toolkit read them, and a
fix the charset cannot hold refused in one line (issue 12, items 5 and 6)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.formats import po

SNOWMAN = '[[term]]\nid = "x"\npreferred = "chain leader ☃"\nvariants = ["chain owner"]\n'
PLAIN = '[[term]]\nid = "x"\npreferred = "chain leader"\nvariants = ["chain owner"]\n'


def _glossary(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "g.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _fix(capsys: pytest.CaptureFixture[str], glossary: Path, path: Path) -> tuple[int, list[str]]:
    code = main(["fix", "-q", "-g", str(glossary), str(path)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines()


@pytest.mark.parametrize("header", [
    pytest.param('"Content-Type: text/plain; charset= koi8-r\\n"\n', id="space-after-equals"),
    pytest.param('"Content-Type: text/plain; charset=\t KOI8-R\\n"\n', id="tab-and-upper-case"),
    pytest.param('"Content-Type: text/plain; charset=koi8_r\\n"\n', id="alias"),
    pytest.param('"Content-Type: text/plain; "\n"charset=KOI8-R\\n"\n', id="split-across-strings"),
])
def test_po_header_charset_is_read_as_gettext_reads_it(tmp_path, header) -> None:
    path = tmp_path / "ru.po"
    text = 'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n' + header + '\nmsgid "жук"\nmsgstr "жук chain owner"\n'
    path.write_bytes(text.encode("koi8-r"))
    assert [(s.source, s.target) for s in po.load(str(path)).segments] == [("жук", "жук chain owner")]


def test_po_charset_in_an_entry_is_no_declaration(tmp_path) -> None:
    """Only the header entry (msgid "") declares the charset; a mail template's text does not."""
    path = tmp_path / "mail.po"
    text = ('msgid "Mail header"\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1 — é"\n\n'
            'msgid "链主"\nmsgstr "chain owner"\n')
    path.write_text(text, encoding="utf-8")
    assert po.load(str(path)).segments[0].target == "Content-Type: text/plain; charset=ISO-8859-1 — é"


def test_po_fix_cp1251_cannot_hold_is_one_line_and_file_untouched(tmp_path, capsys) -> None:
    path = tmp_path / "ru.po"
    data = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CP1251\\n"\n\n'
            'msgid "x"\nmsgstr "Жук, the chain owner"\n').encode("cp1251")
    path.write_bytes(data)
    code, err = _fix(capsys, _glossary(tmp_path, SNOWMAN), path)
    assert (code, err[:1]) == (2, [f"{path}:6: cannot write '☃' (U+2603) in cp1251, the file's charset; "
                                "the file was left as it is"])
    assert path.read_bytes() == data
    assert sorted(os.listdir(tmp_path)) == ["g.toml", "ru.po"]


XLIFF = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n'
         '<xliff version="1.2"><file source-language="zh" target-language="fr" datatype="plaintext" original="a">'
         '<body>\n<trans-unit id="1"><source>x</source><target>{}</target></trans-unit>\n</body></file></xliff>\n')


def test_xml_charset_cannot_hold_is_written_as_a_reference(tmp_path, capsys) -> None:
    path = tmp_path / "a.xlf"
    path.write_bytes(XLIFF.format("d&#xe9;j&#224; the chain owner").encode("latin-1"))
    assert _fix(capsys, _glossary(tmp_path, SNOWMAN), path)[0] == 0
    assert path.read_bytes() == XLIFF.format("d&#xe9;j&#224; the chain leader &#9731;").encode("latin-1")


def test_xml_cdata_cannot_hold_is_refused(tmp_path, capsys) -> None:
    """In CDATA a character reference is only text: the fix is refused, not written as "&#9731;"."""
    path = tmp_path / "a.xlf"
    data = XLIFF.format("<![CDATA[déjà the chain owner]]>").encode("latin-1")
    path.write_bytes(data)
    code, err = _fix(capsys, _glossary(tmp_path, SNOWMAN), path)
    assert (code, err[:1]) == (2, [f"{path}:3: cannot write '☃' (U+2603) in iso8859-1, the file's charset; "
                                "the file was left as it is"])
    assert path.read_bytes() == data


def test_xml_cdata_in_its_charset_is_fixed(tmp_path, capsys) -> None:
    path = tmp_path / "a.xlf"
    path.write_bytes(XLIFF.format("<![CDATA[déjà the chain owner]]>").encode("latin-1"))
    assert _fix(capsys, _glossary(tmp_path, PLAIN), path)[0] == 0
    assert path.read_bytes() == XLIFF.format("<![CDATA[déjà the chain leader]]>").encode("latin-1")


def test_po_charset_name_with_non_ascii_bytes_is_a_one_line_error(tmp_path, capsys) -> None:
    path = tmp_path / "a.po"
    data = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=\xfc8\\n"\n\nmsgid "x"\nmsgstr "chain owner"\n'
    path.write_bytes(data)
    code, err = _fix(capsys, _glossary(tmp_path, PLAIN), path)
    assert (code, err[:1]) == (2, [f"{path}:3: unknown charset '\xfc8' in the header"])
    assert path.read_bytes() == data
