"""``--scheduler``: the same check/fix run on a Dask distributed cluster.

The client only lists the inputs (paths or fsspec URLs) and scatters the
compiled glossary once; each worker reads its file, fixes it in a local
staging folder and writes the output under a temporary name that it then
renames, so no data passes through the client and no output is ever
half-written. Dask reschedules the tasks of a worker that dies; a rerun task
writes the same bytes. Results are gathered in input order, as with ``--jobs``.

``dask`` and ``distributed`` are imported only here, when ``--scheduler`` is given.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from mtfix.batch import FileResult, Mode
from mtfix.engine import Matcher
from mtfix.errors import MtfixError, OutputError
from mtfix.formats import COMPRESSED_EXTENSIONS, supported_extensions
from mtfix.formats.records import Fields
from mtfix.staging import Task, as_input, plan_tasks, process_task

if TYPE_CHECKING:
    from mtfix.runner import RunOptions

RETRIES = 2  # for exceptions such as a failed upload; a dead worker is handled by Dask itself


def is_url(path: str) -> bool:
    return "://" in path


def _fs(url: str) -> tuple[Any, str]:
    from fsspec.core import url_to_fs

    return url_to_fs(url)


def _is_local(url: str | None) -> bool:
    return url is None or not is_url(url) or url.startswith("file://")


def _local_path(url: str | None) -> str | None:
    return url if url is None else _fs(url)[1] if is_url(url) else url


def wanted(name: str) -> bool:
    """A file of a format mtfix knows, by name (remote files are not sniffed)."""
    base = posixpath.basename(name)
    if base.startswith("."):
        return False
    stem, suffix = posixpath.splitext(base.lower())
    if suffix in COMPRESSED_EXTENSIONS:
        stem, suffix = posixpath.splitext(stem)
    return suffix in supported_extensions() and suffix not in COMPRESSED_EXTENSIONS


def _remote_files(argument: str) -> list[str] | None:
    """The files under a folder URL (relative paths, sorted), or None for a file URL."""
    fs, root = _fs(argument)
    if not fs.isdir(root):
        return None
    names = (posixpath.relpath(path, root) for path in fs.find(root))
    return sorted(name for name in names if wanted(name) and not _hidden_folder(name))


def _hidden_folder(relative: str) -> bool:
    return any(part.startswith(".") for part in relative.split("/")[:-1])


def plan_remote(arguments: list[str], output: str | None) -> list[Task]:
    """Tasks for paths and URLs; a folder's files keep their place under ``output``."""
    if not any(is_url(a) for a in arguments) and (output is None or not is_url(output)):
        return plan_tasks(arguments, output)
    tasks = []
    for argument in arguments:
        files = _remote_files(argument)
        if files is None:
            name = posixpath.basename(argument.rstrip("/"))
            tasks.append(Task(argument, _join(output, name)))
            continue
        base = argument.rstrip("/")
        tasks.extend(Task(f"{base}/{name}", _join(output, name)) for name in files)
    return tasks


def _join(folder: str | None, relative: str) -> str | None:
    return None if folder is None else folder.rstrip("/") + "/" + relative


def scratch_space() -> str | None:
    """The Dask worker's local directory (cleared by Dask when a worker dies), if on a worker."""
    try:
        from distributed import get_worker

        return str(get_worker().local_directory)
    except (ImportError, ValueError):
        return None


def process_remote(task: Task, matcher: Matcher, mode: Mode, fields: Fields | None) -> FileResult:
    """Run on a worker: one input, local or remote, to its output."""
    if _is_local(task.path) and _is_local(task.output):
        local = Task(str(_local_path(task.path)), _local_path(task.output))
        return replace(process_task(local, matcher, mode, fields, staging_root=scratch_space()), path=task.path)
    with tempfile.TemporaryDirectory(prefix="mtfix-worker-", dir=scratch_space()) as folder:
        return _process_downloaded(task, folder, matcher, mode, fields)


def _process_downloaded(task: Task, folder: str, matcher: Matcher, mode: Mode,
                        fields: Fields | None) -> FileResult:
    name = posixpath.basename(task.path)
    local_in, local_out = os.path.join(folder, "in", name), os.path.join(folder, "out", name)
    os.makedirs(os.path.dirname(local_in))
    fs, path = _fs(task.path)
    try:
        fs.get_file(path, local_in)
    except (OSError, ValueError) as exc:
        return FileResult(task.path, error=MtfixError(f"cannot read: {exc}", task.path))
    writes = mode is Mode.FIX
    result = as_input(process_task(Task(local_in, local_out if writes else None), matcher, mode, fields),
                      task.path, local_in)
    if writes and result.error is None and (task.output is not None or result.changed):
        upload(local_out, task.output or task.path)
    return result


def upload(local: str, url: str) -> None:
    """Put ``local`` at ``url`` under a temporary name, then rename it into place."""
    fs, path = _fs(url)
    parent = posixpath.dirname(path)
    temporary = posixpath.join(parent, f".{posixpath.basename(path)}.{uuid.uuid4().hex}.mtfix-tmp")
    try:
        fs.makedirs(parent, exist_ok=True)
        fs.put_file(local, temporary)
        fs.mv(temporary, path)
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError, ValueError):
            fs.rm(temporary)
        raise OutputError(f"cannot write: {exc}", url) from None


@contextlib.contextmanager
def connect(scheduler: str) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a new ``local:N`` cluster."""
    try:
        from distributed import Client
    except ImportError:
        raise MtfixError("--scheduler needs Dask: pip install 'mtfix[dask]'") from None
    if scheduler.startswith("local:"):
        with _local_cluster(_worker_count(scheduler)) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise MtfixError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        yield client


@contextlib.contextmanager
def _local_cluster(workers: int) -> Iterator[Any]:
    import dask
    from distributed import LocalCluster

    # The statistical profiler samples the task thread every 10 ms: measurable
    # overhead for mtfix's short CPU-bound tasks, and nobody watches a dashboard.
    # Worker logs stay quiet: at shutdown a worker's last heartbeat can race the
    # scheduler's exit and log a traceback; a failed task reaches mtfix anyway.
    with dask.config.set({"distributed.worker.profile.enabled": False}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                         silence_logs=logging.CRITICAL) as cluster:
        yield cluster


def _worker_count(scheduler: str) -> int:
    count = scheduler.partition(":")[2]
    if not count.isdigit() or int(count) < 1:
        raise MtfixError(f"--scheduler {scheduler}: expected local:N with N workers, e.g. local:4")
    return int(count)


def run_on_cluster(tasks: list[Task], matcher: Matcher, mode: Mode,
                   options: RunOptions) -> Iterator[tuple[Task, FileResult]]:
    """``(task, result)`` per task, in order, computed by the cluster's workers."""
    assert options.scheduler is not None
    with connect(options.scheduler) as client:
        shared = client.scatter(matcher, broadcast=True, hash=False)
        futures = client.map(process_remote, tasks, matcher=shared, mode=mode, fields=options.fields,
                             pure=False, retries=RETRIES)
        for task, future in zip(tasks, futures, strict=True):
            yield task, future.result()
