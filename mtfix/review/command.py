"""``mtfix review PATH...``: decide on each proposed fix in a full-screen review.

Light at import: prompt_toolkit is imported only when a review starts.
"""

from __future__ import annotations

import argparse
import sys

from mtfix.cli import add_glossary_options, config_from, load_matcher_for
from mtfix.errors import InputError, MtfixError
from mtfix.formats import expand_paths
from mtfix.report import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK
from mtfix.review.session import SessionNotSaved, open_files, write_file
from mtfix.review.state import ReviewState


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review", help="decide on each proposed fix in a full-screen review",
        description="Show every proposed fix in its sentence and decide: y accept, n reject, "
                    "s skip, a/r accept/reject all of a term, e edit, u undo, q write and quit, "
                    "Ctrl-C quit without writing. In bilingual files a term missing from the target "
                    "is shown too (y notes it, n dismisses it; it changes no text). "
                    "Decisions are saved as they are made "
                    "(.mtfix/ beside each file) and a later run resumes.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders, reviewed one after another")
    add_glossary_options(parser)
    parser.set_defaults(run=run)


def _counts(state: ReviewState) -> str:
    return ", ".join(f"{n} {label}" for label, n in state.counts().labelled())


def write_all(state: ReviewState) -> int:
    """Write every file with accepted changes; a file changed on disk is refused, the others written."""
    code, written = EXIT_OK, []
    for index, review_file in enumerate(state.files):
        try:
            count = write_file(state, index)
        except SessionNotSaved as exc:  # the file is written all the same
            print(f"mtfix: {exc}", file=sys.stderr)
            code, count = EXIT_ERROR, exc.written
        except MtfixError as exc:
            print(f"mtfix: {exc}", file=sys.stderr)
            code = EXIT_ERROR
            continue
        if count:
            written.append(f"{count} in {review_file.path}")
    print(f"mtfix review: {_counts(state)}; changes written: {', '.join(written) or 'none'}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    matcher = load_matcher_for(config_from(args))
    state = open_files(list(expand_paths(args.paths)), matcher)
    if not state.proposals:
        hidden = sum(len(f.earlier) for f in state.files)
        print("mtfix review: nothing to review" + (f" ({hidden} rejected earlier)" if hidden else ""),
              file=sys.stderr)
        return EXIT_OK
    from mtfix.review.app import has_terminal, run_app
    from mtfix.review.ui import Outcome

    if not has_terminal():  # keys from a pipe would be decisions nobody made
        raise InputError("mtfix review needs a terminal: run it with its input and output "
                         "not redirected (mtfix check lists the same findings)")
    if run_app(state) is Outcome.ABORT:
        print(f"mtfix review: quit without writing ({_counts(state)}); rejections are kept "
              "for the next run", file=sys.stderr)
        return EXIT_INTERRUPTED
    return write_all(state)
