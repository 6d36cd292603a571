"""``mtfix review`` of a big article against ``mtfix check`` of the same file.

Run: ``python3 benchmarks/bench_review.py`` (``--mb N`` sizes the article, made
by repeating corpora/zhaoqing-agglomeration-zone.en.txt; the default is 5 MB,
issue 14; ``--keys N`` key presses are timed).

Measured in one process, wall clock (``mtfix check`` uses every core on a big
file, the review one): ``mtfix check`` of the file; the review's first screen
(glossary, reading the file, its proposals, the first render, driven through
a pipe input to a dummy output); the latency of each key press (``y``, ``n``,
``j`` in turn: from sending the key to the end of the render that shows its
effect, the session save included); and ``q`` (writing the file and its
session). Only the ratios are meaningful: the machines are shared and noisy.
Goals: first screen within 2x of check, a key under 50 ms, ``q`` a fraction
of check.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtfix.cli import main  # noqa: E402

ARTICLE = ROOT / "corpora" / "zhaoqing-agglomeration-zone.en.txt"
KEYS = "ynj"


def write_article(folder: Path, megabytes: float) -> Path:
    text = ARTICLE.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path = folder / "article.txt"
    path.write_text(text * (int(megabytes * 1_000_000) // len(text.encode("utf-8")) + 1), encoding="utf-8")
    return path


def cpu_seconds() -> float:
    """CPU time of this process and of the workers it waited for (``check`` may fork some)."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def check_seconds(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``mtfix check`` on ``path``."""
    start, cpu = time.perf_counter(), cpu_seconds()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["check", "-q", str(path)])
    return time.perf_counter() - start, cpu_seconds() - cpu


class Driver:
    """Runs the review app on a pipe input: notes the first render, then sends each key
    once the render after the previous key is done, then ``q``."""

    def __init__(self, app: Any, pipe: Any, keys: str):
        self.app, self.pipe, self.keys = app, pipe, keys
        self.start = time.perf_counter()
        self.first_screen: float | None = None
        self.start_cpu = cpu_seconds()
        self.first_cpu = 0.0
        self.sent_at = self.sent_cpu = 0.0
        self.pressed = False  # the key sent last was handled; its render is the next one
        self.latencies: list[float] = []
        self.cpu: list[float] = []  # CPU seconds of each key: steadier than wall time on a busy machine
        self.quit_at = 0.0
        app.after_render += self._rendered
        app.key_processor.after_key_press += self._handled

    def _handled(self, _: object) -> None:
        self.pressed = True

    def _rendered(self, _: object) -> None:
        now = time.perf_counter()
        if self.quit_at:
            return
        if self.first_screen is None:
            self.first_screen, self.first_cpu = now - self.start, cpu_seconds() - self.start_cpu
        elif not self.pressed:
            return  # a render nobody asked for (a resize, a background redraw)
        else:
            self.latencies.append(now - self.sent_at)
            self.cpu.append(time.process_time() - self.sent_cpu)
        self.pressed = False
        self._send()

    def _send(self) -> None:
        if len(self.latencies) >= len(self.keys):
            self.quit_at = time.perf_counter()
            self.pipe.send_text("q")
            return
        self.sent_at, self.sent_cpu = time.perf_counter(), time.process_time()
        self.pipe.send_text(self.keys[len(self.latencies)])


def review(path: Path, presses: int) -> tuple[float, Driver, float, int]:
    """Seconds to the first screen, the driver (key latencies), seconds from ``q`` to written,
    proposals."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from mtfix.config import build_config
    from mtfix.glossary.cache import load_matcher
    from mtfix.review.app import build_app
    from mtfix.review.command import write_all
    from mtfix.review.session import open_files

    with create_pipe_input() as pipe:
        start, start_cpu = time.perf_counter(), cpu_seconds()
        config = build_config(None, use_cache=True)
        state = open_files([str(path)], load_matcher(list(config.glossaries), use_cache=True))
        app = build_app(state, input=pipe, output=DummyOutput())
        driver = Driver(app, pipe, (KEYS * presses)[:presses])
        driver.start, driver.start_cpu = start, start_cpu
        app.run()
        with contextlib.redirect_stderr(io.StringIO()):
            write_all(state)
        quit_seconds = time.perf_counter() - driver.quit_at
    assert driver.first_screen is not None
    return driver.first_screen, driver, quit_seconds, len(state.proposals)


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the article in MB")
    parser.add_argument("--keys", type=int, default=200, help="key presses timed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warm = folder / "warm"
        warm.mkdir()
        small = write_article(warm, 0.05)
        check_seconds(small)  # imports and the glossary cache
        _, base, _, few = review(small, args.keys)  # key latency where there is little to count
        path = write_article(folder, args.mb)
        check, check_cpu = check_seconds(path)
        first, keys, quit_seconds, proposals = review(path, args.keys)
        size = path.stat().st_size
    print(f"article {size / 1e6:.1f} MB, {proposals:,} proposals")
    print(f"  mtfix check            {check:6.2f} s   (CPU {check_cpu:.2f} s)")
    print(f"  review, first screen   {first:6.2f} s   (CPU {keys.first_cpu:.2f} s)   ratio to check "
          f"{first / check:.2f}x, of CPU {keys.first_cpu / check_cpu:.2f}x (goal: within 2x)")
    print(f"  key press ({len(keys.latencies)} of {KEYS})  {_keys(keys)} (goal: under 50 ms)")
    wall, cpu = _mean(keys.latencies) / _mean(base.latencies), _mean(keys.cpu) / _mean(base.cpu)
    print(f"    with {few:,} proposals   {_keys(base)}; ratio of the means {wall:.2f}x, of CPU {cpu:.2f}x")
    print(f"  q (write and quit)     {quit_seconds:6.2f} s   ratio to check {quit_seconds / check:.2f}x")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _keys(driver: Driver) -> str:
    return (f"mean {_mean(driver.latencies) * 1000:.1f} ms, max {max(driver.latencies) * 1000:.1f} ms, "
            f"CPU {_mean(driver.cpu) * 1000:.1f} ms")


if __name__ == "__main__":
    main_bench()
