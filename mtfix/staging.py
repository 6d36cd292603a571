"""Runs that do not rewrite a plain file in place: ``-o DIR`` copies and
compressed files.

Either way the input is copied (decompressed) into a private staging folder
beside the output, fixed there in place by the ordinary format code, and the
result is moved (compressed) to the output in one rename. Every format works
unchanged, the input is never touched, and Ctrl-C leaves only the original.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mtfix.batch import FileResult, Mode, process_file, process_with_source
from mtfix.engine import Matcher
from mtfix.errors import InputError, MtfixError, OutputError
from mtfix.formats import WalkNotes, expand_paths, handler_for
from mtfix.formats.compression import codec_of, copy_decompressed, inner_name, write_file_atomic
from mtfix.formats.records import Fields

if TYPE_CHECKING:
    from tempfile import TemporaryDirectory

Processor = Callable[[str, Matcher, Mode, "Fields | None"], FileResult]


@dataclass(frozen=True)
class Task:
    """One input file and where its fixed copy goes (None: in place)."""

    path: str
    output: str | None = None
    output_dir: str | None = None  # -o DIR: nothing between it and ``output`` may be a symlink


def plan_tasks(arguments: Iterable[str], output_dir: str | None, notes: WalkNotes | None = None) -> list[Task]:
    """The files of a run; with ``output_dir``, paths below each folder argument are
    kept relative to it and a file argument goes to ``output_dir/<name>``.
    ``notes`` collects what folder walks skip (see ``expand_paths``)."""
    tasks = []
    for argument in arguments:
        for path in expand_paths([argument], notes):
            tasks.append(Task(path, _output_for(argument, path, output_dir), output_dir))
    if output_dir is not None:
        _check_outputs(tasks)
    return tasks


def _output_for(argument: str, path: str, output_dir: str | None) -> str | None:
    if output_dir is None or path == "-":
        return None
    if os.path.isdir(argument):
        return os.path.join(output_dir, os.path.relpath(path, argument))
    return os.path.join(output_dir, os.path.basename(path))


def _check_outputs(tasks: list[Task]) -> None:
    seen: dict[str, str] = {}
    for task in tasks:
        if task.output is None:
            continue
        refuse_symlinked_output(task)
        key = os.path.realpath(task.output)
        if key == os.path.realpath(task.path):
            raise InputError("the output would overwrite the input; choose another -o folder", task.path)
        if key in seen:
            raise InputError(f"two inputs would be written to {task.output} (also {seen[key]})", task.path)
        seen[key] = task.path


def refuse_symlinked_output(task: Task) -> None:
    """``-o DIR`` never writes through a symlink: not the output file, nor a folder
    between it and DIR (DIR itself may be one; the user named it)."""
    if task.output is None or task.output_dir is None:
        return
    parts = os.path.relpath(task.output, task.output_dir).split(os.sep)
    for depth in range(1, len(parts) + 1):
        path = os.path.join(task.output_dir, *parts[:depth])
        if os.path.islink(path):
            raise OutputError("is a symbolic link; -o never writes through one", path)


def needs_staging(task: Task) -> bool:
    return task.output is not None or codec_of(task.path) is not None


def process_task(task: Task, matcher: Matcher, mode: Mode, fields: Fields | None = None,
                 processor: Processor = process_file, staging_root: str | None = None) -> FileResult:
    """Check or fix one task; errors are returned in the result, never raised.

    ``staging_root``: where to stage (default: beside the output); a Dask worker
    stages in its own scratch space, which Dask clears if the worker dies.
    """
    if not needs_staging(task):
        return processor(task.path, matcher, mode, fields)
    if processor is process_file and staging_root is None and writes_directly(task):
        return process_direct(task, mode, lambda output: process_file(task.path, matcher, mode, fields, output))
    try:
        with _staging_dir(staging_root or _staging_parent(task, mode)) as folder:
            return _process_staged(task, folder, matcher, mode, fields, processor)
    except MtfixError as exc:
        return FileResult(task.path, error=exc)
    except OSError as exc:
        return FileResult(task.path, error=InputError(f"cannot process: {exc.strerror or exc}", task.path))


def writes_directly(task: Task) -> bool:
    """``-o`` of an uncompressed plain-text file: read in place and written straight to
    the output, chunk by chunk, with no staging copy in and out (two more passes over
    the file and a second ``fsync``). Not on a Dask worker (``staging_root``): it stages in scratch
    space that Dask clears if the worker dies."""
    return task.output is not None and codec_of(task.path) is None and handler_for(task.path) is None


def process_direct(task: Task, mode: Mode, process: Callable[[str | None], FileResult]) -> FileResult:
    """A ``writes_directly`` task: ``process(output)`` reads the input in place and, in a
    fix, writes the output (None: writes nothing)."""
    assert task.output is not None
    if mode is not Mode.FIX:
        return process(None)
    try:
        refuse_symlinked_output(task)
        os.makedirs(os.path.dirname(os.path.abspath(task.output)), exist_ok=True)
    except MtfixError as exc:
        return FileResult(task.path, error=exc)
    except OSError as exc:
        return FileResult(task.path, error=OutputError(f"cannot write: {exc.strerror or exc}", task.output))
    return process(task.output)


def _staging_parent(task: Task, mode: Mode) -> str:
    """Beside the file a fix writes, where there is room for it; a run that writes
    nothing (check, --diff, --check) stages in the system's temporary folder, so it
    creates nothing beside its inputs or under ``-o``."""
    if mode is not Mode.FIX:
        import tempfile  # imported where used: most runs stage nothing

        return tempfile.gettempdir()
    return os.path.dirname(os.path.abspath(task.output or task.path))


def _process_staged(task: Task, folder: str, matcher: Matcher, mode: Mode, fields: Fields | None,
                    processor: Processor) -> FileResult:
    codec = codec_of(task.path)
    staged = os.path.join(folder, inner_name(task.path))
    copy_decompressed(task.path, staged, codec)
    result = as_input(processor(staged, matcher, mode, fields), task.path, staged)
    if result.error is not None or mode is not Mode.FIX:
        return result
    if task.output is not None or result.changed:
        target = task.output or task.path
        refuse_symlinked_output(task)  # again: a link may have appeared since planning
        os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
        write_file_atomic(staged, target, codec, mode_from=task.path, follow_symlinks=task.output is None)
    return result


def as_input(result: FileResult, path: str, staged: str) -> FileResult:
    """The result as if the input had been processed where it is."""
    error = result.error
    if error is not None and error.path == staged:
        error = type(error)(error.message, path, error.line)
    return replace(result, path=path, error=error)


def _staging_dir(parent: str) -> TemporaryDirectory[str]:
    """A private folder in ``parent`` (by default the output's folder, where there is room for it)."""
    import tempfile

    os.makedirs(parent, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=parent, prefix=".mtfix-stage-", ignore_cleanup_errors=True)


def process_aligned(path: str, source: str, matcher: Matcher, mode: Mode, output_dir: str | None = None) -> FileResult:
    """``fix corpus.en --source corpus.zh``: either file may be compressed; with
    ``output_dir`` the fixed copy goes to ``output_dir/<name>`` as with ``-o``."""
    if os.path.isdir(path):
        return FileResult(path, error=InputError("--source needs one target file, not a folder", path))
    try:
        (task,) = plan_tasks([path], output_dir)
    except MtfixError as exc:
        return FileResult(path, error=exc)
    codec = codec_of(source)
    if codec is None:
        return process_task(task, matcher, mode, None, _against(source))
    import tempfile

    with tempfile.TemporaryDirectory(prefix="mtfix-source-") as folder:
        plain = os.path.join(folder, inner_name(source))
        try:
            copy_decompressed(source, plain, codec)
        except MtfixError as exc:
            return FileResult(path, error=exc)
        result = process_task(task, matcher, mode, None, _against(plain))
    if result.error is not None:  # name the source as given, not its decompressed copy
        error = result.error
        result = replace(result, error=type(error)(error.message.replace(plain, source), error.path, error.line))
    return result


def _against(source: str) -> Processor:
    def processor(path: str, matcher: Matcher, mode: Mode, fields: Fields | None) -> FileResult:
        return process_with_source(path, source, matcher, mode)

    return processor


def iter_serial(tasks: Iterable[Task], matcher: Matcher, mode: Mode,
                fields: Fields | None = None) -> Iterator[FileResult]:
    """The results of ``tasks`` one after the other in this process (``--jobs 1``)."""
    for task in tasks:
        yield process_task(task, matcher, mode, fields)
