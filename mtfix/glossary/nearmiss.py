"""Near misses: phrases close to a glossary phrase that no glossary lists.

A misspelling ("agglomeraton zones") is close in characters, scored with
rapidfuzz; a recombination ("Gathering Zone", from "gathering area" and
"agglomeration zone") uses only the words of one term's phrases in a new
order. Anything the engine already matches or protects (every form of a
preferred, accepted or variant phrase, including plurals and hyphenated
spellings) is left out: ``mtfix check`` reports those. Near misses are
suggestions for the glossary, never fixed automatically.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mtfix.engine.canon import canonical_key
from mtfix.engine.positions import LineCursor
from mtfix.glossary.english import STOPWORDS, Token, tokenize
from mtfix.model import Glossary, Term

DEFAULT_THRESHOLD = 85.0


@dataclass(frozen=True)
class NearMiss:
    line: int
    column: int
    text: str
    near: str  # the glossary phrase it resembles
    term: str  # that phrase's term id
    score: float
    offset: int = 0  # of ``text`` in the text searched

    def record(self, path: str) -> dict[str, object]:
        return {"path": path, "line": self.line, "column": self.column, "text": self.text,
                "near": self.near, "term": self.term, "score": self.score}


@dataclass(frozen=True)
class _Phrase:
    key: str
    text: str
    term: Term


def _phrases(glossary: Glossary) -> tuple[list[_Phrase], set[str]]:
    """Glossary phrases to compare with, and every canonical form the engine already knows."""
    from mtfix.engine.forms import plural_of

    phrases: list[_Phrase] = []
    known: set[str] = set()
    for term in glossary.terms:
        for text in (term.preferred, *term.variants, *term.accepted):
            phrases.append(_Phrase(canonical_key(text), text, term))
            known.update(canonical_key(f) for f in (text, plural_of(text)) if f)
    return phrases, known


def _windows(tokens: Sequence[Token], lengths: set[int]) -> Iterable[tuple[int, int]]:
    for start in range(len(tokens)):
        for n in sorted(lengths):
            end = start + n
            if end > len(tokens) or not all(t.joined for t in tokens[start + 1:end]):
                break
            if tokens[start].low not in STOPWORDS and tokens[end - 1].low not in STOPWORDS:
                yield start, end


def _vocabulary(term: Term) -> set[str]:
    return {w for text in (term.preferred, *term.variants) for w in canonical_key(text).split()}


def _recombined(key: str, phrase: _Phrase) -> bool:
    words = key.split()
    near = phrase.key.split()
    return (len(words) == len(near) and len(words) > 1 and set(words) <= _vocabulary(phrase.term)
            and bool(set(words) & set(near)))


def _best(key: str, phrases: Sequence[_Phrase], threshold: float) -> tuple[_Phrase, float] | None:
    from rapidfuzz import fuzz, process

    choices = [p.key for p in phrases]
    found = process.extractOne(key, choices, scorer=fuzz.ratio)
    if found is None:
        return None
    _, score, index = found
    if score >= threshold:
        return phrases[index], round(score, 1)
    phrase = phrases[index]
    return (phrase, round(score, 1)) if _recombined(key, phrase) else None


def find_near_misses(text: str, glossary: Glossary, threshold: float = DEFAULT_THRESHOLD) -> list[NearMiss]:
    """Near misses in ``text``, best first where they overlap, in text order."""
    phrases, known = _phrases(glossary)
    if not phrases:
        return []
    by_length: dict[int, list[_Phrase]] = {}
    for phrase in phrases:
        by_length.setdefault(len(phrase.key.split()), []).append(phrase)
    tokens = tokenize(text)
    windows = [(s, e, canonical_key(text[tokens[s].start:tokens[e - 1].end]))
               for s, e in _windows(tokens, set(by_length))]
    covered = {i for s, e, key in windows if key in known for i in range(s, e)}
    found: list[tuple[float, int, int, _Phrase]] = []
    for start, end, key in windows:
        if covered.intersection(range(start, end)):
            continue  # the engine already matches or protects these words
        best = _best(key, by_length[end - start], threshold)
        if best is not None:
            found.append((best[1], tokens[start].start, tokens[end - 1].end, best[0]))
    return _report(text, _non_overlapping(found))


def _non_overlapping(found: list[tuple[float, int, int, _Phrase]]) -> list[tuple[float, int, int, _Phrase]]:
    # Kept spans never overlap, so they stay sorted by start and by end alike: an
    # item overlaps a kept span only if it overlaps one of its two neighbours there
    # (comparing it with every kept span was quadratic on long texts).
    kept: list[tuple[float, int, int, _Phrase]] = []
    starts: list[int] = []
    for item in sorted(found, key=lambda f: (-f[0], f[1])):
        at = bisect.bisect_right(starts, item[1])
        if (at and kept[at - 1][2] > item[1]) or (at < len(kept) and kept[at][1] < item[2]):
            continue
        kept.insert(at, item)
        starts.insert(at, item[1])
    return kept


def _report(text: str, found: Iterable[tuple[float, int, int, _Phrase]]) -> list[NearMiss]:
    misses, cursor = [], LineCursor(text)  # found is in text order: positions carried forward
    for score, start, end, phrase in found:
        line, column = cursor.at(start)
        misses.append(NearMiss(line, column, text[start:end], phrase.text, phrase.term.id, score, start))
    return misses


def format_near_miss(path: str, miss: NearMiss) -> str:
    return (f"{path}:{miss.line}:{miss.column}: '{miss.text}' resembles '{miss.near}' [{miss.term}] "
            f"(score {miss.score:g}); not in any glossary: add it as a variant if it is wrong")
