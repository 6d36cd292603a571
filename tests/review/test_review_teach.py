"""Teaching the glossary from the review: inconsistent items, choose, dismiss, +, x, undo, resume.

Real files under tmp_path, no terminal: the state and the ``Teacher`` are driven directly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix.glossary.cache import load_matcher
from mtfix.glossary.lint import has_errors, lint_files
from mtfix.glossary.load import load_glossaries
from mtfix.glossary.mine import KIND_NAME, Group, Location, Rendering, make_group
from mtfix.glossary.project import find_project_glossary
from mtfix.review.groups import describe
from mtfix.review.session import open_files, read_decisions
from mtfix.review.state import ReviewState, Status
from mtfix.review.teach import Teacher, around
from mtfix.review.ui import ReviewUI

DOC = ("Huaxing Automobile opened a plant.\n"
       "Later Huaxing Motors and Huaxing Auto signed in the cluster area.\n"
       "Huaxing Automobile grew. Huaxing Auto too.\n")
DOC2 = "In the second file Huaxing Auto met Huaxing Automobile.\n"


def _group(doc: Path, located: bool = True) -> Group:
    where = {"Huaxing Auto": (Location(str(doc), 2, 26), Location(str(doc), 3, 26)),
             "Huaxing Automobile": (Location(str(doc), 1, 1), Location(str(doc), 3, 1)),
             "Huaxing Motors": (Location(str(doc), 2, 7),)} if located else None
    return make_group(None, [("Huaxing Auto", 3), ("Huaxing Automobile", 3), ("Huaxing Motors", 1)],
                      kind=KIND_NAME, locations=where)


@pytest.fixture
def docs(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "doc2.txt").write_text(DOC2, encoding="utf-8")
    return tmp_path / "doc.txt", tmp_path / "doc2.txt"


def _open(docs: tuple[Path, Path], glossary_file: Path, groups: list[Group]) -> tuple[ReviewState, Teacher]:
    paths = [str(glossary_file)]
    state = open_files([str(d) for d in docs], load_matcher(paths, use_cache=False), groups,
                       load_glossaries(paths))
    project = find_project_glossary(paths, glossary_file.parent)
    return state, Teacher(state, project, use_cache=False)


def _shown(state: ReviewState) -> list[tuple[str, str]]:
    return [(p.finding.kind, p.finding.match) for p in state.proposals]


def _statuses(path: Path) -> list[tuple[str, str]]:
    records = read_decisions(str(path))
    return [(r["kind"], r["status"]) for r in records]


def test_a_group_is_an_item_at_its_first_occurrence(docs, glossary_file) -> None:
    state, _ = _open(docs, glossary_file, [_group(docs[0])])
    assert _shown(state) == [("inconsistent", "Huaxing Automobile"), ("variant", "cluster area")]
    item = state.proposals[0]
    assert (item.line, item.column) == (1, 1)
    assert item.finding.detail == describe(item.group) == (
        "3 renderings of one name: Huaxing Auto (3), Huaxing Automobile (3), Huaxing Motors (1)")
    assert state.counts().labelled() == [("accepted", 0), ("rejected", 0), ("chosen", 0), ("dismissed", 0),
                                         ("pending", 2)]


def test_a_group_without_locations_is_placed_by_its_text(docs, glossary_file) -> None:
    state, _ = _open(docs, glossary_file, [_group(docs[0], located=False)])
    assert (state.proposals[0].line, state.proposals[0].column) == (1, 1)


def test_a_group_the_glossary_covers_is_not_shown(docs, glossary_file) -> None:
    known = make_group(None, [("cluster area", 2), ("gathering area", 1)], kind=KIND_NAME)
    state, _ = _open(docs, glossary_file, [known])
    assert [k for k, _ in _shown(state)] == ["variant"]


def test_choosing_writes_a_lint_clean_term_and_proposes_its_fixes_in_every_file(docs, glossary_file) -> None:
    state, teacher = _open(docs, glossary_file, [_group(docs[0])])
    message = teacher.choose("Huaxing Motors")
    assert "chose \"Huaxing Motors\"; 6 new proposals in 2 files" in message
    term = load_glossaries([str(glossary_file)]).term("huaxing-motors")
    assert (term.preferred, term.variants) == ("Huaxing Motors", ("Huaxing Auto", "Huaxing Automobile"))
    assert not has_errors(lint_files([str(glossary_file)]))
    assert len(state.proposals) == 8 and state.counts().chosen == 1 and state.counts().pending == 7
    assert [(p.file, p.finding.match) for p in state.proposals if p.term == "huaxing-motors"] == [
        (0, "Huaxing Automobile"), (0, "Huaxing Auto"), (0, "Huaxing Automobile"), (0, "Huaxing Auto"),
        (1, "Huaxing Auto"), (1, "Huaxing Automobile")]
    assert state.current is state.proposals[1], "on to the first new fix"
    assert _statuses(docs[0]) == [("inconsistent", "accepted")], "saved at once"


def test_undo_of_a_choice_restores_the_glossary_and_withdraws_its_fixes(docs, glossary_file) -> None:
    before = glossary_file.read_bytes()
    state, teacher = _open(docs, glossary_file, [_group(docs[0])])
    teacher.choose("Huaxing Motors")
    state.reject()
    assert state.undo() and state.undo()
    assert glossary_file.read_bytes() == before
    assert _shown(state) == [("inconsistent", "Huaxing Automobile"), ("variant", "cluster area")]
    assert state.statuses == [Status.PENDING, Status.PENDING] and state.cursor == 0
    assert read_decisions(str(docs[0])) == []


def test_a_dismissed_group_is_remembered(docs, glossary_file) -> None:
    state, _ = _open(docs, glossary_file, [_group(docs[0])])
    state.reject()
    assert state.counts().dismissed == 1
    again, _ = _open(docs, glossary_file, [_group(docs[0])])
    assert _shown(again) == [("variant", "cluster area")]
    assert [p.finding.kind for p in again.files[0].earlier] == ["inconsistent"]


def test_plus_writes_a_variant_and_proposes_it(docs, glossary_file) -> None:
    state, teacher = _open(docs, glossary_file, [])
    assert teacher.variant_field() == "the cluster area => agglomeration-zone"
    message = teacher.add_variant("Huaxing Auto => agglomeration-zone")
    assert "variant \"Huaxing Auto\" of term \"agglomeration-zone\"; 3 new proposals in 2 files" in message
    assert "Huaxing Auto" in load_glossaries([str(glossary_file)]).term("agglomeration-zone").variants
    assert state.current.finding.match == "cluster area" and state.status() is Status.PENDING
    assert len(state.proposals) == 4


def test_plus_with_a_new_preferred_form_creates_a_term(docs, glossary_file) -> None:
    state, teacher = _open(docs, glossary_file, [])
    teacher.add_variant("Huaxing Auto => Huaxing Motors")
    assert load_glossaries([str(glossary_file)]).term("huaxing-motors").variants == ("Huaxing Auto",)
    assert [p.finding.replacement for p in state.proposals if p.term == "huaxing-motors"] == ["Huaxing Motors"] * 3


def test_x_rejects_and_protects_and_a_later_run_does_not_propose_it(docs, glossary_file) -> None:
    state, teacher = _open(docs, glossary_file, [])
    assert teacher.exception_field() == "the cluster area"
    teacher.protect("the cluster area")
    assert state.statuses == [Status.REJECTED]
    assert load_glossaries([str(glossary_file)]).term("agglomeration-zone").exceptions == (
        "computing cluster area", "the cluster area")
    again, _ = _open(docs, glossary_file, [])
    assert again.proposals == [] and again.files[0].earlier == []


def test_undo_of_plus_and_x_restores_the_bytes(docs, glossary_file) -> None:
    before = glossary_file.read_bytes()
    state, teacher = _open(docs, glossary_file, [])
    teacher.add_variant("Huaxing Auto => agglomeration-zone")
    teacher.protect("the cluster area")
    assert state.undo()
    assert state.statuses[0] is Status.PENDING and len(state.proposals) == 4
    assert state.undo()
    assert glossary_file.read_bytes() == before and len(state.proposals) == 1


def test_a_lint_error_writes_nothing_and_changes_no_decision(docs, glossary_file) -> None:
    from mtfix.glossary.edit import ConflictError

    before = glossary_file.read_bytes()
    state, teacher = _open(docs, glossary_file, [])
    with pytest.raises(ConflictError):
        teacher.add_variant("chain owner => agglomeration-zone")  # chain-leader's variant
    assert glossary_file.read_bytes() == before and state.history == []


def test_resume_keeps_the_glossary_the_dismissals_and_the_new_decisions(docs, glossary_file) -> None:
    groups = [_group(docs[0]), make_group(None, [("plant", 1), ("factory", 1)], kind=KIND_NAME)]
    state, teacher = _open(docs, glossary_file, groups)
    teacher.choose("Huaxing Motors")
    state.reject()  # the first new fix
    assert state.current.finding.kind == "inconsistent"
    state.reject()  # dismiss plant / factory
    again, _ = _open(docs, glossary_file, groups)
    assert [p.finding.match for p in again.proposals] == ["Huaxing Auto", "cluster area", "Huaxing Automobile",
                                                          "Huaxing Auto", "Huaxing Auto", "Huaxing Automobile"]
    assert sorted(p.finding.kind for p in again.files[0].earlier) == ["inconsistent", "variant"]


def test_around_takes_a_word_either_side_on_the_same_line() -> None:
    text = "first line\nsay the cluster area, now\nnext"
    start = text.index("cluster")
    assert around(text, start, start + 12) == "the cluster area"
    assert around(text, start, start + 12, words=2) == "say the cluster area"
    assert around("cluster area", 0, 12) == "cluster area"


def test_a_group_rendering_is_a_rendering() -> None:
    assert Rendering("x", 1).locations == ()


# -- keys, through a pipe ----------------------------------------------------------

CTRL_U, ESC, TAB, ENTER = "\x15", "\x1b", "\t", "\r"


def _press(state: ReviewState, teacher: Teacher, *chunks: str) -> ReviewUI:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from mtfix.review.app import build_app

    ui = ReviewUI(state, teacher=teacher)
    with create_pipe_input() as pipe:
        for chunk in chunks:
            pipe.send_text(chunk)
        build_app(state, pipe, DummyOutput(), ui).run()
    return ui


def test_a_number_key_chooses_a_rendering(docs, glossary_file) -> None:
    state, teacher = _open(docs, glossary_file, [_group(docs[0])])
    ui = _press(state, teacher, "3", "q")
    assert load_glossaries([str(glossary_file)]).term("huaxing-motors").variants == (
        "Huaxing Auto", "Huaxing Automobile")
    assert len(state.proposals) == 8 and "6 new proposals in 2 files" in ui.message


def test_y_on_a_group_says_how_to_choose_and_e_types_another(docs, glossary_file) -> None:
    state, teacher = _open(docs, glossary_file, [_group(docs[0])])
    ui = _press(state, teacher, "y", ESC, "q")
    assert "1-9 choose" in ui.message and state.statuses[0] is Status.PENDING
    _press(state, teacher, "e", CTRL_U, "Huaxing Motor Co", ENTER, "q")
    term = load_glossaries([str(glossary_file)]).term("huaxing-motor-co")
    assert term.variants == ("Huaxing Auto", "Huaxing Automobile", "Huaxing Motors")
    assert state.statuses[0] is Status.ACCEPTED and state.replacement(0) == "Huaxing Motor Co"


def test_plus_tab_names_the_next_term_and_x_protects(docs, glossary_file) -> None:
    state, teacher = _open(docs, glossary_file, [])
    _press(state, teacher, "+", CTRL_U, "Huaxing Auto", TAB, ENTER, "x", ENTER, "q")
    glossary = load_glossaries([str(glossary_file)])
    assert "Huaxing Auto" in glossary.term("chain-leader").variants
    assert "the cluster area" in glossary.term("agglomeration-zone").exceptions
    assert [(p.finding.match, s.value) for p, s in zip(state.proposals, state.statuses, strict=True)] == [
        ("Huaxing Auto", "pending"), ("cluster area", "rejected"), ("Huaxing Auto", "pending"),
        ("Huaxing Auto", "pending")]


def test_a_lint_error_is_shown_and_the_field_stays_open(docs, glossary_file) -> None:
    before = glossary_file.read_bytes()
    state, teacher = _open(docs, glossary_file, [])
    ui = _press(state, teacher, "+", CTRL_U, "chain owner", ENTER, "\x03")
    assert ui.message.startswith("not written: ") and "chain owner" in ui.message
    assert ui.editing and glossary_file.read_bytes() == before


# -- the command ---------------------------------------------------------------------

def _review(args: list[str], keys: str) -> int:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from mtfix.cli import main

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return main(["review", *args])


def test_review_mine_with_the_bundled_glossary_creates_the_project_glossary(
        docs, monkeypatch, capsys) -> None:
    import mtfix.review.command as command

    folder = docs[0].parent
    monkeypatch.chdir(folder)
    monkeypatch.setattr(command, "_groups", lambda paths, glossary: [_group(Path("doc.txt"))])
    assert _review(["--mine", "doc.txt"], "3" + "\x03") == 130
    assert (folder / "mtfix.toml").read_text().endswith('glossaries = ["mtfix-glossary.toml", "default"]\n')
    assert not has_errors(lint_files([str(folder / "mtfix-glossary.toml")]))
    capsys.readouterr()
    # A later run without --mine reads the glossary it wrote, and the bundled one.
    from mtfix.cli import main

    assert main(["check", "--no-cache", "doc.txt"]) == 1
    out = capsys.readouterr().out
    assert "Huaxing Auto" in out and "Huaxing Motors" in out and "agglomeration zone" in out


def test_a_group_extending_a_term_of_another_glossary_extends_it_by_its_id(docs, glossary_file) -> None:
    own = glossary_file.parent / "own.toml"
    own.write_text("# ours\n", encoding="utf-8")
    paths = [str(own), str(glossary_file)]
    group = make_group(None, [("agglomeration zone", 1), ("Huaxing Auto", 3)], term="agglomeration-zone")
    state = open_files([str(d) for d in docs], load_matcher(paths, use_cache=False), [group],
                       load_glossaries(paths))
    teacher = Teacher(state, find_project_glossary(paths, glossary_file.parent), use_cache=False)
    state.cursor = next(i for i, p in enumerate(state.proposals) if p.inconsistent)
    teacher.choose("agglomeration zone")
    term = load_glossaries([str(own)]).term("agglomeration-zone")  # the same id: it extends that term
    assert (term.preferred, term.variants) == ("agglomeration zone", ("Huaxing Auto",))
    merged = load_glossaries(paths).term("agglomeration-zone")
    assert "Huaxing Auto" in merged.variants and len(merged.variants) > 1
    assert own.read_text().startswith("# ours\n")
    assert [p.finding.match for p in state.proposals if p.term == term.id and p.fixable].count("Huaxing Auto") == 3


def test_the_screen_names_the_new_keys_and_lists_the_renderings(docs, glossary_file) -> None:
    from mtfix.review import view

    state, _ = _open(docs, glossary_file, [_group(docs[0])])
    text = "".join(t for _, t in view.result(state, selected=1))
    assert ">2 Huaxing Automobile (3)\n" in text and " 3 Huaxing Motors (1)\n" in text
    assert view.titles(state) == ("inconsistent: first occurrence", "renderings")
    assert "".join(t for _, t in view.keys(100, "group")).startswith("1-9 choose preferred · e type one · n dismiss")
    review_keys = "".join(t for _, t in view.keys(100, "review"))
    assert "+ variant" in review_keys and "x protect" in review_keys
    assert "Tab next term" in "".join(t for _, t in view.keys(100, "variant"))
    assert "\n  +          add a variant" in view.HELP and "\n  x          reject and protect" in view.HELP
