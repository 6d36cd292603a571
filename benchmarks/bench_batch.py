"""Batch speed of ``mtfix fix`` against a bare Aho-Corasick replacer and FlashText.

Run: ``python3 benchmarks/bench_batch.py`` (``--quick`` for a smaller run,
``--memory`` to also compare peak memory at 20 MB and 200 MB).

All timings are taken in one run on the same corpus, and only ratios are
meaningful: the machines are shared and noisy. The bare replacer is the floor:
pyahocorasick over the text, whole words, longest match, nothing else (no
case, plurals, articles, protection or file handling).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_terms, make_words, write_corpus, write_glossary  # noqa: E402


def bare_replace(glossary: Path, corpus: Path, out: Path) -> int:
    """Whole-word, longest-match replacement with pyahocorasick; the speed floor."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term in tomllib.loads(glossary.read_text(encoding="utf-8"))["term"]:
        for variant in term["variants"]:
            automaton.add_word(variant.lower(), (len(variant), term["preferred"]))
    automaton.make_automaton()
    text = corpus.read_text(encoding="utf-8")
    low = text.lower()
    pieces, pos, count, n = [], 0, 0, len(low)
    for end, (length, preferred) in automaton.iter_long(low):
        start = end - length + 1
        if (start and low[start - 1].isalnum()) or (end + 1 < n and low[end + 1].isalnum()):
            continue
        pieces.append(text[pos:start])
        pieces.append(preferred)
        pos = end + 1
        count += 1
    pieces.append(text[pos:])
    out.write_text("".join(pieces), encoding="utf-8")
    return count


def flashtext_replace(glossary: Path, corpus: Path) -> int:
    from flashtext import KeywordProcessor

    processor = KeywordProcessor()
    for term in tomllib.loads(glossary.read_text(encoding="utf-8"))["term"]:
        for variant in term["variants"]:
            processor.add_keyword(variant, term["preferred"])
    return len(processor.replace_keywords(corpus.read_text(encoding="utf-8")))


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run_mtfix(args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MTFIX_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "mtfix", *args], env=env, capture_output=True, text=True)


def mtfix_fix(glossary: Path, corpus: Path, work: Path, cache: Path, *options: str) -> float:
    copy = work / "copy.txt"
    shutil.copy(corpus, copy)
    seconds, proc = timed(lambda: run_mtfix(["fix", "-q", *options, "-g", str(glossary), str(copy)], cache))
    if proc.returncode != 0:
        raise SystemExit(f"mtfix failed: {proc.stderr}")
    return seconds


def peak_rss_mb(args: list[str], cache: Path) -> float:
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
            "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    env = {**os.environ, "MTFIX_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "mtfix", *args],
                         env=env, capture_output=True, text=True, check=False)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 MB / 0.5 MB / 1,000 terms")
    parser.add_argument("--memory", action="store_true", help="also compare peak memory at 20 and 200 MB")
    args = parser.parse_args()
    big, small, n_terms = (5, 0.5, 1000) if args.quick else (20, 2, 10_000)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        words = make_words(rng, 20_000)
        terms = make_terms(rng, words, n_terms)
        glossary, corpus, corpus_small = work / "glossary.toml", work / "big.txt", work / "small.txt"
        write_glossary(glossary, terms)
        write_corpus(corpus, rng, words, terms, big)
        write_corpus(corpus_small, rng, words, terms, small)
        cache = work / "cache"
        print(f"glossary: {n_terms:,} terms; corpus: {big} MB and {small} MB")

        cold = mtfix_fix(glossary, corpus_small, work, cache)
        warm_small = mtfix_fix(glossary, corpus_small, work, cache)
        warm_big = mtfix_fix(glossary, corpus, work, cache)
        warm_big_1 = mtfix_fix(glossary, corpus, work, cache, "--jobs", "1")
        bare, count = timed(lambda: bare_replace(glossary, corpus, work / "bare.txt"))
        flash, _ = timed(lambda: flashtext_replace(glossary, corpus_small))
        print(f"bare pyahocorasick replacer, {big} MB: {bare:6.2f} s ({count:,} replacements)")
        print(f"mtfix fix, {big} MB (warm cache):   {warm_big:6.2f} s  -> {warm_big / bare:.2f}x the bare replacer "
              "(target <= 2x)")
        print(f"mtfix fix --jobs 1, {big} MB:        {warm_big_1:6.2f} s  -> "
              f"{warm_big_1 / bare:.2f}x the bare replacer")
        print(f"flashtext 2.7, {small} MB:              {flash:6.2f} s")
        print(f"mtfix fix, {small} MB, cold cache:     {cold:6.2f} s  -> flashtext / mtfix = {flash / cold:.1f}x")
        print(f"mtfix fix, {small} MB, warm cache:     {warm_small:6.2f} s  -> flashtext / mtfix = "
              f"{flash / warm_small:.1f}x (target >= 30x)")
        if args.memory:
            huge = work / "huge.txt"
            write_corpus(huge, rng, words, terms, big * 10)
            rss = {}
            for name, path in (("small", corpus), ("huge", huge)):
                shutil.copy(path, work / "copy.txt")
                rss[name] = peak_rss_mb(["fix", "-q", "--jobs", "1", "-g", str(glossary),
                                         str(work / "copy.txt")], cache)
            print(f"peak memory, mtfix fix: {big} MB file {rss['small']:.0f} MB, {big * 10} MB file "
                  f"{rss['huge']:.0f} MB -> {rss['huge'] / rss['small']:.2f}x (target <= 1.5x)")

if __name__ == "__main__":
    main()
