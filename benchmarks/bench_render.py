"""Re-casing a replacement: the cost of one ``render_replacement`` cache miss, old vs new.

Run: ``python3 benchmarks/bench_render.py`` (``--quick`` for fewer rounds). The
matched strings are what a dense ``fix`` run sends there (the lower-case,
single-spaced ones never come): 2-3 random syllable words in Title case, UPPER
case, Sentence case or mixed case, possessives, a line break or a hyphen in a gap,
and a few non-ASCII ones, every one new, as in a run over 10,000 terms. The old
implementation (before issue 13) is kept below to compare against in the same
run; both are cached the same way and their caches are emptied before each round.
The outputs are checked equal first. The same comparison replays the calls that a
fix of ``bench_batch.py``'s dense corpus makes (``--megabytes``, 5 by default).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from enum import Enum
from functools import lru_cache
from pathlib import Path

from mtfix.engine import casing, compile_glossary, fix_text, matching, rewrite
from mtfix.engine.canon import HYPHENS, LINE_BREAKS, SPACES, count_line_breaks
from mtfix.glossary.load import load_glossaries

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import dense_terms, make_terms, make_words, write_dense_corpus, write_glossary  # noqa: E402

# --- the old implementation (mtfix/engine/rewrite.py, casing.py and canon.split_words before) ---
_GAP = re.compile(f"[{re.escape(SPACES + LINE_BREAKS)}]+|[{re.escape(HYPHENS)}]")
_SMALL = frozenset("a an and as at but by for in nor of on or per the to vs via".split())
Case = Enum("Case", "LOWER SENTENCE TITLE UPPER MIXED")


def old_split_words(text: str) -> tuple[list[str], list[str]]:
    words: list[str] = []
    gaps: list[str] = []
    pos = 0
    for m in _GAP.finditer(text):
        if m.start() == pos and words:
            gaps[-1] += m.group()
            pos = m.end()
            continue
        words.append(text[pos:m.start()])
        gaps.append(m.group())
        pos = m.end()
    words.append(text[pos:])
    return words, gaps


def _is_capitalised(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper() and all(c.islower() for c in letters[1:])


def old_detect_case(words: list[str]) -> Case:
    if all(w.islower() or not w.isupper() and w == w.lower() for w in words):
        return Case.LOWER
    letters = [c for w in words for c in w if c.isalpha() and (c.isupper() or c.islower())]
    if not letters or all(c.islower() for c in letters):
        return Case.LOWER
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return Case.UPPER
    worded = [w for w in words if any(c.isalpha() for c in w)]
    if _is_capitalised(worded[0]) and all(w.islower() for w in worded[1:]):
        return Case.SENTENCE
    if all(_is_capitalised(w) or w.lower() in _SMALL for w in worded):
        return Case.TITLE
    return Case.MIXED


def _capitalise(word: str) -> str:
    for i, c in enumerate(word):
        if c.isalpha():
            return word[:i] + c.upper() + word[i + 1:]
    return word


def old_apply_case(words: list[str], case: Case, own_capitals: bool) -> list[str]:
    if case is Case.UPPER:
        return [w.upper() for w in words]
    if own_capitals or case in (Case.LOWER, Case.MIXED):
        return list(words)
    if case is Case.SENTENCE:
        return [_capitalise(words[0]), *words[1:]]
    return [w if i and w in _SMALL else _capitalise(w) for i, w in enumerate(words)]


def _is_hyphen_gap(gap: str) -> bool:
    return bool(gap.strip(SPACES + LINE_BREAKS))


def _merge_gaps(old: list[str], preferred: list[str]) -> list[str]:
    if len(old) == len(preferred):
        hyphenated = all(_is_hyphen_gap(o) for o in old)
        return [o if count_line_breaks(o) or (hyphenated if _is_hyphen_gap(o) else p == " ") else p
                for o, p in zip(old, preferred, strict=True)]
    gaps = list(preferred)
    n, m = len(old) + 1, len(preferred) + 1
    for i, gap in enumerate(old, 1):
        if count_line_breaks(gap) and gaps:
            j = min(max(round(i * m / n), 1), m - 1)
            gaps[j - 1] = gap
    return gaps


def _strict_gap(old: str, new: str) -> str:
    breaks = "".join(c for c in old if c in LINE_BREAKS)
    if _is_hyphen_gap(new):
        return new + breaks
    return old if not _is_hyphen_gap(old) else breaks or new


def _merge_strict_gaps(old: list[str], preferred: list[str]) -> list[str]:
    if len(old) == len(preferred):
        return [_strict_gap(o, p) for o, p in zip(old, preferred, strict=True)]
    merged = _merge_gaps(old, preferred)
    return [p if gap == p else _strict_gap(gap, p) for gap, p in zip(merged, preferred, strict=True)]


@lru_cache(maxsize=8192)
def _old_preferred_parts(preferred: str) -> tuple[list[str], list[str], bool]:
    return (*old_split_words(preferred), any(c.isupper() for c in preferred))


@lru_cache(maxsize=8192)
def old_render(matched: str, preferred: str, strict: bool = False) -> tuple[str, Case]:
    words, gaps = old_split_words(matched)
    case = old_detect_case(words)
    new_words, new_gaps, own_capitals = _old_preferred_parts(preferred)
    new_words = old_apply_case(new_words, case, own_capitals)
    new_gaps = (_merge_strict_gaps if strict else _merge_gaps)(gaps, new_gaps)
    return "".join(w + g for w, g in zip(new_words, [*new_gaps, ""], strict=True)), case


# --- the inputs ---
_SYLLABLES = "ka lo mi ren tu sha vel dor pri an sel mo gra fen zi tor bel qua nis ol".split()
_ACCENTED = "é ü ø ñ å ç".split()
_GREEK = "κα λο μι ρεν τυ".split()


def _word(rng: random.Random, syllables: list[str]) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))


def _phrase(rng: random.Random, syllables: list[str]) -> list[str]:
    words = [_word(rng, syllables) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.15:
        words.insert(1, rng.choice(["of", "and", "the"]))
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
    for cached in (old_render, _old_preferred_parts, rewrite.render_replacement, rewrite._render,
                   rewrite._preferred_parts):
        cached.cache_clear()


def per_call(inputs: list[tuple[str, str, str, bool]], rounds: int) -> tuple[float, float]:
    """Best microseconds per call of the old and the new rendering over ``rounds``, alternating,
    every call a miss of the outer cache."""
    best = {old_render: float("inf"), rewrite.render_replacement: float("inf")}
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
        old_text, old_case = old_render(matched, preferred, strict)
        new_text, new_case = rewrite.render_replacement(matched, preferred, strict)
        if (old_text, old_case.name) != (new_text, new_case.name):
            raise SystemExit(f"different: {matched!r} {preferred!r} {strict}: {old_text!r} vs {new_text!r}")
    probe = [casing.detect_case(old_split_words(m)[0]).name == old_detect_case(old_split_words(m)[0]).name
             for _, m, _, _ in inputs]
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
        for name, detect in (("old", old_detect_case), ("new", casing.detect_case)):
            t0 = time.perf_counter()
            for _ in range(100_000):
                detect(words)
            times[name] = (time.perf_counter() - t0) * 10
        print(f"detect_case {' '.join(words)!r:<32} old {times['old']:5.2f} us  new {times['new']:5.2f} us  "
              f"new/old {times['new'] / times['old']:.2f}x")

if __name__ == "__main__":
    main()
