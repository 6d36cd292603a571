"""``mtfix glossary lint|add|remove|show|import|export|mine``: parsing and output only.

The work is in the sibling modules; tomlkit, lxml, jieba and rapidfuzz are
imported by them on the run path, never when the CLI starts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from mtfix.errors import GlossaryError, InputError, OutputError
from mtfix.files import open_regular, read_regular
from mtfix.formats.atomic import write_bytes_atomic
from mtfix.model import Glossary

EXIT_OK, EXIT_PROBLEMS = 0, 1
BOM = b"\xef\xbb\xbf"


def _read(path: str) -> bytes:
    from mtfix.glossary.load import MAX_GLOSSARY_BYTES

    if not os.path.exists(path):
        raise InputError("file not found", path)
    return read_regular(path, MAX_GLOSSARY_BYTES, InputError, "termbase ")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)  # also through a symlink or a hard link
    except OSError:  # one of them does not exist (yet), so it cannot be the other
        return os.path.realpath(a) == os.path.realpath(b)


def _refuse_own_input(output: str, inputs: Sequence[str]) -> None:
    """Writing the output over an input would replace the very file being converted."""
    for source in inputs:
        if _same_file(source, output):
            raise OutputError(f"-o is the input file {source} itself; writing there would destroy it "
                              f"(nothing written)", output)


def write_file(path: str, text: str | bytes, bom: bool = False) -> None:
    """Write through a temporary file beside ``path`` that replaces it only when complete."""
    data = text if isinstance(text, bytes) else (BOM if bom else b"") + text.encode("utf-8")
    write_bytes_atomic(path, data)


def _glossary_text(path: str) -> str:
    from mtfix.glossary.load import read_glossary_file

    return read_glossary_file(path) if Path(path).exists() else ""


def run_lint(args: argparse.Namespace) -> int:
    from mtfix.glossary.lint import has_errors, lint_files

    problems = lint_files(args.glossaries)
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if p.severity == "error")
    notes = sum(1 for p in problems if p.severity == "note")  # explanations, not warnings
    warnings = len(problems) - errors - notes
    print(f"{len(args.glossaries)} glossar{'y' if len(args.glossaries) == 1 else 'ies'}: {errors} problem"
          f"{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
          + (f", {notes} note{'s' if notes != 1 else ''}" if notes else ""), file=sys.stderr)
    return EXIT_PROBLEMS if has_errors(problems) else EXIT_OK


def _check_flags(args: argparse.Namespace) -> None:
    from mtfix.glossary.load import phrase_problem

    for flag, values, key in (("--preferred", [args.preferred], "preferred"), ("--variant", args.variant, "variants"),
                              ("--source", args.source, "source"), ("--ref", args.ref, ""),
                              ("--id", [args.id] if args.id is not None else [], "")):
        for value in values or ():
            if not value.strip():
                raise InputError(f"{flag} is an empty string; nothing written", args.glossary)
            problem = phrase_problem(key, value.strip()) if key else None
            if problem is not None:
                raise InputError(f"{flag}: {problem}; nothing written", args.glossary)


def run_add(args: argparse.Namespace) -> int:
    from mtfix.glossary.edit import ConflictError, TermChange, add_term

    _check_flags(args)
    text = _glossary_text(args.glossary)
    change = TermChange(args.preferred, tuple(args.variant or ()), tuple(args.source or ()), args.note or "",
                        args.id or "", tuple(args.ref or ()), args.auto)
    try:
        new, action = add_term(text, args.glossary, change)
    except ConflictError as exc:
        print(f"{exc}; nothing written:", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    if action != "unchanged":
        write_file(args.glossary, new, bom=_has_bom(args.glossary))
    print(f"{args.glossary}: {action} term \"{args.preferred}\"", file=sys.stderr)
    if args.ref or args.auto is False:  # a ref that is no URL, auto = false without source forms
        _new_warnings(args.glossary, text, new)
    return EXIT_OK


def _new_warnings(path: str, before: str, after: str) -> None:
    """Print the lint warnings that ``after`` has and ``before`` had not (the change was written)."""
    from mtfix.glossary.lint import lint_files

    old = {p.message for p in lint_files([path], {path: before})} if before.strip() else set()
    for problem in lint_files([path], {path: after}):
        if problem.message not in old:
            print(problem, file=sys.stderr)


def _has_bom(path: str) -> bool:
    if not Path(path).exists():
        return False
    with open_regular(path, GlossaryError, "glossary ") as handle:
        return handle.read(len(BOM)) == BOM


def run_remove(args: argparse.Namespace) -> int:
    from mtfix.glossary.edit import remove_term

    new, term = remove_term(_glossary_text(args.glossary), args.glossary, args.id)
    write_file(args.glossary, new, bom=_has_bom(args.glossary))
    print(f"{args.glossary}: removed term \"{term.id}\" ({term.preferred})", file=sys.stderr)
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    from mtfix.glossary.load import load_glossaries
    from mtfix.glossary.show import format_table, format_term

    glossary = load_glossaries([args.glossary])
    width = shutil.get_terminal_size((100, 24)).columns
    if args.term:
        from mtfix.model import slugify

        term = next((t for t in glossary.terms if t.id in (args.term, slugify(args.term))), None)
        if term is None:  # as remove: the id, or what it is derived from
            known = ", ".join(t.id for t in glossary.terms[:20])
            raise InputError(f'no term with id "{args.term}" (known: {known or "none"})', args.glossary)
        sys.stdout.write(format_term(term, width))
    else:
        sys.stdout.write(format_table(glossary, width))
    return EXIT_OK


def _terms(count: int) -> str:
    return f"{count} term{'' if count == 1 else 's'}"


def _import(path: str, args: argparse.Namespace) -> Glossary:
    data = _read(path)
    if path.lower().endswith(".tbx") or data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<"):
        from mtfix.glossary.tbx import read_tbx

        glossary, warnings = read_tbx(data, path, args.source_lang, args.target_lang)
        for warning in warnings:
            print(warning, file=sys.stderr)
        return glossary
    from mtfix.glossary.tabular import read_table

    return read_table(data, path)


def run_import(args: argparse.Namespace) -> int:
    from mtfix.glossary.dump import glossary_toml
    from mtfix.glossary.lint import lint_files

    _refuse_own_input(args.output, [args.file])
    glossary = _import(args.file, args)
    text = glossary_toml(glossary, [f"Imported by mtfix from {Path(args.file).name}."])
    problems = lint_files([args.output], {args.output: text})
    write_file(args.output, text)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{args.output}: {_terms(len(glossary.terms))} imported from {args.file}", file=sys.stderr)
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from mtfix.glossary.load import load_glossaries

    _refuse_own_input(args.output, args.glossaries)
    glossary = load_glossaries(args.glossaries)
    meta = dict(glossary.meta)
    if args.format == "tbx":
        from mtfix.glossary.tbx import write_tbx

        write_file(args.output, write_tbx(glossary, str(meta.get("source_lang", "zh")),
                                      str(meta.get("target_lang", "en"))))
    else:
        from mtfix.glossary.tabular import write_table

        write_file(args.output, write_table(glossary, "\t" if args.format == "tsv" else ","), bom=True)
    print(f"{args.output}: {_terms(len(glossary.terms))} exported as {args.format.upper()}", file=sys.stderr)
    return EXIT_OK


def run_mine(args: argparse.Namespace) -> int:
    from mtfix.glossary.mining import mine_command

    return mine_command(args, sys.stdout)


def _add_common(sub: argparse._SubParsersAction) -> None:
    lint = sub.add_parser("lint", help="check glossaries for conflicts (exit 1 if any)",
                          description="Report conflicts as FILE:LINE: message; warnings do not fail.")
    lint.add_argument("glossaries", nargs="+", metavar="GLOSSARY")
    lint.set_defaults(run=run_lint)
    add = sub.add_parser("add", help="add a term, or merge into the term with that preferred form",
                         description="Add a term; comments and layout of the file are kept. A change that "
                                     "would create a conflict is refused with the lint message.")
    add.add_argument("glossary", metavar="GLOSSARY")
    add.add_argument("--preferred", required=True, metavar="P")
    add.add_argument("--variant", action="append", metavar="V", help="wrong rendering (repeatable)")
    add.add_argument("--source", action="append", metavar="S", help="source-language term (repeatable)")
    add.add_argument("--note", metavar="N")
    add.add_argument("--ref", action="append", metavar="URL",
                     help="where the preferred form is attested (repeatable)")
    add.add_argument("--auto", action=argparse.BooleanOptionalAction, default=None,
                     help="--no-auto: the variants are ordinary English elsewhere; fix them only where the "
                          "source has the term (default for a new term: --auto)")
    add.add_argument("--id", metavar="ID")
    add.set_defaults(run=run_add)
    remove = sub.add_parser("remove", help="remove the term with this id")
    remove.add_argument("glossary", metavar="GLOSSARY")
    remove.add_argument("id", metavar="ID")
    remove.set_defaults(run=run_remove)
    show = sub.add_parser("show", help="print the glossary as a table")
    show.add_argument("glossary", metavar="GLOSSARY")
    show.add_argument("--term", metavar="ID", help="show every field of one term")
    show.set_defaults(run=run_show)


def _add_exchange(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="convert a CSV/TSV or TBX termbase to a glossary",
                         description="CSV/TSV with the header source,preferred,variants,note (variants "
                                     "separated by |), or TBX v2 (martif) / v3 (TBX-Basic, TBX-Min).")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("-o", "--output", required=True, metavar="OUT.toml")
    imp.add_argument("--source-lang", default="zh", help="TBX language of 'source' (default: zh)")
    imp.add_argument("--target-lang", default="en", help="TBX language of the renderings (default: en)")
    imp.set_defaults(run=run_import)
    exp = sub.add_parser("export", help="write glossaries as TBX-Basic v3 or Excel CSV")
    exp.add_argument("glossaries", nargs="+", metavar="GLOSSARY")
    exp.add_argument("--format", choices=("tbx", "csv", "tsv"), required=True)
    exp.add_argument("-o", "--output", required=True, metavar="OUT")
    exp.set_defaults(run=run_export)


def _add_mine(sub: argparse._SubParsersAction) -> None:
    mine = sub.add_parser("mine", help="find terms rendered inconsistently (glossary candidates)",
                          description="Bilingual TSV (source<TAB>target): renderings of each Chinese word "
                                      "by co-occurrence statistics. English text: variant phrases of one "
                                      "concept. --fuzzy: near misses of glossary phrases.")
    mine.add_argument("paths", nargs="+", metavar="PATH")
    mine.add_argument("-g", "--glossary", action="append", metavar="FILE",
                      help="glossary TOML file (repeatable); default: the configured or bundled glossary")
    mine.add_argument("--format", choices=("text", "json"), default="text")
    mine.add_argument("--emit-toml", metavar="OUT.toml",
                      help="also write the groups as [[term]] tables to edit and paste ('-': print only those)")
    mine.add_argument("--min-count", type=int, default=2, metavar="N",
                      help="ignore renderings seen fewer than N times (default: 2)")
    mine.add_argument("--fuzzy", action="store_true",
                      help="report near misses of glossary phrases instead (suggestions, never fixed)")
    mine.add_argument("--threshold", type=float, default=85.0, metavar="SCORE",
                      help="--fuzzy: lowest rapidfuzz similarity reported (default: 85)")
    mine.set_defaults(run=run_mine)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("glossary", help="lint, edit, import, export and mine glossaries",
                                   description="Maintain glossaries.")
    sub = parser.add_subparsers(dest="glossary_command", required=True, metavar="ACTION")
    _add_common(sub)
    _add_exchange(sub)
    _add_mine(sub)

