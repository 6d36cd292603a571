"""Which engine runs a check/fix over files: this process, a pool of worker
processes (``--jobs``) or a Dask cluster (``--scheduler``).

Whichever runs it, the results come back one per input, in input order, so
the CLI prints the same thing for all three.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from mtfix.batch import FileResult, Mode
from mtfix.engine import Matcher
from mtfix.errors import MtfixError
from mtfix.formats import WalkNotes
from mtfix.formats.records import Fields
from mtfix.progress import Progress
from mtfix.staging import Task, plan_tasks, process_task


@dataclass(frozen=True)
class RunOptions:
    jobs: int | None = None  # None: all cores when there is more than one file or a large one
    output: str | None = None  # -o DIR: write fixed copies there
    fields: Fields | None = None
    scheduler: str | None = None  # a Dask scheduler address or local:N
    quiet: bool = False  # no progress bar
    large: int | None = None  # bytes from which a text file is split across workers (tests)


def check_options(paths: list[str], options: RunOptions) -> None:
    if options.jobs is not None and options.jobs < 1:
        raise MtfixError("--jobs must be at least 1")
    if "-" in paths and (options.output is not None or options.scheduler is not None):
        raise MtfixError("stdin (-) cannot be combined with -o or --scheduler")


def run(paths: list[str], matcher: Matcher, mode: Mode, options: RunOptions,
        stream: TextIO | None = None) -> Iterator[tuple[Task, FileResult | None]]:
    """``(task, result)`` per input in order; the result is None for stdin (``-``),
    which the caller handles. ``stream`` is where a progress bar may go.

    What folder walks skipped comes first, as results with ``skipped`` set, and
    folders they could not read as results with an error."""
    check_options(paths, options)
    notes = WalkNotes()
    if options.scheduler is not None:
        from mtfix import cluster

        tasks = cluster.plan_remote(paths, options.output)
    else:
        tasks = plan_tasks(paths, options.output, notes)
    yield from _walk_results(notes)
    sizes = [_size(task) for task in tasks]
    with Progress.for_run(sizes, options.quiet, stream) as progress:
        results = _results(tasks, matcher, mode, options, progress)
        for (task, result), size in zip(results, sizes, strict=True):
            if result is not None:
                progress.file_done(size, result.segments)
            yield task, result


def _walk_results(notes: WalkNotes) -> Iterator[tuple[Task, FileResult]]:
    for path, kind in notes.skipped:
        yield Task(path), FileResult(path, skipped=kind)
    for error in notes.errors:
        yield Task(error.path or ""), FileResult(error.path or "", error=error)


def _results(tasks: list[Task], matcher: Matcher, mode: Mode, options: RunOptions,
             progress: Progress) -> Iterator[tuple[Task, FileResult | None]]:
    from mtfix import parallel

    if options.scheduler is not None:
        from mtfix.cluster import run_on_cluster

        yield from run_on_cluster(tasks, matcher, mode, options)
        return
    large = options.large or parallel.LARGE_FILE
    jobs = options.jobs or parallel.default_jobs(tasks, large)
    if not any(parallel.is_large(task, large) for task in tasks):
        jobs = max(min(jobs, len(tasks)), 1)  # a worker per file at most: forking more only costs start-up
    if jobs == 1 or any(task.path == "-" for task in tasks):
        for task in tasks:
            yield task, (None if task.path == "-" else process_task(task, matcher, mode, options.fields))
        return
    with parallel.WorkerPool(jobs, matcher, mode, options.fields, large) as pool:
        yield from zip(tasks, pool.results(tasks, progress), strict=True)


def _size(task: Task) -> int:
    from mtfix.parallel import file_size

    return 0 if task.path == "-" or "://" in task.path else file_size(task.path)
