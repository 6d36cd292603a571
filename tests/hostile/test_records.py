"""Hostile records: JSONL edited only inside the target string, JSONL faults as
one-line errors, an XML scanner that DOCTYPE markup cannot desynchronise, PO
charsets and escapes."""

from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mtfix.cli import main
from mtfix.errors import InputError
from mtfix.formats import po, xmldoc, xmlscan
from mtfix.formats.jsonl import fix_line, splice_target
from mtfix.formats.records import Fields, fix_record
from mtfix.formats.safexml import parse_xml
from mtfix.formats.spans import LineIndex, line_and_column


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines()


def refused(capsys, glossary_file, path, data: bytes, message: str) -> None:
    """``fix`` stops with exactly ``FILE:LINE: message``, exit 2, the file as it was, no temporary file."""
    before = sorted(os.listdir(path.parent))
    code, err = run(capsys, "fix", "-q", "-g", str(glossary_file), str(path))
    assert (code, err[:1]) == (2, [f"{path}:{message}"])
    assert path.read_bytes() == data
    assert sorted(os.listdir(path.parent)) == before


# --- JSONL: surgical edits -------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    pytest.param(b'{"tgt": "x", "tgt": "a chain owner"}', b'{"tgt": "x", "tgt": "a chain leader"}',
                 id="duplicate-key-last-wins"),
    pytest.param(b'{"tgt": "chain owner", "n": 1E400, "tgt": "chain owner"}',
                 b'{"tgt": "chain owner", "n": 1E400, "tgt": "chain leader"}', id="duplicate-key-first-kept"),
    pytest.param(b'{"n": 1e999, "tgt": "chain owner"}', b'{"n": 1e999, "tgt": "chain leader"}', id="1e999"),
    pytest.param(b'{"a": 1.10, "b": 1e5, "c": 0.1000000000000000055511151231257827, "tgt": "chain owner"}',
                 b'{"a": 1.10, "b": 1e5, "c": 0.1000000000000000055511151231257827, "tgt": "chain leader"}',
                 id="numbers-as-written"),
    pytest.param(b'{"url": "a\\/b", "tgt": "chain owner \\/ x"}', b'{"url": "a\\/b", "tgt": "chain leader \\/ x"}',
                 id="solidus-escapes"),
    pytest.param(b'  {  "tgt"  :  "chain owner"  ,"z":[1 , 2]}\t ', b'  {  "tgt"  :  "chain leader"  ,"z":[1 , 2]}\t ',
                 id="whitespace"),
    pytest.param(b'{"z": "\\u00e9\\n", "tgt": "\\u94fe chain owner \\u00E9", "a": null}',
                 b'{"z": "\\u00e9\\n", "tgt": "\\u94fe chain leader \\u00E9", "a": null}', id="other-escapes"),
    pytest.param(b'{"t\\u0067t": "chain owner", "nested": {"tgt": "chain owner"}}',
                 b'{"t\\u0067t": "chain leader", "nested": {"tgt": "chain owner"}}', id="escaped-key-nested-same-key"),
])
def test_jsonl_changes_only_the_target_bytes(tmp_path, glossary_file, capsys, line, expected) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"tgt": "fine"}\n' + line + b"\r\n")
    code, _ = run(capsys, "fix", "-q", "-g", str(glossary_file), str(path))
    assert code == 0
    assert path.read_bytes() == b'{"tgt": "fine"}\n' + expected + b"\r\n"


@pytest.mark.parametrize(("body", "new", "expected"), [
    pytest.param('{"tgt": "\\u94fe a"}', "链 b é", '{"tgt": "\\u94fe b \\u00e9"}', id="ascii-style-kept"),
    pytest.param('{"tgt": "\\u94FE a"}', "链 b é", '{"tgt": "\\u94FE b \\u00E9"}', id="upper-hex-kept"),
    pytest.param('{"tgt": "链 a"}', "链 b é", '{"tgt": "链 b é"}', id="raw-utf8-kept"),
    pytest.param('{"x": "\\u94fe", "tgt": "a"}', "é", '{"x": "\\u94fe", "tgt": "\\u00e9"}', id="line-style"),
    pytest.param('{"tgt": "a\\/b"}', "a/b/c", '{"tgt": "a\\/b\\/c"}', id="solidus-style"),
    pytest.param('{"tgt": "\\u003cb\\u003e"}', '<i>"x"\n', '{"tgt": "\\u003ci\\u003e\\"x\\"\\n"}',
                 id="html-safe-style"),
    pytest.param('{"tgt": "\\ud83d\\ude00 a"}', "😀 b 😁", '{"tgt": "\\ud83d\\ude00 b \\ud83d\\ude01"}',
                 id="surrogate-pairs"),
])
def test_new_text_is_escaped_like_the_original(body, new, expected) -> None:
    assert splice_target(body.encode(), "tgt", new).decode() == expected
    assert json.loads(expected)["tgt"] == new


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6)
_PAIRS = st.lists(st.tuples(st.sampled_from(["id", "src", "tgt", "a/b", "é"]), _VALUES), max_size=5)
_WORDS = st.lists(st.sampled_from(["chain owner", "cluster area", "链主", "é", "a/b", "\n", '"', "\\", "x"]),
                  max_size=6).map(" ".join)


def _line(pairs: list[tuple[str, object]], target: str, at: int, ascii_only: bool, compact: bool,
          solidus: bool) -> tuple[bytes, int, int]:
    """A JSON object written by hand from ``pairs`` with ``"tgt": target`` inserted at ``at``
    (so the target's span is known), and that span."""
    def dump(value: object) -> str:
        text = json.dumps(value, ensure_ascii=ascii_only)
        return text.replace("/", "\\/") if solidus else text

    comma, colon = (",", ":") if compact else (", ", ": ")
    items = [dump(k) + colon + dump(v) for k, v in pairs]
    head = "{" + "".join(item + comma for item in items[:at]) + dump("tgt") + colon
    value = dump(target)
    rest = "".join(comma + item for item in items[at:] if not item.startswith('"tgt"')) + "}"
    start = len(head.encode())
    return (head + value + rest).encode(), start, start + len(value.encode())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs=_PAIRS, old=_WORDS, new=_WORDS, at=st.integers(0, 5), ascii_only=st.booleans(),
       compact=st.booleans(), solidus=st.booleans())
def test_splice_changes_only_the_target_span(pairs, old, new, at, ascii_only, compact, solidus) -> None:
    line, start, end = _line(pairs, old, at, ascii_only, compact, solidus)
    out = splice_target(line, "tgt", new)
    assert out[:start + 1] == line[:start + 1] and out[len(out) - (len(line) - end) - 1:] == line[end - 1:]
    assert json.loads(out[start:len(out) - (len(line) - end)]) == new
    assert json.loads(out) == {**json.loads(line), "tgt": new}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs=_PAIRS, text=_WORDS, at=st.integers(0, 5), ascii_only=st.booleans(), compact=st.booleans())
def test_fixed_record_parses_to_the_same_object_but_its_target(matcher, pairs, text, at, ascii_only,
                                                               compact) -> None:
    line, start, end = _line(pairs, text, at, ascii_only, compact, False)
    out, _ = fix_line(line + b"\n", matcher, Fields(), "c.jsonl", 1)
    fixed, _ = fix_record(json.loads(line), Fields(), matcher)
    assert json.loads(out) == (fixed if fixed is not None else json.loads(line))
    assert out[:start + 1] == line[:start + 1] and out.endswith(line[end - 1:] + b"\n")


# --- JSONL: faults -------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "message"), [
    pytest.param(b'{"tgt": "chain owner", "n": ' + b"7" * 5000 + b"}",
                 "2: cannot read a number: Exceeds the limit (4300 digits) for integer string conversion",
                 id="5000-digits"),
    pytest.param(b'{"tgt": "chain owner", "n": ' + b"[" * 2000 + b"]" * 2000 + b"}",
                 "2: arrays or objects nested too deeply to read", id="2000-deep"),
])
def test_jsonl_faults_are_one_line_errors(tmp_path, glossary_file, capsys, line, message) -> None:
    path = tmp_path / "c.jsonl"
    data = b'{"tgt": "chain owner"}\n' + line + b"\n"
    path.write_bytes(data)
    refused(capsys, glossary_file, path, data, message)


def test_lone_surrogate_refused_only_where_a_fix_would_write_it(tmp_path, glossary_file, capsys) -> None:
    """A lone surrogate cannot be shown or written as UTF-8: a record that needs a fix is refused
    (line 2); one without findings (line 1) is no reason to stop and would be kept byte for byte."""
    path = tmp_path / "c.jsonl"
    data = b'{"tgt": "nothing here \\udc00", "x": "\\ud800"}\n{"tgt": "chain owner \\ud800"}\n'
    path.write_bytes(data)
    refused(capsys, glossary_file, path, data, "2: field 'tgt' holds a lone surrogate escape \\ud800, which is "
                                               "not text; mtfix leaves such records to be repaired by hand")


# --- XML: the scanner agrees with the parser -----------------------------------------------

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
{doctype}<xliff version="1.2"><file source-language="zh" target-language="en" datatype="plaintext" original="x">
<body><trans-unit id="1"><source>链主</source><target>{target}</target></trans-unit>
{between}<trans-unit id="2"><source>集聚区</source><target>a cluster area</target></trans-unit>
</body></file></xliff>
"""
TMX = """<?xml version="1.0" encoding="UTF-8"?>
{doctype}<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="t" creationtoolversion="1" o-tmf="t"/><body>
<tu><tuv xml:lang="zh-CN"><seg>链主</seg></tuv><tuv xml:lang="en"><seg>{target}</seg></tuv></tu>
{between}<tu><tuv xml:lang="zh-CN"><seg>集聚区</seg></tuv><tuv xml:lang="en"><seg>a cluster area</seg></tuv></tu>
</body></tmx>
"""
# A comment that, to a scanner fooled by the "[" in the DOCTYPE, holds a whole document.
DECOY = ('<!-- ] x> <{root}><file><body><trans-unit><source>s</source><target>the chain owner</target>'
         '</trans-unit></body></file></{root}> -->\n')
BRACKET = '<!DOCTYPE {root} SYSTEM "a[b.dtd">\n'
# Each case puts a "]" and a ">" after the DOCTYPE where a scanner that does not know
# DOCTYPE quoting would end the DOCTYPE and lose (or invent) elements.
NASTY = [
    pytest.param(BRACKET, "the chain owner", DECOY, id="doctype-system-bracket"),
    pytest.param('<!DOCTYPE {root} SYSTEM "d.dtd" [\n<!-- ] " \' > <seg>x</seg> -->\n<!ENTITY e "]>[\'">\n'
                 '<?pi ]> ?>\n<!ATTLIST seg a CDATA "]">\n]>\n', "the chain owner", "", id="doctype-internal-subset"),
    pytest.param(BRACKET, "the chain owner<![CDATA[ ]] ]> </target><target> ]]]]>", "<![CDATA[x]]>\n",
                 id="cdata-brackets"),
    pytest.param(BRACKET, "the chain owner<!-- <target>chain owner</target> -->", "<!-- ] </body> <target> -->\n",
                 id="comment-with-tags"),
    pytest.param(BRACKET, "the chain owner<?pi <target> ?>", '<?pi a="]>" <target>?>\n', id="processing-instruction"),
    pytest.param(BRACKET, 'the <x id="a]>b" ctype="a>b"/>chain owner', "", id="attribute-with-brackets"),
]


@pytest.mark.parametrize("template", [pytest.param(XLIFF, id="xliff"), pytest.param(TMX, id="tmx")])
@pytest.mark.parametrize(("doctype", "target", "between"), NASTY)
def test_fix_edits_the_segment_the_parser_reads(tmp_path, glossary_file, capsys, template, doctype, target,
                                                between) -> None:
    root = "xliff" if template is XLIFF else "tmx"
    suffix = ".xlf" if template is XLIFF else ".tmx"
    text = template.format(doctype=doctype.format(root=root), target=target, between=between.format(root=root))
    path = tmp_path / f"a{suffix}"
    path.write_text(text, encoding="utf-8")
    code, _ = run(capsys, "fix", "-q", "-g", str(glossary_file), str(path))
    fixed = path.read_text(encoding="utf-8")
    # Only the first (the real) segment changes; a decoy in a comment stays as it is.
    expected = text.replace(target, target.replace("chain owner", "chain leader", 1), 1)
    expected = expected.replace(">a cluster area<", ">an agglomeration zone<")
    assert (code, fixed) == (0, expected)
    parsed = etree.fromstring(fixed.encode(), etree.XMLParser(resolve_entities=False, load_dtd=False))
    assert "chain leader" in "".join(parsed.itertext())


def test_fooled_scanner_is_refused_not_followed(tmp_path, glossary_file, capsys, monkeypatch) -> None:
    """With the old DOCTYPE pattern the scanner is fooled into the decoy comment (element
    names and count still agree); the cross-check must refuse the file, not edit the comment."""
    old = (r"""<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"""
           r"""|</[^>]*>|<(?:"[^"]*"|'[^']*'|[^'">])*>""")
    monkeypatch.setattr(xmlscan, "_MARKUP", re.compile(old, re.S))
    path = tmp_path / "a.xlf"
    text = XLIFF.format(doctype='<!DOCTYPE xliff SYSTEM "a[b.dtd">\n', target="the chain owner",
                        between=DECOY.format(root="xliff"))
    path.write_text(text, encoding="utf-8")
    message = " cannot locate the elements of this XML file in its text (unusual markup); it was left as it is"
    refused(capsys, glossary_file, path, text.encode(), message)
    assert run(capsys, "check", "-q", "-g", str(glossary_file), str(path))[0] == 2


def test_text_the_parser_reads_differently_is_refused() -> None:
    """A scanner that agrees on every tag but misplaces text (here one character) is caught."""
    text = '<r a=">">\n<s>ab<c/>de</s>\n</r>'
    scanned = xmlscan.scan(text)
    start, end, kind = scanned.tokens[3]
    assert (text[start:end], kind) == ("ab", "text")
    scanned.tokens[3] = (start + 1, end, kind)
    with pytest.raises(InputError) as caught:
        xmlscan.aligned(scanned, parse_xml(text.encode(), "x.xml"), "x.xml")
    assert str(caught.value) == ("x.xml:2: the XML parser and mtfix's scanner read this file's text differently "
                                 "(unusual DOCTYPE, comment or CDATA markup); it was left as it is")


def test_target_pieces_that_differ_from_the_parser_are_refused(tmp_path, glossary_file, capsys,
                                                               monkeypatch) -> None:
    """The last guard: the pieces about to be edited must join to the parser's text of the target."""
    real = xmldoc.pieces
    monkeypatch.setattr(xmldoc, "pieces", lambda *args: real(*args)[:-1])
    path = tmp_path / "a.xlf"
    text = XLIFF.format(doctype="", target='the chain owner <g id="1">x</g> and more', between="")
    path.write_text(text, encoding="utf-8")
    message = ("3: the XML parser and mtfix's scanner read this file's text differently "
               "(unusual DOCTYPE, comment or CDATA markup); it was left as it is")
    refused(capsys, glossary_file, path, text.encode(), message)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="ab\n\r\u2028", max_size=40), data=st.data())
def test_line_index_gives_the_positions_of_a_scan_from_the_start(text, data) -> None:
    """XML and PO segments take their line and column from one index per file (a count
    from the start of the text for every segment made big files quadratic)."""
    pos = data.draw(st.integers(0, len(text)))
    assert LineIndex(text)(pos) == line_and_column(text, pos)


# --- PO: charsets and escapes -------------------------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={}\\n"\n\n'


@pytest.mark.parametrize("charset", ["rot13", "hex", "base64", "zlib", "bz2", "uu", "quopri", "unicode_escape"])
def test_po_charset_that_is_no_text_encoding_is_refused(tmp_path, glossary_file, capsys, charset) -> None:
    path = tmp_path / "a.po"
    data = (HEADER.format(charset) + 'msgid "链主"\nmsgstr "chain owner"\n').encode()
    path.write_bytes(data)
    refused(capsys, glossary_file, path, data, f"3: charset '{charset}' in the header is not a text encoding")


def test_po_charset_after_a_space_is_read(tmp_path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes((HEADER.format(" koi8-r") + 'msgid "ж"\nmsgstr "жук chain owner"\n').encode("koi8-r"))
    assert [(s.source, s.target) for s in po.load(str(path)).segments] == [("ж", "жук chain owner")]


ESCAPED = 'msgid "链主"\nmsgstr "\\101\\x41 \\303\\251 \u2028 \f \\f ok"\n\n'


def test_po_escapes_are_read_and_kept(tmp_path, glossary_file, capsys) -> None:
    path = tmp_path / "a.po"
    text = HEADER.format("UTF-8") + ESCAPED + 'msgid "链主"\nmsgstr "\\101 chain owner \u2028"\n'
    path.write_text(text, encoding="utf-8")
    targets = [s.target for s in po.load(str(path)).segments]
    assert targets == ["AA é \u2028 \f \f ok", "A chain owner \u2028"]
    assert run(capsys, "fix", "-q", "-g", str(glossary_file), str(path))[0] == 0
    assert path.read_text(encoding="utf-8") == text.replace("\\101 chain owner", "A chain leader")
    assert [s.target for s in po.load(str(path)).segments] == [targets[0], "A chain leader \u2028"]


@pytest.mark.parametrize(("string", "message"), [
    pytest.param("\\777", "escapes \\777 are not utf-8 text", id="over-255"),
    pytest.param("\\xff\\xfe", "escapes \\xff\\xfe are not utf-8 text", id="not-utf8"),
])
def test_po_bad_numeric_escapes_name_the_line(tmp_path, glossary_file, capsys, string, message) -> None:
    path = tmp_path / "a.po"
    data = (HEADER.format("UTF-8") + f'msgid "链主"\nmsgstr "chain owner {string}"\n').encode()
    path.write_bytes(data)
    refused(capsys, glossary_file, path, data, f"6: {message}")


def test_po_fix_the_charset_cannot_hold_is_refused(tmp_path, capsys) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text('[[term]]\nid = "x"\npreferred = "chain leader ☃"\nvariants = ["chain owner"]\n',
                        encoding="utf-8")
    path = tmp_path / "a.po"
    data = (HEADER.format("CP1251") + 'msgid "x"\nmsgstr "Жук"\n\nmsgid "y"\nmsgstr "the chain owner"\n'
            ).encode("cp1251")
    path.write_bytes(data)
    refused(capsys, glossary, path, data,
            "9: cannot write '☃' (U+2603) in cp1251, the file's charset; the file was left as it is")
