"""Each lint rule with a glossary that breaks it and one that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.glossary.lint import lint_files

T = '[[term]]\nid = "{id}"\npreferred = "{p}"\nvariants = [{v}]\n'


def term(id: str, p: str, *variants: str, extra: str = "") -> str:
    return T.format(id=id, p=p, v=", ".join(f'"{v}"' for v in variants)) + extra + "\n"


FAILING = [
    pytest.param(term("a", "alpha", "beta") + term("b", "beta", "gamma"), 4,
                 ['variant "beta" of term "a" is the preferred form of term "b"', "cycle"], id="cycle"),
    pytest.param(term("a", "alpha", "gamma") + term("b", "beta", "Gamma"), 9,
                 ['variant "Gamma" is in both term "b" and term "a"', "ambiguous"], id="ambiguous"),
    pytest.param(term("a", "alpha", "gamma-ray") + term("b", "beta", "gamma  ray"), 9,
                 ["ambiguous"], id="ambiguous-canonical-gap"),
    pytest.param(term("a", "chain leader", "Chain Leader"), 4,
                 ['term "a": variant "Chain Leader" is its own preferred form'], id="own-preferred"),
    pytest.param(term("a", "high-tech zone", "high tech zone", "High-Tech Zone"), 4,
                 ['variant "High-Tech Zone" is its own preferred form'], id="own-preferred-hyphen"),
    pytest.param(term("a", "alpha", "beta") + term("a", "gamma", "delta"), 7,
                 ['duplicate id "a"', '"gamma"', '"alpha"'], id="duplicate-id"),
    pytest.param(term("a", "alpha", "beta", ""), 4, ["'variants' holds an empty string", '"alpha"'],
                 id="empty-variant"),
    pytest.param('[[term]]\nid = "a"\npreferred = "  "\nvariants = ["b"]\n', 3, ["'preferred' is an empty string"],
                 id="empty-preferred"),
    pytest.param(term("a", "alpha", "beta") + '[[term]]\nid = "b"\npreferred = ""\nvariants = ["c"]\n', 8,
                 ["'preferred' is an empty string", 'id "b"'], id="empty-preferred-named-by-id"),
    pytest.param(term("a", "alpha", "beta", extra='source = [""]'), 5, ["'source' holds an empty string"],
                 id="empty-source"),
    pytest.param(term("a", "zone", "cluster area", extra='exceptions = ["star cluster"]'), 5,
                 ['exception "star cluster" contains none of its variants', 'term "a"'], id="dead-exception"),
    pytest.param(term("a", "alpha", "beta") + term("b", "gamma", "delta", extra='accepted = ["beta"]'), 4,
                 ['variant "beta" of term "a" is an accepted form of term "b"'], id="variant-accepted-elsewhere"),
]

PASSING = [
    pytest.param(term("a", "alpha", "beta") + term("b", "gamma", "delta"), id="distinct"),
    pytest.param(term("a", "Github", "GitHub", extra="case_sensitive = true") +
                 term("b", "x", "y"), id="case-sensitive-own-preferred"),
    pytest.param(term("a", "agglomeration zone", "cluster area") +
                 term("b", "large cluster area zone", "big cluster"), id="preferred-contains-variant"),
    pytest.param(term("a", "zone", "cluster area", extra='exceptions = ["star cluster areas"]'), id="live-exception"),
    pytest.param(term("a", "zone", "cluster area", extra='exceptions = ["star cluster-area"]'),
                 id="live-exception-gap"),
]


@pytest.mark.parametrize(("text", "line", "parts"), FAILING)
def test_failing_glossary(tmp_path: Path, capsys, text: str, line: int, parts: list[str]) -> None:
    path = tmp_path / "g.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["glossary", "lint", str(path)]) == 1
    out = capsys.readouterr().out
    expected = [row for row in out.splitlines() if row.startswith(f"{path}:{line}: ")]
    assert expected, out
    assert any(all(part in row for part in parts) for row in expected), out


@pytest.mark.parametrize("text", PASSING)
def test_passing_glossary(tmp_path: Path, capsys, text: str) -> None:
    path = tmp_path / "g.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["glossary", "lint", str(path)]) == 0, capsys.readouterr().out


def test_warnings_do_not_fail(tmp_path: Path, capsys) -> None:
    path = tmp_path / "g.toml"
    path.write_text(term("a", "alpha", "it", "area"), encoding="utf-8")
    assert main(["glossary", "lint", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:4: warning: " in out and '"it"' in out and '"area"' in out


def test_conflicts_across_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(term("a", "alpha", "beta"), encoding="utf-8")
    second.write_text("# second file\n" + term("b", "beta", "gamma"), encoding="utf-8")
    (problem,) = lint_files([str(first), str(second)])
    assert str(problem).startswith(f"{first}:4: ") and f"({second}:4)" in str(problem)


def test_bundled_glossary_is_clean(capsys) -> None:
    root = Path(__file__).resolve().parents[2]
    assert main(["glossary", "lint", str(root / "glossaries" / "zh-en-investment.toml")]) == 0


def test_malformed_glossary_exits_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "g.toml"
    path.write_text('[[term]]\npreferred = "x"\nvariants = [\n', encoding="utf-8")
    assert main(["glossary", "lint", str(path)]) == 2
    assert f"{path}:4: invalid TOML" in capsys.readouterr().err
