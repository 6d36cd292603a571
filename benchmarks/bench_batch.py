"""Batch speed of ``mtfix fix`` against a bare Aho-Corasick replacer and FlashText.

Run: ``python3 benchmarks/bench_batch.py`` (``--quick`` for a smaller run,
``--memory`` to also compare peak memory, ``--sparse`` for the older sparse
corpus, ``--no-engines`` to leave out the engine comparison).

All timings are taken in one run on the same corpus, alternating, best of
``--rounds``; only ratios are meaningful: the machines are shared and noisy.
The bare replacer is the floor: pyahocorasick over the text, whole words,
longest match, nothing else (no case, plurals, articles, protection or file
handling). The corpus is match-dense (``corpus.write_dense_corpus``: thousands
of matches per MB, mixed case, line breaks inside variants, curly apostrophes,
no-break spaces, the seed article's lines).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_engines  # noqa: E402
from corpus import (  # noqa: E402
    dense_terms,
    make_terms,
    make_words,
    write_corpus,
    write_dense_corpus,
    write_glossary,
)


def bare_replace(glossary: Path, corpus: Path, out: Path) -> int:
    """Whole-word, longest-match replacement with pyahocorasick; the speed floor."""
    terms = [(t["preferred"], t["variants"]) for t in tomllib.loads(glossary.read_text(encoding="utf-8"))["term"]]
    keys, replacements = bench_engines.glossary_keys(terms)
    return bench_engines.bare_run("pyahocorasick", keys, replacements, corpus, out)


def flashtext_replace(glossary: Path, corpus: Path) -> int:
    from flashtext import KeywordProcessor

    processor = KeywordProcessor()
    for term in tomllib.loads(glossary.read_text(encoding="utf-8"))["term"]:
        for variant in term["variants"]:
            processor.add_keyword(variant, term["preferred"])
    return len(processor.replace_keywords(corpus.read_text(encoding="utf-8")))


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _env(cache: Path) -> dict[str, str]:
    """The children's environment: their own glossary cache, and bytecode written and
    read as on a user's machine (a sandbox's PYTHONDONTWRITEBYTECODE would make every
    start compile mtfix's modules again, a tenth of a second)."""
    env = {**os.environ, "MTFIX_CACHE_DIR": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def mtfix_command(args: list[str], cache: Path, stdin: Path | None = None, stdout: Path | None = None) -> None:
    env = _env(cache)
    with open(stdin or os.devnull, "rb") as source, open(stdout or os.devnull, "wb") as sink:
        proc = subprocess.run([sys.executable, "-m", "mtfix", *args], env=env, stdin=source, stdout=sink,
                              stderr=subprocess.PIPE, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"mtfix {' '.join(args)} failed: {proc.stderr}")


class Runs:
    """The ways of running ``fix`` on one corpus, each a function timed as a whole."""

    def __init__(self, glossary: Path, corpus: Path, work: Path, cache: Path):
        self.glossary, self.corpus, self.work, self.cache = glossary, corpus, work, cache

    def fix(self, *options: str) -> None:
        copy = self.work / "copy.txt"
        shutil.copy(self.corpus, copy)  # not timed: see timed_fix
        mtfix_command(["fix", "-q", *options, "-g", str(self.glossary), str(copy)], self.cache)

    def stdin(self) -> None:
        mtfix_command(["fix", "-q", "-g", str(self.glossary), "-"], self.cache, self.corpus, self.work / "out.txt")

    def to_folder(self) -> None:
        out = self.work / "out"
        mtfix_command(["fix", "-q", "--jobs", "1", "-o", str(out), "-g", str(self.glossary), str(self.corpus)],
                      self.cache)

    def bare(self) -> None:
        bare_replace(self.glossary, self.corpus, self.work / "bare.txt")


def best_of(rounds: int, actions: dict[str, Callable[[], None]], setup: dict[str, Callable[[], None]]) -> dict:
    """The best time of each action over ``rounds`` rounds, alternating; ``setup[name]``
    runs untimed before the action of the same name."""
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name, action in actions.items():
            if name in setup:
                setup[name]()
            best[name] = min(best.get(name, float("inf")), timed(action))
    return best


def speed(glossary: Path, corpus: Path, work: Path, cache: Path, rounds: int, size: float) -> float:
    runs = Runs(glossary, corpus, work, cache)
    copy = work / "copy.txt"
    mtfix_command(["fix", "-q", "-g", str(glossary), "-"], cache, corpus)  # warm the cache
    in_place = ["fix", "-q", "-g", str(glossary), str(copy)]
    actions = {
        "bare": runs.bare,
        "stdin": runs.stdin,
        "jobs1_o": runs.to_folder,
        "default": lambda: mtfix_command(in_place, cache),
        "jobs1": lambda: mtfix_command([*in_place[:2], "--jobs", "1", *in_place[2:]], cache),
    }
    setup = {name: (lambda: shutil.copy(corpus, copy)) for name in ("default", "jobs1")}
    best = best_of(rounds, actions, setup)
    bare = best["bare"]
    count = bare_replace(glossary, corpus, work / "bare.txt")
    print(f"bare pyahocorasick replacer, {size} MB:        {bare:6.2f} s  ({count:,} replacements)")
    rows = [("stdin", f"mtfix fix -g G - < corpus ({size} MB)", "target <= 1.0x, goal 0.6x"),
            ("jobs1_o", "mtfix fix --jobs 1 -o OUT corpus", ""),
            ("jobs1", "mtfix fix --jobs 1 corpus (in place)", ""),
            ("default", "mtfix fix corpus (default jobs, in place)", "")]
    for name, label, target in rows:
        print(f"{label:<44} {best[name]:6.2f} s  -> {best[name] / bare:.2f}x the bare replacer"
              + (f" ({target})" if target else ""))
    print(f"--jobs 1 -o against stdin: {best['jobs1_o'] / best['stdin']:.2f}x (target <= 1.2x)")
    return best["stdin"]


def flashtext(glossary: Path, corpus_small: Path, work: Path, cache: Path, size: float) -> None:
    try:
        import flashtext as _  # noqa: F401
    except ImportError:
        print("flashtext: not installed, skipped (pip install flashtext==2.7)")
        return
    runs = Runs(glossary, corpus_small, work, cache)
    mtfix_small = min(timed(runs.stdin) for _ in range(3))
    flash = timed(lambda: flashtext_replace(glossary, corpus_small))
    print(f"flashtext 2.7, {size} MB:                        {flash:6.2f} s")
    print(f"mtfix fix - , {size} MB, warm cache:              {mtfix_small:6.2f} s  -> flashtext / mtfix = "
          f"{flash / mtfix_small:.1f}x (target >= 30x)")


def peak_rss_mb(command: list[str], cache: Path, stdin: Path | None = None) -> float:
    """Peak resident memory of ``command`` (a child of a small watcher process), in MB."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[2:], stdin=open(sys.argv[1], 'rb'), "
            "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    env = _env(cache)
    out = subprocess.run([sys.executable, "-c", code, str(stdin or os.devnull), *command],
                         env=env, capture_output=True, text=True, check=False)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def memory(glossary: Path, corpus: Path, work: Path, cache: Path, size: float) -> None:
    bench = Path(__file__).resolve().parent
    bare_code = (f"import sys; sys.path.insert(0, {str(bench)!r}); from pathlib import Path; import bench_batch; "
                 "bench_batch.bare_replace(*map(Path, sys.argv[1:]))")
    bare = peak_rss_mb([sys.executable, "-c", bare_code, str(glossary), str(corpus), str(work / "bare.txt")], cache)
    mtfix = [sys.executable, "-m", "mtfix", "fix", "-q", "-g", str(glossary)]
    shutil.copy(corpus, work / "copy.txt")
    in_place = peak_rss_mb([*mtfix, "--jobs", "1", str(work / "copy.txt")], cache)
    stdin = peak_rss_mb([*mtfix, "-"], cache, corpus)
    print(f"peak memory, {size} MB: bare replacer {bare:.0f} MB; mtfix fix --jobs 1 FILE {in_place:.0f} MB "
          f"-> {in_place / bare:.2f}x (target <= 1.5x); mtfix fix - {stdin:.0f} MB -> {stdin / bare:.2f}x")


def startup(cache: Path, work: Path, runs: int = 15) -> None:
    """Warm start-up: ``mtfix check`` on a one-line file with the bundled glossary."""
    line = work / "line.txt"
    line.write_text("The gathering area held a signing.\n", encoding="utf-8")
    command = ["check", "-q", str(line)]
    mtfix_command(command, cache)  # warms the cache of the bundled glossary
    times = sorted(timed(lambda: mtfix_command(command, cache)) for _ in range(runs))
    python = sorted(timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)) for _ in range(runs))
    print(f"warm start-up, mtfix check on a one-line file (bundled glossary): median {statistics.median(times):.3f} s,"
          f" best {times[0]:.3f} s (target <= 0.13 s; bare python3 -c pass: {python[0]:.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 MB / 0.5 MB / 1,000 terms, one round")
    parser.add_argument("--memory", action="store_true", help="also compare peak memory with the bare replacer")
    parser.add_argument("--sparse", action="store_true", help="the older, sparser corpus")
    parser.add_argument("--no-engines", action="store_true", help="leave out the bare engines' comparison")
    parser.add_argument("--rounds", type=int, default=None, help="alternating rounds (default 3, --quick 1)")
    args = parser.parse_args()
    big, small, n_terms = (5, 0.5, 1000) if args.quick else (20, 2, 10_000)
    rounds = args.rounds or (1 if args.quick else 3)
    rng = random.Random(7)
    write = write_corpus if args.sparse else write_dense_corpus
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        words = make_words(rng, 20_000)
        terms = make_terms(rng, words, n_terms)
        terms = terms if args.sparse else dense_terms(terms)
        glossary, corpus, corpus_small = work / "glossary.toml", work / "big.txt", work / "small.txt"
        write_glossary(glossary, terms)
        write(corpus, rng, words, terms, big)
        write(corpus_small, rng, words, terms, small)
        cache = work / "cache"
        print(f"glossary: {len(terms):,} terms; {'sparse' if args.sparse else 'dense'} corpus: {big} MB and "
              f"{small} MB; best of {rounds} alternating rounds")
        speed(glossary, corpus, work, cache, rounds, big)
        flashtext(glossary, corpus_small, work, cache, small)
        startup(cache, work)
        if args.memory:
            memory(glossary, corpus, work, cache, big)
        if not args.no_engines:
            print(f"bare replacers by engine, {big} MB (best of {rounds}):")
            bench_engines.compare(terms, corpus, work, rounds)


if __name__ == "__main__":
    main()
