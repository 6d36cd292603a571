from __future__ import annotations

from translate.storage import tmx as tt_tmx

from mtfix.batch import Mode, process_file
from mtfix.formats import tmx

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x"
          adminlang="en" srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu tuid="7">
      <prop type="x-origin">mt</prop>
      <tuv xml:lang="en-US"><seg>The chain owner of the <hi>gathering area</hi>.</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>集聚區的鏈主</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="zh-CN"><seg>产业链主导</seg></tuv>
      <tuv xml:lang="en-US"><seg>The chain owner leads.</seg></tuv>
    </tu>
    <tu tuid="9">
      <tuv xml:lang="zh-CN"><seg>链主</seg></tuv>
      <tuv xml:lang="en-US"><seg>chain <bpt i="1">&lt;i&gt;</bpt>owner<ept i="1">&lt;/i&gt;</ept></seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_tmx_source_is_the_srclang_tuv_wherever_it_is(tmp_path) -> None:
    path = tmp_path / "m.tmx"
    path.write_text(TMX, encoding="utf-8")
    doc = tmx.load(str(path))
    assert [(s.ref, s.source, s.target) for s in doc.segments] == [
        ("7", "集聚區的鏈主", "The chain owner of the gathering area."),
        ("tu 2", "产业链主导", "The chain owner leads."),
        ("9", "链主", "chain owner")]


def test_tmx_fix_with_traditional_source_and_decoy(tmp_path, matcher) -> None:
    path = tmp_path / "m.tmx"
    path.write_text(TMX, encoding="utf-8")
    check = process_file(str(path), matcher, Mode.CHECK).findings
    assert [(f.kind, f.segment, f.match) for f in check] == [
        ("variant", "7", "chain owner"), ("variant", "7", "gathering area"), ("split", "9", "chain owner")]
    process_file(str(path), matcher, Mode.FIX)
    assert path.read_text(encoding="utf-8") == TMX.replace(
        "The chain owner of the <hi>gathering area</hi>", "The chain leader of the <hi>agglomeration zone</hi>")
    store = tt_tmx.tmxfile(path.read_bytes())
    assert store.units[0].target == "The chain leader of the agglomeration zone."


REGIONAL = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en-US"
          srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu tuid="tw">
      <tuv xml:lang="en-US"><seg>Chain master firms settle here.</seg></tuv>
      <tuv xml:lang="zh-TW"><seg>鏈主企業落戶於此</seg></tuv>
    </tu>
    <tu tuid="underscore">
      <tuv xml:lang="zh_CN"><seg>链主企业</seg></tuv>
      <tuv xml:lang="en_US"><seg>chain owner firms</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_tmx_source_in_another_region_of_the_source_language(tmp_path, matcher) -> None:
    """srclang zh-CN, a unit from a Taiwan TM written in zh-TW: still the source, not a target."""
    path = tmp_path / "r.tmx"
    path.write_text(REGIONAL, encoding="utf-8")
    doc = tmx.load(str(path))
    assert [(s.ref, s.source, s.target) for s in doc.segments] == [
        ("tw", "鏈主企業落戶於此", "Chain master firms settle here."),
        ("underscore", "链主企业", "chain owner firms")]
    process_file(str(path), matcher, Mode.FIX)
    assert "Chain leader firms" in path.read_text(encoding="utf-8")
