"""Cost under hostile input: time on one long line, peak memory of stdin, JSON and mine.

Run: ``python3 benchmarks/bench_hostile.py`` (``--quick`` for smaller inputs;
``--only line|stdin|json|mine|jobs`` for one part; ``--tree DIR`` runs the
mtfix package found in DIR instead, e.g. an exported older commit, for a
before/after comparison in the same session).

Only ratios are meaningful on shared machines:
- line: ``mtfix check`` on one line dense with variants at 1, 2 and 4 MB; a
  linear run takes about 2x per doubling (the quadratic one took 3.5-4.4x).
- stdin / json / mine: peak RSS (``ru_maxrss`` of the child) against input size.
- jobs: ``check --jobs 2`` time over ``--jobs 1`` on a dense file.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = """\
[[term]]
id = "agglomeration-zone"
preferred = "agglomeration zone"
variants = ["gathering area", "cluster area"]
"""
CACHE = Path(tempfile.gettempdir())  # replaced by a private folder in main()
# No sentence end: a line of it is read as one chunk (up to 8 MB), as in the issue.
DENSE = "the gathering area and a cluster area of the town; "
# With sentence ends: read in 1 MB chunks, as most text is.
SENTENCES = "The gathering area and a cluster area of the town. "


def dense_text(size: int, newline_every: int = 0, piece: str = DENSE) -> str:
    """About ``size`` characters of variants; one line unless ``newline_every`` pieces."""
    count = size // len(piece) + 1
    if not newline_every:
        return piece * count + "\n"
    line = (piece * newline_every).rstrip(" ") + "\n"  # ".\n": a sentence end
    return line * (count // newline_every + 1)


def run_child(tree: Path, args: list[str], stdin: Path | None = None,
              stdout: int | None = subprocess.DEVNULL) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB of this child, exit code) of ``python -m mtfix ARGS``."""
    env = dict(os.environ, PYTHONPATH=str(tree), MTFIX_CACHE_DIR=str(CACHE))
    code = ("import resource, runpy, sys\n"
            "sys.argv = ['mtfix'] + sys.argv[1:]\n"
            "try:\n    runpy.run_module('mtfix', run_name='__main__')\n"
            "finally:\n    sys.stderr.write('\\nRSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as handle:
        # Run outside the checkout: "python -c" puts the current folder first on sys.path.
        done = subprocess.run([sys.executable, "-c", code, *args], stdin=handle, stdout=stdout,
                              stderr=subprocess.PIPE, env=env, check=False, cwd=tempfile.gettempdir())
    seconds = time.perf_counter() - start
    rss = int(done.stderr.decode().rsplit("RSS ", 1)[1].split()[0]) // 1024
    return seconds, rss, done.returncode


def bench_line(tree: Path, work: Path, glossary: Path, quick: bool) -> None:
    sizes = [1, 2] if quick else [1, 2, 4]
    previous = None
    for mb in sizes:
        path = work / f"line-{mb}.txt"
        path.write_text(dense_text(mb << 20), encoding="utf-8")
        seconds, rss, _ = run_child(tree, ["check", "-g", str(glossary), str(path)])
        ratio = f"  x{seconds / previous:.2f} over the half size" if previous else ""
        print(f"line   {mb} MB single line: {seconds:6.2f} s, {rss} MB peak{ratio}")
        previous = seconds


def bench_stdin(tree: Path, work: Path, glossary: Path, quick: bool) -> None:
    mb = 8 if quick else 48
    path = work / "stdin.txt"
    path.write_text(dense_text(mb << 20, 20, SENTENCES), encoding="utf-8")
    for args in (["fix"], ["fix", "--diff"], ["check"]):
        seconds, rss, code = run_child(tree, [*args, "-g", str(glossary), "-"], stdin=path)
        print(f"stdin  {' '.join(args):10} - on {mb} MB: {seconds:6.2f} s, {rss} MB peak (exit {code})")


def bench_json(tree: Path, work: Path, glossary: Path, quick: bool) -> None:
    mb = 4 if quick else 50  # 50 MB holds about 1.9M findings
    path = work / "json.txt"
    path.write_text(dense_text(mb << 20, 20, SENTENCES), encoding="utf-8")
    seconds, rss, code = run_child(tree, ["check", "--format", "json", "-g", str(glossary), str(path)])
    print(f"json   check --format json on {mb} MB: {seconds:6.2f} s, {rss} MB peak (exit {code})")


def mine_corpus(size: int) -> str:
    """Repeats the bundled corpus with numbered variations up to about ``size`` characters."""
    seed = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").glob("*.txt")))
    out, total, round_ = [], 0, 0
    while total < size:
        words = seed.split(" ")
        piece = " ".join(w + str(round_ % 97) if i % 11 == round_ % 11 else w for i, w in enumerate(words))
        out.append(piece)
        total += len(piece)
        round_ += 1
    return "\n\n".join(out)


def bench_mine(tree: Path, work: Path, glossary: Path, quick: bool) -> None:
    mb = 3 if quick else 27
    path = work / "mine.txt"
    path.write_text(mine_corpus(mb << 20), encoding="utf-8")
    seconds, rss, code = run_child(tree, ["glossary", "mine", "-g", str(glossary), str(path)])
    print(f"mine   glossary mine on {mb} MB: {seconds:6.2f} s, {rss} MB peak (exit {code})")


def bench_jobs(tree: Path, work: Path, glossary: Path, quick: bool) -> None:
    mb = 10 if quick else 20  # over 8 MB: a file is split across the workers
    path = work / "jobs.txt"
    path.write_text(dense_text(mb << 20, 20, SENTENCES), encoding="utf-8")
    times = {}
    for jobs in ("1", "2"):
        times[jobs], rss, code = run_child(tree, ["check", "--jobs", jobs, "-g", str(glossary), str(path)])
        print(f"jobs   check --jobs {jobs} on {mb} MB: {times[jobs]:6.2f} s, {rss} MB peak (exit {code})")
    print(f"jobs   --jobs 2 / --jobs 1: {times['2'] / times['1']:.2f}")


PARTS = {"line": bench_line, "stdin": bench_stdin, "json": bench_json, "mine": bench_mine, "jobs": bench_jobs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=sorted(PARTS), action="append")
    parser.add_argument("--tree", type=Path, default=ROOT, help="folder holding the mtfix package to run")
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        glossary = work / "glossary.toml"
        glossary.write_text(GLOSSARY, encoding="utf-8")
        global CACHE
        CACHE = work / "cache"
        (work / "empty.txt").write_text("", encoding="utf-8")
        run_child(args.tree.resolve(), ["check", "-g", str(glossary), str(work / "empty.txt")])  # compiles once
        for name in args.only or list(PARTS):
            PARTS[name](args.tree.resolve(), work, glossary, args.quick)


if __name__ == "__main__":
    main()
