"""End to end in a real terminal: tmux runs ``mtfix review``, ``send-keys``
types, ``capture-pane`` reads the screen. CI installs tmux (``.ci/run``)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

WIDTH, HEIGHT = 100, 30
TEXT = ("The cluster area\nhas a chain owner.\n"
        "The " + "very " * 40 + "large gathering area is big.\n")
_SGR = r"(?:\x1b\[[0-9;]*m)+"


def _mtfix() -> list[str]:
    script = Path(sys.executable).parent / "mtfix"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mtfix"]


class Tmux:
    """One private tmux server (its own socket) running one command."""

    def __init__(self, cwd: Path):
        self.socket = f"mtfix-test-{uuid.uuid4().hex[:12]}"
        self.cwd = cwd
        self.target = ""  # the session running the current command
        self.runs = 0

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True,
                              text=True, timeout=10).stdout

    def start(self, argv: list[str], env: dict[str, str], width: int = WIDTH, height: int = HEIGHT) -> None:
        assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = f"cd {shlex.quote(str(self.cwd))} && env {assignments} {shlex.join(argv)}; echo $? > rc; sleep 60"
        self.runs += 1
        self.target = f"run{self.runs}"  # a new session each time: restarting a server races its shutdown
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", str(width), "-y", str(height), "-s", self.target,
                  command)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.target, *keys)

    def screen(self, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.target, *(["-e"] if escapes else []))

    def wait(self, ready: Callable[[str], bool], escapes: bool = False, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen(escapes)
            if ready(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"screen never got ready; last screen:\n{screen}")
            time.sleep(0.05)

    def exit_code(self, timeout: float = 10) -> int:
        rc = self.cwd / "rc"
        deadline = time.monotonic() + timeout
        while not (rc.exists() and rc.read_text().strip()):
            if time.monotonic() > deadline:
                raise AssertionError(f"mtfix review did not exit; screen:\n{self.screen()}")
            time.sleep(0.05)
        code = int(rc.read_text())
        rc.unlink()
        return code

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)
        folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)  # tmux leaves its socket file behind


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path)
    yield session
    session.kill()


def _env(**extra: str) -> dict[str, str]:
    env = {"MTFIX_CACHE_DIR": os.environ["MTFIX_CACHE_DIR"], "TERM": "screen-256color", "LANG": "C.UTF-8"}
    return env | extra


def _joined(screen: str, width: int) -> str:
    """The screen's rows end to end, so text wrapped by the application reads whole again."""
    return "".join(row.ljust(width) for row in screen.splitlines())


def test_review_in_a_real_terminal(tmux: Tmux, glossary_file: Path) -> None:
    doc = tmux.cwd / "doc.txt"
    doc.write_text(TEXT, encoding="utf-8")
    argv = [*_mtfix(), "review", "-g", str(glossary_file), "doc.txt"]

    tmux.start(argv, _env())
    screen = tmux.wait(lambda s: "1/3" in s)
    assert "accepted 0 · rejected 0 · pending 3" in screen
    assert "term agglomeration-zone · 1 more of this term remain" in screen
    assert "preferred agglomeration zone  matched 'cluster area'" in screen
    assert re.search(f"The {_SGR}cluster area{_SGR}", tmux.screen(escapes=True)), "the match is highlighted"
    tmux.keys("y")
    tmux.wait(lambda s: "2/3" in s and "accepted 1" in s)
    tmux.keys("n")
    tmux.wait(lambda s: "3/3" in s and "rejected 1" in s)
    tmux.keys("?")
    tmux.wait(lambda s: "undo the last decision" in s)
    tmux.keys("?")
    tmux.keys("s")  # skip the third: shown again next time
    tmux.wait(lambda s: "3/3" in s and "accepted 1 · rejected 1 · pending 1" in s)
    tmux.keys("q")
    assert tmux.exit_code() == 0
    assert doc.read_text() == TEXT.replace("cluster area", "agglomeration zone")

    # Resume: only the skipped proposal is left; a small terminal without colour.
    tmux.start(argv, _env(NO_COLOR="1"), width=40, height=10)
    screen = tmux.wait(lambda s: "1/1" in s)
    assert "»gathering area«" in _joined(screen, 40), "the match scrolls into view and is marked"
    assert "[-gathering area-]{+agglomeration zone+}" in _joined(screen, 40)
    tmux.keys("y")
    tmux.wait(lambda s: "all decided" in _joined(s, 40))
    tmux.keys("C-c")
    assert tmux.exit_code() == 130
    assert doc.read_text() == TEXT.replace("cluster area", "agglomeration zone")
