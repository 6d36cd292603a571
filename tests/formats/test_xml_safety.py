from __future__ import annotations

import pytest

from mtfix.batch import Mode, process_file

XXE = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY local "chain owner">]>
<xliff version="1.2"><file source-language="zh" target-language="en" datatype="plaintext" original="x">
<body><trans-unit id="1"><source>链主</source><target>&xxe; the chain owner &local;</target></trans-unit>
</body></file></xliff>
"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tmx version="1.4"><header srclang="zh" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"
 creationtool="t" creationtoolversion="1"/><body><tu><tuv xml:lang="zh"><seg>链主</seg></tuv>
<tuv xml:lang="en"><seg>&lol9; chain owner</seg></tuv></tu></body></tmx>
"""


def test_external_entity_is_neither_fetched_nor_expanded(tmp_path, matcher) -> None:
    path = tmp_path / "x.xlf"
    path.write_text(XXE)
    result = process_file(str(path), matcher, Mode.FIX)
    assert result.error is None and [f.match for f in result.findings] == ["chain owner"]
    text = path.read_text()
    assert "root:" not in text
    assert text == XXE.replace("the chain owner &local;", "the chain leader &local;")


def test_billion_laughs_is_refused_by_the_bounded_parser(tmp_path, matcher) -> None:
    path = tmp_path / "x.tmx"
    path.write_text(LAUGHS)
    result = process_file(str(path), matcher, Mode.FIX)
    assert "entity amplification" in str(result.error)
    assert str(result.error).startswith(f"{path}:")
    assert path.read_text() == LAUGHS


@pytest.mark.parametrize(("name", "text", "line"), [
    pytest.param("a.xlf", '<xliff version="1.2">\n<file>\n<body>\n</file></xliff>\n', 4, id="xliff"),
    pytest.param("a.tmx", "<tmx>\n<body>\n<tu></tuv>\n", 3, id="tmx"),
])
def test_malformed_xml_reports_file_and_line(tmp_path, matcher, name: str, text: str, line: int) -> None:
    path = tmp_path / name
    path.write_text(text)
    result = process_file(str(path), matcher, Mode.FIX)
    assert str(result.error).startswith(f"{path}:{line}: malformed XML")
    assert path.read_text() == text
