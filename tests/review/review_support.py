"""Shared helpers for the review tests (a module, not a conftest, so names stay unique)."""

from __future__ import annotations

from mtfix.formats.base import Segment
from mtfix.review.proposals import ReviewFile, file_proposals
from mtfix.review.state import ReviewState

# Four proposals with the test glossary: two terms, two occurrences each.
TEXT = "The cluster area\nhas a chain owner.\nThe gathering area and the chain master.\n"


def make_state(matcher, *texts: str, sources: tuple[str | None, ...] = ()) -> ReviewState:
    """A state over one in-memory file per text (no I/O)."""
    files, proposals = [], []
    for n, text in enumerate(texts):
        source = sources[n] if n < len(sources) else None
        review_file = ReviewFile(f"doc{n}.txt", [Segment(text, source=source)])
        files.append(review_file)
        proposals.extend(file_proposals(n, review_file, matcher))
    return ReviewState(files, proposals)


def matches(state: ReviewState) -> list[str]:
    return [p.finding.match for p in state.proposals]
