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

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from mtfix.glossary.english import iter_tokens, phrase_key, singular
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

    @property
    def words(self) -> list[str]:
        return self.key.split()


class _Tokens:
    """The tokens of a text as columns: one ``Token`` object per word, and a list of
    spans per phrase occurrence, took most of the memory of mining a large corpus."""

    def __init__(self, text: str):
        self.text = text
        self.low: list[str] = []
        self.start, self.end = array("q"), array("q")
        self.joined, self.content = bytearray(), bytearray()
        words: dict[str, str] = {}  # one string per distinct word
        for token in iter_tokens(text):
            self.low.append(words.setdefault(token.low, token.low))
            self.start.append(token.start)
            self.end.append(token.end)
            self.joined.append(token.joined)
            self.content.append(token.is_content)

    def __len__(self) -> int:
        return len(self.low)


def _runs(tokens: _Tokens) -> Iterable[tuple[int, int]]:
    """Maximal runs of content words joined by spaces or hyphens."""
    start = None
    for i in range(len(tokens)):
        content = tokens.content[i]
        inside = content and (start is not None and tokens.joined[i])
        if not inside:
            if start is not None:
                yield start, i
            start = i if content else None
    if start is not None:
        yield start, len(tokens)


def _run_phrases(tokens: _Tokens, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(first token, end token, key) of every 2-4 word phrase of one run."""
    for n in range(2, MAX_WORDS + 1):
        for i in range(start, end - n + 1):
            yield i, i + n, phrase_key(tokens.low[i:i + n])


def _phrases(tokens: _Tokens) -> Iterator[tuple[int, int, str]]:
    for start, end in _runs(tokens):
        yield from _run_phrases(tokens, start, end)


def _collect(tokens: _Tokens, min_count: int) -> dict[str, _Phrase]:
    """The phrases seen at least ``min_count`` times, in order of first occurrence.

    Counting first and describing only the frequent ones afterwards keeps one
    integer per distinct phrase instead of a record of every occurrence.
    """
    counts: Counter[str] = Counter(key for _, _, key in _phrases(tokens))
    phrases = {key: _Phrase(key, count) for key, count in counts.items() if count >= min_count}
    del counts
    for i, j, key in _phrases(tokens):
        phrase = phrases.get(key)
        if phrase is not None:
            phrase.surfaces[tokens.text[tokens.start[i]:tokens.end[j - 1]]] += 1
            _neighbours(phrase, tokens, i, j)
    return phrases


def _neighbours(phrase: _Phrase, tokens: _Tokens, i: int, j: int) -> None:
    low, joined, content = tokens.low, tokens.joined, tokens.content
    if i > 0 and joined[i] and content[i - 1]:
        phrase.neighbours["<" + low[i - 1]] += 1
    if j < len(tokens) and joined[j] and content[j]:
        phrase.neighbours[">" + singular(low[j])] += 1
    elif j + 1 < len(tokens) and low[j] == "of" and content[j + 1]:
        phrase.neighbours[">of " + low[j + 1]] += 1


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


def _apart(tokens: _Tokens, keys: set[str]) -> set[frozenset[str]]:
    """Pairs of candidates that occur side by side, joined only by function words (distinct concepts).

    The phrase after one ends at most three function words later, at the start
    of the same or a later run: runs are read in order and an occurrence waits
    for the run holding that position, so no list of all occurrences is kept.
    """
    pairs: set[frozenset[str]] = set()
    waiting: dict[int, list[str]] = {}  # token position -> phrases that end just before it
    for start, end in _runs(tokens):
        found = [phrase for phrase in _run_phrases(tokens, start, end) if phrase[2] in keys]
        here: dict[int, list[str]] = defaultdict(list)
        for i, _, key in found:
            here[i].append(key)
        waiting = {k: keys_before for k, keys_before in waiting.items() if k >= start}
        for _, j, key in found:
            waiting.setdefault(_next_phrase_at(tokens, j), []).append(key)
        for k in [k for k in waiting if k < end]:
            pairs.update(frozenset((key, other)) for key in waiting.pop(k) for other in here.get(k, ())
                         if other != key)
    return pairs


def _next_phrase_at(tokens: _Tokens, j: int) -> int:
    """Where a phrase that ends before token ``j`` may be followed by another one."""
    k = j
    while k < len(tokens) and k - j < 3 and not tokens.content[k] and tokens.low[k].isalpha():
        k += 1
    return k


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
    tokens = _Tokens(text)
    phrases = _collect(tokens, min_count)
    kept = [p for p in phrases.values() if _standalone(p, min_count)]
    slots, totals = _word_slots(kept), Counter(singular(low) for low in tokens.low)
    totals.update(low for low in tokens.low if singular(low) != low)
    edges = sorted(((_edge(a, b, slots, totals), a.key, b.key) for i, a in enumerate(kept) for b in kept[i + 1:]),
                   reverse=True)
    groups = _Groups((p.key for p in kept), _apart(tokens, {p.key for p in kept}))
    for strength, a, b in edges:
        if strength > 0:
            groups.join(a, b)
    return [make_group(None, ((_display(phrases[k]), phrases[k].count) for k in sorted(g)))
            for g in groups.groups()]
