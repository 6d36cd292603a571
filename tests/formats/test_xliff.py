from __future__ import annotations

import pytest
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

from mtfix.batch import Mode, process_file
from mtfix.formats import xliff

XLIFF12 = """<?xml version='1.0' encoding='UTF-8'?>
<!-- exported by a CAT tool -->
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:m="urn:x-test">
  <file source-language="zh-CN" target-language="en-US" datatype="plaintext" original="news.txt">
    <body>
      <trans-unit id="u1" m:note='kept'>
        <source>该企业是<g id="1">链主</g>企业</source>
        <target state="translated">The firm is a <g id="1">chain owner</g> enterprise.</target>
      </trans-unit>
      <trans-unit id="u2">
        <source>产业链主导作用</source>
        <target state="needs-review-translation">The industrial chain owner  leads &amp; guides.</target>
      </trans-unit>
      <trans-unit id="u3">
        <source>鏈主和集聚區</source>
        <target>chain <x id="1"/>owner, a <bpt id="2">&lt;b&gt;</bpt>gathering area<ept id="2">&lt;/b&gt;</ept></target>
        <alt-trans><source>链主</source><target>chain owner</target></alt-trans>
      </trans-unit>
      <trans-unit id="u4">
        <source>集聚区</source>
        <target>A <mrk mtype="protected">gathering area</mrk> name and &#x41; gathering area<![CDATA[ <ok> ]]></target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en">
  <file id="f1">
    <unit id="1">
      <segment id="s1" state="translated">
        <source>链主企业</source>
        <target>A <pc id="1">chain owner</pc> firm</target>
      </segment>
      <segment id="s2">
        <source>集聚区<ph id="2"/></source>
        <target>The <pc id="3">gathering</pc> area<ph id="2"/></target>
      </segment>
    </unit>
    <unit id="2">
      <segment>
        <source>没有术语</source>
        <target>A chain owner, untouched without evidence.</target>
      </segment>
    </unit>
  </file>
</xliff>
"""


@pytest.fixture
def xlf12(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF12, encoding="utf-8")
    return path


def test_xliff12_segments_carry_source_and_tag_free_target(xlf12) -> None:
    doc = xliff.load(str(xlf12))
    assert [s.ref for s in doc.segments] == ["u1", "u2", "u3", "u4"]
    first = doc.segments[0]
    assert first.source == "该企业是链主企业"
    assert first.target == "The firm is a chain owner enterprise."
    assert first.protected == ((14, 14), (25, 25))
    assert doc.segments[2].target == "chain owner, a gathering area"  # native code left out
    assert doc.segments[3].target.endswith("A gathering area <ok> ")


def test_xliff12_fix_rewrites_only_evidenced_unsplit_targets(xlf12, matcher) -> None:
    result = process_file(str(xlf12), matcher, Mode.FIX)
    assert result.error is None
    assert [(f.segment, f.match) for f in result.findings] == [
        ("u1", "chain owner"), ("u3", "gathering area"), ("u4", "gathering area")]
    expected = (XLIFF12
                .replace('<g id="1">chain owner</g>', '<g id="1">chain leader</g>')
                .replace('owner, a <bpt id="2">&lt;b&gt;</bpt>gathering area',
                         'owner, an <bpt id="2">&lt;b&gt;</bpt>agglomeration zone')
                .replace("name and &#x41; gathering area<!", "name and An agglomeration zone<!"))
    assert xlf12.read_text(encoding="utf-8") == expected


def test_xliff12_check_reports_split_variant(xlf12, matcher) -> None:
    findings = process_file(str(xlf12), matcher, Mode.CHECK).findings
    split = [f for f in findings if f.kind == "split"]
    assert [(f.segment, f.match, f.source) for f in split] == [("u3", "chain owner", "鏈主和集聚區")]
    assert not any(f.segment == "u2" for f in findings)  # 链主 straddles 产业链/主导: no evidence


def test_xliff12_untouched_units_are_byte_identical(xlf12, matcher) -> None:
    before = xlf12.read_bytes()
    process_file(str(xlf12), matcher, Mode.FIX)
    after = xlf12.read_bytes()
    for unit in ("u2",):
        start = before.index(f'<trans-unit id="{unit}">'.encode())
        end = before.index(b"</trans-unit>", start)
        assert before[start:end] in after
    assert after.startswith(before[:before.index(b"<trans-unit")])
    assert b"<alt-trans><source>\xe9\x93\xbe\xe4\xb8\xbb</source><target>chain owner</target>" in after


def test_xliff12_reads_back_with_translate_toolkit(xlf12, matcher) -> None:
    process_file(str(xlf12), matcher, Mode.FIX)
    store = tt_xliff.xlifffile(xlf12.read_bytes())
    targets = {u.getid().split("\x04")[-1]: u.target for u in store.units}
    assert "chain leader" in targets["u1"]
    assert targets["u2"].startswith("The industrial chain owner")


def test_xliff20_segments_and_fix(tmp_path, matcher) -> None:
    path = tmp_path / "b.xliff"
    path.write_text(XLIFF20, encoding="utf-8")
    doc = xliff.load(str(path))
    assert [s.ref for s in doc.segments] == ["1/s1", "1/s2", "2"]
    result = process_file(str(path), matcher, Mode.CHECK)
    assert [(f.kind, f.segment) for f in result.findings] == [("variant", "1/s1"), ("split", "1/s2")]
    process_file(str(path), matcher, Mode.FIX)
    text = path.read_text(encoding="utf-8")
    assert text == XLIFF20.replace('<pc id="1">chain owner</pc>', '<pc id="1">chain leader</pc>')
    store = tt_xliff2.Xliff2File(path.read_bytes())
    assert any("chain leader" in (u.target or "") for u in store.units)


@pytest.mark.parametrize("version, unit, group", [
    pytest.param("1.2", "trans-unit", "group", id="1.2"),
    pytest.param("2.0", "unit", "group", id="2.0"),
])
def test_units_marked_translate_no_are_left_alone(tmp_path, matcher, version, unit, group) -> None:
    def body(attrs: str, uid: str) -> str:
        pair = "<source>链主企业</source><target>chain owner firm</target>"
        inner = f"<segment>{pair}</segment>" if version == "2.0" else pair
        return f'<{unit} id="{uid}"{attrs}>{inner}</{unit}>'

    no, yes = ' translate="no"', ' translate="yes"'
    text = (f'<xliff version="{version}" xmlns="urn:oasis:names:tc:xliff:document:{version}">'
            f'<file id="f" original="a"><body>{body(no, "no")}'
            f'<{group} id="g"{no}>{body("", "inherited")}{body(yes, "yes")}</{group}>'
            f'{body("", "plain")}</body></file></xliff>\n')
    if version == "2.0":
        text = text.replace("<body>", "").replace("</body>", "")
    path = tmp_path / "t.xlf"
    path.write_text(text, encoding="utf-8")
    assert [s.ref for s in xliff.load(str(path)).segments] == ["yes", "plain"]
    process_file(str(path), matcher, Mode.FIX)
    assert path.read_text(encoding="utf-8").count("chain owner firm") == 2
