from __future__ import annotations

import pytest

from mtfix.errors import GlossaryError
from mtfix.glossary.load import default_glossary_path, load_glossaries, parse_glossary
from mtfix.model import Glossary

ERRORS = [
    pytest.param('[[term]]\npreferred = "x"\nvariants = [\n', 4, "invalid TOML", id="syntax"),
    pytest.param('[[term]]\nvariants = ["a"]\n', 1, "missing required key 'preferred'", id="no-preferred"),
    pytest.param('[[term]]\npreferred = "x"\n', 1, "missing required key 'variants'", id="no-variants"),
    pytest.param('[[term]]\npreferred = "x"\nvariants = ["a"]\n\n[[term]]\npreferred = "y"\nvariants = "b"\n',
                 7, "'variants' must be a list of strings", id="variants-not-list"),
    pytest.param('[[term]]\npreferred = "x"\nvariants = ["a"]\nvaraints = ["b"]\n', 4,
                 "unknown key 'varaints' (did you mean 'variants'?)", id="unknown-key"),
    pytest.param('[[term]]\npreferred = ""\nvariants = ["a"]\n', 2, "'preferred' is empty", id="empty-preferred"),
    pytest.param('[[term]]\npreferred = "x"\nvariants = ["a"]\ncase_sensitive = "yes"\n', 4,
                 "'case_sensitive' must be a boolean", id="bool-type"),
    pytest.param('[[term]]\npreferred = "x"\nvariants = ["a", " "]\n', 3, "empty string", id="empty-variant"),
    pytest.param('terms = []\n', 1, "unknown top-level key 'terms'", id="top-level"),
    pytest.param('[meta]\nnam = "x"\n', 2, "meta: unknown key 'nam'", id="meta-key"),
]


@pytest.mark.parametrize(("text", "line", "message"), ERRORS)
def test_errors_name_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary(text, "g.toml")
    assert info.value.line == line
    assert message in str(info.value)
    assert str(info.value).startswith(f"g.toml:{line}: ")


def test_defaults_and_types() -> None:
    glossary = parse_glossary('[[term]]\npreferred = "Chain Leader"\nvariants = ["chain owner"]\n', "g.toml")
    (term,) = glossary.terms
    assert term.id == "chain-leader"
    assert term.variants == ("chain owner",)
    assert term.case_sensitive is False
    assert term.origin is not None and term.origin.line == 1


def test_missing_file(tmp_path) -> None:
    with pytest.raises(GlossaryError, match="not found"):
        load_glossaries([str(tmp_path / "nope.toml")])


def test_bundled_glossary_loads_and_covers_the_seed_families() -> None:
    glossary = Glossary.load(default_glossary_path())
    variants = {v for t in glossary.terms for v in t.variants}
    assert {"chain owner", "chain master", "gathering area", "cluster area", "agglomeration area"} <= variants
    assert glossary.term("chain-leader").preferred == "chain leader"
    assert all(t.note for t in glossary.terms)


def test_alternatives_spell_a_family_of_phrases() -> None:
    glossary = parse_glossary('[[term]]\npreferred = "prioritizing manufacturing"\n'
                              'variants = ["manufacturing{ industry|} as the {leader|head}", "taking the lead"]\n'
                              'exceptions = ["{the|a} head office"]\n', "g.toml")
    term = glossary.terms[0]
    assert term.variants == ("manufacturing industry as the leader", "manufacturing industry as the head",
                             "manufacturing as the leader", "manufacturing as the head", "taking the lead")
    assert term.exceptions == ("the head office", "a head office")
    from mtfix.engine import compile_glossary, fix_text

    matcher = compile_glossary(glossary)
    assert fix_text("with manufacturing as the head.", matcher)[0] == "with prioritizing manufacturing."
    assert fix_text("with manufacturing as the boss.", matcher)[0] == "with manufacturing as the boss."


@pytest.mark.parametrize(("variant", "message"), [
    ("a {b", 'term 1 (\'x y\'): variants: "a {b" has an unmatched brace'),
    ("a } b", 'term 1 (\'x y\'): variants: "a } b" has an unmatched brace'),
    ("{a|b|c|d}{a|b|c|d}{a|b|c|d}{a|b|c|d}{a|b|c|d}", "spells more than 256 phrases"),
])
def test_bad_alternatives_name_file_and_line(variant: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=r"g\.toml:3: .*" + message.replace("(", r"\(").replace(")", r"\)")
                       .replace("|", r"\|").replace("{", r"\{").replace("}", r"\}")):
        parse_glossary(f'[[term]]\npreferred = "x y"\nvariants = ["{variant}"]\n', "g.toml")


def test_a_later_file_extends_a_term_by_repeating_its_id(tmp_path) -> None:
    base = tmp_path / "base.toml"
    base.write_text('[[term]]\nid = "agglomeration-zone"\npreferred = "agglomeration zone"\n'
                    'variants = ["cluster area"]\nnote = "集聚区"\n', encoding="utf-8")
    project = tmp_path / "project.toml"
    project.write_text('[[term]]\nid = "agglomeration-zone"\npreferred = "agglomeration zone"\n'
                       'variants = ["gathering area"]\nexceptions = ["computing cluster area"]\n', encoding="utf-8")
    (term,) = load_glossaries([str(base), str(project)]).terms
    assert (term.variants, term.exceptions, term.note) == (("cluster area", "gathering area"),
                                                           ("computing cluster area",), "集聚区")
    from mtfix.engine import compile_glossary, fix_text

    matcher = compile_glossary(load_glossaries([str(project), str(base)]))
    assert fix_text("a gathering area, a computing cluster area, a cluster area", matcher)[0] == (
        "an agglomeration zone, a computing cluster area, an agglomeration zone")
    from mtfix.glossary.lint import lint_files

    only_exceptions = tmp_path / "only.toml"
    only_exceptions.write_text('[[term]]\nid = "agglomeration-zone"\npreferred = "agglomeration zone"\n'
                               'variants = []\nexceptions = ["computing cluster area"]\n', encoding="utf-8")
    assert lint_files([str(only_exceptions), str(base)]) == []
    assert [p.message for p in lint_files([str(base), str(project)])] == []


def test_an_extension_must_keep_the_preferred_form(tmp_path) -> None:
    base = tmp_path / "base.toml"
    base.write_text('[[term]]\nid = "x"\npreferred = "chain leader"\nvariants = ["chain owner"]\n', encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text('[[term]]\nid = "x"\npreferred = "lead enterprise"\nvariants = ["chain master"]\n',
                     encoding="utf-8")
    with pytest.raises(GlossaryError, match=r'other\.toml:1: term "x" repeats the id of the term at .*base\.toml:1 '
                                            r'to extend it, but its preferred form "lead enterprise" is not '
                                            r'"chain leader"'):
        load_glossaries([str(base), str(other)])
    from mtfix.glossary.lint import lint_files

    assert any("repeats the id" in p.message for p in lint_files([str(base), str(other)]))
