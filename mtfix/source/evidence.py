"""Source evidence: which glossary terms a segment's Chinese source contains.

A term with ``source`` forms applies to a segment only when the source holds
one of them as whole jieba words (after OpenCC ``t2s``), so 链主 in 该企业是链主企业
counts and the 链主 straddling 产业链/主导 does not. Where forms overlap, the
longer wins: 起步区 inside 市管起步区 is evidence for the longer term only.
Terms without ``source`` forms apply everywhere, as in plain text.

jieba is loaded only when a source contains a candidate form at all, so a
source with none of the glossary's forms costs one automaton scan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mtfix.model import Term
from mtfix.source.chinese import segmenter_for, to_simplified
from mtfix.source.memo import per_glossary


@dataclass(frozen=True)
class Occurrence:
    term: int  # index into the glossary's terms
    form: str  # the source form as written in the glossary (Simplified)
    start: int  # offsets in the source text
    end: int


@dataclass(frozen=True)
class Evidence:
    """What one source segment says about the glossary's terms."""

    allowed: frozenset[int]  # term indexes that may match the target
    occurrences: tuple[Occurrence, ...] = ()
    counts: Counter[int] = field(default_factory=Counter)

    def form_of(self, term: int) -> str:
        return next((o.form for o in self.occurrences if o.term == term), "")


def _automaton(forms: dict[str, list[int]]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for form, terms in forms.items():
        automaton.add_word(form, (form, tuple(terms)))
    if forms:
        automaton.make_automaton()
    return automaton


def _source_forms(terms: Sequence[Term]) -> dict[str, list[int]]:
    forms: dict[str, list[int]] = {}
    for index, term in enumerate(terms):
        for form in dict.fromkeys(to_simplified(f.strip()) for f in term.source):
            if form:
                forms.setdefault(form, []).append(index)
    return forms


def _longest_first(hits: list[Occurrence]) -> list[Occurrence]:
    """Non-overlapping occurrences, longer forms winning, in source order."""
    kept: list[Occurrence] = []
    for hit in sorted(hits, key=lambda o: (o.start - o.end, o.start)):
        if all(hit.end <= k.start or hit.start >= k.end or (hit.start, hit.end) == (k.start, k.end)
               for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda o: (o.start, o.term))


class SourceIndex:
    """The glossary's source forms, ready to find in segments."""

    def __init__(self, terms: Sequence[Term]):
        self.unconditional = frozenset(i for i, t in enumerate(terms) if not t.source)
        self.forms = _source_forms(terms)
        self.words = tuple(sorted(self.forms))
        self._automaton = _automaton(self.forms)

    def _candidates(self, simplified: str) -> list[tuple[int, int, str, tuple[int, ...]]]:
        if not self.forms:
            return []
        return [(end + 1 - len(form), end + 1, form, terms)
                for end, (form, terms) in self._automaton.iter(simplified)]

    def occurrences(self, source: str) -> list[Occurrence]:
        """Every glossary source form in ``source`` standing on jieba word boundaries."""
        simplified = to_simplified(source)
        candidates = self._candidates(simplified)
        if not candidates:
            return []
        tokens = segmenter_for(self.words).tokenize(source)
        bounds = {s for _, s, _ in tokens} | {e for _, _, e in tokens}
        hits = [Occurrence(term, form, start, end) for start, end, form, terms in candidates
                if start in bounds and end in bounds for term in terms]
        return _longest_first(hits)

    def evidence(self, source: str) -> Evidence:
        found = self.occurrences(source)
        counts = Counter(o.term for o in found)
        return Evidence(self.unconditional | frozenset(counts), tuple(found), counts)


# One index per glossary (by identity) and process.
index_for = per_glossary(SourceIndex)
