"""Candidate scanning engines, bare: speed, leftmost-longest at the end of a text,
offsets, pickling.

Run: ``python3 benchmarks/bench_engines.py`` (``--quick`` for 5 MB). Each engine
runs the same bare replacer (lower-cased text, whole words, longest match,
nothing else: the floor ``bench_batch.py`` compares mtfix with) on the dense
corpus, and the ratios are against pyahocorasick's in the same run. An engine
that is not installed is skipped with a note (``pip install ahocorasick-rs
daachorse``).
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import dense_terms, make_terms, make_words, write_dense_corpus, write_glossary  # noqa: E402

# (start, end, index into the variants) of the matches, left to right, not overlapping.
Scan = Callable[[str], Iterable[tuple[int, int, int]]]
ENGINES = ("pyahocorasick", "ahocorasick_rs", "daachorse")
# A text that ends part-way into a longer key: a leftmost-longest scan finds "area".
END_KEYS, END_TEXT = ["gathering area zone", "area"], "we met in the gathering area"


def build(engine: str, keys: list[str]) -> tuple[object, Scan]:
    """The automaton of ``keys`` (lower-case) and a function scanning a text with it."""
    if engine == "pyahocorasick":
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for index, key in enumerate(keys):
            automaton.add_word(key, (index, len(key)))
        automaton.make_automaton()

        def scan_py(text: str) -> Iterator[tuple[int, int, int]]:
            for end, (index, length) in automaton.iter_long(text):
                yield end + 1 - length, end + 1, index
        return automaton, scan_py
    if engine == "ahocorasick_rs":
        import ahocorasick_rs

        found = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        return found, lambda text: ((s, e, i) for i, s, e in found.find_matches_as_indexes(text))
    if engine == "daachorse":
        import daachorse

        pma = daachorse.CharwiseDoubleArrayAhoCorasick(keys, match_kind=daachorse.MATCH_KIND_LEFTMOST_LONGEST)
        return pma, pma.find
    raise ValueError(engine)


def available(engine: str) -> bool:
    try:
        build(engine, ["a"])
    except ImportError:
        return False
    return True


def replace(text: str, scan: Scan, replacements: list[str]) -> tuple[str, int]:
    """``text`` with every whole-word match replaced; and how many were."""
    low = text.lower()
    pieces, pos, count, n = [], 0, 0, len(low)
    for start, end, index in scan(low):
        if (start and low[start - 1].isalnum()) or (end < n and low[end].isalnum()):
            continue
        pieces.append(text[pos:start])
        pieces.append(replacements[index])
        pos = end
        count += 1
    pieces.append(text[pos:])
    return "".join(pieces), count


def glossary_keys(terms: list[tuple[str, list[str]]]) -> tuple[list[str], list[str]]:
    """The variants (lower-case) and the preferred form each is replaced with."""
    keys, replacements = [], []
    for preferred, variants in terms:
        for variant in variants:
            keys.append(variant.lower())
            replacements.append(preferred)
    return keys, replacements


def bare_run(engine: str, keys: list[str], replacements: list[str], corpus: Path, out: Path) -> int:
    """The whole bare job: build, read, scan and replace, write; the number of replacements."""
    _, scan = build(engine, keys)
    fixed, count = replace(corpus.read_text(encoding="utf-8"), scan, replacements)
    out.write_text(fixed, encoding="utf-8")
    return count


def end_of_text_ok(engine: str) -> bool:
    _, scan = build(engine, END_KEYS)
    return [END_TEXT[s:e] for s, e, _ in scan(END_TEXT)] == ["area"]


def offsets_kind(engine: str) -> str:
    _, scan = build(engine, ["area"])
    return "characters" if [s for s, _, _ in scan("\u00e9 area")] == [2] else "bytes"


def pickling(engine: str, keys: list[str]) -> str:
    """Whether the built automaton pickles, and what loading it costs against building it."""
    start = time.perf_counter()
    automaton, _ = build(engine, keys)
    built = time.perf_counter() - start
    try:
        data = pickle.dumps(automaton)
    except TypeError:
        return f"no (rebuild {built:.2f} s)"
    start = time.perf_counter()
    pickle.loads(data)
    return f"yes ({len(data) / 1e6:.1f} MB, load {time.perf_counter() - start:.2f} s, build {built:.2f} s)"


def compare(terms: list[tuple[str, list[str]]], corpus: Path, work: Path, rounds: int = 3) -> dict[str, float]:
    """Each installed engine's best time over ``rounds`` alternating runs, and a table
    printed with ratios against pyahocorasick."""
    keys, replacements = glossary_keys(terms)
    engines = [e for e in ENGINES if available(e)]
    for engine in ENGINES:
        if engine not in engines:
            print(f"  {engine}: not installed, skipped")
    best: dict[str, float] = {}
    counts: dict[str, int] = {}
    for _ in range(rounds):
        for engine in engines:
            start = time.perf_counter()
            counts[engine] = bare_run(engine, keys, replacements, corpus, work / f"bare-{engine}.txt")
            best[engine] = min(best.get(engine, float("inf")), time.perf_counter() - start)
    floor = best.get("pyahocorasick")
    print("  engine          time    ratio  replacements  end of text  offsets     pickling")
    for engine in engines:
        ratio = f"{best[engine] / floor:5.2f}x" if floor else "  -   "
        print(f"  {engine:<15} {best[engine]:5.2f} s {ratio} {counts[engine]:>12,}  "
              f"{'right' if end_of_text_ok(engine) else 'WRONG':<11}  {offsets_kind(engine):<10}  "
              f"{pickling(engine, keys)}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 MB, 1,000 terms")
    args = parser.parse_args()
    megabytes, n_terms = (5, 1000) if args.quick else (20, 10_000)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        words = make_words(rng, 20_000)
        terms = dense_terms(make_terms(rng, words, n_terms))
        write_glossary(work / "glossary.toml", terms)
        write_dense_corpus(work / "dense.txt", rng, words, terms, megabytes)
        print(f"bare replacers, dense corpus {megabytes} MB, {len(terms):,} terms (best of 3):")
        compare(terms, work / "dense.txt", work)


if __name__ == "__main__":
    main()
