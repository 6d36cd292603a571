"""Termbases as CAT tools export them: definitions, ids, separators, wrong languages, unclosed quotes."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mtfix.cli import main
from mtfix.glossary.load import load_glossaries

# memoQ / TermWeb style: definition in a descripGrp, or inside the target langSet; several terms per language.
TBX_DEFINITIONS = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <martif type="TBX" xml:lang="en-US">
      <martifHeader><fileDesc><sourceDesc><p>memoQ export</p></sourceDesc></fileDesc></martifHeader>
      <text><body>
        <termEntry id="_a1">
          <descrip type="subjectField">planning</descrip>
          <descripGrp><descrip type="definition">zone where firms of one industry cluster</descrip></descripGrp>
          <langSet xml:lang="zh-CN"><tig><term>集聚区</term></tig></langSet>
          <langSet xml:lang="en-US">
            <tig><term>agglomeration zone</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
            <tig><term>gathering area</term>
              <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
          </langSet>
        </termEntry>
      </body></text>
    </martif>
    """)
TBX_V3_LANGSEC_DEFINITION = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader><fileDesc><sourceDesc><p>TermWeb</p></sourceDesc></fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="c1">
          <langSec xml:lang="zh-Hans"><termSec><term>链主</term></termSec></langSec>
          <langSec xml:lang="en-GB">
            <descrip type="definition">lead enterprise of an industrial chain</descrip>
            <termSec><term>chain leader</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
          </langSec>
        </conceptEntry>
      </body></text>
    </tbx>
    """)


def _import(tmp_path: Path, name: str, data: bytes, *flags: str) -> tuple[int, Path]:
    source, out = tmp_path / name, tmp_path / "out.toml"
    source.write_bytes(data)
    return main(["glossary", "import", str(source), "-o", str(out), *flags]), out


def test_definitions_in_descrip_groups_and_language_sections_become_notes(tmp_path: Path, capsys) -> None:
    code, out = _import(tmp_path, "memoq.tbx", TBX_DEFINITIONS.encode())
    assert code == 0
    assert load_glossaries([str(out)]).terms[0].note == "zone where firms of one industry cluster"
    code, out = _import(tmp_path, "termweb.tbx", TBX_V3_LANGSEC_DEFINITION.encode())
    assert code == 0
    assert load_glossaries([str(out)]).terms[0].note == "lead enterprise of an industrial chain"


def test_a_tbx_in_other_languages_is_refused_with_the_languages_it_has(tmp_path: Path, capsys) -> None:
    code, out = _import(tmp_path, "t.tbx", TBX_DEFINITIONS.encode(), "--target-lang", "de")
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert "no concept has a 'de' term" in err and "en-US, zh-CN" in err


def test_ids_that_are_not_xml_names_survive_tbx(tmp_path: Path, capsys) -> None:
    from lxml import etree

    glossary = tmp_path / "g.toml"
    glossary.write_text('[[term]]\npreferred = "5G network"\nvariants = ["5G net"]\n', encoding="utf-8")
    exported, back = tmp_path / "g.tbx", tmp_path / "back.toml"
    assert main(["glossary", "export", str(glossary), "--format", "tbx", "-o", str(exported)]) == 0
    (entry,) = etree.parse(str(exported)).getroot().iter("{*}conceptEntry")
    assert entry.get("id")[0].isalpha() or entry.get("id")[0] == "_"  # xsd:ID, as TBX-Basic requires
    assert main(["glossary", "import", str(exported), "-o", str(back)]) == 0
    assert load_glossaries([str(back)]).terms == load_glossaries([str(glossary)]).terms


def test_a_separator_inside_a_variant_survives_csv(tmp_path: Path, capsys) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text('[[term]]\npreferred = "either way"\nvariants = ["this|that", "a \\\\ b"]\n',
                        encoding="utf-8")
    exported, back = tmp_path / "g.csv", tmp_path / "back.toml"
    assert main(["glossary", "export", str(glossary), "--format", "csv", "-o", str(exported)]) == 0
    assert main(["glossary", "import", str(exported), "-o", str(back)]) == 0
    assert load_glossaries([str(back)]).terms[0].variants == ("this|that", "a \\ b")


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path, capsys) -> None:
    data = 'source,preferred,variants,note\n链主,chain leader,"chain owner\n集聚区,agglomeration zone,x,\n'
    code, out = _import(tmp_path, "t.csv", data.encode())
    assert code == 2 and not out.exists()
    assert f"{tmp_path / 't.csv'}:2: " in capsys.readouterr().err


def test_messages_count_terms_in_english(tmp_path: Path, capsys) -> None:
    code, _ = _import(tmp_path, "t.csv", b"source,preferred,variants,note\n,chain leader,chain owner,\n")
    assert code == 0 and "1 term imported" in capsys.readouterr().err
