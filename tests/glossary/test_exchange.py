"""CSV/TSV and TBX import and export: round trips, hand-written TBX v2 and v3, malformed input."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.glossary.load import default_glossary_path, load_glossaries
from tests.conftest import TEST_GLOSSARY

TBX_V2 = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
    <martif type="TBX" xml:lang="en">
      <martifHeader><fileDesc><sourceDesc><p>client termbase</p></sourceDesc></fileDesc></martifHeader>
      <text><body>
        <termEntry id="c1">
          <descrip type="definition">lead enterprise of an industrial chain</descrip>
          <langSet xml:lang="zh-CN"><tig><term>链主</term></tig></langSet>
          <langSet xml:lang="en-US">
            <tig><term>chain owner</term>
              <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
            <tig><term>chain leader</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
            <tig><term>lead firm</term>
              <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
            <ntig><termGrp><term>chain master</term>
              <termNote type="normativeAuthorization">supersededTerm</termNote></termGrp></ntig>
          </langSet>
        </termEntry>
        <termEntry id="c2">
          <langSet xml:lang="zh"><tig><term>集聚区</term></tig><tig><term>聚集区</term></tig></langSet>
          <langSet xml:lang="en">
            <tig><term>agglomeration zone</term></tig>
            <tig><term>cluster area</term>
              <termNote type="normativeAuthorization">deprecatedTerm</termNote></tig>
          </langSet>
        </termEntry>
        <termEntry id="zh-only"><langSet xml:lang="zh"><tig><term>牛鼻子</term></tig></langSet></termEntry>
      </body></text>
    </martif>
    """)

TBX_V3 = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader><fileDesc><sourceDesc><p>v3</p></sourceDesc></fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="bri">
          <langSec xml:lang="zh"><termSec><term>一带一路</term></termSec></langSec>
          <langSec xml:lang="en">
            <termSec><term>Belt and Road</term>
              <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
            <termSec><term>Belt and Road Initiative</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
            <termSec><term>One Belt One Road</term>
              <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
          </langSec>
        </conceptEntry>
        <conceptEntry id="min">
          <langSec xml:lang="zh-Hans"><termSec><term>牛鼻子</term></termSec></langSec>
          <langSec xml:lang="en">
            <termSec><term>key link</term><termNote type="usageStatus">preferred</termNote></termSec>
            <termSec><term>bull nose</term><termNote type="usageStatus">notRecommended</termNote></termSec>
            <termSec><term>ox nose</term><termNote type="usageStatus">obsolete</termNote></termSec>
          </langSec>
        </conceptEntry>
      </body></text>
    </tbx>
    """)


def _import(tmp_path: Path, name: str, data: bytes, capsys=None) -> tuple[int, Path]:
    source, out = tmp_path / name, tmp_path / "out.toml"
    source.write_bytes(data)
    return main(["glossary", "import", str(source), "-o", str(out)]), out


def test_tbx_v2(tmp_path: Path, capsys) -> None:
    code, out = _import(tmp_path, "client.tbx", TBX_V2.encode())
    assert code == 0
    first, second = load_glossaries([str(out)]).terms
    assert (first.id, first.preferred, first.variants, first.accepted, first.source, first.note) == (
        "c1", "chain leader", ("chain owner", "chain master"), ("lead firm",), ("链主",),
        "lead enterprise of an industrial chain")
    assert (second.preferred, second.variants, second.source) == ("agglomeration zone", ("cluster area",),
                                                                  ("集聚区", "聚集区"))
    assert "client.tbx:28: skipped concept zh-only" in capsys.readouterr().err


def test_tbx_v3_basic_and_min(tmp_path: Path, capsys) -> None:
    code, out = _import(tmp_path, "v3.tbx", TBX_V3.encode())
    assert code == 0
    bri, key = load_glossaries([str(out)]).terms
    assert (bri.preferred, bri.accepted, bri.variants, bri.source) == (
        "Belt and Road Initiative", ("Belt and Road",), ("One Belt One Road",), ("一带一路",))
    assert (key.preferred, key.variants, key.source) == ("key link", ("bull nose", "ox nose"), ("牛鼻子",))


@pytest.mark.parametrize("fmt", ["tbx", "csv", "tsv"])
@pytest.mark.parametrize("source", ["bundled", "test"])
def test_round_trip(tmp_path: Path, capsys, fmt: str, source: str) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text(TEST_GLOSSARY if source == "test" else default_glossary_path().read_text("utf-8"),
                        encoding="utf-8")
    exported, back = tmp_path / f"g.{fmt}", tmp_path / "back.toml"
    assert main(["glossary", "export", str(glossary), "--format", fmt, "-o", str(exported)]) == 0
    assert main(["glossary", "import", str(exported), "-o", str(back)]) == 0
    assert load_glossaries([str(back)]).terms == load_glossaries([str(glossary)]).terms


def test_csv_export_opens_in_excel(tmp_path: Path, capsys) -> None:
    out = tmp_path / "g.csv"
    assert main(["glossary", "export", str(default_glossary_path()), "--format", "csv", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfsource,preferred,variants,note,")
    assert b"\r\n" in data and "集聚区".encode() in data


def test_tbx_export_is_tbx_basic_v3(tmp_path: Path, capsys) -> None:
    from lxml import etree

    out = tmp_path / "g.tbx"
    assert main(["glossary", "export", str(default_glossary_path()), "--format", "tbx", "-o", str(out)]) == 0
    root = etree.parse(str(out)).getroot()
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx" and root.get("type") == "TBX-Basic"
    statuses = root.xpath("//t:conceptEntry[@id='chain-leader']/t:langSec[@xml:lang='en']/t:termSec/t:termNote/text()",
                          namespaces=ns)
    assert statuses == ["preferredTerm-admn-sts"] + ["deprecatedTerm-admn-sts"] * 4


def test_csv_import_with_bom_and_tsv(tmp_path: Path, capsys) -> None:
    csv = "\ufeffsource,preferred,variants,note\r\n链主,chain leader,chain owner | chain master,\"lead, firm\"\r\n"
    code, out = _import(tmp_path, "terms.csv", csv.encode("utf-8"))
    assert code == 0
    (term,) = load_glossaries([str(out)]).terms
    assert (term.source, term.variants, term.note) == (("链主",), ("chain owner", "chain master"), "lead, firm")
    tsv = "source\tpreferred\tvariants\tnote\n集聚区\tagglomeration zone\tcluster area|gathering area\t\n"
    code, out = _import(tmp_path, "terms.tsv", tsv.encode("utf-8"))
    assert code == 0 and load_glossaries([str(out)]).terms[0].variants == ("cluster area", "gathering area")


MALFORMED = [
    pytest.param("t.csv", b"source,preferred,variants\n,x,y\n,,z\n", 3, "row has no preferred form", id="csv-row"),
    pytest.param("t.csv", b"source,term,variants\n", 1, "no 'preferred' column", id="csv-header"),
    pytest.param("t.csv", b"preferred,variants\nx,\xff\n", 2, "not valid UTF-8", id="csv-encoding"),
    pytest.param("t.tbx", b"<martif><text><body>\n<termEntry>\n</body></text></martif>", 3, "malformed XML",
                 id="tbx-syntax"),
    pytest.param("t.tbx", b"<martif><text><body><termEntry>\n<langSet xml:lang='en'><tig>\n</tig></langSet>"
                 b"</termEntry></body></text></martif>", 1, "no concept has a 'en' term", id="tbx-only-empty-tig"),
    pytest.param("t.tbx", b"<?xml version='1.0'?>\n<xliff/>", 2, "not a TBX file", id="tbx-root"),
]


@pytest.mark.parametrize(("name", "data", "line", "message"), MALFORMED)
def test_malformed_input_exits_2(tmp_path: Path, capsys, name: str, data: bytes, line: int, message: str) -> None:
    code, out = _import(tmp_path, name, data)
    assert code == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / name}:{line}: " in err and message in err
    assert not out.exists()


def test_tbx_entities_are_not_expanded(tmp_path: Path, capsys) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    data = (f'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>a &x;</term></tig></langSet>'
            '</termEntry></body></text></martif>').encode()
    code, out = _import(tmp_path, "evil.tbx", data)
    assert "TOP SECRET" not in (out.read_text("utf-8") if out.exists() else "")
