"""Source evidence that gives one term's preferred form to another (链长 "chain leader" -> "chain chief")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.bilingual import check_segment, fix_segment
from mtfix.cli import main
from mtfix.engine import apply_edits, compile_glossary, find_variants
from mtfix.formats.base import Segment
from mtfix.glossary.lint import NOTE, has_errors, lint_files
from mtfix.model import Glossary, Term
from mtfix.source.reassign import Pair, shared_preferred

LEADER = Term("chain leader", ("chain owner",), id="chain-leader", source=("链主",))
CHIEF = Term("chain chief", ("chain leader", "chain head"), id="chain-chief", source=("链长",))
MATCHER = compile_glossary(Glossary.from_terms([LEADER, CHIEF]))

GLOSSARY = """\
[[term]]
id = "chain-leader"
preferred = "chain leader"
variants = ["chain owner"]
source = ["链主"]

[[term]]
id = "chain-chief"
preferred = "chain chief"
variants = ["chain leader", "chain head"]
source = ["链长"]
"""


def fixed(source: str | None, target: str) -> str:
    return fix_segment(Segment(target, source), MATCHER)[0]


def test_pairs_need_source_forms_on_both_sides() -> None:
    assert shared_preferred((LEADER, CHIEF)) == (Pair(1, 0, "chain leader"),)
    assert shared_preferred((Term("chain leader", ("chain owner",)), CHIEF)) == ()
    assert shared_preferred((LEADER, Term("chain chief", ("chain leader",)))) == ()


@pytest.mark.parametrize(("source", "target", "expected"), [
    pytest.param("推行链长制", "the chain leader system", "the chain chief system", id="chief-only"),
    pytest.param("鏈長", "the chain leader", "the chain chief", id="traditional"),
    pytest.param("各位链长", "two Chain Leaders met", "two Chain Chiefs met", id="plural-title-case"),
    pytest.param("链长", "the chain head and the chain leader", "the chain chief and the chain chief",
                 id="with-another-variant"),
    pytest.param("链主企业", "the chain leader firm and a chain owner", "the chain leader firm and a chain leader",
                 id="leader-only-as-today"),
    pytest.param("链长和链主", "the chain leader and the chain owner", "the chain chief and the chain leader",
                 id="both-counts-decide"),
    pytest.param("链长、链长和链主", "a chain leader, a chain leader and a chain owner",
                 "a chain chief, a chain chief and a chain leader", id="both-counts-decide-twice"),
    pytest.param("链长和链主", "the chain leader and the chain head", "the chain leader and the chain chief",
                 id="both-chief-rendered-otherwise"),
])
def test_source_reassigns(source: str, target: str, expected: str) -> None:
    assert fixed(source, target) == expected
    assert fixed(source, expected) == expected


@pytest.mark.parametrize(("source", "target"), [
    pytest.param(None, "the chain leader system", id="no-source"),
    pytest.param("链主企业", "the chain leader firm", id="source-has-leader"),
    pytest.param("其他内容", "the chain leader", id="source-has-neither"),
    pytest.param("产业链长期发展", "the chain leader", id="straddles-words"),
    pytest.param("链长和链主", "the chain leader and the chain leader", id="both-undecided"),
    pytest.param("链长和链主", "the chain chief and the chain leader", id="both-already-right"),
])
def test_preferred_form_stays_protected(source: str | None, target: str) -> None:
    assert fixed(source, target) == target


def test_plain_engine_still_protects_without_released() -> None:
    assert find_variants("the chain leader", MATCHER) == []
    assert [f.replacement for f in find_variants("the chain leader", MATCHER, released={(1, 0)})] == ["chain chief"]


def test_release_only_covers_the_same_words() -> None:
    """A released preferred form still protects the words inside it from another variant."""
    matcher = compile_glossary(Glossary.from_terms([LEADER, CHIEF, Term("boss", ("leader",), id="boss")]))
    assert find_variants("the chain leader", matcher, released={(2, 0)}) == []
    found = find_variants("the chain leader", matcher, released={(1, 0)})
    assert [(f.match, f.term) for f in found] == [("chain leader", "chain-chief")]


def test_check_says_why() -> None:
    found = check_segment(Segment("the chain leader system", "推行链长制", ref="line 1"), MATCHER)
    assert [(f.kind, f.term, f.evidence) for f in found] == [("variant", "chain-chief", "链长")]
    assert found[0].detail.startswith("source has 链长 and not 链主: 'chain leader' renders 链长 here")
    found = check_segment(Segment("the chain leader and the chain owner", "链长和链主"), MATCHER)
    assert "renders every 链主 otherwise" in found[0].detail and not found[1].detail


_WORDS = st.sampled_from(["chain leader", "chain leaders", "chain owner", "chain chief", "chain head",
                          "Chain Leader", "the", "and", "a", "chain", "leader", "owner", ","])
_SOURCES = st.sampled_from([None, "", "链长", "链主", "链长和链主", "链长、链长和链主", "产业链长期"])


@settings(max_examples=150, deadline=None)
@given(_SOURCES, st.lists(_WORDS, max_size=12))
def test_fixing_settles_and_edits_only_what_it_finds(source: str | None, words: list[str]) -> None:
    target = " ".join(words)
    once, found = fix_segment(Segment(target, source), MATCHER)
    assert fixed(source, once) == once
    assert apply_edits(target, [f.edit for f in found]) == once
    if source is None or "链长" not in source:
        # Without 链长 in the source, no "chain leader" is ever rewritten.
        assert once.lower().count("chain leader") >= target.lower().count("chain leader")


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "g.toml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2"><file original="a" source-language="zh" target-language="en"><body>
<trans-unit id="1"><source>推行链长制</source><target>the chain leader system</target></trans-unit>
<trans-unit id="2"><source>链主企业</source><target>the chain leader firm, a chain owner</target></trans-unit>
</body></file></xliff>
"""

PO = """msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

msgid "推行链长制"
msgstr "the chain leader system"

msgid "链主企业"
msgstr "the chain leader firm, a chain owner"
"""


@pytest.mark.parametrize(("name", "text"), [
    pytest.param("a.tsv", "推行链长制\tthe chain leader system\n链主企业\tthe chain leader firm, a chain owner\n",
                 id="tsv"),
    pytest.param("a.xlf", XLIFF, id="xliff"),
    pytest.param("a.po", PO, id="po"),
])
def test_fix_bilingual_files(tmp_path: Path, glossary: Path, name: str, text: str, capsys) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["fix", "-g", str(glossary), str(path)]) == 0
    assert path.read_text(encoding="utf-8") == text.replace("chain leader system", "chain chief system").replace(
        "a chain owner", "a chain leader")
    assert "2 fixes in 1 file" in capsys.readouterr().err
    assert main(["fix", "-g", str(glossary), str(path)]) == 0
    assert "nothing to fix" in capsys.readouterr().err


def test_aligned_source_and_plain_text(tmp_path: Path, glossary: Path, capsys) -> None:
    target, source = tmp_path / "a.en.txt", tmp_path / "a.zh.txt"
    target.write_text("The chain leader system.\nThe chain leader firm.\n", encoding="utf-8")
    source.write_text("推行链长制。\n链主企业。\n", encoding="utf-8")
    assert main(["check", "-q", "-g", str(glossary), str(target)]) == 0  # no source: protected
    assert main(["check", "-q", "--format", "json", "-g", str(glossary), "--source", str(source),
                 str(target)]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [(r["line"], r["term"], r["evidence"]) for r in records] == [(1, "chain-chief", "链长")]
    assert "not 链主" in records[0]["detail"]
    assert main(["fix", "-g", str(glossary), "--source", str(source), str(target)]) == 0
    assert target.read_text(encoding="utf-8") == "The chain chief system.\nThe chain leader firm.\n"


def test_lint_explains_the_pair_instead_of_refusing_it(glossary: Path, capsys) -> None:
    problems = lint_files([str(glossary)])
    assert [p.severity for p in problems] == [NOTE] and not has_errors(problems)
    assert main(["glossary", "lint", str(glossary)]) == 0
    out, err = capsys.readouterr()
    assert out == (f'{glossary}:10: note: variant "chain leader" of term "chain-chief" is the preferred form of '
                   f'term "chain-leader" ({glossary}:3); source evidence decides: it is fixed to "chain chief" '
                   "only in a segment whose source has 链长 and not 链主 (or renders every 链主 otherwise), "
                   "and stays everywhere else, plain text included\n")
    assert "0 problems, 0 warnings, 1 note" in err


def test_lint_still_refuses_the_pair_without_source_forms(glossary: Path, capsys) -> None:
    glossary.write_text(GLOSSARY.replace('source = ["链长"]\n', ""), encoding="utf-8")
    problems = lint_files([str(glossary)])
    assert has_errors(problems) and "a cycle" in problems[0].message
    assert main(["glossary", "lint", str(glossary)]) == 1


def test_add_accepts_the_pair_when_both_have_source_forms(glossary: Path, capsys) -> None:
    glossary.write_text(GLOSSARY.replace('"chain leader", "chain head"', '"chain head"'), encoding="utf-8")
    assert main(["glossary", "add", str(glossary), "--preferred", "chain chief", "--variant", "chain leader"]) == 0
    assert Glossary.load(glossary).term("chain-chief").variants == ("chain head", "chain leader")
