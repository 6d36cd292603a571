"""``--jobs N``: a pool of worker processes on one machine.

Workers are forked (where the platform can) after the compiled glossary is
loaded, so they share it instead of compiling or unpickling it per file; on
platforms without fork it is pickled once per worker. Results come back in
input order, so the output of ``--jobs N`` is that of ``--jobs 1``.

Small files are processed one per task. A large plain-text file is read by
this process, cut at safe points (``mtfix.engine.chunking``), its chunks fixed
by the workers and written back in order through the usual atomic writer. At
most ``2 * jobs`` tasks are in flight, so memory stays flat however large
the input.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from mtfix.batch import (
    ChunkFixed,
    FileResult,
    Mode,
    Piece,
    examples_wanted,
    fix_chunk,
    matcher_for,
    process_file,
    process_text,
)
from mtfix.engine import Matcher
from mtfix.errors import MtfixError
from mtfix.formats import handler_for
from mtfix.formats.compression import codec_of
from mtfix.formats.records import Fields
from mtfix.progress import Progress
from mtfix.shell import held_signals, ignore_stop_signals, release_signals
from mtfix.staging import Task, process_direct, process_task, writes_directly

if TYPE_CHECKING:  # multiprocessing is imported when a pool starts: a one-process run skips it
    import multiprocessing.context

LARGE_FILE = 8 << 20  # bytes; a plain-text file this large is split across the workers

T = TypeVar("T")
R = TypeVar("R")

# Set in each worker by _start_worker; read by the task functions below.
_WORKER: dict[str, Any] = {}


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def default_jobs(tasks: list[Task], large: int = LARGE_FILE) -> int:
    """All cores when there is more than one file or a large one; else one process."""
    if len(tasks) > 1 or any(is_large(task, large) for task in tasks):
        return available_cores()
    return 1


def file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def is_large(task: Task, large: int = LARGE_FILE) -> bool:
    """A plain-text file (compressed or not) large enough to split into chunks."""
    if task.path == "-" or file_size(task.path) < large:
        return False
    inner = task.path[:-len(os.path.splitext(task.path)[1])] if codec_of(task.path) else task.path
    return handler_for(inner) is None


def _start_worker(matcher: Matcher, mode: Mode, fields: Fields | None, parent: int | None) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and stops the pool.
    # terminate() sends SIGTERM, a closed terminal SIGHUP; turning them into SystemExit
    # lets atomic writers clean up, and a worker exits without a traceback.
    # SIGTERM always: a worker forked after the parent began to stop inherits its ignored
    # signals, and would otherwise wait forever for a task while terminate() waits for it.
    # The worker starts with these signals held (WorkerPool.__enter__): one sent before
    # this point (the group's SIGTERM, or terminate()'s to a worker forked after the
    # parent ignored it) reaches _exit_on_term at release_signals instead of being lost.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    if hasattr(signal, "SIGHUP") and signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:  # nohup
        signal.signal(signal.SIGHUP, _exit_on_term)
    _term_with_parent(parent)
    _WORKER.update(matcher=matcher_for(matcher, mode), mode=mode, fields=fields)
    release_signals()


def _exit_on_term(signum: int, frame: object) -> None:
    # Once: the pool's terminate() often follows the group's SIGTERM, and a second
    # SystemExit raised inside the atomic writer's cleanup would leave its temporary file.
    ignore_stop_signals()
    sys.exit(128 + signum)


def _term_with_parent(parent: int | None) -> None:
    """Linux: SIGTERM this worker when its parent dies (killed, even by SIGKILL), so it
    stops cleanly instead of failing with a BrokenPipe traceback on the result pipe.
    ``parent`` is the pid that forked it (None: a forkserver did, whose pid we don't know)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    # A parent that died before the prctl sends nothing: the worker would run a whole
    # task for nobody, then fail on the result pipe.
    if parent is not None and os.getppid() != parent:
        sys.exit(128 + signal.SIGTERM)


def _run_task(task: Task) -> FileResult:
    return process_task(task, _WORKER["matcher"], _WORKER["mode"], _WORKER["fields"])


def _fix_chunk(item: tuple[str, int, int]) -> ChunkFixed:
    """The chunk fixed, its examples placed in the file (the chunk starts after ``offset``
    characters and ``lines`` lines), with its counts. Examples are the bulk of what travels
    back, and unpickling them is the parent's work: a run that only counts findings gets
    a few, and check (which prints them) gets no fixed text it would drop."""
    chunk, offset, lines = item
    mode = _WORKER["mode"]
    fixed = fix_chunk(chunk, _WORKER["matcher"], examples_wanted(mode))
    examples = [f.shifted(offset, lines) for f in fixed.examples] if offset or lines else fixed.examples
    return replace(fixed, text="" if mode is Mode.CHECK else fixed.text, examples=examples)


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    # Forking a process that runs other threads (a Dask client, an embedding application)
    # can leave the child stuck on a lock one of them held: start clean workers instead.
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _wait(result: Any) -> Any:
    """The result, waited for in short slices: the main thread then runs a pending
    signal handler (SIGTERM, SIGHUP) within half a second even if every worker died."""
    while not result.ready():
        result.wait(0.5)
    return result.get()


class WorkerPool:
    """Worker processes sharing one compiled glossary; use as a context manager."""

    def __init__(self, jobs: int, matcher: Matcher, mode: Mode, fields: Fields | None = None,
                 large: int = LARGE_FILE):
        self.jobs, self.matcher, self.mode, self.fields, self.large = jobs, matcher, mode, fields, large
        self.window = 2 * jobs
        self._pool: Any = None
        self.folders: set[str] = set()  # where the workers write: swept after a stop

    def __enter__(self) -> WorkerPool:
        # Keep the collector of each forked worker off the glossary's objects, which
        # would otherwise copy the pages they sit on (the advice of the gc docs).
        context = _context()
        parent = None if context.get_start_method() == "forkserver" else os.getpid()
        gc.freeze()
        try:
            # With the stop signals held, the pool's threads keep them blocked for good, so
            # a SIGTERM to this process lands on the main thread and interrupts its wait
            # for a result (landing on a pool thread, its handler would wait for the next
            # result, which may never come, while the pool re-forks the workers it killed).
            # Every worker, forked here or later by a pool thread, starts with them held.
            with held_signals():
                self._pool = context.Pool(self.jobs, initializer=_start_worker,
                                          initargs=(self.matcher, self.mode, self.fields, parent))
        finally:
            gc.unfreeze()
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self._pool.close()
        else:  # Ctrl-C or an error: stop the workers now; their atomic writers clean up
            self._pool.terminate()
        self._pool.join()
        if kind is not None:  # and what a worker killed mid-cleanup left, now that all are gone
            from mtfix.formats.leftovers import sweep_dead

            sweep_dead(self.folders)

    def ordered(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """``(item, function(item))`` in input order, at most ``window`` items in flight."""
        pending: deque[tuple[T, Any]] = deque()
        for item in items:
            pending.append((item, self._pool.apply_async(function, (item,))))
            if len(pending) >= self.window:
                done, result = pending.popleft()
                yield done, _wait(result)
        while pending:
            done, result = pending.popleft()
            yield done, _wait(result)

    def results(self, tasks: Iterable[Task], progress: Progress | None = None) -> Iterator[FileResult]:
        """One result per task, in order: runs of small files in parallel, large files in chunks."""
        batch: list[Task] = []
        for task in tasks:
            self.folders.update(os.path.dirname(os.path.abspath(p)) or "." for p in (task.path, task.output) if p)
            if not is_large(task, self.large):
                batch.append(task)
                continue
            yield from (result for _, result in self.ordered(_run_task, batch))
            batch = []
            yield self.process_large(task, progress)
        yield from (result for _, result in self.ordered(_run_task, batch))

    def process_large(self, task: Task, progress: Progress | None = None) -> FileResult:
        """One large text file, its chunks fixed by the workers, written by this process."""
        def mapper(chunks: Iterator[tuple[str, int, int]]) -> Iterator[Piece]:
            for (chunk, _, _), fixed in self.ordered(_fix_chunk, chunks):
                if progress is not None:
                    progress.partial(len(chunk))
                yield chunk, fixed

        def processor(path: str, matcher: Matcher, mode: Mode, fields: Fields | None,
                      output: str | None = None) -> FileResult:
            if handler_for(path) is not None:
                return process_file(path, matcher, mode, fields)
            try:
                return process_text(path, matcher, mode, mapper, output)
            except MtfixError as exc:
                return FileResult(path, error=exc)

        if writes_directly(task):
            return process_direct(task, self.mode, lambda output: processor(task.path, self.matcher, self.mode,
                                                                            self.fields, output))
        return process_task(task, self.matcher, self.mode, self.fields, processor)
