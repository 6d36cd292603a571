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

from mtfix.engine.canon import canonical_key, word_boundary


def _cuts(key: str) -> list[int]:
    return [0, *(i for i in range(1, len(key)) if word_boundary(key, i)), len(key)]


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
