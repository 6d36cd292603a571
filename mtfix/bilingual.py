"""Fixing and checking one segment of a bilingual file.

The segment's source decides which terms may apply (``mtfix.source.evidence``,
imported only for segments that have a source) and may give one term's
preferred form to another (``mtfix.source.reassign``); inline tags (``protected``
positions) decide what may be rewritten: a variant split by a tag is reported
as ``split`` and left alone.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import replace
from typing import TYPE_CHECKING

from mtfix.engine import Matcher, apply_edits, find_variants
from mtfix.engine.canon import canonical_key
from mtfix.engine.positions import anchored_positions
from mtfix.engine.suggestions import fixes_and_suggestions
from mtfix.formats.base import Segment, place_findings
from mtfix.model import KIND_SPLIT, KIND_SUGGESTION, Edit, Finding

if TYPE_CHECKING:
    from mtfix.source.evidence import Evidence
    from mtfix.source.reassign import Move


def evidence_for(segment: Segment, matcher: Matcher) -> Evidence | None:
    """What the segment's source says about the glossary; None without a source."""
    if segment.source is None:
        return None
    from mtfix.source.evidence import index_for

    return index_for(matcher.terms).evidence(segment.source)


def _crosses(start: int, end: int, cuts: tuple[tuple[int, int], ...]) -> bool:
    return any(start < a < end or start < b < end for a, b in cuts)


def _respect_tags(finding: Finding, cuts: tuple[tuple[int, int], ...]) -> Finding:
    if not cuts:
        return finding
    if _crosses(finding.start, finding.end, cuts):
        return replace(finding, kind=KIND_SPLIT, edit=Edit(finding.start, finding.start, ""),
                       detail="split by an inline tag; not rewritten")
    # An article repair across a tag ("a <g>gathering area</g>") is kept: the new
    # text is laid back over the pieces word by word, so each word stays in its piece.
    return finding


def _labelled(segment: Segment, found: list[Finding]) -> list[Finding]:
    if segment.source is None:
        return place_findings(segment, found)
    # Placed and labelled in one copy per finding: a run makes as many copies as findings.
    places = anchored_positions(segment.target, segment.line, segment.column, segment.anchors,
                                (f.start for f in found))
    return [replace(f, line=line, column=column, segment=segment.ref, source=segment.source,
                    target=segment.target) for f, (line, column) in zip(found, places, strict=True)]


def segment_findings(segment: Segment, matcher: Matcher,
                     evidence: Evidence | None = None, fixing: bool = False) -> list[Finding]:
    """Every variant in the segment's target (split ones marked), placed in the file.

    ``fixing``: the variants of ``auto = false`` terms the source has no evidence
    for are suggestions (``mtfix.engine.suggestions``), unless the matcher includes them.
    """
    matcher = _protecting_for(segment, matcher)
    if evidence is None:
        evidence = evidence_for(segment, matcher)
    allowed = evidence.allowed if evidence is not None else None
    moves = _moves(segment, matcher, evidence)
    released = frozenset((m.pair.term, m.pair.owner) for m in moves)
    def find(target: str, terms: Container[int] | None) -> list[Finding]:
        return find_variants(target, matcher, terms, released)

    evidenced = evidence.counts if evidence is not None else ()
    variants = (fixes_and_suggestions(segment.target, find, matcher, allowed, evidenced) if fixing
                else find(segment.target, allowed))
    found = [_respect_tags(f, segment.protected) for f in variants]
    forms = _forms_by_id(matcher, evidence)
    if forms:  # a copy of every finding only where the source gives a form
        found = [replace(f, evidence=forms[f.term]) if f.term in forms else f for f in found]
    return _labelled(segment, _explained(found, matcher, moves) if moves else found)


def _protecting_for(segment: Segment, matcher: Matcher) -> Matcher:
    """The matcher with the placeholder families a PO entry's format flags choose."""
    if not segment.format_flags:
        return matcher
    from mtfix.engine.placeholders import families_for_flags

    families = families_for_flags(segment.format_flags, matcher.protect_families)
    return matcher if families == matcher.protect_families else matcher.replaced(protect_families=families)


def _moves(segment: Segment, matcher: Matcher, evidence: Evidence | None) -> list[Move]:
    """Which terms' preferred forms the source gives to another term here (none without a source)."""
    if evidence is None or not evidence.counts:
        return []
    from mtfix.source.reassign import reassigned

    return reassigned(evidence, segment.target, matcher.terms)


def _explained(found: list[Finding], matcher: Matcher, moves: list[Move]) -> list[Finding]:
    """Findings that fix another term's preferred form say why (``detail``)."""
    why = {(matcher.terms[m.pair.term].id, m.pair.key): m.detail for m in moves}
    return [replace(f, detail=why.get((f.term, canonical_key(f.variant)), f.detail)) for f in found]


def _forms_by_id(matcher: Matcher, evidence: Evidence | None) -> dict[str, str]:
    if evidence is None:
        return {}
    return {matcher.terms[o.term].id: o.form for o in reversed(evidence.occurrences)}


def fix_segment(segment: Segment, matcher: Matcher) -> tuple[str, list[Finding]]:
    """The fixed target and the findings that fixed it (source evidence and tags respected),
    with the suggestions left alone (kind ``suggestion``)."""
    found = [f for f in segment_findings(segment, matcher, fixing=True) if f.fixable or f.kind == KIND_SUGGESTION]
    if not found:
        return segment.target, []
    # Placing a finding changes its line and column only: edits are in segment offsets.
    return apply_edits(segment.target, [f.edit for f in found if f.fixable]), found


def check_segment(segment: Segment, matcher: Matcher) -> list[Finding]:
    """All findings of one segment: variants, split variants, and with a source the
    ``missing`` and ``count-mismatch`` term checks."""
    evidence = evidence_for(segment, matcher)
    found = segment_findings(segment, matcher, evidence)
    if evidence is None:
        return found
    from mtfix.source.checks import renderings_for, term_checks

    extra = _with_auto(term_checks(segment.target, evidence, renderings_for(matcher.terms)), matcher)
    return sorted(found + _labelled(segment, extra), key=lambda f: (f.line, f.column))


def _with_auto(found: list[Finding], matcher: Matcher) -> list[Finding]:
    """Term checks carry their term's ``auto`` too (JSON ``"auto"``)."""
    if not matcher.manual or not found:
        return found
    manual = {matcher.terms[i].id for i in matcher.manual}
    return [replace(f, auto=False) if f.term in manual else f for f in found]
