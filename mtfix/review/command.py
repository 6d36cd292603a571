"""``mtfix review PATH...``: decide on each proposed fix in a full-screen review.

Light at import: prompt_toolkit is imported only when a review starts.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from mtfix.cli import add_glossary_options, config_from, load_matcher_for
from mtfix.errors import InputError, MtfixError
from mtfix.formats import expand_paths
from mtfix.report import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK
from mtfix.review.autosave import SessionSaver
from mtfix.review.progress import WriteProgress
from mtfix.review.session import SessionNotSaved, open_files, write_file
from mtfix.review.state import ReviewState

if TYPE_CHECKING:
    from mtfix.glossary.mine import Group
    from mtfix.model import Glossary
    from mtfix.review.decision_log import DecisionLog
    from mtfix.review.teach import Teacher


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review", help="decide on each proposed fix in a full-screen review",
        description="Show every proposed fix in its sentence and decide: y accept, n reject, "
                    "s skip, a/r accept/reject all of a term, e edit, u undo, q write and quit, "
                    "Ctrl-C quit without writing. In bilingual files a term missing from the target "
                    "is shown too (y notes it, n dismisses it; it changes no text). "
                    "+ adds a variant and x rejects and protects (an exception), written to the "
                    "project glossary; with --mine, 1-9 choose the preferred rendering of a mined "
                    "group. Decisions are saved as they are made "
                    "(.mtfix/ beside each file) and a later run resumes.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders, reviewed one after another")
    add_glossary_options(parser)
    parser.add_argument("--mine", action="store_true",
                        help="also review groups of inconsistent renderings mined from the files "
                             "(as mtfix glossary mine finds them): choosing one writes a term to the "
                             "project glossary (the first -g file, else the first of mtfix.toml, else "
                             "a new mtfix-glossary.toml)")
    parser.add_argument("--log", metavar="FILE",
                        help="append one JSON line per decision to FILE (file, unit, line, term, variant, "
                             "before, after, decision, time; an undo too), for a reviser")
    parser.set_defaults(run=run)


def _counts(state: ReviewState) -> str:
    return ", ".join(f"{n} {label}" for label, n in state.counts().labelled())


def write_all(state: ReviewState, progress: WriteProgress | None = None) -> int:
    """Write every file with accepted changes; a file changed on disk is refused, the others
    written; ``progress`` (on a terminal by default) says which file is being written."""
    code, written = EXIT_OK, []
    progress = progress or WriteProgress(len(state.files))
    for index, review_file in enumerate(state.files):
        progress.writing(index, review_file.path)
        try:
            count = write_file(state, index)
        except SessionNotSaved as exc:  # the file is written all the same
            progress.close()
            print(f"mtfix: {exc}", file=sys.stderr)
            code, count = EXIT_ERROR, exc.written
        except MtfixError as exc:
            progress.close()
            print(f"mtfix: {exc}", file=sys.stderr)
            code = EXIT_ERROR
            continue
        if count:
            written.append(f"{count} in {review_file.path}")
    progress.close()
    print(f"mtfix review: {_counts(state)}; changes written: {', '.join(written) or 'none'}", file=sys.stderr)
    return code


def _groups(paths: list[str], glossary: Glossary) -> list[Group]:
    from mtfix.glossary.mining import mine_groups, read_input

    return mine_groups([found for path in paths if (found := read_input(path)) is not None], glossary)


def _teacher(args: argparse.Namespace, state: ReviewState) -> Teacher | None:
    """What writes the project glossary; None (and a note) where no glossary can be written."""
    from mtfix.glossary.project import find_project_glossary
    from mtfix.review.teach import Teacher

    try:
        project = find_project_glossary(args.glossary)
    except MtfixError as exc:
        print(f"mtfix review: {exc}; + and x are off", file=sys.stderr)
        return None
    return Teacher(state, project, use_cache=not args.no_cache, warm=True)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    matcher = load_matcher_for(config)
    paths = list(expand_paths(args.paths))
    if args.mine:
        from mtfix.glossary.load import load_glossaries

        glossary = load_glossaries(list(config.glossaries))
        state = open_files(paths, matcher, _groups(paths, glossary), glossary)
    else:
        state = open_files(paths, matcher)
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
    log = _open_log(args.log, state)
    try:
        outcome = run_app(state, teacher=_teacher(args, state))
    finally:
        if log is not None:
            log.close()
    if outcome is Outcome.ABORT:
        print(f"mtfix review: quit without writing ({_counts(state)}); the decisions are kept "
              "for the next run", file=sys.stderr)
        return EXIT_INTERRUPTED
    return write_all(state)


def _open_log(path: str | None, state: ReviewState) -> DecisionLog | None:
    """``--log``: the decision log, told of every decision the session saver sees."""
    if path is None or not isinstance(state.on_change, SessionSaver):
        return None
    from mtfix.review.decision_log import DecisionLog

    state.on_change.log = DecisionLog(path)
    return state.on_change.log
