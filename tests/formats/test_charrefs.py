"""Character references stay as written in rewritten XML runs (issue 12): only the
words of an edit are escaped afresh; every reference outside it is written back as read."""

from __future__ import annotations

import pytest

from mtfix.batch import Mode, process_file
from mtfix.formats.charrefs import Respell
from mtfix.formats.xmlscan import decode_text


def _respelled(raw: str, old: str, new: str) -> str:
    text = decode_text(raw)[0]
    assert old in text
    return Respell(raw, text).respell(text.replace(old, new))


@pytest.mark.parametrize(("raw", "old", "new", "expected"), [
    pytest.param("It&apos;s a chain owner.", "chain owner", "chain leader", "It&apos;s a chain leader.", id="apos"),
    pytest.param("chain owner&#x3000;&#xe0;", "owner", "leader", "chain leader&#x3000;&#xe0;", id="hex-after"),
    pytest.param("&lt;p>chain owner&lt;/p>", "owner", "leader", "&lt;p>chain leader&lt;/p>", id="half-escaped-tag"),
    pytest.param("&quot;chain owner&quot;&#13;&#10;next", "owner", "leader", "&quot;chain leader&quot;&#13;&#10;next",
                 id="quot-crlf"),
    pytest.param("a&#32;chain owner&#x20;b", "chain owner", "chain leader", "a&#32;chain leader&#x20;b",
                 id="space-refs-around"),
    pytest.param("the chain&#x20;owner", "chain owner", "chain leader", "the chain&#x20;leader", id="ref-inside-kept"),
    pytest.param("&#x41; gathering area", "A gathering area", "An agglomeration zone", "An agglomeration zone",
                 id="changed-word-rewritten"),
    pytest.param("x &amp; chain owner", "chain owner", "chain & leader", "x &amp; chain &amp; leader",
                 id="new-text-escaped"),
])
def test_only_the_words_of_the_edit_are_escaped_afresh(raw, old, new, expected) -> None:
    assert _respelled(raw, old, new) == expected


def test_unchanged_text_is_the_raw_text() -> None:
    raw = "&#xe0;&apos;&#13;&#10;"
    assert Respell(raw, decode_text(raw)[0]).respell(decode_text(raw)[0]) == raw


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh-CN" target-language="en" datatype="html" original="a.html">
    <body>
      <trans-unit id="1">
        <source>链主企业的&lt;p>集聚区</source>
        <target>The chain owner&apos;s &quot;firm&quot;&#x3000;voil&#xe0; \
&lt;p>in the gathering area&#13;&#10;&#224;</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


@pytest.mark.parametrize("encoding", ["UTF-8", "ISO-8859-1"])
def test_references_survive_a_fix_byte_for_byte(tmp_path, matcher, encoding) -> None:
    path = tmp_path / "refs.xlf"
    text = XLIFF.replace('encoding="UTF-8"', f'encoding="{encoding}"')
    path.write_bytes(text.encode(encoding, "xmlcharrefreplace"))  # the source as &#...;
    result = process_file(str(path), matcher, Mode.FIX)
    assert result.error is None and result.count == 2
    expected = text.replace("chain owner&apos;s", "chain leader&apos;s").replace(
        "in the gathering area&#13;", "in the agglomeration zone&#13;")
    assert path.read_bytes() == expected.encode(encoding, "xmlcharrefreplace")


def test_tmx_references_survive_a_fix(tmp_path, matcher) -> None:
    tmx = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
           'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" '
           'creationtoolversion="1"/><body><tu><tuv xml:lang="zh-CN"><seg>链主</seg></tuv>'
           '<tuv xml:lang="en"><seg>&apos;chain owner&apos;&#x3000;&#xe0;</seg></tuv></tu></body></tmx>\n')
    path = tmp_path / "m.tmx"
    path.write_text(tmx, encoding="utf-8")
    assert process_file(str(path), matcher, Mode.FIX).count == 1
    assert path.read_text(encoding="utf-8") == tmx.replace("chain owner", "chain leader")
