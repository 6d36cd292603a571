"""Monolingual mining: recurring English phrases that are variants of one concept.

MT renders one source term several ways, and the variants share a word in
the same slot: "gathering area" / "cluster area" (the head), "agglomeration
area" / "agglomeration zone" (the modifier). Candidates are recurring 2-4
word phrases without function words. A candidate is set aside when it is
only part of a longer name ("Bay Area" of "Greater Bay Area"): when most of
its occurrences sit inside one longer candidate or next to one same word.
Two candidates are linked when they differ in one end word and the words
that differ (or the shared modifier) occur almost only in such phrases, so
generic words ("industrial park" / "industrial project") do not chain
concepts together; rapidfuzz similarity makes a link stronger. Phrases
that stand side by side ("the starting area of the cluster area") name two
different things and are never put in one group.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mtfix.glossary.english import Token, phrase_key, singular, tokenize
from mtfix.glossary.mine import Group, make_group

MAX_WORDS = 4
BOUND = 0.8  # share of a word's occurrences inside candidate phrases of one slot
DEPENDENT = 0.5  # share of occurrences next to one same word that makes a phrase part of a name


@dataclass
class _Phrase:
    key: str
    count: int = 0
    surfaces: Counter[str] = field(default_factory=Counter)
    neighbours: Counter[str] = field(default_factory=Counter)
    spans: list[tuple[int, int]] = field(default_factory=list)  # token index ranges

    @property
    def words(self) -> list[str]:
        return self.key.split()


def _runs(tokens: Sequence[Token]) -> Iterable[tuple[int, int]]:
    """Maximal runs of content words joined by spaces or hyphens."""
    start = None
    for i, token in enumerate(tokens):
        inside = token.is_content and (start is not None and token.joined)
        if not inside:
            if start is not None:
                yield start, i
            start = i if token.is_content else None
    if start is not None:
        yield start, len(tokens)


def _collect(tokens: Sequence[Token], text: str) -> dict[str, _Phrase]:
    phrases: dict[str, _Phrase] = {}
    for start, end in _runs(tokens):
        for n in range(2, MAX_WORDS + 1):
            for i in range(start, end - n + 1):
                key = phrase_key([t.low for t in tokens[i:i + n]])
                phrase = phrases.setdefault(key, _Phrase(key))
                phrase.count += 1
                phrase.surfaces[text[tokens[i].start:tokens[i + n - 1].end]] += 1
                phrase.spans.append((i, i + n))
    return phrases


def _neighbours(phrase: _Phrase, tokens: Sequence[Token]) -> None:
    for i, j in phrase.spans:
        if i > 0 and tokens[i].joined and tokens[i - 1].is_content:
            phrase.neighbours["<" + tokens[i - 1].low] += 1
        if j < len(tokens) and tokens[j].joined and tokens[j].is_content:
            phrase.neighbours[">" + singular(tokens[j].low)] += 1
        elif j + 1 < len(tokens) and tokens[j].low == "of" and tokens[j + 1].is_content:
            phrase.neighbours[">of " + tokens[j + 1].low] += 1


def _standalone(phrase: _Phrase, min_count: int) -> bool:
    top = phrase.neighbours.most_common(1)
    return phrase.count >= min_count and not (top and top[0][1] > DEPENDENT * phrase.count)


def _word_slots(candidates: Iterable[_Phrase]) -> Counter[tuple[str, int, int]]:
    """(word, length, first=0/last=1) -> occurrences in that slot of a candidate."""
    slots: Counter[tuple[str, int, int]] = Counter()
    for phrase in candidates:
        words = phrase.words
        slots[(words[0], len(words), 0)] += phrase.count
        slots[(words[-1], len(words), 1)] += phrase.count
    return slots


def _edge(a: _Phrase, b: _Phrase, slots: Counter, totals: Counter[str]) -> float:
    """Link strength of two candidates (0: none)."""
    wa, wb = a.words, b.words
    if len(wa) != len(wb):
        return 0.0
    n = len(wa)
    if wa[1:] == wb[1:] and wa[0] != wb[0]:  # shared head, different modifiers
        bound = all(slots[(w, n, 0)] >= BOUND * totals[w] for w in (wa[0], wb[0]))
    elif wa[:-1] == wb[:-1] and wa[-1] != wb[-1]:  # shared modifier, different heads
        bound = a.count + b.count >= BOUND * totals[wa[0]]
    else:
        return 0.0
    if not bound:
        return 0.0
    from rapidfuzz import fuzz

    return (a.count * b.count) ** 0.5 + fuzz.token_sort_ratio(a.key, b.key) / 100


def _apart(tokens: Sequence[Token], phrases: dict[str, _Phrase], keys: set[str]) -> set[frozenset[str]]:
    """Pairs of candidates that occur side by side, joined only by function words (distinct concepts)."""
    starts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for key in keys:
        for i, j in phrases[key].spans:
            starts[i].append((j, key))
    pairs: set[frozenset[str]] = set()
    for items in starts.values():
        for j, key in items:
            k = j
            while k < len(tokens) and k - j < 3 and not tokens[k].is_content and tokens[k].low.isalpha():
                k += 1
            pairs.update(frozenset((key, other)) for _, other in starts.get(k, ()) if other != key)
    return pairs


class _Groups:
    """Union-find that refuses to join two sets holding a pair that must stay apart."""

    def __init__(self, keys: Iterable[str], apart: set[frozenset[str]]):
        self.members = {key: {key} for key in keys}
        self.apart = apart

    def join(self, a: str, b: str) -> None:
        ga, gb = self.members[a], self.members[b]
        if ga is gb or any(frozenset((x, y)) in self.apart for x in ga for y in gb):
            return
        ga |= gb
        for key in gb:
            self.members[key] = ga

    def groups(self) -> list[set[str]]:
        unique = {id(g): g for g in self.members.values()}
        return [g for g in unique.values() if len(g) > 1]


def _display(phrase: _Phrase) -> str:
    """The commonest spelling; lower case unless the phrase is always capitalised (a name)."""
    singular_forms = [s for s in phrase.surfaces if phrase_key(s.lower().replace("-", " ").split()) == s.lower()
                      .replace("-", " ")] or list(phrase.surfaces)
    best = max(singular_forms, key=lambda s: (phrase.surfaces[s], s.islower()))
    capitalised = all(s[:1].isupper() for s in phrase.surfaces)
    return best if capitalised else " ".join(best.lower().split())


def mine_text(text: str, min_count: int = 2) -> list[Group]:
    """Groups of variant phrases in English ``text`` (several files: join them with blank lines)."""
    tokens = tokenize(text)
    phrases = _collect(tokens, text)
    candidates = [p for p in phrases.values() if p.count >= min_count]
    for phrase in candidates:
        _neighbours(phrase, tokens)
    kept = [p for p in candidates if _standalone(p, min_count)]
    slots, totals = _word_slots(kept), Counter(singular(t.low) for t in tokens)
    totals.update(t.low for t in tokens if singular(t.low) != t.low)
    edges = sorted(((_edge(a, b, slots, totals), a.key, b.key) for i, a in enumerate(kept) for b in kept[i + 1:]),
                   reverse=True)
    groups = _Groups((p.key for p in kept), _apart(tokens, phrases, {p.key for p in kept}))
    for strength, a, b in edges:
        if strength > 0:
            groups.join(a, b)
    return [make_group(None, ((_display(phrases[k]), phrases[k].count) for k in sorted(g)))
            for g in groups.groups()]
