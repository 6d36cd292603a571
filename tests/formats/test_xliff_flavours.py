"""Vendor XLIFF flavours (issue 12): recognised by their root element whatever the
extension, fixed as XLIFF with every vendor element and attribute kept."""

from __future__ import annotations

import pytest
from translate.storage import xliff as tt_xliff

from mtfix.batch import Mode, process_file
from mtfix.formats import handler_for, xliff

# Trados Studio: segmented units (seg-source, mrk mtype="seg"), sdl: elements and attributes.
SDLXLIFF = """<?xml version="1.0" encoding="utf-8"?><xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" \
xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2" sdl:version="1.0">
<file original="C:\\\\work\\\\news.docx" datatype="x-sdlfilterframework2" source-language="zh-CN" \
target-language="en-US"><header><file-info xmlns="http://sdl.com/FileTypes/SdlXliff/1.0">\
<value key="SDL:FileId">0f5c1e1c-7f1d-4c3b-9d6e-3d1b8b0a9e11</value></file-info>\
<sdl:filetype-info><sdl:filetype-id>Word 2007 v 2.0.0.0</sdl:filetype-id></sdl:filetype-info>\
<tag-defs><tag id="5"><bpt name="cf" word-end="false">&lt;cf bold=&quot;True&quot;&gt;</bpt>\
<ept name="cf" word-end="false">&lt;/cf&gt;</ept></tag></tag-defs></header><body>
<group><sdl:cxts><sdl:cxt id="1"/></sdl:cxts>
<trans-unit id="3a0e41c4-2b8f-4a5c-8f37-1d2e9a3c5b70"><source>该企业是链主企业。集聚区。</source>\
<seg-source><mrk mtype="seg" mid="1">该企业是<g id="5">链主</g>企业。</mrk><mrk mtype="seg" mid="2">集聚区。</mrk>\
</seg-source><target><mrk mtype="seg" mid="1">The firm is a <g id="5">chain owner</g> enterprise.</mrk> \
<mrk mtype="seg" mid="2">The gathering area.</mrk></target><sdl:seg-defs>\
<sdl:seg id="1" conf="Translated" origin="mt" origin-system="Engine"/><sdl:seg id="2" conf="Draft" origin="mt"/>\
</sdl:seg-defs></trans-unit>
<trans-unit id="9b1c0d2e-5f60-4a71-8b92-a3b4c5d6e7f8"><source>链主</source><seg-source>\
<mrk mtype="seg" mid="3">链主</mrk></seg-source><target><mrk mtype="seg" mid="3">chain owner</mrk></target>\
<sdl:seg-defs><sdl:seg id="3" locked="true" conf="ApprovedSignOff"/></sdl:seg-defs></trans-unit>
</group>
</body></file></xliff>"""

# memoQ: XLIFF 1.2 with mq: attributes on units and native codes in <ph>.
MQXLIFF = """\ufeff<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff" version="1.2">
  <file original="news.docx" source-language="zho-CN" target-language="eng-US" datatype="x-mq-docx" \
mq:filetype="docx" mq:ID="5c6f2a1e-0d0b-4d3f-9a8e-7b6c5d4e3f21">
    <header><mq:importsettings /></header>
    <body>
      <trans-unit id="1" mq:status="MachineTranslated" mq:segmentguid="a1b2c3d4-0000-4000-8000-000000000001" \
mq:lastchanginguser="mt" mq:lastchangedtimestamp="2024-03-05T10:11:12Z" mq:percent="0">
        <source xml:space="preserve">链主企业\
<ph id="1">&lt;mq:rxt displaytext="br" val="&lt;br/&gt;" /&gt;</ph>集聚区</source>
        <target xml:space="preserve">A chain owner firm\
<ph id="1">&lt;mq:rxt displaytext="br" val="&lt;br/&gt;" /&gt;</ph>\
in the gathering area</target>
        <mq:minorversions />
      </trans-unit>
      <trans-unit id="2" mq:status="ManuallyConfirmed" mq:segmentguid="a1b2c3d4-0000-4000-8000-000000000002">
        <source xml:space="preserve">没有术语</source>
        <target xml:space="preserve">A chain owner, untouched without evidence.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

SDL_FIXED = (SDLXLIFF.replace('<g id="5">chain owner</g>', '<g id="5">chain leader</g>')
             .replace("The gathering area.</mrk>", "The agglomeration zone.</mrk>"))
MQ_FIXED = MQXLIFF.replace("A chain owner firm<ph", "A chain leader firm<ph").replace(
    "in the gathering area</target>", "in the agglomeration zone</target>")


@pytest.mark.parametrize(("name", "content", "fixed"), [
    pytest.param("news.sdlxliff", SDLXLIFF, SDL_FIXED, id="sdlxliff"),
    pytest.param("news.mqxliff", MQXLIFF, MQ_FIXED, id="mqxliff"),
    pytest.param("news.xml", MQXLIFF, MQ_FIXED, id="xliff-as-xml"),
    pytest.param("news", SDLXLIFF, SDL_FIXED, id="no-extension"),
])
def test_vendor_xliff_is_fixed_as_xliff_keeping_every_other_byte(tmp_path, matcher, name, content, fixed) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    assert handler_for(str(path)) is xliff
    result = process_file(str(path), matcher, Mode.FIX)
    assert result.error is None
    assert path.read_bytes() == fixed.encode("utf-8")
    assert process_file(str(path), matcher, Mode.FIX).count == 0  # a second pass changes nothing


def test_sdlxliff_target_mrk_segments_are_the_segments(tmp_path) -> None:
    path = tmp_path / "news.sdlxliff"
    path.write_text(SDLXLIFF, encoding="utf-8")
    doc = xliff.load(str(path))
    # one segment per target <mrk mtype="seg">, its source the seg-source <mrk> with the same mid;
    # the locked segment (sdl:seg locked="true") is left out
    assert [(s.ref.rsplit("/", 1)[-1], s.source, s.target) for s in doc.segments] == [
        ("1", "该企业是链主企业。", "The firm is a chain owner enterprise."),
        ("2", "集聚区。", "The gathering area.")]


@pytest.mark.parametrize(("name", "content"), [
    pytest.param("news.sdlxliff", SDLXLIFF, id="sdlxliff"), pytest.param("news.mqxliff", MQXLIFF, id="mqxliff")])
def test_fixed_vendor_xliff_reads_back_with_translate_toolkit(tmp_path, matcher, name, content) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    before = tt_xliff.xlifffile(path.read_bytes())
    process_file(str(path), matcher, Mode.FIX)
    after = tt_xliff.xlifffile(path.read_bytes())
    assert len(after.units) == len(before.units)
    assert [u.source for u in after.units] == [u.source for u in before.units]
    assert "chain leader" in after.units[0].target
    assert "gathering area" not in after.units[0].target


def test_sdlxliff_check_places_findings_in_the_target_mrk(tmp_path, matcher) -> None:
    path = tmp_path / "news.sdlxliff"
    path.write_text(SDLXLIFF, encoding="utf-8")
    findings = process_file(str(path), matcher, Mode.CHECK).findings
    assert [(f.match, f.source) for f in findings if f.kind == "variant"] == [
        ("chain owner", "该企业是链主企业。"), ("gathering area", "集聚区。")]
    line = SDLXLIFF.split("\n")[findings[0].line - 1]
    assert line[findings[0].column - 1:].startswith("chain owner</g>")
