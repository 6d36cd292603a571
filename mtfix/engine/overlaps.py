"""Which keys can ever meet, decided once when a glossary is compiled.

Two phrases found on word boundaries can overlap in a text only where one
holds the other, or where a piece of one that ends at a word boundary is a
piece of the other that starts at one. So:

- a variant whose matches can overlap no protected phrase never needs the
  protected-text search around it (``guarded_variants``);
- a finding needs another scan of the fixed text (``settling``) only when its
  replacement can overlap a variant (it may complete one with its context, or
  hold one; see ``unsettled_variants``), or its variant can overlap a
  protected phrase while some candidate was refused for protected text (the
  edit may unprotect it). ``matching`` decides the rest as it scans.

Cuts are word boundaries inside a key. A key or replacement whose first or
last character is not a letter or digit (``C++``) moves the boundaries of its
neighbours when replaced, so it always counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from mtfix.engine.canon import canonical_key, word_boundary


@lru_cache(maxsize=1 << 16)  # each analysis cuts the same keys again
def _cuts(key: str) -> tuple[int, ...]:
    if key.isascii():  # no marks, no CJK: a boundary is anywhere but between two letters or digits
        alnum = [c.isalnum() for c in key]
        return (0, *(i for i in range(1, len(key)) if not (alnum[i - 1] and alnum[i])), len(key))
    return (0, *(i for i in range(1, len(key)) if word_boundary(key, i)), len(key))


class _Pieces:
    """The word-aligned pieces of a set of keys: whole keys, proper heads and tails, all pieces."""

    def __init__(self, keys: Iterable[str]):
        self.whole: set[str] = set()
        self.heads: set[str] = set()
        self.tails: set[str] = set()
        self.inner: set[str] = set()
        for key in keys:
            cuts = _cuts(key)
            self.whole.add(key)
            self.heads.update(key[:c] for c in cuts[1:-1])
            self.tails.update(key[c:] for c in cuts[1:-1])
            self.inner.update(key[a:b] for i, a in enumerate(cuts) for b in cuts[i + 1:])

    def holds(self, key: str) -> bool:
        """Whether one of the keys is a word-aligned piece of ``key`` (or ``key`` itself)."""
        cuts = _cuts(key)
        return any(key[a:b] in self.whole for i, a in enumerate(cuts) for b in cuts[i + 1:])

    def meets(self, key: str, holds: bool) -> bool:
        """Whether ``key`` can overlap one of the keys (``holds``: counting keys strictly inside it)."""
        cuts = _cuts(key)
        return (key in self.inner
                or any(key[c:] in self.heads or key[:c] in self.tails for c in cuts[1:-1])
                or holds and any(key[a:b] in self.whole for i, a in enumerate(cuts) for b in cuts[i + 1:]))


def _edged(key: str) -> bool:
    return bool(key) and key[0].isalnum() and key[-1].isalnum()


def guarded_variants(variants: Sequence[str], protected: Iterable[str]) -> frozenset[int]:
    """Indexes of the variant keys whose matches may overlap protected text (a shorter
    protected phrase strictly inside a variant never protects it: see ``matching``)."""
    pieces = _Pieces(protected)
    return frozenset(i for i, key in enumerate(variants) if pieces.meets(key, holds=False))


def unsettled_variants(variants: Sequence[str], replacements: Sequence[Iterable[str]]) -> frozenset[int]:
    """Indexes of the variant keys whose replacement may overlap a variant: may complete one with
    its context or hold one (``matching`` then looks at the context of each such finding).
    ``replacements[i]`` are the replacements of variant key ``i``."""
    pieces = _Pieces(variants)
    return frozenset(index for index, key in enumerate(variants)
                     if any(not (_edged(key) and _edged(rkey := canonical_key(replacement)))
                            or pieces.meets(rkey, holds=True) for replacement in replacements[index]))


# How much context beside a match ``Edges`` keeps: a key's neighbours are told apart by
# their last (first) few characters, so a lookup costs the same for any glossary.
EDGE = 3


class Edges(NamedTuple):
    """Where some other key may overlap a match of a key, by the text beside the match.

    For key ``i`` matched at ``[start, stop)``, another key can overlap the match (as
    ``_Pieces.meets`` counts it) only when ``i`` is in ``left[context]`` for the text
    before ``start`` ending with ``context``, or in ``right[context]`` for the text after
    ``stop`` starting with it (the last, or first, ``EDGE`` characters of what the other
    key has beside the match), or ``i`` is in ``always`` (the other key is the match
    itself, or lies inside it, or the match's edges are not letters or digits).
    ``short``: the keys with a context shorter than ``EDGE`` (looked up at each length).
    """

    always: frozenset[int]
    left: dict[str, frozenset[int]]
    right: dict[str, frozenset[int]]
    short: frozenset[int]

    def may_meet(self, text: str, index: int, start: int, stop: int) -> bool:
        """Whether another key may overlap the match of key ``index`` at ``text[start:stop]``."""
        if index in self.always or index in self.left.get(text[max(0, start - EDGE):start], ()) \
                or index in self.right.get(text[stop:stop + EDGE], ()):
            return True
        if index in self.short:
            left, right = self.left, self.right
            for n in range(1, EDGE):
                if (n <= start and index in left.get(text[start - n:start], ())
                        or stop + n <= len(text) and index in right.get(text[stop:stop + n], ())):
                    return True
        return False

    def may_meet_beside(self, index: int, before: str, after: str) -> bool:
        """``may_meet`` for a match with ``before`` just before it and ``after`` just after it
        (at least ``EDGE`` characters each, unless the text ends there)."""
        if index in self.always or index in self.left.get(before[-EDGE:], ()) \
                or index in self.right.get(after[:EDGE], ()):
            return True
        return index in self.short and any(index in self.left.get(before[-n:], ()) and n <= len(before)
                                           or index in self.right.get(after[:n], ()) and n <= len(after)
                                           for n in range(1, EDGE))


class _Index:
    """The word-aligned pieces of some keys, each with the keys it is a head, tail or whole of."""

    def __init__(self, keys: Sequence[str]):
        self.whole: dict[str, list[int]] = {}
        self.heads: dict[str, list[int]] = {}  # key[:c] for cuts 0 < c <= len: the whole key too
        self.tails: dict[str, list[int]] = {}  # key[c:] for cuts 0 <= c < len: the whole key too
        for index, key in enumerate(keys):
            cuts = _cuts(key)
            self.whole.setdefault(key, []).append(index)
            for c in cuts[1:]:
                self.heads.setdefault(key[:c], []).append(index)
            for c in cuts[:-1]:
                self.tails.setdefault(key[c:], []).append(index)


def _edges(keys: Sequence[str], others: Iterable[str], owners: Sequence[Iterable[int]] | None = None) -> Edges:
    """``Edges`` of ``keys`` against ``others``; ``owners[k]``: the indexes that key ``k``
    stands for (itself by default)."""
    index = _Index(keys)
    always: set[int] = set()
    contexts: dict[str, dict[str, set[int]]] = {"<": {}, ">": {}}
    short: set[int] = set()

    def owned(found: Iterable[int]) -> Iterable[int]:
        return found if owners is None else (i for k in found for i in owners[k])

    def note(found: Iterable[int], side: str, context: str) -> None:
        context = context[-EDGE:] if side == "<" else context[:EDGE]
        for i in owned(found):
            contexts[side].setdefault(context, set()).add(i)
            if len(context) < EDGE:
                short.add(i)

    for other in others:
        cuts = _cuts(other)
        always.update(owned(index.whole.get(other, ())))  # the other key is the match itself
        for j in cuts[1:-1]:
            note(index.heads.get(other[j:], ()), "<", other[:j])  # other = X + a head of the key
            note(index.tails.get(other[:j], ()), ">", other[j:])  # other = a tail of the key + Y
        for n, a in enumerate(cuts[1:-1], 1):  # other = X + the key + Y
            for b in cuts[n + 1:-1]:
                found = index.whole.get(other[a:b], ())
                note(found, "<", other[:a])
                note(found, ">", other[b:])
    left, right = ({context: frozenset(found) for context, found in contexts[side].items()} for side in "<>")
    return Edges(frozenset(always), left, right, frozenset(short - always))


def protected_edges(variants: Sequence[str], protected: Iterable[str]) -> Edges:
    """``Edges`` of the variant keys against the protected phrases (as ``guarded_variants``:
    a protected phrase strictly inside a variant never protects it)."""
    return _edges(variants, protected)


def settling_edges(variants: Sequence[str], replacements: Sequence[Iterable[str]]) -> Edges:
    """``Edges`` of the variant keys against the variants, by the text beside a replacement:
    whether it may make a variant with its context (``replacements[i]``: key ``i``'s).
    A replacement that holds a variant, whose edges (or its variant's) are not letters or
    digits, or whose case changes it (``_recased_alike``) always may."""
    owners: dict[str, list[int]] = {}
    always: set[int] = set()
    variant_pieces = _Pieces(variants)
    for index, found in enumerate(replacements):
        for replacement in found:
            key = canonical_key(replacement)
            owners.setdefault(key, []).append(index)
            if not (_edged(variants[index]) and _edged(key) and _recased_alike(replacement)) \
                    or variant_pieces.holds(key):
                always.add(index)
    edges = _edges(list(owners), variants, list(owners.values()))
    always |= edges.always
    return Edges(frozenset(always), edges.left, edges.right, edges.short - always)


def _recased_alike(phrase: str) -> bool:
    """Whether ``phrase`` upper-cased (or title-cased: a subset) has the same key ("ß" -> "SS" has not)."""
    return canonical_key(phrase.upper()) == canonical_key(phrase)
