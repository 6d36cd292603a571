"""Command line: argument parsing, and turning results and errors into output
and exit codes. Everything else lives in the library."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from mtfix import __version__
from mtfix.batch import SPOOL_BYTES, FileResult, Mode, process_stream
from mtfix.config import FAIL_ON_KINDS, Config, build_config
from mtfix.engine import Matcher
from mtfix.errors import MtfixError, one_line
from mtfix.files import forget_read
from mtfix.formats.leftovers import forget_swept
from mtfix.formats.records import Fields
from mtfix.model import Finding
from mtfix.report import (
    EXIT_ERROR,
    JsonArray,
    Report,
    finding_record,
    format_finding,
    unified_diff,
)
from mtfix.runner import RunOptions, run
from mtfix.shell import guarded_streams, interrupted_line, os_error_line, say, stop_on_signals

# Further subcommands live beside their code; each module has add_parser(subparsers).
COMMAND_MODULES: tuple[str, ...] = ("mtfix.review.command", "mtfix.glossary.command", "mtfix.lsp.command")

REPORT_BUGS = "this is a bug in mtfix; please report it with the command and input that caused it"


def add_glossary_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-g", "--glossary", action="append", metavar="FILE",
                        help="glossary TOML file (repeatable); default: mtfix.toml / "
                             "[tool.mtfix] glossaries, else the bundled glossary")
    parser.add_argument("--no-cache", action="store_true",
                        help="compile the glossary afresh instead of using the cache")


def config_from(args: argparse.Namespace) -> Config:
    return build_config(args.glossary, use_cache=not args.no_cache, fail_on=getattr(args, "fail_on", None),
                        skip_fuzzy=getattr(args, "skip_fuzzy", None))


def load_matcher_for(config: Config) -> Matcher:
    from mtfix.glossary.cache import load_matcher

    return config.protecting(load_matcher(list(config.glossaries), use_cache=config.use_cache))


def _run_stdin(args: argparse.Namespace, matcher: Matcher, report: Report, out: TextIO) -> None:
    """``-``: read stdin chunk by chunk; ``fix`` writes the fixed bytes to stdout only
    once all of stdin was read and decoded, ``check`` prints findings as they come."""
    mode = _mode(args)
    import shutil  # here only: a start-up imports what it needs
    import tempfile

    with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:
        try:
            result = process_stream(sys.stdin.buffer, matcher, mode,
                                     fixed=spool if mode in (Mode.FIX, Mode.DRY_RUN) else None,
                                     on_findings=_printer(args, "<stdin>", out) if mode is Mode.CHECK else None)
        except MtfixError as exc:
            report.add(0, str(exc))
            print(str(exc), file=sys.stderr)
            return
        report.add(result.count, suggestions=result.suggestions)
        if mode is Mode.DIFF and result.before is not None and result.after is not None:
            out.write(unified_diff("<stdin>", result.before, result.after))
        elif mode in (Mode.FIX, Mode.DRY_RUN):  # fix --check - has always printed the fixed text too
            out.flush()
            spool.seek(0)
            shutil.copyfileobj(spool, sys.stdout.buffer)
            sys.stdout.buffer.flush()


def _printer(args: argparse.Namespace, path: str, out: TextIO) -> Callable[[list[Finding]], None]:
    return lambda findings: _print_findings(args, path, findings, out)


def _print_findings(args: argparse.Namespace, path: str, findings: list, out: TextIO) -> None:
    args.suggested += sum(1 for f in findings if f.suggestion)
    if args.format == "json":
        args.records.extend(finding_record(path, f) for f in findings)
    elif args.format in ("github", "sarif"):
        args.records.add(path, findings)
    elif args.format == "html":
        args.pairs.extend((path, f) for f in findings)
    elif findings:  # one write per file or chunk: a write per finding cost as much as finding it
        out.write("".join(format_finding(path, finding) + "\n" for finding in findings))


def _show(args: argparse.Namespace, result: FileResult, report: Report, out: TextIO) -> None:
    if result.skipped is not None:
        report.skip(result.skipped)
        if not args.quiet:
            say(one_line(f"{result.path}: skipped: {result.skipped}"))
        return
    if result.error is not None:
        report.add(0, str(result.error))
        print(str(result.error), file=sys.stderr)
        return
    report.add(result.count, suggestions=result.suggestions)
    if args.command == "check":
        _print_findings(args, result.path, result.findings, out)
        args.paths_seen.append(result.path)
        if result.count:
            args.flagged.add(result.path)
        if result.units:
            args.units.append((result.path, result.units))
    elif result.before is not None and result.after is not None and result.findings:
        out.write(unified_diff(result.path, result.before, result.after))


def _mode(args: argparse.Namespace) -> Mode:
    if args.command == "check":
        return Mode.CHECK
    if args.diff:
        return Mode.DIFF
    return Mode.DRY_RUN if args.check else Mode.FIX


def run_files(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """``mtfix check`` and ``mtfix fix``."""
    out = out or sys.stdout
    mode = _mode(args)
    config = config_from(args)
    args.fail_on, args.skip_fuzzy = config.fail_on, config.skip_fuzzy
    matcher = load_matcher_for(config).including_suggestions(args.include_suggestions)
    report = Report(mode.value, fail_on_findings=mode in (Mode.CHECK, Mode.DRY_RUN)
                    or (mode is Mode.DIFF and args.check))
    args.pairs, args.units, args.paths_seen, args.flagged, args.suggested = [], [], [], set(), 0
    args.records = _records(args, matcher, out)  # streamed: a run may have millions of findings
    results = _with_source(args, matcher, mode) if args.source else run(
        args.paths, matcher, mode, run_options(args), sys.stderr)
    for _task, result in results:
        if result is None:
            _run_stdin(args, matcher, report, out)
        else:
            _show(args, result, report, out)
    if args.command == "check":
        _check_consistency(args, report, out)
        report.suggestions += args.suggested
    if args.command == "check" and args.format in ("json", "github", "sarif"):
        args.records.close()
    if args.command == "check" and args.format == "html":
        out.write(html_report(args.pairs, args.paths_seen))
    if not args.quiet or report.errors:
        print(report.summary(), file=sys.stderr)
    return report.exit_code()


def _records(args: argparse.Namespace, matcher: Matcher, out: TextIO):  # -> JsonArray | GithubWriter | SarifWriter
    if args.command != "check" or args.format not in ("github", "sarif"):
        return JsonArray(out)
    from mtfix.report_ci import GithubWriter, SarifWriter

    if args.format == "github":
        return GithubWriter(out)
    return SarifWriter(out, {term.id: term for term in matcher.terms})


def _with_source(args: argparse.Namespace, matcher: Matcher,
                 mode: Mode) -> Iterator[tuple[None, FileResult]]:
    """``--source FILE``: one plain-text file fixed line by line against its source
    (either may be compressed; ``-o DIR`` writes the fixed copy there)."""
    from mtfix.staging import process_aligned

    if len(args.paths) != 1 or args.paths[0] == "-":
        raise MtfixError("--source takes exactly one target file (not stdin)")
    if args.scheduler:
        raise MtfixError("--source cannot be combined with --scheduler")
    yield None, process_aligned(args.paths[0], args.source, matcher, mode, getattr(args, "output", None))


def _check_consistency(args: argparse.Namespace, report: Report, out: TextIO) -> None:
    """The ``inconsistent`` check runs over every bilingual file of the run, after them."""
    if not args.units:  # no bilingual file: nothing to compare, nothing to import
        return
    from mtfix.source.consistency import inconsistencies

    found = inconsistencies(args.units)
    report.add_late(len(found), len({path for path, _ in found} - args.flagged), fail="inconsistent" in args.fail_on)
    for path, finding in found:
        _print_findings(args, path, [finding], out)


def _text_contexts(pairs: list[tuple[str, Finding]]) -> dict[tuple[str, int], str]:
    """The lines of plain-text files that findings sit on, for the HTML report."""
    from mtfix.formats.text import load

    wanted: dict[str, set[int]] = {}
    for path, finding in pairs:
        if finding.target is None and path != "<stdin>":
            wanted.setdefault(path, set()).add(finding.line)
    out = {}
    for path, lines in wanted.items():
        with contextlib.suppress(MtfixError):
            text = load(path).text.split("\n")
            out.update({(path, n): text[n - 1].rstrip("\r") for n in lines if n <= len(text)})
    return out


def html_report(pairs: list[tuple[str, Finding]], paths: list[str]) -> str:
    from mtfix.report_html import render_html

    return render_html(pairs, paths, _text_contexts(pairs))


def add_fuzzy_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--skip-fuzzy", action=argparse.BooleanOptionalAction, default=None,
                        help="leave PO entries marked '#, fuzzy' alone (default: they are checked and fixed "
                             "like any other; config key skip-fuzzy)")


def add_source_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", metavar="FILE",
                        help="line-aligned source (Chinese) file for a plain-text target: "
                             "terms apply to a line only where its source has them")


def add_scale_options(parser: argparse.ArgumentParser, writes: bool) -> None:
    """Worker processes, corpus fields, output folder and Dask (issue 6)."""
    parser.add_argument("-j", "--jobs", type=int, metavar="N",
                        help="worker processes (default: all cores for several files or a large one)")
    parser.add_argument("--field", metavar="NAME",
                        help="JSONL/Parquet target field (default: tgt, then target, then text)")
    parser.add_argument("--source-field", metavar="NAME", help="JSONL/Parquet source field")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on a Dask cluster (tcp://host:8786, or local:N for N local workers); "
                             "paths may then be fsspec URLs")
    if writes:
        parser.add_argument("-o", "--output", metavar="DIR",
                            help="write fixed copies of every input under DIR; inputs are never touched")


def run_options(args: argparse.Namespace) -> RunOptions:
    fields = Fields(args.field, args.source_field, bool(getattr(args, "skip_fuzzy", False)))
    return RunOptions(jobs=args.jobs, output=getattr(args, "output", None), fields=fields,
                      scheduler=args.scheduler, quiet=args.quiet)


def _add_check(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="list wrong renderings (exit 1 if any)",
                                   description="List every known wrong rendering, as "
                                               "PATH:LINE:COL: 'match' -> 'replacement' [term].")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - for stdin")
    add_glossary_options(parser)
    parser.add_argument("--format", choices=("text", "json", "html", "github", "sarif"), default="text",
                        help="html: a self-contained QA report on stdout; github: GitHub Actions workflow "
                             "commands (annotations); sarif: a SARIF 2.1.0 log")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line or progress bar")
    parser.add_argument("--fail-on", action="append", choices=(*FAIL_ON_KINDS, "none"), metavar="KIND",
                        help="also exit 1 on these findings (repeatable): inconsistent; none (the default) "
                             "reports them without failing; config key fail-on")
    add_fuzzy_option(parser)
    add_scale_options(parser, writes=False)
    add_source_option(parser)
    parser.set_defaults(run=run_files, include_suggestions=False)


def _add_fix(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("fix", help="rewrite wrong renderings in place",
                                   description="Rewrite every known wrong rendering. "
                                               "'mtfix fix -' filters stdin to stdout.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - for stdin")
    add_glossary_options(parser)
    parser.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if anything would change")
    parser.add_argument("--include-suggestions", action="store_true",
                        help="also fix the variants of auto = false terms where no source has "
                             "the term (check marks them '(suggestion)')")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line or progress bar")
    add_fuzzy_option(parser)
    add_scale_options(parser, writes=True)
    add_source_option(parser)
    parser.set_defaults(run=run_files, format="text")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; for a ``check`` or ``fix`` command line (``argv``), only theirs:
    the other commands' modules (the review's is heavy) are then not imported at all."""
    parser = argparse.ArgumentParser(prog="mtfix", description="Find and fix known wrong "
                                     "renderings in machine-translated text, glossary-driven.")
    parser.add_argument("--version", action="version", version=f"mtfix {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_check(subparsers)
    _add_fix(subparsers)
    if argv and argv[0] in ("check", "fix"):
        return parser
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def _guarded(run: Callable[[], int]) -> int:
    """Run a command; errors become one line on stderr and an exit code (2: error,
    128 + signal: Ctrl-C, SIGTERM, SIGHUP; 3: a bug)."""
    try:
        return run()
    except MtfixError as exc:
        say(str(exc) if exc.path else f"mtfix: error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt as exc:
        line, code = interrupted_line(exc)
        say(line)
        return code
    except BrokenPipeError:
        return EXIT_ERROR
    except OSError as exc:
        say(os_error_line(exc))
        return EXIT_ERROR
    except Exception:
        traceback.print_exc()
        say(f"mtfix: internal error: {REPORT_BUGS}")
        return 3


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    forget_read()  # a new command: what earlier ones in this process read says nothing now
    forget_swept()
    streams = contextlib.nullcontext() if args.command == "review" else guarded_streams()

    def run() -> int:
        with stop_on_signals(), streams:  # review talks to the terminal through prompt_toolkit
            return int(args.run(args))

    return _guarded(run)


if __name__ == "__main__":
    raise SystemExit(main())
