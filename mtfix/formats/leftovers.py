"""Removing what an earlier, killed mtfix run left in a folder.

A run stopped by SIGKILL (or a power cut) cannot clean up: a hidden
``.NAME.XXXXXXXX.mtfix-tmp`` file and ``.mtfix-stage-*`` folders (holding a
full decompressed copy of an input) stay behind. The next run that writes in
that folder removes them, and only what is certainly mtfix's own and
certainly abandoned:

- its name is one mtfix gives (``.*.mtfix-tmp``, ``.mtfix-stage-*``);
- it is a regular file or a real folder (never a symlink), owned by this user;
- nothing in it was modified for ``STALE_AFTER`` seconds (an hour). A live run
  writes its temporary file and staged copy continuously, so another mtfix
  process working in the same folder right now is never disturbed; or, for a
  temporary file, the process whose pid its name holds is no longer running
  (``.NAME.PID.XXXXXXXX.mtfix-tmp``): a stopped run's parent so removes at once
  what its killed workers left (``sweep_dead``).
"""

from __future__ import annotations

import os
import re
import stat
import time

STALE_AFTER = 3600  # seconds without a modification before a leftover counts as abandoned

TMP_SUFFIX = ".mtfix-tmp"
_TMP_NAME = re.compile(r"\..+\.mtfix-tmp\Z", re.DOTALL)
_TMP_PID = re.compile(r"\.(\d+)\.[^.]+\.mtfix-tmp\Z")
_STAGE_NAME = re.compile(r"\.mtfix-stage-.+\Z", re.DOTALL)

_swept: set[str] = set()


def sweep_once(folder: str) -> None:
    """``sweep`` ``folder``, once per process (a run writes many files in one folder)."""
    key = os.path.realpath(folder)
    if key not in _swept:
        _swept.add(key)
        sweep(key)


def forget_swept() -> None:
    """Sweep every folder again (a new command starts in a long-lived process)."""
    _swept.clear()


def sweep(folder: str, now: float | None = None) -> list[str]:
    """Remove the abandoned leftovers of mtfix in ``folder``; the names removed."""
    cutoff = (time.time() if now is None else now) - STALE_AFTER
    try:
        names = os.listdir(folder)
    except OSError:
        return []  # the write that follows reports an unusable folder
    removed = []
    for name in names:
        path = os.path.join(folder, name)
        if _abandoned(path, name, cutoff) and _remove(path):
            removed.append(name)
    return removed


def _abandoned(path: str, name: str, cutoff: float) -> bool:
    if not (_TMP_NAME.match(name) or _STAGE_NAME.match(name)):
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if info.st_uid != os.geteuid():
        return False
    if stat.S_ISREG(info.st_mode) and _TMP_NAME.match(name):
        return info.st_mtime < cutoff or _owner_gone(name)
    if stat.S_ISDIR(info.st_mode) and _STAGE_NAME.match(name):
        return _newest_mtime(path, info.st_mtime) < cutoff
    return False


def _owner_gone(name: str) -> bool:
    """Whether the process whose pid a temporary file's name holds has ended."""
    m = _TMP_PID.search(name)
    if m is None or int(m.group(1)) == os.getpid():
        return False
    try:
        os.kill(int(m.group(1)), 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False  # running as another user, or no such pid number: leave it
    return False


def sweep_dead(folders: set[str]) -> list[str]:
    """The temporary files in ``folders`` whose writing process has ended, removed (a stopped
    run's parent calls this once its workers are gone); the names removed."""
    removed = []
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if _TMP_NAME.match(name) and _owner_gone(name) and _abandoned(path, name, float("-inf")) \
                    and _remove(path):
                removed.append(name)
    return removed


def _newest_mtime(folder: str, own: float) -> float:
    """The latest modification of a staging folder or anything directly in it."""
    newest = own
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
    except OSError:
        return float("inf")  # cannot tell: leave it
    return newest


def _remove(path: str) -> bool:
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            import shutil

            shutil.rmtree(path)  # rmtree never follows symlinks inside the folder
        else:
            os.unlink(path)
    except OSError:
        return False
    return True
