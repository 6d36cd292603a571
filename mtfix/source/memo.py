"""Per-glossary indexes built once per process."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from mtfix.model import Term

T = TypeVar("T")


def per_glossary(build: Callable[[Sequence[Term]], T]) -> Callable[[Sequence[Term]], T]:
    """``build(terms)`` memoised by the identity of ``terms``.

    Identity, not equality: hashing a 10,000-term tuple on every segment would
    cost more than the index saves. A few glossaries at most are kept.
    """
    cache: dict[int, tuple[object, T]] = {}

    def get(terms: Sequence[Term]) -> T:
        entry = cache.get(id(terms))
        if entry is None or entry[0] is not terms:
            if len(cache) > 8:
                cache.clear()
            entry = (terms, build(terms))
            cache[id(terms)] = entry
        return entry[1]

    return get
