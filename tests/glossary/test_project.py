"""The project glossary: which file is written, and how (comments kept, lint first, undo exact)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix.config import build_config
from mtfix.errors import GlossaryError
from mtfix.glossary.edit import ConflictError
from mtfix.glossary.load import default_glossary_path, load_glossaries
from mtfix.glossary.project import (
    PROJECT_GLOSSARY,
    add_exception,
    add_new_term,
    add_variants,
    find_project_glossary,
    restore,
)

BUNDLED = str(default_glossary_path())
COMMENTED = '''# my terms
[[term]]
id = "xpeng"
preferred = "Xpeng Motors"  # the company's own name
variants = ["Xiaopeng Motors"]

# places
[[term]]
preferred = "Zhaoqing New Area"
variants = ["Zhaoqing New District"]
'''


@pytest.fixture
def own(tmp_path: Path) -> Path:
    path = tmp_path / "terms.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def test_the_first_g_file_is_written(tmp_path: Path, own: Path, glossary_file: Path) -> None:
    project = find_project_glossary([str(own), str(glossary_file)], tmp_path)
    assert project.path == own.resolve() and project.config is None
    assert project.glossaries() == [str(own), str(glossary_file)]


def test_the_bundled_glossary_is_never_written(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="not written to"):
        find_project_glossary([BUNDLED], tmp_path)


def test_else_the_first_own_glossary_of_mtfix_toml(tmp_path: Path, own: Path) -> None:
    (tmp_path / "mtfix.toml").write_text('glossaries = ["default", "terms.toml"]\n', encoding="utf-8")
    sub = tmp_path / "articles"
    sub.mkdir()
    project = find_project_glossary(None, sub)
    assert project.path == own.resolve() and project.config is None


def test_default_in_a_config_list_is_the_bundled_glossary(tmp_path: Path, own: Path) -> None:
    (tmp_path / "mtfix.toml").write_text('glossaries = ["terms.toml", "default"]\n', encoding="utf-8")
    assert build_config(None, cwd=tmp_path).glossaries == (str(own.resolve()), BUNDLED)
    (tmp_path / "pyproject.toml").write_text('[tool.mtfix]\nglossaries = ["default"]\n', encoding="utf-8")
    (tmp_path / "mtfix.toml").unlink()
    assert build_config(None, cwd=tmp_path).glossaries == (BUNDLED,)


def test_with_only_the_bundled_glossary_a_project_glossary_and_mtfix_toml_are_created(tmp_path: Path) -> None:
    project = find_project_glossary(None, tmp_path)
    assert project.path == tmp_path / PROJECT_GLOSSARY and project.config == tmp_path / "mtfix.toml"
    saved = add_new_term(project, "Huaxing Motors", ["Huaxing Auto", "Huaxing Automobile"])
    assert 'glossaries = ["mtfix-glossary.toml", "default"]' in (tmp_path / "mtfix.toml").read_text()
    assert build_config(None, cwd=tmp_path).glossaries == (str(tmp_path / PROJECT_GLOSSARY), BUNDLED)
    glossary = load_glossaries(project.glossaries())
    assert glossary.term("huaxing-motors").variants == ("Huaxing Auto", "Huaxing Automobile")
    assert len(glossary.terms) > 100, "the bundled glossary is still read"
    restore(saved)
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "undo removes what the write created"


def test_a_config_naming_only_the_default_gets_the_project_glossary_first(tmp_path: Path) -> None:
    config = tmp_path / "mtfix.toml"
    before = '# ours\nglossaries = ["default"]  # bundled\n'
    config.write_text(before, encoding="utf-8")
    project = find_project_glossary(None, tmp_path)
    assert project.config == config
    saved = add_new_term(project, "Huaxing Motors", ["Huaxing Auto"])
    assert config.read_text() == '# ours\nglossaries = ["mtfix-glossary.toml", "default"]  # bundled\n'
    restore(saved)
    assert config.read_text() == before and not (tmp_path / PROJECT_GLOSSARY).exists()


def test_new_variants_of_a_term_keep_comments_and_layout(tmp_path: Path, own: Path) -> None:
    project = find_project_glossary([str(own)], tmp_path)
    add_variants(project, "xpeng", ["Xiaopeng Automobile"])
    assert own.read_text() == COMMENTED.replace('variants = ["Xiaopeng Motors"]',
                                                'variants = ["Xiaopeng Motors", "Xiaopeng Automobile"]')


def test_an_exception_is_written_to_its_term(tmp_path: Path, own: Path) -> None:
    project = find_project_glossary([str(own)], tmp_path)
    add_exception(project, "zhaoqing-new-area", "old Zhaoqing New District")
    assert own.read_text() == COMMENTED.replace('variants = ["Zhaoqing New District"]\n',
                                                'variants = ["Zhaoqing New District"]\n'
                                                'exceptions = ["old Zhaoqing New District"]\n')
    assert load_glossaries([str(own)]).term("zhaoqing-new-area").exceptions == ("old Zhaoqing New District",)


def test_a_term_of_another_glossary_is_not_written_to(tmp_path: Path, own: Path, glossary_file: Path) -> None:
    project = find_project_glossary([str(own), str(glossary_file)], tmp_path)
    with pytest.raises(GlossaryError, match="not in the project glossary"):
        add_exception(project, "chain-leader", "the chain owner here")


def test_a_term_of_another_glossary_is_extended_by_its_id(tmp_path: Path, own: Path, glossary_file: Path,
                                                          capsys) -> None:
    from mtfix.cli import main
    from mtfix.glossary.lint import lint_files
    from mtfix.glossary.project import extend_term, restore

    before = own.read_bytes()
    project = find_project_glossary([str(own), str(glossary_file)], tmp_path)
    base = load_glossaries([str(glossary_file)]).term("chain-leader")
    saved = extend_term(project, base, exceptions=["the chain owner here"])
    added = load_glossaries([str(own)]).term("chain-leader")
    assert (added.preferred, added.variants, added.exceptions) == (base.preferred, (), ("the chain owner here",))
    assert lint_files([str(own), str(glossary_file)]) == []
    doc = tmp_path / "doc.txt"
    doc.write_text("We met the chain owner here. A chain owner.\n", encoding="utf-8")
    assert main(["check", "--no-cache", "-g", str(own), "-g", str(glossary_file), str(doc)]) == 1
    assert capsys.readouterr().out.count("'chain owner' -> 'chain leader'") == 1
    extend_term(project, base, variants=["chain boss"])
    assert load_glossaries([str(own)]).term("chain-leader").variants == ("chain boss",)
    restore(saved)
    assert own.read_bytes() == before


@pytest.mark.parametrize("write", [
    pytest.param(lambda p: add_variants(p, "xpeng", ["Zhaoqing New District"]), id="variant-of-two-terms"),
    pytest.param(lambda p: add_new_term(p, "Xiaopeng Motors", ["Xpeng"]), id="preferred-is-a-variant"),
    pytest.param(lambda p: add_exception(p, "xpeng", "the Zhaoqing New Area"), id="dead-exception"),
])
def test_a_lint_error_writes_nothing(tmp_path: Path, own: Path, write) -> None:
    project = find_project_glossary([str(own)], tmp_path)
    with pytest.raises(ConflictError) as caught:
        write(project)
    assert caught.value.problems
    assert own.read_text() == COMMENTED


def test_undo_restores_the_bytes_exactly(tmp_path: Path, own: Path) -> None:
    odd = "\ufeff" + COMMENTED.replace("\n", "\r\n")
    own.write_bytes(odd.encode("utf-8"))
    before = own.read_bytes()
    project = find_project_glossary([str(own)], tmp_path)
    saved = [add_variants(project, "xpeng", ["Xiaopeng Automobile"]),
             add_exception(project, "xpeng", "Xiaopeng Motors Group"),
             add_new_term(project, "Huaxing Motors", ["Huaxing Auto"])]
    assert own.read_bytes() != before and own.read_bytes().startswith(b"\xef\xbb\xbf")
    for snapshot in reversed(saved):
        restore(snapshot)
    assert own.read_bytes() == before
