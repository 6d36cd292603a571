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

    def wait(self, ready: Callable[[str], bool], escapes: bool = False, timeout: float = 30) -> str:
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


TEACH = ("Huaxing Automobile opened a plant in the cluster area.\n"
         "Later Huaxing Motors and Huaxing Auto signed; Huaxing Group agreed.\n"
         "Huaxing Automobile grew. Huaxing Auto too.\n")
TEACH2 = "In the second file Huaxing Auto met Huaxing Automobile.\n"


def _flat(screen: str) -> str:
    """The screen's words with single spaces: a status message wraps between words."""
    return " ".join(screen.split())


def _total(screen: str) -> int:
    found = re.search(r" \d+/(\d+) ", screen)
    assert found, screen
    return int(found.group(1))


def _number_of(screen: str, rendering: str) -> str:
    found = re.search(rf"^[ >](\d) {re.escape(rendering)} \(\d+\)", screen, re.MULTILINE)
    assert found, f"{rendering} is not listed:\n{screen}"
    return found.group(1)


def _teach(tmux: Tmux, glossary: Path) -> list[bytes]:
    """Choose "Huaxing Motors", + a variant, x an exception; the glossary's bytes after each."""
    screen = tmux.wait(lambda s: "renderings of one name" in s, timeout=30)
    total = _total(screen)
    tmux.keys(_number_of(screen, "Huaxing Motors"))
    screen = tmux.wait(lambda s: 'chose "Huaxing Motors"' in _flat(s), timeout=20)
    assert _total(screen) == total + 6, "its fixes in both files join the review"
    after = [glossary.read_bytes()]
    tmux.keys("+", "C-u", "Huaxing Group")
    tmux.wait(lambda s: "variant => term: Huaxing Group => huaxing-motors" in s)
    tmux.keys("Enter")
    screen = tmux.wait(lambda s: 'variant "Huaxing Group" of term "huaxing-motors"; 1 new proposal' in _flat(s))
    assert _total(screen) == total + 7
    after.append(glossary.read_bytes())
    tmux.keys("x")
    screen = tmux.wait(lambda s: "exception: Huaxing Automobile opened" in s)
    tmux.keys("Enter")
    tmux.wait(lambda s: 'exception "Huaxing Automobile opened"' in _flat(s) and "rejected 1" in s)
    after.append(glossary.read_bytes())
    return after


def test_review_teaches_the_glossary_in_a_real_terminal(tmux: Tmux, glossary_file: Path) -> None:
    from mtfix.glossary.lint import has_errors, lint_files
    from mtfix.glossary.load import load_glossaries

    (tmux.cwd / "doc.txt").write_text(TEACH, encoding="utf-8")
    (tmux.cwd / "doc2.txt").write_text(TEACH2, encoding="utf-8")
    original = glossary_file.read_bytes()
    argv = [*_mtfix(), "review", "--mine", "-g", str(glossary_file), "doc.txt", "doc2.txt"]
    tmux.start(argv, _env())
    after = _teach(tmux, glossary_file)
    term = load_glossaries([str(glossary_file)]).term("huaxing-motors")
    assert set(term.variants) == {"Huaxing Auto", "Huaxing Automobile", "Huaxing Group"}
    assert term.exceptions == ("Huaxing Automobile opened",)
    assert not has_errors(lint_files([str(glossary_file)])), "lint-clean"

    # u undoes each lesson, the glossary's bytes back as they were.
    for expected in (after[1], after[0], original):
        tmux.keys("u")
        tmux.wait(lambda s, expected=expected: glossary_file.read_bytes() == expected)
    screen = tmux.wait(lambda s: "renderings of one name" in s and "chosen 0" in s)
    assert _total(screen) == 2 and not (tmux.cwd / ".mtfix").exists(), "the new proposals are withdrawn"

    # Taught again, then Ctrl-C: resume keeps the glossary, the exception's rejection, the fixes.
    tmux.keys("C-c")  # nothing to resume from but the (original) glossary
    assert tmux.exit_code() == 130
    tmux.start(argv, _env())
    _teach(tmux, glossary_file)
    tmux.keys("C-c")
    assert tmux.exit_code() == 130
    tmux.start(argv, _env())
    screen = tmux.wait(lambda s: " 1/" in s, timeout=30)
    assert "renderings of one name" not in screen, "the glossary knows the group now"
    tmux.keys("?")
    tmux.wait(lambda s: "reject and protect" in s and "add a variant" in s)
    tmux.keys("?")
    assert _total(screen) == 7, "6 fixes of the new term (not the one x protected) and the cluster area"
    tmux.keys("a")  # accept the fixes of the first term shown, then write
    tmux.keys("q")
    assert tmux.exit_code() == 0

    # mtfix check afterwards reports with the new glossary.
    result = subprocess.run([*_mtfix(), "check", "-g", str(glossary_file), "doc.txt", "doc2.txt"],
                            cwd=tmux.cwd, capture_output=True, text=True, timeout=60,
                            env={**os.environ, **_env()})
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "doc.txt:2:26: 'Huaxing Auto' -> 'Huaxing Motors' [huaxing-motors]",
        "doc.txt:2:47: 'Huaxing Group' -> 'Huaxing Motors' [huaxing-motors]",
        "doc.txt:3:1: 'Huaxing Automobile' -> 'Huaxing Motors' [huaxing-motors]",
        "doc.txt:3:26: 'Huaxing Auto' -> 'Huaxing Motors' [huaxing-motors]",
        "doc2.txt:1:20: 'Huaxing Auto' -> 'Huaxing Motors' [huaxing-motors]",
        "doc2.txt:1:37: 'Huaxing Automobile' -> 'Huaxing Motors' [huaxing-motors]",
    ], "the exception protects doc.txt:1:1; the accepted cluster area is written"


CRASH = "The cluster area\nhas a chain owner.\nThe gathering area and the chain master.\n"


def test_decisions_survive_a_closed_terminal(tmux: Tmux, glossary_file: Path) -> None:
    doc = tmux.cwd / "doc.txt"
    doc.write_text(CRASH, encoding="utf-8")
    argv = [*_mtfix(), "review", "-g", str(glossary_file), "doc.txt"]
    tmux.start(argv, _env())
    tmux.wait(lambda s: "1/4" in s)
    for key, shown in (("y", "accepted 1"), ("y", "accepted 2"), ("n", "rejected 1")):
        tmux.keys(key)
        tmux.wait(lambda s, shown=shown: shown in s)
    tmux.keys("e")
    tmux.wait(lambda s: "replace with" in s)
    tmux.keys("C-u", "chain boss", "Enter")
    tmux.wait(lambda s: "accepted 3 · rejected 1" in s)
    tmux.tmux("new-session", "-d", "-s", "keeper", "sleep 300")  # the server outlives the closed terminal
    tmux.tmux("kill-session", "-t", tmux.target)  # the terminal closes: SIGHUP, no q

    tmux.start(argv, _env())
    screen = tmux.wait(lambda s: "accepted 3" in s)
    assert "accepted 3 · rejected 0 · pending 0" in screen, "the decisions are restored, the rejection hidden"
    tmux.keys("q")
    assert tmux.exit_code() == 0
    assert doc.read_text() == "The agglomeration zone\nhas a chain leader.\nThe gathering area and the chain boss.\n"
