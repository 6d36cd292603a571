"""What the CLI meets in the process around it: standard streams that may be
closed, full or broken, and the signals a shell or a terminal sends.

- A closed stdin or stdout (``0<&-``, ``>&-``) or a full one (``> /dev/full``)
  becomes a one-line ``<stdin>``/``<stdout>`` error instead of a traceback; the
  closed descriptors are reopened on ``/dev/null`` so no file mtfix opens later
  takes their number.
- SIGTERM (``timeout``, ``kill``) and SIGHUP (a closed terminal) stop mtfix the
  way Ctrl-C does: ``Stopped`` is a ``KeyboardInterrupt``, so every atomic
  writer on the way out removes its temporary file and the target stays as it
  was. The exit code is 128 + the signal number (130, 143, 129), the shell's
  convention. A signal the user chose to ignore (``nohup``) stays ignored.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

from mtfix.errors import InputError, MtfixError, OutputError, one_line

STOP_SIGNALS = ("SIGTERM", "SIGHUP")


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised wherever the program is, like Ctrl-C."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def ignore_stop_signals() -> None:
    """Ignore SIGTERM and SIGHUP from now on (a handler's first act: react once).

    A second signal that arrives while the first is being handled is checked by
    ``signal.signal`` itself, which then finds it ignored and raises
    ``OSError("Signal 15 ignored due to race condition")``; that check has already
    consumed the signal, so setting the handler again succeeds.
    """
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        for _ in range(8):
            if number is None:
                break
            try:
                signal.signal(number, signal.SIG_IGN)
                break
            except OSError:
                continue


def _stop(signum: int, frame: object) -> None:
    # Once: a second signal raised inside an atomic writer's cleanup would leave its
    # temporary file (``timeout`` and a closing terminal may both send one).
    ignore_stop_signals()
    raise Stopped(signum)


def _held() -> set[int]:
    return {getattr(signal, name) for name in ("SIGINT", *STOP_SIGNALS) if hasattr(signal, name)}


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait in this thread inside the block (blocked, not
    lost: Linux keeps a blocked signal pending even while it is ignored) and arrive
    when it ends. Threads and processes started inside keep them blocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _held())
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def release_signals() -> None:
    """Deliver what ``held_signals`` held in a process started inside it."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _held())


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``Stopped`` inside the block (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            previous[number] = signal.signal(number, _stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def interrupted_line(exc: KeyboardInterrupt) -> tuple[str, int]:
    """The message and exit code for Ctrl-C, SIGTERM or SIGHUP."""
    signum = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
    what = {signal.SIGINT: "interrupted"}.get(signum, f"stopped by {signal.Signals(signum).name}")
    return f"mtfix: {what}; no file was left half-written", 128 + signum


class GuardedStream:
    """A standard stream whose faults are ``MtfixError``s naming it (``<stdout>``).

    ``stream`` None is a closed stream: using it is the error.
    """

    def __init__(self, stream: Any, name: str, error: type[MtfixError], verb: str):
        self._stream, self._name, self._error, self._verb = stream, name, error, verb

    def _fail(self, reason: str) -> MtfixError:
        return self._error(f"cannot {self._verb}: {reason}", self._name)

    def _call(self, method: str, *args: Any) -> Any:
        if self._stream is None:
            raise self._fail("it is closed")
        try:
            return getattr(self._stream, method)(*args)
        except BrokenPipeError:
            raise  # the reader left (``| head``): the CLI exits quietly
        except OSError as exc:
            raise self._fail(exc.strerror or str(exc)) from None

    def write(self, data: Any) -> int:
        return self._call("write", data)

    def flush(self) -> None:
        if self._stream is not None:
            self._call("flush")

    def read(self, *size: int) -> Any:
        return self._call("read", *size)

    def readline(self, *size: int) -> Any:
        return self._call("readline", *size)

    def __iter__(self) -> Iterator[Any]:
        while line := self.readline():
            yield line

    @property
    def buffer(self) -> GuardedStream:
        inner = None if self._stream is None else self._stream.buffer
        return GuardedStream(inner, self._name, self._error, self._verb)

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise self._fail("it is closed")
        return getattr(self._stream, name)


def _reopen_closed_descriptors() -> None:
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # takes the lowest free number: this one


@contextlib.contextmanager
def guarded_streams() -> Iterator[None]:
    """stdin and stdout as ``GuardedStream``s inside the block."""
    _reopen_closed_descriptors()
    saved = sys.stdin, sys.stdout
    sys.stdin = GuardedStream(saved[0], "<stdin>", InputError, "read")  # type: ignore[assignment]
    sys.stdout = GuardedStream(saved[1], "<stdout>", OutputError, "write")  # type: ignore[assignment]
    try:
        yield
        sys.stdout.flush()  # a full stdout fails here, inside the block, not at exit
    except (OutputError, BrokenPipeError):
        _drop_pending_output(saved[1])
        raise
    finally:
        sys.stdin, sys.stdout = saved


def _drop_pending_output(stream: Any) -> None:
    """After stdout failed, point it at /dev/null so the interpreter's own flush at
    exit does not fail a second time with an 'Exception ignored' message."""
    if stream is None or stream is not sys.__stdout__:
        return
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)


def os_error_line(exc: OSError) -> str:
    """``PATH: message`` for an OSError no lower layer turned into an MtfixError."""
    reason = exc.strerror or str(exc)
    if exc.filename is not None:
        return one_line(f"{exc.filename}: {reason}")
    try:
        os.getcwd()
    except OSError:
        return f".: the current folder no longer exists ({reason}); cd to a folder that does"
    return f"mtfix: error: {reason}"


def say(line: str) -> None:
    """A line on stderr, which may itself be gone (a closed terminal after SIGHUP)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(line, file=sys.stderr)
