"""Engine edge cases: combining marks at match edges, overlapping glossaries, forced chunk cuts."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtfix.cli import main
from mtfix.engine import compile_glossary, find_variants, fix_text
from mtfix.engine.candidates import Scan
from mtfix.engine.settling import settle
from mtfix.glossary.lint import has_errors, lint_files
from mtfix.glossary.load import parse_glossary
from mtfix.model import Glossary, Term

ACUTE, CEDILLA, RING = "\u0301", "\u0327", "\u20dd"  # combining marks (Mn, Mn, Me)

MARK_FIXES = [
    pytest.param("a chain owner \u0301x", "a chain leader \u0301x", id="mark-after-space-is-not-the-word"),
    pytest.param("a chain owner" + ACUTE + " and a chain owner.", "a chain owner" + ACUTE + " and a chain leader.",
                 id="only-the-unmarked-one"),
    pytest.param("cafe" + ACUTE + " chain owner", "cafe" + ACUTE + " chain leader", id="marked-word-before"),
    pytest.param("the chain owner's", "the chain leader's", id="twin-plain-possessive"),
]

MARK_NO_OPS = [
    pytest.param("chain owne\u0155", id="precomposed-r-acute"),
    pytest.param("chain owner" + ACUTE, id="decomposed-acute-after-variant"),
    pytest.param("chain owner" + CEDILLA + ACUTE, id="two-marks-after-variant"),
    pytest.param("the cluster area" + RING + " here", id="enclosing-mark-after-variant"),
    pytest.param("cafe" + ACUTE + "chain owner", id="mark-then-letter-before-variant"),
    pytest.param("x" + ACUTE + CEDILLA + "gathering area", id="marks-then-letter-before-variant"),
    pytest.param("chain owner\u093e", id="spacing-mark-after-variant"),
]


@pytest.mark.parametrize(("text", "expected"), MARK_FIXES)
def test_combining_mark_fixes(matcher, text: str, expected: str) -> None:
    assert fix_text(text, matcher)[0] == expected


@pytest.mark.parametrize("text", MARK_NO_OPS)
def test_combining_mark_after_or_before_a_variant_is_part_of_the_word(matcher, text: str) -> None:
    assert find_variants(text, matcher) == []


def test_mark_after_a_preferred_form_does_not_protect_inside_it(matcher) -> None:
    # "municipal management starting area" followed by a mark is not the preferred form on a
    # word boundary, so it protects nothing; its inner variant is not on one either.
    assert find_variants("municipal management starting area" + ACUTE, matcher) == []


def test_article_before_a_marked_word_is_no_article(matcher) -> None:
    # "xa" + mark: the "a" is the end of a word, not an article to turn into "an".
    assert fix_text("cafe" + ACUTE + "a gathering area", matcher)[0] == "cafe" + ACUTE + "a agglomeration zone"


# --- overlapping glossaries: fixing twice changes nothing ------------------------------------

def _matcher(*terms: tuple[str, list[str], list[str]]):
    return compile_glossary(Glossary.from_terms(Term(p, tuple(v), exceptions=tuple(e)) for p, v, e in terms))


SETTLED = [
    pytest.param([("leader", ["owner"], []), ("lead enterprise", ["chain leader"], [])],
                 "The chain owner and a chain owner.", "The lead enterprise and a lead enterprise.",
                 id="replacement-completes-a-longer-variant"),
    pytest.param([("data processing", ["computing"], []),
                  ("agglomeration zone", ["cluster area"], ["computing cluster area"])],
                 "a computing cluster area", "a data processing agglomeration zone",
                 id="edit-breaks-an-exception"),
    pytest.param([("apple", ["pomme"], []), ("one apple", ["an apple"], [])],
                 "a pomme", "one apple", id="article-repair-completes-a-variant"),
    pytest.param([("a", ["a c"], []), ("c", ["a a", "b"], [])], "a b", "a", id="chain-of-two"),
    pytest.param([("b", ["x"], []), ("c", ["a b"], []), ("d", ["a c"], [])], "a a x", "d", id="chain-of-three"),
    pytest.param([("a a", ["a"], []), ("a a", ["b"], [])], "a b", "a a a a", id="article-over-a-rewritten-word"),
]


@pytest.mark.parametrize(("terms", "text", "expected"), SETTLED)
def test_overlapping_glossaries_settle_in_one_fix(terms, text: str, expected: str) -> None:
    matcher = _matcher(*terms)
    fixed, findings = fix_text(text, matcher)
    assert fixed == expected
    assert fix_text(fixed, matcher) == (fixed, [])
    for f in findings:  # the findings still describe the original text
        assert f.match == text[f.start:f.end]
        assert f.edit.start <= f.start < f.end <= f.edit.end


def test_settled_finding_reports_the_original_words() -> None:
    matcher = _matcher(("leader", ["owner"], []), ("lead enterprise", ["chain leader"], []))
    (finding,) = find_variants("x\nthe chain owner", matcher)
    assert (finding.line, finding.column, finding.match, finding.replacement, finding.term) == (
        2, 5, "chain owner", "lead enterprise", "lead-enterprise")


VOCAB = ["a", "an", "owl", "area", "zone", "b", "c", "apple"]
TEXT_WORDS = [*VOCAB, "areas", "zones", "owls", "x", "A", "Owl", "AREA"]
phrases = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3).map(" ".join)
terms = st.fixed_dictionaries(
    {"preferred": phrases, "variants": st.lists(phrases, min_size=1, max_size=2)},
    optional={"exceptions": st.lists(phrases, max_size=1), "accepted": st.lists(phrases, max_size=1),
              "case_sensitive": st.booleans()})
SEPARATORS = [" ", " ", "-", "\n", ". "]


def _toml(terms: list[dict]) -> str:
    return "\n".join(f'[[term]]\nid = "t{i}"\n' + "".join(f"{k} = {json.dumps(v)}\n" for k, v in t.items())
                     for i, t in enumerate(terms))


def _text_from(terms: list[dict]) -> st.SearchStrategy[str]:
    """Texts made of the glossary's own phrases and loose words, so that forms meet."""
    pieces = sorted({p for t in terms for key in ("preferred", "variants", "exceptions", "accepted")
                     for p in ([t[key]] if key == "preferred" else t.get(key, []))})
    words = st.sampled_from([*TEXT_WORDS, *pieces, *pieces])
    return st.lists(st.tuples(words, st.sampled_from(SEPARATORS)), max_size=10).map(
        lambda parts: "".join(w + s for w, s in parts))


cases = st.lists(terms, min_size=1, max_size=4).flatmap(lambda ts: st.tuples(st.just(_toml(ts)), _text_from(ts)))


def _lint_clean_matcher(toml: str):
    """The compiled glossary, or None when lint refuses it (mtfix would not use it)."""
    if has_errors(lint_files(["g.toml"], {"g.toml": toml})):
        return None
    return compile_glossary(parse_glossary(toml, "g.toml"))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases)
def test_fix_is_idempotent_with_overlapping_terms(case: tuple[str, str]) -> None:
    toml, text = case
    matcher = _lint_clean_matcher(toml)
    if matcher is None:
        return
    fixed, findings = fix_text(text, matcher)  # overlapping edits used to raise ValueError here
    assert find_variants(fixed, matcher) == []
    assert fix_text(fixed, matcher)[0] == fixed
    for f in findings:
        assert f.match == text[f.start:f.end]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases)
def test_rescanning_near_edits_finds_what_a_full_rescan_finds(case: tuple[str, str]) -> None:
    """The later rounds only look near the edits; a scan of the whole fixed text agrees."""
    toml, text = case
    matcher = _lint_clean_matcher(toml)
    if matcher is None or not text:
        return

    def full(fixed: str, spans: object) -> list:
        return list(Scan(fixed, matcher).run())

    assert find_variants(text, matcher) == settle(text, list(Scan(text, matcher).run()), full)


def test_fix_twice_through_the_cli_changes_nothing(tmp_path, capsys) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text('[[term]]\nid = "leader"\npreferred = "leader"\nvariants = ["owner"]\n\n'
                        '[[term]]\nid = "lead"\npreferred = "lead enterprise"\nvariants = ["chain leader"]\n',
                        encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("A chain owner.\n", encoding="utf-8")
    assert main(["fix", "-q", "-g", str(glossary), str(doc)]) == 0
    once = doc.read_bytes()
    assert once == b"A lead enterprise.\n"
    assert main(["check", "-g", str(glossary), str(doc)]) == 0
    assert doc.read_bytes() == once
    capsys.readouterr()


# --- forced chunk cuts: text with no blank line and no sentence end ----------------------------

# Every line break is inside a variant ("gathering\narea", "chain\nowner"), so a cut at a line
# break (the old last resort) always split one; commas end no sentence.
UNSPLITTABLE = "start gathering\n" + "area, a chain\nowner, a gathering\n" * 60 + "area end\n"


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Chunks of 100 characters, read 64 bytes at a time, forced cuts past 300 characters."""
    from functools import partial

    from mtfix import batch
    from mtfix.formats import text

    monkeypatch.setattr(text, "_BLOCK_BYTES", 64)
    monkeypatch.setattr(batch, "TextReader", partial(text.TextReader, chunk_chars=100, max_carry=300))
    return text


def _chunks(text_module, data: str, matcher) -> list[str]:
    import io

    reader = text_module.TextReader("<test>", chunk_chars=100, matcher=matcher, max_carry=300)
    chunks = list(reader.stream_chunks(io.BytesIO(data.encode("utf-8"))))
    assert "".join(chunks) == data
    return chunks


def test_forced_cuts_lose_no_fix(tiny_chunks, matcher, glossary_file, tmp_path, capsys) -> None:
    assert len(_chunks(tiny_chunks, UNSPLITTABLE, matcher)) > 5  # the cuts are forced ones
    path = tmp_path / "long.txt"
    path.write_text(UNSPLITTABLE, encoding="utf-8")
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 0
    assert path.read_text(encoding="utf-8") == fix_text(UNSPLITTABLE, matcher)[0]
    assert "gathering\narea" not in path.read_text(encoding="utf-8")
    capsys.readouterr()


def test_forced_cuts_from_stdin_lose_no_fix(tiny_chunks, matcher, glossary_file, monkeypatch, capsys) -> None:
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(UNSPLITTABLE.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["fix", "-q", "-g", str(glossary_file), "-"]) == 0
    assert capsys.readouterr().out == fix_text(UNSPLITTABLE, matcher)[0]


def test_forced_cut_avoids_variants_articles_and_prefers_line_starts(matcher) -> None:
    from mtfix.engine.chunking import forced_split

    text = "x y z w " * 40 + "one\ntwo three " + "x y " * 40 + "gathering\narea"
    cut = forced_split(text, matcher)
    assert text[:cut].endswith("one\n")  # the last line start with no key near it
    dense = "a gathering area " * 30  # every gap is near a key; none spans "area a"
    cut = forced_split(dense, matcher)
    assert dense[cut:].startswith("a gathering")  # not after "a": its repair would cross the cut


# Phrases whose inner gaps are often line breaks: a variant then straddles most line breaks.
SPLIT_PHRASES = ["gathering area", "a gathering area", "chain owner", "an urban management starting area",
                 "starting area of municipal management", "computing cluster area", "x", "of", "a"]
split_texts = st.lists(st.tuples(st.sampled_from(SPLIT_PHRASES), st.sampled_from(["\n", "\n", " ", "-"]),
                                 st.sampled_from([" ", ", ", "\n"])), min_size=20, max_size=80).map(
    lambda parts: "".join(p.replace(" ", inner) + outer for p, inner, outer in parts))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(split_texts)
def test_chunked_fix_equals_whole_fix(matcher, data: str) -> None:
    import mtfix.formats.text as text_module

    saved = text_module._BLOCK_BYTES
    text_module._BLOCK_BYTES = 64  # hypothesis: no function-scoped monkeypatch
    try:
        chunks = _chunks(text_module, data, matcher)
    finally:
        text_module._BLOCK_BYTES = saved
    assert "".join(fix_text(c, matcher)[0] for c in chunks) == fix_text(data, matcher)[0]
