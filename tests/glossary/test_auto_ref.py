"""The ``ref`` and ``auto`` keys: load, lint, show, add, import/export round trips."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.errors import GlossaryError
from mtfix.glossary.dump import term_toml
from mtfix.glossary.lint import WARNING, is_url, lint_files
from mtfix.glossary.load import load_glossaries, parse_glossary
from mtfix.model import Term

GLOSSARY = textwrap.dedent('''\
    [[term]]
    id = "investigation-tour"
    preferred = "investigation tour"
    variants = ["inspection"]
    source = ["考察"]
    auto = false
    ref = "https://english.www.gov.cn/news/a.html"

    [[term]]
    id = "chain-leader"
    preferred = "chain leader"
    variants = ["chain owner"]
    source = ["链主"]
    ref = ["https://www.chinadaily.com.cn/a/1.html", "http://example.org/chain|leader?x=1"]
    note = "lead enterprise"
''')


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "g.toml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def _term(body: str) -> Term:
    return parse_glossary(f'[[term]]\npreferred = "a b"\nvariants = ["c d"]\n{body}\n', "g.toml").terms[0]


@pytest.mark.parametrize(("body", "ref", "auto"), [
    pytest.param("", (), True, id="defaults"),
    pytest.param('ref = "https://a.cn/x"', ("https://a.cn/x",), True, id="one-url-as-a-string"),
    pytest.param('ref = [" https://a.cn/x ", "http://b.cn"]', ("https://a.cn/x", "http://b.cn"), True,
                 id="list-stripped"),
    pytest.param("auto = false", (), False, id="auto-false"),
    pytest.param('auto = true\nref = "see the State Council site"', ("see the State Council site",), True,
                 id="any-string-loads"),
])
def test_load(body: str, ref: tuple[str, ...], auto: bool) -> None:
    term = _term(body)
    assert (term.ref, term.auto) == (ref, auto)


@pytest.mark.parametrize(("body", "message"), [
    pytest.param("ref = 3", "'ref' must be a string or a list of strings", id="ref-number"),
    pytest.param("ref = [1]", "'ref' must be a string or a list of strings", id="ref-list-of-numbers"),
    pytest.param('ref = ""', "'ref' holds an empty string", id="ref-empty"),
    pytest.param('ref = ["https://a.cn", " "]', "'ref' holds an empty string", id="ref-blank-item"),
    pytest.param('auto = "no"', "'auto' must be a boolean, not str", id="auto-string"),
    pytest.param("aut = false", "unknown key 'aut' (did you mean 'auto'?)", id="auto-misspelt"),
])
def test_load_refuses(body: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=re.escape(message)) as caught:
        _term(body)
    assert caught.value.line == 4


# ---------------------------------------------------------------- lint

@pytest.mark.parametrize(("url", "ok"), [
    ("https://english.www.gov.cn/", True), ("HTTP://EN.GD.GOV.CN/a?b=c", True), ("http://x", True),
    ("www.gov.cn/a", False), ("ftp://a.cn/x", False), ("https://", False), ("https://a.cn/a b", False),
    ("https://[::1", False), ("China Daily, 3 May", False),
])
def test_is_url(url: str, ok: bool) -> None:
    assert is_url(url) is ok


def _lint(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "l.toml"
    path.write_text(text, encoding="utf-8")
    return [str(p).replace(str(path), "l.toml") for p in lint_files([str(path)])]


def test_lint_clean_with_urls_and_auto_false_with_source(tmp_path: Path) -> None:
    assert _lint(tmp_path, GLOSSARY) == []


def test_lint_warns_about_refs_that_are_not_urls(tmp_path: Path) -> None:
    text = '[[term]]\npreferred = "a b"\nvariants = ["c d"]\nref = ["https://ok.cn", "www.gov.cn"]\n'
    assert _lint(tmp_path, text) == ['l.toml:4: warning: term "a-b": ref "www.gov.cn" is not an http(s) URL; '
                                     'a ref says where the preferred form is attested']


def test_lint_warns_about_auto_false_without_source(tmp_path: Path) -> None:
    text = '[[term]]\npreferred = "matchmaking"\nvariants = ["docking"]\n\nauto = false\n'
    problems = lint_files([str(tmp_path / "x.toml")], {str(tmp_path / "x.toml"): text})
    assert [(p.line, p.severity) for p in problems] == [(5, WARNING)]
    assert "auto = false and no source forms, so fix never rewrites its variants" in problems[0].message
    assert _lint(tmp_path, text.replace("auto = false", 'source = ["对接"]\nauto = false')) == []


def test_lint_reports_an_empty_ref_leniently(tmp_path: Path) -> None:
    text = '[[term]]\npreferred = "a b"\nvariants = ["c d"]\nref = ""\n'
    assert _lint(tmp_path, text) == ["l.toml:4: term 1 (\"a b\"): 'ref' holds an empty string"]


# ---------------------------------------------------------------- show

def test_show_table_has_an_auto_column_only_when_needed(glossary: Path, tmp_path: Path, capsys) -> None:
    assert main(["glossary", "show", str(glossary)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "PREFERRED", "SOURCE", "AUTO", "VARIANTS"]
    assert lines[1].split() == ["investigation-tour", "investigation", "tour", "考察", "no", "inspection"]
    assert lines[2].split() == ["chain-leader", "chain", "leader", "链主", "chain", "owner"]
    plain = tmp_path / "p.toml"
    plain.write_text(GLOSSARY.replace("auto = false\n", ""), encoding="utf-8")
    assert main(["glossary", "show", str(plain)]) == 0
    assert capsys.readouterr().out.splitlines()[0].split() == ["ID", "PREFERRED", "SOURCE", "VARIANTS"]


def test_show_term_lists_refs_whole_and_auto(glossary: Path, capsys) -> None:
    long = "https://english.www.gov.cn/" + "x" * 120 + ".html"
    glossary.write_text(GLOSSARY.replace("https://english.www.gov.cn/news/a.html", long), encoding="utf-8")
    assert main(["glossary", "show", str(glossary), "--term", "investigation-tour"]) == 0
    out = capsys.readouterr().out
    assert f"ref           {long}\n" in out
    assert "auto          false: fixed only where the source has the term" in out
    assert main(["glossary", "show", str(glossary), "--term", "chain-leader"]) == 0
    lines = capsys.readouterr().out.splitlines()
    refs = lines.index("ref           https://www.chinadaily.com.cn/a/1.html")
    assert lines[refs + 1] == "              http://example.org/chain|leader?x=1"
    assert not any(line.startswith("auto") for line in lines)


# ---------------------------------------------------------------- add

def test_add_new_term_with_refs_and_no_auto(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.toml"
    assert main(["glossary", "add", str(path), "--preferred", "matchmaking", "--variant", "docking",
                 "--source", "对接", "--ref", "https://a.cn/1", "--ref", "https://a.cn/2", "--no-auto"]) == 0
    (term,) = load_glossaries([str(path)]).terms
    assert (term.ref, term.auto) == (("https://a.cn/1", "https://a.cn/2"), False)
    assert "warning" not in capsys.readouterr().err


def test_add_merges_refs_and_auto_keeping_the_file(glossary: Path, capsys) -> None:
    assert main(["glossary", "add", str(glossary), "--preferred", "investigation tour",
                 "--ref", "https://english.www.gov.cn/news/a.html", "--ref", "https://b.cn/x", "--auto"]) == 0
    text = glossary.read_text(encoding="utf-8")
    assert text.startswith(GLOSSARY.split("auto = false")[0])  # everything before the change kept
    term = load_glossaries([str(glossary)]).terms[0]
    assert (term.ref, term.auto) == (("https://english.www.gov.cn/news/a.html", "https://b.cn/x"), True)
    assert main(["glossary", "add", str(glossary), "--preferred", "chain leader", "--ref", "https://c.cn",
                 "--no-auto"]) == 0
    term = load_glossaries([str(glossary)]).terms[1]
    assert term.ref[-1] == "https://c.cn" and len(term.ref) == 3 and term.auto is False
    before = glossary.read_bytes()
    assert main(["glossary", "add", str(glossary), "--preferred", "chain leader", "--ref", "https://c.cn"]) == 0
    assert glossary.read_bytes() == before and "unchanged" in capsys.readouterr().err


def test_add_warns_about_what_lint_warns_about(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.toml"
    assert main(["glossary", "add", str(path), "--preferred", "matchmaking", "--variant", "docking",
                 "--ref", "chinadaily", "--no-auto"]) == 0
    err = capsys.readouterr().err
    assert 'ref "chinadaily" is not an http(s) URL' in err and "auto = false and no source forms" in err
    assert load_glossaries([str(path)]).terms[0].ref == ("chinadaily",)


def test_add_refuses_an_empty_ref(glossary: Path, capsys) -> None:
    before = glossary.read_bytes()
    assert main(["glossary", "add", str(glossary), "--preferred", "chain leader", "--ref", " "]) == 2
    assert "--ref is an empty string; nothing written" in capsys.readouterr().err
    assert glossary.read_bytes() == before


def test_dump_writes_both_keys() -> None:
    term = Term("a b", ("c d",), ref=("https://x.cn",), auto=False)
    text = term_toml(term)
    assert 'auto = false' in text and 'ref = ["https://x.cn"]' in text
    assert parse_glossary(text).terms == (term,)
    plain = term_toml(Term("a b", ("c d",)))
    assert "\nauto =" not in plain and "\nref =" not in plain


# ---------------------------------------------------------------- import / export

@pytest.mark.parametrize("fmt", ["csv", "tsv", "tbx"])
def test_round_trip(glossary: Path, tmp_path: Path, capsys, fmt: str) -> None:
    exported, back = tmp_path / f"g.{fmt}", tmp_path / "back.toml"
    assert main(["glossary", "export", str(glossary), "--format", fmt, "-o", str(exported)]) == 0
    assert main(["glossary", "import", str(exported), "-o", str(back)]) == 0
    terms = load_glossaries([str(back)]).terms
    assert terms == load_glossaries([str(glossary)]).terms
    assert (terms[0].auto, terms[1].ref[1]) == (False, "http://example.org/chain|leader?x=1")


def test_csv_columns(glossary: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "g.csv"
    assert main(["glossary", "export", str(glossary), "--format", "csv", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",id,ref,auto,context")
    assert lines[1].endswith(",https://english.www.gov.cn/news/a.html,false,")
    assert lines[2].endswith(",https://www.chinadaily.com.cn/a/1.html|http://example.org/chain\\|leader?x=1,,")


@pytest.mark.parametrize(("cell", "auto"), [("", True), ("true", True), ("yes", True), ("FALSE", False),
                                            ("no", False), ("0", False)])
def test_csv_auto_cell(tmp_path: Path, capsys, cell: str, auto: bool) -> None:
    path, back = tmp_path / "t.csv", tmp_path / "t.toml"
    path.write_text(f"preferred,variants,auto,ref\nmatchmaking,docking,{cell},https://a.cn | https://b.cn\n",
                    encoding="utf-8")
    assert main(["glossary", "import", str(path), "-o", str(back)]) == 0
    (term,) = load_glossaries([str(back)]).terms
    assert (term.auto, term.ref) == (auto, ("https://a.cn", "https://b.cn"))


def test_csv_auto_cell_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "t.csv"
    path.write_text("preferred,variants,auto\nmatchmaking,docking,maybe\n", encoding="utf-8")
    assert main(["glossary", "import", str(path), "-o", str(tmp_path / "t.toml")]) == 2
    assert f"{path}:2: auto must be true or false, not 'maybe'" in capsys.readouterr().err


TBX = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader><fileDesc><sourceDesc><p>client</p></sourceDesc></fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="c1">
          <xref type="externalCrossReference" target="https://a.cn/entry">entry level</xref>
          <xref type="xGraphic" target="https://a.cn/picture.png">a picture, not a ref</xref>
          <langSec xml:lang="zh"><termSec><term>对接</term></termSec></langSec>
          <langSec xml:lang="en">
            <note>mtfix-auto: false</note>
            <termSec><term>matchmaking</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
              <xref type="xSource">https://b.cn/term</xref></termSec>
            <termSec><term>docking</term>
              <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
          </langSec>
        </conceptEntry>
      </body></text>
    </tbx>
    """)


def test_tbx_reads_xrefs_and_the_auto_note(tmp_path: Path, capsys) -> None:
    path, back = tmp_path / "t.tbx", tmp_path / "t.toml"
    path.write_text(TBX, encoding="utf-8")
    assert main(["glossary", "import", str(path), "-o", str(back)]) == 0
    (term,) = load_glossaries([str(back)]).terms
    assert (term.preferred, term.variants, term.auto) == ("matchmaking", ("docking",), False)
    assert term.ref == ("https://a.cn/entry", "https://b.cn/term") and term.note == ""


def test_tbx_export_puts_refs_on_the_preferred_term(glossary: Path, tmp_path: Path, capsys) -> None:
    from lxml import etree

    out = tmp_path / "g.tbx"
    assert main(["glossary", "export", str(glossary), "--format", "tbx", "-o", str(out)]) == 0
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    root = etree.parse(str(out)).getroot()
    refs = root.xpath("//t:conceptEntry[@id='chain-leader']//t:termSec[t:term='chain leader']"
                      "/t:xref[@type='externalCrossReference']/@target", namespaces=ns)
    assert refs == ["https://www.chinadaily.com.cn/a/1.html", "http://example.org/chain|leader?x=1"]
    notes = root.xpath("//t:conceptEntry[@id='investigation-tour']/t:langSec[@xml:lang='en']/t:note/text()",
                       namespaces=ns)
    assert notes == ["mtfix-auto: false"]
