"""Terms with ``auto = false``: reported by check, fixed only with source evidence
or ``fix --include-suggestions`` (plain text, stdin, --diff, --check, bilingual
files, --source, records, worker processes)."""

from __future__ import annotations

import io
import json
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.batch import Mode
from mtfix.cli import main
from mtfix.engine import apply_edits, compile_glossary, find_variants, fix_text
from mtfix.glossary.load import parse_glossary
from mtfix.model import KIND_SUGGESTION

GLOSSARY = textwrap.dedent('''\
    [[term]]
    id = "investigation-tour"
    preferred = "investigation tour"
    variants = ["inspection"]
    source = ["考察"]
    auto = false

    [[term]]
    id = "matchmaking"
    preferred = "matchmaking"
    variants = ["docking"]
    auto = false

    [[term]]
    id = "chain-leader"
    preferred = "chain leader"
    variants = ["chain owner"]

    [[term]]
    id = "field-visit"
    preferred = "field visit"
    variants = ["site inspection tour"]
    auto = false

    [[term]]
    id = "investigation"
    preferred = "investigation"
    variants = ["inspection tour"]
''')
SUMMARY = "not applied (auto = false; --include-suggestions applies them)"
MATCHER = compile_glossary(parse_glossary(GLOSSARY, "g.toml"))


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "g.toml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def _fix(text: str, include: bool) -> str:
    return fix_text(text, MATCHER.including_suggestions(include))[0]


FIXED = [
    pytest.param("The chain owner held an inspection.", "The chain leader held an inspection.",
                 id="auto-fixed-suggestion-kept"),
    pytest.param("A docking event.", "A docking event.", id="suggestion-only"),
    pytest.param("A site inspection tour.", "A site investigation.", id="auto-variant-inside-a-suggestion"),
    pytest.param("The inspection tour", "The investigation", id="auto-variant-longer-than-a-suggestion"),
]
FIXED_NOOP = [
    pytest.param("The inspection team left.", id="inspection"),
    pytest.param("Docking, inspection and a chain leader.", id="suggestions-and-preferred"),
    pytest.param("A field visit and an investigation tour.", id="preferred-forms"),
]
INCLUDED = [
    pytest.param("The chain owner held an inspection.", "The chain leader held an investigation tour.",
                 id="both"),
    pytest.param("A docking event.", "A matchmaking event.", id="suggestion"),
    pytest.param("A site inspection tour.", "A field visit.", id="longest-wins"),
    pytest.param("AN INSPECTION", "AN INVESTIGATION TOUR", id="case-and-article"),
]
INCLUDED_NOOP = [
    pytest.param("An investigation tour and matchmaking.", id="preferred-forms"),
    pytest.param("reinspection and undocking", id="inside-longer-words"),
]


@pytest.mark.parametrize(("src", "expected"), FIXED)
def test_fix_leaves_suggestions(src: str, expected: str) -> None:
    assert _fix(src, include=False) == expected


@pytest.mark.parametrize("src", FIXED_NOOP)
def test_fix_leaves_suggestions_noop(src: str) -> None:
    assert _fix(src, include=False) == src


@pytest.mark.parametrize(("src", "expected"), INCLUDED)
def test_include_suggestions_fixes_them(src: str, expected: str) -> None:
    assert _fix(src, include=True) == expected


@pytest.mark.parametrize("src", INCLUDED_NOOP)
def test_include_suggestions_noop(src: str) -> None:
    assert _fix(src, include=True) == src


def test_suggestions_come_back_unapplied() -> None:
    fixed, found = fix_text("A docking and a chain owner; a site inspection tour.", MATCHER)
    assert [(f.kind, f.term, f.auto) for f in found] == [
        (KIND_SUGGESTION, "matchmaking", False), ("variant", "chain-leader", True),
        ("variant", "investigation", True)]  # the suggestion that the fix rewrites is not listed
    assert found[0].edit.start == found[0].edit.end and not found[0].edit.replacement
    assert fixed == "A docking and a chain leader; a site investigation."


WORDS = st.sampled_from(["the", "inspection", "tour", "site", "docking", "chain", "owner", "field",
                         "visit", "investigation", "An", "a", ",", "\n", "Inspection", "DOCKING",
                         ".\n", "\n\n", "owner.\n", "a\n\n"])
AUTOMATIC = frozenset(i for i, t in enumerate(MATCHER.terms) if t.auto)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=14).map(" ".join), st.booleans())
def test_fixing_twice_changes_nothing_and_suggestions_stay(text: str, include: bool) -> None:
    fixed, found = fix_text(text, MATCHER.including_suggestions(include))
    assert _fix(fixed, include) == fixed
    if not include:
        assert fixed.lower().count("docking") == text.lower().count("docking")
        assert all(f.auto for f in found if f.kind != KIND_SUGGESTION)
        assert all(not f.auto for f in found if f.kind == KIND_SUGGESTION)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=24).map(" ".join))
def test_fixes_are_those_of_a_scan_without_the_withheld_terms(text: str) -> None:
    """Only the pieces that hold a suggestion are scanned again; the result is that
    of scanning the whole text without the auto = false terms."""
    fixed, found = fix_text(text, MATCHER)
    alone = find_variants(text, MATCHER, AUTOMATIC)
    assert [f for f in found if f.kind != KIND_SUGGESTION] == alone
    assert fixed == apply_edits(text, [f.edit for f in alone])


# ---------------------------------------------------------------- CLI, plain text

TEXT = "The inspection of the chain owner.\nA docking event.\n"


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_check_marks_suggestions(doc: Path, glossary: Path, capsys) -> None:
    assert main(["check", "-g", str(glossary), str(doc)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{doc}:1:5: 'inspection' -> 'investigation tour' [investigation-tour] (suggestion)",
        f"{doc}:1:23: 'chain owner' -> 'chain leader' [chain-leader]",
        f"{doc}:2:3: 'docking' -> 'matchmaking' [matchmaking] (suggestion)",
    ]
    assert "3 findings in 1 file (2 suggestions: auto = false" in err


def test_check_json_says_auto(doc: Path, glossary: Path, capsys) -> None:
    assert main(["check", "--format", "json", "-g", str(glossary), str(doc)]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [(r["term"], r["kind"], r["auto"]) for r in records] == [
        ("investigation-tour", "variant", False), ("chain-leader", "variant", True),
        ("matchmaking", "variant", False)]


def test_fix_applies_auto_terms_and_says_what_it_left(doc: Path, glossary: Path, capsys) -> None:
    assert main(["fix", "-g", str(glossary), str(doc)]) == 0
    assert doc.read_text() == "The inspection of the chain leader.\nA docking event.\n"
    assert f"1 fix in 1 file; 2 suggestions {SUMMARY}" in capsys.readouterr().err


def test_fix_include_suggestions(doc: Path, glossary: Path, capsys) -> None:
    assert main(["fix", "--include-suggestions", "-g", str(glossary), str(doc)]) == 0
    assert doc.read_text() == "The investigation tour of the chain leader.\nA matchmaking event.\n"
    err = capsys.readouterr().err
    assert "3 fixes in 1 file" in err and "suggestion" not in err


def test_fix_nothing_but_suggestions_leaves_the_file(tmp_path: Path, glossary: Path, capsys) -> None:
    path = tmp_path / "s.txt"
    path.write_text("A docking event.\n", encoding="utf-8")
    before = path.stat().st_mtime_ns
    assert main(["fix", "-g", str(glossary), str(path)]) == 0
    assert path.read_text() == "A docking event.\n" and path.stat().st_mtime_ns == before
    assert f"nothing to fix; 1 suggestion {SUMMARY}" in capsys.readouterr().err


@pytest.mark.parametrize(("flags", "code", "shown"), [
    pytest.param([], 0, False, id="default"),
    pytest.param(["--include-suggestions"], 1, True, id="include"),
])
def test_fix_check_and_diff(tmp_path: Path, glossary: Path, capsys, flags, code, shown) -> None:
    path = tmp_path / "s.txt"
    path.write_text("A docking event.\n", encoding="utf-8")
    assert main(["fix", "--check", *flags, "-g", str(glossary), str(path)]) == code
    assert main(["fix", "--diff", *flags, "-g", str(glossary), str(path)]) == 0
    out = capsys.readouterr().out
    assert ("+A matchmaking event." in out) is shown
    assert path.read_text() == "A docking event.\n"


@pytest.mark.parametrize(("flags", "expected"), [
    pytest.param([], TEXT.replace("chain owner", "chain leader"), id="default"),
    pytest.param(["--include-suggestions"], "The investigation tour of the chain leader.\n"
                 "A matchmaking event.\n", id="include"),
])
def test_fix_stdin(glossary: Path, monkeypatch, capsysbinary, flags, expected) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    assert main(["fix", *flags, "-g", str(glossary), "-"]) == 0
    captured = capsysbinary.readouterr()
    assert captured.out.decode() == expected
    assert (SUMMARY.encode() in captured.err) is (not flags)


def test_check_stdin_marks_suggestions(glossary: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"A docking event.\n")))
    assert main(["check", "-g", str(glossary), "-"]) == 1
    out, err = capsys.readouterr()
    assert out == "<stdin>:1:3: 'docking' -> 'matchmaking' [matchmaking] (suggestion)\n"
    assert "1 finding in 1 file (1 suggestion" in err


# ---------------------------------------------------------------- with a source

TSV = ("考察集聚区\tThe inspection went well.\n"
       "参观工厂\tThe inspection was short.\n"
       "对接活动\tA docking event.\n")


def test_bilingual_source_evidence_applies_auto_false_terms(tmp_path: Path, glossary: Path, capsys) -> None:
    path = tmp_path / "news.tsv"
    path.write_text(TSV, encoding="utf-8")
    assert main(["check", "-q", "-g", str(glossary), str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:1:11: 'inspection' -> 'investigation tour' [investigation-tour] in line 1, source '考察集聚区'",
        f"{path}:3:8: 'docking' -> 'matchmaking' [matchmaking] in line 3, source '对接活动' (suggestion)",
    ]  # line 2: the source has no 考察, so the term does not apply at all
    assert main(["fix", "-g", str(glossary), str(path)]) == 0
    assert path.read_text(encoding="utf-8") == TSV.replace("The inspection went well.", "The investigation "
                                                           "tour went well.", 1)
    assert f"1 fix in 1 file; 1 suggestion {SUMMARY}" in capsys.readouterr().err
    assert main(["fix", "--include-suggestions", "-g", str(glossary), str(path)]) == 0
    assert path.read_text(encoding="utf-8").splitlines()[1:] == ["参观工厂\tThe inspection was short.",
                                                                 "对接活动\tA matchmaking event."]


def test_aligned_source(tmp_path: Path, glossary: Path, capsys) -> None:
    target, source = tmp_path / "t.en.txt", tmp_path / "t.zh.txt"
    target.write_text("The inspection went well.\nThe inspection went well.\nA docking event.\n", encoding="utf-8")
    source.write_text("考察集聚区\n参观工厂\n对接活动\n", encoding="utf-8")
    assert main(["fix", "--source", str(source), "-g", str(glossary), str(target)]) == 0
    assert target.read_text(encoding="utf-8") == ("The investigation tour went well.\nThe inspection went well.\n"
                                                  "A docking event.\n")
    assert f"1 fix in 1 file; 1 suggestion {SUMMARY}" in capsys.readouterr().err


def test_jsonl_records(tmp_path: Path, glossary: Path, capsys) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"src": "考察", "tgt": "The inspection."}\n{"src": "对接", "tgt": "A docking."}\n',
                    encoding="utf-8")
    assert main(["check", "--format", "json", "--source-field", "src", "-g", str(glossary), str(path)]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [(r["term"], r["auto"], r["evidence"]) for r in records] == [
        ("investigation-tour", False, "考察"), ("matchmaking", False, None)]
    assert main(["fix", "--source-field", "src", "-g", str(glossary), str(path)]) == 0
    assert path.read_text(encoding="utf-8").splitlines() == [
        '{"src": "考察", "tgt": "The investigation tour."}', '{"src": "对接", "tgt": "A docking."}']
    assert f"1 fix in 1 file; 1 suggestion {SUMMARY}" in capsys.readouterr().err


# ---------------------------------------------------------------- workers and cache

@pytest.mark.parametrize("mode", [Mode.FIX, Mode.CHECK])
def test_chunks_fixed_by_workers_count_suggestions_as_one_process(tmp_path: Path, glossary: Path, mode) -> None:
    from mtfix.glossary.cache import load_matcher
    from mtfix.parallel import WorkerPool
    from mtfix.runner import RunOptions, run
    from mtfix.staging import Task

    matcher = load_matcher([str(glossary)])
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    for path in (one, two):
        path.write_text(TEXT * 3000, encoding="utf-8")
    (serial,) = [r for _, r in run([str(one)], matcher, mode, RunOptions(jobs=1))]
    with WorkerPool(2, matcher, mode, large=1) as pool:
        (chunked,) = pool.results([Task(str(two))])
    assert (chunked.count, chunked.suggestions) == (serial.count, serial.suggestions)
    assert (serial.count, serial.suggestions) == ((3000, 6000) if mode is Mode.FIX else (9000, 0))
    assert one.read_bytes() == two.read_bytes()


def test_cached_matcher_keeps_auto(glossary: Path, monkeypatch) -> None:
    from mtfix.glossary import cache

    first = cache.load_matcher([str(glossary)])
    monkeypatch.setattr(cache, "load_glossaries", None)  # a miss would compile: the entry must be read
    cached = cache.load_matcher([str(glossary)])
    assert cached.manual == first.manual == frozenset({0, 1, 3}) and cached is not first
    assert not cached.include_suggestions and cached.including_suggestions().include_suggestions


def test_review_proposes_suggestions_in_plain_text() -> None:
    from mtfix.formats.base import Segment
    from mtfix.review.proposals import segment_proposals

    proposals = segment_proposals(0, 0, Segment("A docking of the chain owner."), MATCHER)
    assert [(p.term, p.finding.auto, p.fixable) for p in proposals] == [
        ("matchmaking", False, True), ("chain-leader", True, True)]
