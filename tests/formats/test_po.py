from __future__ import annotations

import pytest
from translate.storage.pypo import pofile

from mtfix.batch import Mode, process_file
from mtfix.formats import po

PO = r'''# Chinese-English translation of the news site.
# Translator comment stays.
msgid ""
msgstr ""
"Project-Id-Version: news 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#. extracted comment
#: news.c:12
#, c-format
msgid "该企业是链主企业"
msgstr "The firm is a chain owner enterprise"

#: news.c:20
msgid "产业链主导"
msgstr "The chain owner leads"

msgctxt "title"
msgid "%d 个集聚区"
msgid_plural "%d 个集聚区"
msgstr[0] "%d gathering area"
msgstr[1] ""
"%d big \"gathering "
"areas\"\n"

#~ msgid "链主"
#~ msgstr "chain owner"
'''


def test_po_segments_with_plurals(tmp_path) -> None:
    path = tmp_path / "a.po"
    path.write_text(PO, encoding="utf-8")
    doc = po.load(str(path))
    assert [(s.ref, s.source, s.target) for s in doc.segments] == [
        ("line 12", "该企业是链主企业", "The firm is a chain owner enterprise"),
        ("line 16", "产业链主导", "The chain owner leads"),
        ("line 19 msgstr[0]", "%d 个集聚区", "%d gathering area"),
        ("line 19 msgstr[1]", "%d 个集聚区", '%d big "gathering areas"\n')]


def test_po_fix_keeps_header_comments_wrapping_and_reads_back(tmp_path, matcher) -> None:
    path = tmp_path / "a.po"
    path.write_text(PO, encoding="utf-8")
    result = process_file(str(path), matcher, Mode.FIX)
    assert [(f.segment, f.line) for f in result.findings] == [
        ("line 12", 13), ("line 19 msgstr[0]", 22), ("line 19 msgstr[1]", 24)]
    expected = (PO.replace("a chain owner enterprise", "a chain leader enterprise")
                .replace('"%d gathering area"', '"%d agglomeration zone"')
                .replace('"%d big \\"gathering "\n"areas\\"\\n"', '"%d big \\"agglomeration "\n"zones\\"\\n"'))
    assert path.read_text(encoding="utf-8") == expected
    store = pofile(path.read_bytes())
    units = {u.source: u for u in store.units if u.source}
    assert units["该企业是链主企业"].target == "The firm is a chain leader enterprise"
    assert units["产业链主导"].target == "The chain owner leads"
    assert store.units[0].isheader()


@pytest.mark.parametrize(("text", "line", "message"), [
    pytest.param('msgid "a"\nmsgstr "b\n', 2, "expected a quoted string ending the line", id="unterminated"),
    pytest.param('msgid "a"\nmsgstr "b"\nbogus\n', 3, "unexpected text: 'bogus'", id="junk"),
    pytest.param('"orphan"\n', 1, "a string continues nothing", id="orphan"),
    pytest.param('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 1, "msgid without msgstr", id="no-msgstr"),
    pytest.param('msgid "a"\nmsgstr "\\q"\n', 2, "unknown escape \\q in a string", id="escape"),
])
def test_po_syntax_errors_name_the_line(tmp_path, matcher, text: str, line: int, message: str) -> None:
    path = tmp_path / "bad.po"
    path.write_text(text, encoding="utf-8")
    result = process_file(str(path), matcher, Mode.FIX)
    assert str(result.error) == f"{path}:{line}: {message}"
    assert path.read_text(encoding="utf-8") == text


GBK_PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=GBK\\n"\n\n'
          '# 译者注释\nmsgid "该企业是链主企业"\nmsgstr "The firm is a chain owner"\n\n'
          'msgid "产业链主导"\nmsgstr "The chain owner leads"\n')


def test_po_in_the_charset_its_header_declares(tmp_path, matcher) -> None:
    path = tmp_path / "gbk.po"
    path.write_bytes(GBK_PO.encode("gbk"))
    assert [s.source for s in po.load(str(path)).segments] == ["该企业是链主企业", "产业链主导"]
    process_file(str(path), matcher, Mode.FIX)
    assert path.read_bytes() == GBK_PO.replace("a chain owner\"", "a chain leader\"").encode("gbk")
    assert pofile(path.read_bytes()).units[1].target == "The firm is a chain leader"


@pytest.mark.parametrize(("charset", "message"), [
    pytest.param("KLINGON", "unknown charset 'KLINGON' in the header", id="unknown"),
    pytest.param("ASCII", "cannot decode as ASCII, the charset the header declares", id="undecodable"),
])
def test_po_charset_errors_name_the_line(tmp_path, matcher, charset, message) -> None:
    path = tmp_path / "bad.po"
    data = GBK_PO.replace("GBK", charset).encode("gbk")
    path.write_bytes(data)
    result = process_file(str(path), matcher, Mode.FIX)
    assert str(result.error).startswith(f"{path}:")
    assert message in str(result.error)
    assert path.read_bytes() == data
