"""Work that grows with the file, not with its square: start-up, anchors, key presses.

Counted, never timed: ``Scanned`` is a text that adds up how many characters
its own methods (find, rfind, count, slices...) were asked to look at, and a
list that counts how often it is walked through.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from review_support import TEXT, make_state

from mtfix.formats.base import Segment
from mtfix.model import Edit
from mtfix.review.command import write_all
from mtfix.review.progress import WriteProgress
from mtfix.review.proposals import ReviewFile, Shifts, anchor_at, file_proposals, line_bounds
from mtfix.review.session import open_files


class Scanned(str):
    """A str that counts the characters its searching and slicing methods cover."""

    scanned = 0

    def _cover(self, start: Any = None, end: Any = None) -> None:
        lo, hi, _ = slice(start, end).indices(len(self))
        Scanned.scanned += max(hi - lo, 0)

    def find(self, sub: Any, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        self._cover(start, end)
        return super().find(sub, start, end)

    def rfind(self, sub: Any, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        self._cover(start, end)
        return super().rfind(sub, start, end)

    def count(self, sub: Any, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        self._cover(start, end)
        return super().count(sub, start, end)

    def __getitem__(self, key: Any) -> str:  # type: ignore[override]
        if isinstance(key, slice):
            self._cover(key.start, key.stop)
        return super().__getitem__(key)

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        self._cover()
        return super().splitlines(keepends)


def _scanned(job: Any) -> int:
    Scanned.scanned = 0
    job()
    return Scanned.scanned


def test_an_anchor_reads_only_the_window_around_its_match() -> None:
    text = Scanned("x " * 500_000 + "the cluster area here" + " y" * 500_000)
    start = text.index("cluster")
    assert _scanned(lambda: anchor_at(text, start, start + 12, "t", "cluster area")) < 200


def test_line_bounds_read_about_the_line_not_the_text_before_it() -> None:
    text = Scanned("a line\n" * 150_000 + "the cluster area here\n" + "a line\n" * 150_000)
    start = text.index("cluster")
    assert _scanned(lambda: line_bounds(text, start, start + 12)) < 5_000


def test_proposals_of_a_text_twice_as_long_cost_twice_as_much(matcher) -> None:
    """A plain-text file is one segment: every finding used to be placed from its start."""

    def build(n: int) -> None:
        review_file = ReviewFile("doc.txt", [Segment(Scanned(TEXT * n))])
        assert len(file_proposals(0, review_file, matcher)) == 4 * n

    once, twice = _scanned(lambda: build(200)), _scanned(lambda: build(400))
    assert twice <= 2.2 * once


class Walked(list):  # type: ignore[type-arg]
    walks = 0

    def __iter__(self) -> Any:
        Walked.walks += 1
        return super().__iter__()


def test_a_key_press_does_not_walk_through_every_proposal(matcher) -> None:
    state = make_state(matcher, TEXT * 50)
    state.proposals = Walked(state.proposals)
    state.counts()  # the first read counts once
    Walked.walks = 0
    for decide in (state.accept, state.reject, state.skip, state.accept, state.undo, state.reject) * 5:
        decide()
        state.counts(), state.done, state.remaining_of_term(), state.current
    assert Walked.walks == 0


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 60), st.integers(0, 4), st.text(max_size=6)),
                max_size=12), st.integers(0, 2), st.integers(0, 70))
def test_shifts_are_the_sum_of_the_edits_before(edits, segment: int, offset: int) -> None:
    by_segment: dict[int, list[Edit]] = {}
    for seg, start, length, text in edits:
        by_segment.setdefault(seg, []).append(Edit(start, start + length, text))
    expected = sum(len(e.replacement) - (e.end - e.start) for e in by_segment.get(segment, []) if e.end <= offset)
    assert Shifts(by_segment).at(segment, offset) == expected


def test_q_says_which_file_it_writes(matcher, tmp_path: Path) -> None:
    paths = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
        paths.append(str(tmp_path / name))
    state = open_files(paths, matcher)
    state.accept()
    shown = io.StringIO()
    assert write_all(state, WriteProgress(len(paths), shown, shown=True)) == 0
    lines = shown.getvalue().split("\r\x1b[K")
    assert lines == ["", f"mtfix review: writing 1 of 2 files… {paths[0]}",
                     f"mtfix review: writing 2 of 2 files… {paths[1]}", ""]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("The agglomeration zone")


def _old_anchor(text: str, start: int, end: int) -> tuple[str, str]:
    """The anchor window as it was first defined: from the line start/end, at most 40 characters."""
    breaks = "\n\r\u2028\u2029\x0b\x0c\x85"
    line_start = max((text.rfind(c, 0, start) for c in breaks), default=-1) + 1
    line_end = min([i for i in (text.find(c, end) for c in breaks) if i >= 0], default=len(text))
    return text[max(line_start, start - 40):start], text[end:min(line_end, end + 40)]


@given(st.text(alphabet="ab \n\r\u2028\x85", max_size=700), st.integers(0, 700), st.integers(0, 12))
def test_windows_read_the_same_as_before(text: str, start: int, length: int) -> None:
    start = min(start, len(text))
    end = min(start + length, len(text))
    anchor = anchor_at(text, start, end, "t", "v")
    assert (anchor.before, anchor.after) == _old_anchor(text, start, end)
    lo, hi = line_bounds(text, start, end)
    assert text[lo:start] == text[:start].split("\n")[-1].split("\r")[-1].split("\u2028")[-1].split("\x85")[-1]
    assert hi == min([i for i in (text.find(c, end) for c in "\n\r\u2028\x85") if i >= 0], default=len(text))


def test_a_line_longer_than_the_first_window_is_found_whole() -> None:
    for head in ("", "before\n", "before\u2028"):
        text = head + "x" * 3000 + " cluster area " + "y" * 3000 + "\nafter"
        start = text.index("cluster")
        assert line_bounds(text, start, start + 12) == (len(head), text.index("\nafter"))
