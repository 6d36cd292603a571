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


def press(state: ReviewState, *chunks: str, ui=None):  # type: ignore[no-untyped-def]
    """Run the review app on ``state`` with ``chunks`` typed; its outcome."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from mtfix.review.app import build_app

    with create_pipe_input() as pipe:
        for chunk in chunks:
            pipe.send_text(chunk)
        return build_app(state, pipe, DummyOutput(), ui).run()


def review(args: list[str], keys: str) -> int:
    """``mtfix review ARGS`` with ``keys`` typed; its exit status."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from mtfix.cli import main

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return main(["review", *args])
