"""``context``: English words that, in the same paragraph, make an ``auto = false``
term apply in plain text as its source forms would in a bilingual segment."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.cli import main
from mtfix.engine import compile_glossary, fix_text
from mtfix.glossary.lint import lint_files
from mtfix.glossary.load import parse_glossary
from mtfix.glossary.tabular import read_table, write_table
from mtfix.glossary.tbx import read_tbx, write_tbx
from mtfix.model import KIND_SUGGESTION

GLOSSARY = textwrap.dedent('''\
    [[term]]
    id = "macao"
    preferred = "Macao"
    variants = ["Macau"]
    source = ["澳门"]
    auto = false
    context = ["Guangdong", "Greater Bay Area", "Special Administrative Region"]
    exceptions = ["University of Macau"]

    [[term]]
    id = "matchmaking"
    preferred = "matchmaking"
    variants = ["docking"]
    auto = false

    [[term]]
    id = "investment-promotion"
    preferred = "investment promotion"
    variants = ["investment recruitment"]
''')
MATCHER = compile_glossary(parse_glossary(GLOSSARY, "g.toml"))


def fixed(text: str) -> str:
    return fix_text(text, MATCHER)[0]


# (text, expected after fix); every row whose text is the expected one is a no-op twin.
GOLDEN = [
    ("Guangdong and Macau signed.", "Guangdong and Macao signed."),
    ("Casino revenue in Macau rose.", "Casino revenue in Macau rose."),
    ("Macau joined the Greater Bay Area plan.", "Macao joined the Greater Bay Area plan."),
    ("Macau joined the Greater\nBay Area plan.", "Macao joined the Greater\nBay Area plan."),
    ("Macau Special Administrative Region", "Macao Special Administrative Region"),
    # context words are matched as written: whole words, case and all
    ("guangdong and Macau", "guangdong and Macau"),
    ("Guangdongese and Macau", "Guangdongese and Macau"),
    ("Greater Bay and Macau", "Greater Bay and Macau"),
    # exceptions still hold where the context applies
    ("Guangdong and the University of Macau", "Guangdong and the University of Macau"),
    # another term's auto = false variants need their own evidence
    ("Guangdong docking and Macau", "Guangdong docking and Macao"),
    # the scope is the paragraph: a blank line, or a line break after a sentence end, cuts it
    ("Guangdong grew.\n\nMacau grew.", "Guangdong grew.\n\nMacau grew."),
    ("Guangdong grew.\nMacau grew.", "Guangdong grew.\nMacau grew."),
    ("Guangdong grew,\nMacau grew.", "Guangdong grew,\nMacao grew."),
    ("Macau grew.\nMacau and Guangdong.", "Macau grew.\nMacao and Guangdong."),
    # automatic terms are untouched by all this
    ("investment recruitment in Macau", "investment promotion in Macau"),
    ("investment recruitment in Macau, Guangdong", "investment promotion in Macao, Guangdong"),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN)
def test_golden(text: str, expected: str) -> None:
    assert fixed(text) == expected
    assert fixed(expected) == expected  # idempotent


def test_findings_say_why() -> None:
    _, findings = fix_text("Macau, Guangdong. Macau grew.\n\nMacau grew.", MATCHER)
    applied = [f for f in findings if f.kind != KIND_SUGGESTION]
    held = [f for f in findings if f.kind == KIND_SUGGESTION]
    assert [(f.start, f.evidence) for f in applied] == [(0, "Guangdong"), (18, "Guangdong")]
    assert all("Guangdong" in f.detail and not f.suggestion for f in applied)
    assert [(f.start, f.suggestion) for f in held] == [(31, True)]


def test_line_breaks_inside_a_context_phrase_are_spaces() -> None:
    assert fixed("Macau and the Special\n  Administrative Region") == "Macao and the Special\n  Administrative Region"


def test_include_suggestions_still_applies_everything() -> None:
    matcher = MATCHER.including_suggestions()
    assert fix_text("Casinos in Macau. docking.", matcher)[0] == "Casinos in Macao. matchmaking."


PARTS = st.sampled_from(["Macau", "Guangdong", "docking", "University of Macau", "investment recruitment",
                         " ", ", ", ". ", ".\n", "\n", "\n\n", "Greater Bay Area", "word"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PARTS, max_size=14).map("".join))
def test_idempotent_and_edits_stay_inside_matches(text: str) -> None:
    once, findings = fix_text(text, MATCHER)
    assert fix_text(once, MATCHER)[0] == once
    # every byte outside the findings' spans is kept, in order
    kept, pos = [], 0
    for f in sorted((f for f in findings if f.kind != KIND_SUGGESTION), key=lambda f: f.start):
        kept.append(text[pos:f.start])
        pos = f.end
    kept.append(text[pos:])
    rest = once
    for piece in kept:
        assert piece in rest
        rest = rest[rest.index(piece) + len(piece):]


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "g.toml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def test_cli_fix_and_check_agree(glossary: Path, tmp_path: Path, capsys) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Casinos in Macau grew.\nGuangdong and Macau signed.\n", encoding="utf-8")
    assert main(["check", "-g", str(glossary), str(text)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("'Macau' -> 'Macao' [macao] (suggestion)")
    assert out[1].endswith("'Macau' -> 'Macao' [macao]")
    assert main(["check", "-g", str(glossary), "--format", "json", str(text)]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [(r["evidence"], r["auto"]) for r in records] == [(None, False), ("Guangdong", False)]
    assert main(["fix", "-g", str(glossary), str(text)]) == 0
    assert text.read_text(encoding="utf-8") == "Casinos in Macau grew.\nGuangdong and Macao signed.\n"


def test_load_refuses_a_bad_context(tmp_path: Path) -> None:
    from mtfix.errors import GlossaryError

    with pytest.raises(GlossaryError, match="'context' must be a list of strings"):
        parse_glossary('[[term]]\npreferred = "a b"\nvariants = ["c d"]\ncontext = "x"\n', "g.toml")
    with pytest.raises(GlossaryError, match='context "--" has no letters'):
        parse_glossary('[[term]]\npreferred = "a b"\nvariants = ["c d"]\nauto = false\ncontext = ["--"]\n', "g.toml")


def test_lint(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text('[[term]]\npreferred = "Macao"\nvariants = ["Macau"]\ncontext = ["Guangdong"]\n'
                    '\n[[term]]\npreferred = "matchmaking"\nvariants = ["docking"]\nauto = false\n'
                    'context = ["investment promotion"]\n', encoding="utf-8")
    messages = [p.message for p in lint_files([str(path)])]
    assert messages == ['term "macao": context words matter only with auto = false '
                        '(the term is fixed everywhere already)']


def test_csv_and_tbx_keep_context(tmp_path: Path) -> None:
    glossary = parse_glossary(GLOSSARY, "g.toml")
    from_csv = read_table(write_table(glossary).encode(), "g.csv")
    from_tbx, _ = read_tbx(write_tbx(glossary, "zh", "en"), "g.tbx")
    for back in (from_csv, from_tbx):
        assert back.terms[0].context == ("Guangdong", "Greater Bay Area", "Special Administrative Region")
        assert back.terms[1].context == ()


def test_show_lists_context(glossary: Path, capsys) -> None:
    assert main(["glossary", "show", "--term", "macao", str(glossary)]) == 0
    out = capsys.readouterr().out
    assert "context       Guangdong, Greater Bay Area, Special Administrative Region" in out


def test_context_that_a_fix_writes_counts_so_fixing_again_changes_nothing() -> None:
    glossary = parse_glossary(textwrap.dedent('''\
        [[term]]
        preferred = "XPeng Motors"
        variants = ["Xiao peng car"]

        [[term]]
        preferred = "Li Auto"
        variants = ["ideal car"]
        auto = false
        context = ["XPeng"]

        [[term]]
        preferred = "NIO"
        variants = ["Wei to"]
        auto = false
        context = ["Li Auto"]
    '''), "g.toml")
    matcher = compile_glossary(glossary)
    text = "Wei to, Xiao peng car and the ideal car sold well.\nThe ideal car and Wei to.\n"
    once = fix_text(text, matcher)[0]
    assert once == "NIO, XPeng Motors and the Li Auto sold well.\nThe ideal car and Wei to.\n"
    assert fix_text(once, matcher)[0] == once
