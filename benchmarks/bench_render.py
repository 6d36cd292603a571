"""Re-casing a replacement: the cost of one ``render_replacement`` cache miss, old vs new.

Run: ``python3 benchmarks/bench_render.py`` (``--quick`` for fewer rounds). The
matched strings are what a dense ``fix`` run sends there (the lower-case,
single-spaced ones never come): 2-3 random syllable words in Title case, UPPER
case, Sentence case or mixed case, possessives, a line break or a hyphen in a gap,
and a few non-ASCII ones, every one new, as in a run over 10,000 terms. The old
implementation (before issue 13: tests/engine/reference_render.py) is timed in
the same run; both are cached the same way and their caches are emptied before each
round. The outputs are checked equal first. The same comparison replays the calls
that a fix of ``bench_batch.py``'s dense corpus makes (``--megabytes``, 5 by default).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mtfix.engine import casing, compile_glossary, fix_text, matching, rewrite
from mtfix.glossary.load import load_glossaries

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus import dense_terms, make_terms, make_words, write_dense_corpus, write_glossary  # noqa: E402

from tests.engine import reference_render as reference  # noqa: E402

# --- the inputs ---
_SYLLABLES = "ka lo mi ren tu sha vel dor pri an sel mo gra fen zi tor bel qua nis ol".split()
_ACCENTED = "é ü ø ñ å ç".split()
_GREEK = "κα λο μι ρεν τυ".split()
_SMALL = ["of", "and", "the"]  # the words a title keeps in lower case, among those of the phrases


def _word(rng: random.Random, syllables: list[str]) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))


def _phrase(rng: random.Random, syllables: list[str]) -> list[str]:
    words = [_word(rng, syllables) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.15:
        words.insert(1, rng.choice(_SMALL))
    return words


STYLES: dict[str, Callable[[list[str]], list[str]]] = {
    "Title": lambda ws: [w if w in _SMALL else w.capitalize() for w in ws],
    "UPPER": lambda ws: [w.upper() for w in ws],
    "Sentence": lambda ws: [ws[0].capitalize(), *ws[1:]],
    "mixed": lambda ws: [ws[0].upper(), *(w.capitalize() for w in ws[1:])],
    "possessive": lambda ws: [*(w.capitalize() for w in ws[:-1]), ws[-1].capitalize() + "'s"],
}
GAPS = {"space": " ", "line break": "\n", "hyphen": "-"}


def cases(rng: random.Random, count: int, preferred_pool: int) -> list[tuple[str, str, str, bool]]:
    """(label, matched, preferred, strict), every matched string distinct."""
    preferred = [" ".join(_phrase(rng, _SYLLABLES)) for _ in range(preferred_pool)]
    preferred = [p.title() if rng.random() < 0.1 else p for p in preferred]  # own capitals
    seen: set[str] = set()
    out = []
    while len(out) < count:
        script = rng.choices(["ascii", "latin-1", "greek"], [90, 8, 2])[0]
        syllables = {"ascii": _SYLLABLES, "latin-1": _SYLLABLES + _ACCENTED, "greek": _GREEK}[script]
        style = rng.choice(list(STYLES))
        gap = rng.choices(list(GAPS), [70, 20, 10])[0]
        words = STYLES[style](_phrase(rng, syllables))
        matched = GAPS[gap].join(words) if gap == "space" else " ".join(words[:-1]) + GAPS[gap] + words[-1]
        if matched in seen:
            continue
        seen.add(matched)
        label = style if script == "ascii" and gap == "space" else (gap if script == "ascii" else script)
        out.append((label, matched, rng.choice(preferred), rng.random() < 0.1))
    return out


def clear_caches() -> None:
    reference.clear_caches()
    for cached in (rewrite.render_replacement, rewrite._render, rewrite._preferred_parts):
        cached.cache_clear()


def per_call(inputs: list[tuple[str, str, str, bool]], rounds: int) -> tuple[float, float]:
    """Best microseconds per call of the old and the new rendering over ``rounds``, alternating,
    every call a miss of the outer cache."""
    best = {reference.render_replacement: float("inf"), rewrite.render_replacement: float("inf")}
    for _ in range(rounds):
        for render in best:
            clear_caches()
            t0 = time.perf_counter()
            for _, matched, preferred, strict in inputs:
                render(matched, preferred, strict)
            best[render] = min(best[render], time.perf_counter() - t0)
    old, new = best.values()
    return old / len(inputs) * 1e6, new / len(inputs) * 1e6


def check_equal(inputs: list[tuple[str, str, str, bool]]) -> None:
    for _, matched, preferred, strict in inputs:
        old_text, old_case = reference.render_replacement(matched, preferred, strict)
        new_text, new_case = rewrite.render_replacement(matched, preferred, strict)
        if (old_text, old_case) != (new_text, new_case):
            raise SystemExit(f"different: {matched!r} {preferred!r} {strict}: {old_text!r} vs {new_text!r}")
    probe = [casing.detect_case(words) is reference.detect_case(words)
             for words in (reference.split_words(m)[0] for _, m, _, _ in inputs)]
    assert all(probe)


def recorded_calls(megabytes: float) -> list[tuple[str, str, str, bool]]:
    """The calls a ``fix`` of the dense corpus of ``bench_batch.py`` (10,000 terms) makes, in order."""
    rng = random.Random(7)
    calls: list[tuple[str, str, str, bool]] = []

    def record(matched: str, preferred: str, strict: bool = False) -> tuple[str, casing.Case]:
        calls.append(("run", matched, preferred, strict))
        return rewrite.render_replacement(matched, preferred, strict)

    with tempfile.TemporaryDirectory() as tmp:
        words = make_words(rng, 20_000)
        terms = dense_terms(make_terms(rng, words, 10_000))
        glossary, corpus = Path(tmp) / "glossary.toml", Path(tmp) / "corpus.txt"
        write_glossary(glossary, terms)
        write_dense_corpus(corpus, rng, words, terms, megabytes)
        matcher = compile_glossary(load_glossaries([str(glossary)]))
        matching.render_replacement, before = record, matching.render_replacement
        try:
            fix_text(corpus.read_text(encoding="utf-8"), matcher)
        finally:
            matching.render_replacement = before
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds instead of 9")
    parser.add_argument("--count", type=int, default=10_000, help="distinct matched strings")
    parser.add_argument("--megabytes", type=float, default=5, help="size of the dense corpus replayed")
    args = parser.parse_args()
    rounds = 3 if args.quick else 9
    calls = recorded_calls(args.megabytes)
    check_equal(calls)
    old, new = per_call(calls, rounds)
    print(f"a fix of the {args.megabytes:g} MB dense corpus, replayed: {len(calls)} calls, "
          f"{len(set(calls))} distinct; in all old {old * len(calls) / 1e3:.1f} ms  "
          f"new {new * len(calls) / 1e3:.1f} ms  new/old {new / old:.2f}x")
    rng = random.Random(13)
    for pool in (args.count, args.count // 4):
        inputs = cases(rng, args.count, pool)
        check_equal(inputs)
        old, new = per_call(inputs, rounds)
        print(f"{len(inputs)} distinct matched strings, {pool} preferred forms: outputs identical")
        print(f"  {'all':<12} old {old:6.2f} us  new {new:6.2f} us  new/old {new / old:.2f}x")
        if pool != args.count:
            continue
        for label in sorted({c[0] for c in inputs}):
            part = [c for c in inputs if c[0] == label]
            old, new = per_call(part, rounds)
            print(f"  {label:<12} old {old:6.2f} us  new {new:6.2f} us  new/old {new / old:.2f}x  ({len(part)})")
    for words in (["Industrial", "Cooperation", "Zone"], ["INDUSTRIAL", "ZONE"], ["Industrial", "zone"]):
        times = {}
        for name, detect in (("old", reference.detect_case), ("new", casing.detect_case)):
            t0 = time.perf_counter()
            for _ in range(100_000):
                detect(words)
            times[name] = (time.perf_counter() - t0) * 10
        print(f"detect_case {' '.join(words)!r:<32} old {times['old']:5.2f} us  new {times['new']:5.2f} us  "
              f"new/old {times['new'] / times['old']:.2f}x")

if __name__ == "__main__":
    main()
