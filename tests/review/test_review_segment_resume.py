"""An ``E`` decision is in the session like any other: a new run (after a crash,
a closed terminal) has it accepted as typed, and ``q`` writes it; the proposals
it took over stay decided; a line changed meanwhile is proposed afresh."""

from __future__ import annotations

from pathlib import Path

from mtfix import compile_glossary
from mtfix.model import Glossary
from mtfix.review.segment_edit import decide_segment
from mtfix.review.session import open_files
from mtfix.review.state import ReviewState, Status

TEXT = "We grasp the 'cluster area' and a chain owner.\nThe gathering area grows.\n"
TYPED = "We grasp the agglomeration zone and its chain leader."


def _open(path: Path, glossary_file: Path) -> ReviewState:
    return open_files([str(path)], compile_glossary(Glossary.load(glossary_file)))


def test_an_edited_segment_survives_a_new_run(tmp_path: Path, glossary_file: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    state = _open(path, glossary_file)
    assert decide_segment(state, TYPED).startswith("segment edited (1 other proposal")
    written = state.apply(0)
    del state  # a crash: nothing but the session is left

    again = _open(path, glossary_file)
    assert again.statuses == [Status.ACCEPTED, Status.PENDING]  # the chain owner: rejected, hidden
    assert again.apply(0) == written == [TYPED + "\nThe gathering area grows.\n"]


def test_a_line_changed_meanwhile_is_proposed_again(tmp_path: Path, glossary_file: Path) -> None:
    long = "In the first half of the year, in this fine city of ours, we grasp the 'cluster area'.\n"
    path = tmp_path / "doc.txt"
    path.write_text(long, encoding="utf-8")
    typed = "Early in the year, in this fine city of ours, we grasp the agglomeration zone."
    decide_segment(_open(path, glossary_file), typed)
    changed = long.replace("half", "part")  # another editor: in the words E retyped, beyond the match's anchor
    path.write_text(changed, encoding="utf-8")

    again = _open(path, glossary_file)
    assert again.statuses == [Status.PENDING]  # the typed line would undo their change: asked again
    assert again.apply(0) == [changed]
