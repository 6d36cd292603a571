"""TBX shapes met in real termbases (issue 12, item 7): empty terms, DCT-style data
categories, indented notes, region subtags kept on export."""

from __future__ import annotations

import textwrap
from pathlib import Path

from lxml import etree

from mtfix.cli import main
from mtfix.glossary.load import parse_glossary
from mtfix.glossary.tbx import TBX_NS, XML_LANG, read_tbx

# An SDL MultiTerm export: some languages of a concept were never filled in.
EMPTY_TERMS = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <martif type="TBX" xml:lang="en-US">
      <text><body>
        <termEntry id="c1">
          <langSet xml:lang="zh-CN"><tig><term>链主</term></tig></langSet>
          <langSet xml:lang="en-US">
            <tig><term>chain leader</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
            <tig><term/></tig>
            <tig><term>chain owner</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
          </langSet>
          <langSet xml:lang="de-DE"><tig><term/></tig></langSet>
        </termEntry>
        <termEntry id="c2">
          <langSet xml:lang="zh-CN"><tig><term></term></tig></langSet>
          <langSet xml:lang="en-US"><tig><term>agglomeration zone</term></tig></langSet>
        </termEntry>
      </body></text>
    </martif>
    """)

DCT = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
         xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:min="http://www.tbxinfo.net/ns/min">
      <tbxHeader><fileDesc><sourceDesc><p>dct</p></sourceDesc></fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="chain-leader">
          <descripGrp>
            <basic:definition>The lead enterprise
                              of an industrial chain.</basic:definition>
          </descripGrp>
          <langSec xml:lang="zh"><termSec><term>链主</term></termSec></langSec>
          <langSec xml:lang="en">
            <termSec><term>chain leader</term>
              <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus>
              <basic:externalCrossReference>https://example.org/chain-leader</basic:externalCrossReference>
            </termSec>
            <termSec><term>chain owner</term><min:usageStatus>notRecommended</min:usageStatus></termSec>
          </langSec>
        </conceptEntry>
      </body></text>
    </tbx>
    """)

NOTES = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <martif type="TBX" xml:lang="en">
      <text><body>
        <termEntry id="c1">
          <descrip type="definition">A zone where
                            firms gather.</descrip>
          <langSet xml:lang="en">
            <tig><term>agglomeration zone</term></tig>
          </langSet>
          <note>Also
                called a cluster zone.</note>
        </termEntry>
      </body></text>
    </martif>
    """)


def test_empty_terms_are_skipped_with_a_warning() -> None:
    glossary, warnings = read_tbx(EMPTY_TERMS.encode(), "sdl.tbx")
    assert [(t.id, t.preferred, t.variants, t.source) for t in glossary.terms] == [
        ("c1", "chain leader", ("chain owner",), ("链主",)), ("c2", "agglomeration zone", (), ())]
    assert warnings == ["sdl.tbx:8: skipped a <tig> with an empty <term> (en-US)",
                        "sdl.tbx:14: skipped a <tig> with an empty <term> (zh-CN)"]


def test_import_of_a_termbase_with_empty_terms_succeeds(tmp_path: Path, capsys) -> None:
    source, out = tmp_path / "sdl.tbx", tmp_path / "g.toml"
    source.write_text(EMPTY_TERMS, encoding="utf-8")
    assert main(["glossary", "import", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{source}:8: skipped a <tig> with an empty <term> (en-US)" in err
    terms = parse_glossary(out.read_text(encoding="utf-8")).terms
    assert [t.preferred for t in terms] == ["chain leader", "agglomeration zone"]


def test_dct_style_reads_like_dca() -> None:
    glossary, warnings = read_tbx(DCT.encode(), "dct.tbx")
    (term,) = glossary.terms
    assert warnings == []
    assert (term.preferred, term.variants, term.source) == ("chain leader", ("chain owner",), ("链主",))
    assert term.note == "The lead enterprise of an industrial chain."
    assert term.ref == ("https://example.org/chain-leader",)


def test_notes_and_definitions_have_their_whitespace_collapsed() -> None:
    glossary, _ = read_tbx(NOTES.encode(), "notes.tbx")
    assert glossary.terms[0].note == "A zone where firms gather."
    root = etree.fromstring(NOTES.encode())
    assert "\n" in root.find(".//note").text  # the file's own indentation, which is no part of the note


def test_export_keeps_region_subtags_as_they_came(tmp_path: Path, capsys) -> None:
    source, toml, exported = tmp_path / "sdl.tbx", tmp_path / "g.toml", tmp_path / "out.tbx"
    source.write_text(EMPTY_TERMS, encoding="utf-8")
    assert main(["glossary", "import", str(source), "-o", str(toml)]) == 0
    assert main(["glossary", "export", str(toml), "--format", "tbx", "-o", str(exported)]) == 0
    root = etree.fromstring(exported.read_bytes())
    langs = [e.get(XML_LANG) for e in root.iter(f"{{{TBX_NS}}}langSec")]
    assert root.get(XML_LANG) == "en-US"
    assert langs == ["zh-CN", "en-US", "en-US"]
    again, _ = read_tbx(exported.read_bytes(), str(exported))
    assert [t.preferred for t in again.terms] == ["chain leader", "agglomeration zone"]
