"""Source evidence that gives one term's preferred form to another term.

Two terms can share words: 链主 is the *chain leader* (term B, preferred
"chain leader"), and MT also writes "chain leader" for 链长, the *chain chief*
(term A, which lists "chain leader" as a variant). In plain text B's preferred
form is protected, as always. In a segment whose source has A's form and none
of B's, the words render A and are fixed to A's preferred form.

Where the source has both, counting decides: the shared phrase renders A only
when B's other renderings in the target ("chain owner") already account for
every B in the source and A still lacks at least as many renderings as the
shared phrase occurs. 链长 and 链主 once each with "the chain leader and the
chain owner" gives "the chain chief and the chain leader"; with "the chain
leader and the chain leader" nothing tells which is which, and both stay.
Both terms need ``source`` forms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from mtfix.engine.canon import canonical_key
from mtfix.model import Term
from mtfix.source.checks import RenderingIndex, rendering_keys, renderings_for
from mtfix.source.evidence import Evidence
from mtfix.source.memo import per_glossary


@dataclass(frozen=True)
class Pair:
    """Term ``term`` lists the preferred form of term ``owner`` (canonical ``key``) as a variant."""

    term: int  # indexes into the glossary's terms
    owner: int
    key: str


@dataclass(frozen=True)
class Move:
    """A pair that the segment's source decides for ``pair.term``, and why."""

    pair: Pair
    detail: str


def shared_preferred(terms: Sequence[Term]) -> tuple[Pair, ...]:
    """Every variant of a term with source forms that is the preferred form of another such term."""
    owners: dict[str, list[int]] = {}
    for index, term in enumerate(terms):
        if term.source:
            owners.setdefault(canonical_key(term.preferred), []).append(index)
    return tuple(Pair(index, owner, key) for index, term in enumerate(terms) if term.source
                 for key in dict.fromkeys(canonical_key(v) for v in term.variants)
                 for owner in owners.get(key, ()) if owner != index)


# One list per glossary (by identity) and process.
pairs_for = per_glossary(shared_preferred)


def _otherwise(keys: Counter[str], term: Term, pair: Pair) -> int:
    """How often the target renders ``term`` other than by the shared phrase."""
    return sum(keys[k] for k in rendering_keys(term) if k != pair.key)


def _counted(pair: Pair, evidence: Evidence, keys: Counter[str], terms: Sequence[Term]) -> bool:
    shared = keys[pair.key]
    owner_needs = evidence.counts[pair.owner] - _otherwise(keys, terms[pair.owner], pair)
    term_needs = evidence.counts[pair.term] - _otherwise(keys, terms[pair.term], pair)
    return shared > 0 and owner_needs <= 0 and term_needs >= shared


def _detail(pair: Pair, evidence: Evidence, terms: Sequence[Term], both: bool) -> str:
    form, owner = evidence.form_of(pair.term), terms[pair.owner]
    said = f"'{owner.preferred}' renders {form} here, not {owner.source[0]} (term \"{owner.id}\")"
    if not both:
        return f"source has {form} and not {owner.source[0]}: {said}"
    other = evidence.form_of(pair.owner)
    return f"source has {form} and {other}, and the target renders every {other} otherwise: {said}"


def reassigned(evidence: Evidence, target: str, terms: Sequence[Term],
               renderings: RenderingIndex | None = None) -> list[Move]:
    """The pairs whose shared phrase renders ``pair.term`` in this segment."""
    held = [p for p in pairs_for(terms) if evidence.counts[p.term]]
    keys: Counter[str] | None = None
    moves = []
    for pair in held:
        if not evidence.counts[pair.owner]:
            moves.append(Move(pair, _detail(pair, evidence, terms, both=False)))
            continue
        if keys is None:
            keys = (renderings or renderings_for(terms)).count_keys(target)
        if _counted(pair, evidence, keys, terms):
            moves.append(Move(pair, _detail(pair, evidence, terms, both=True)))
    return moves
