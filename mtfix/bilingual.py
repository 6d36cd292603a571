"""Fixing and checking one segment of a bilingual file.

The segment's source decides which terms may apply (``mtfix.source.evidence``,
imported only for segments that have a source); inline tags (``protected``
positions) decide what may be rewritten: a variant split by a tag is reported
as ``split`` and left alone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from mtfix.engine import Matcher, apply_edits, find_variants
from mtfix.formats.base import Segment, place_findings
from mtfix.model import KIND_SPLIT, Edit, Finding

if TYPE_CHECKING:
    from mtfix.source.evidence import Evidence


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
    return [_label(segment, placed) for placed in place_findings(segment, found)]


def _label(segment: Segment, placed: Finding) -> Finding:
    if segment.source is None:
        return placed
    return replace(placed, segment=segment.ref, source=segment.source, target=segment.target)


def segment_findings(segment: Segment, matcher: Matcher,
                     evidence: Evidence | None = None) -> list[Finding]:
    """Every variant in the segment's target (split ones marked), placed in the file."""
    if evidence is None:
        evidence = evidence_for(segment, matcher)
    allowed = evidence.allowed if evidence is not None else None
    found = [_respect_tags(f, segment.protected) for f in find_variants(segment.target, matcher, allowed)]
    forms = _forms_by_id(matcher, evidence)
    return _labelled(segment, [replace(f, evidence=forms.get(f.term, "")) for f in found])


def _forms_by_id(matcher: Matcher, evidence: Evidence | None) -> dict[str, str]:
    if evidence is None:
        return {}
    return {matcher.terms[o.term].id: o.form for o in reversed(evidence.occurrences)}


def fix_segment(segment: Segment, matcher: Matcher) -> tuple[str, list[Finding]]:
    """The fixed target and the findings that fixed it (source evidence and tags respected)."""
    found = [f for f in segment_findings(segment, matcher) if f.fixable]
    if not found:
        return segment.target, []
    # Placing a finding changes its line and column only: edits are in segment offsets.
    return apply_edits(segment.target, [f.edit for f in found]), found


def check_segment(segment: Segment, matcher: Matcher) -> list[Finding]:
    """All findings of one segment: variants, split variants, and with a source the
    ``missing`` and ``count-mismatch`` term checks."""
    evidence = evidence_for(segment, matcher)
    found = segment_findings(segment, matcher, evidence)
    if evidence is None:
        return found
    from mtfix.source.checks import renderings_for, term_checks

    extra = term_checks(segment.target, evidence, renderings_for(matcher.terms))
    return sorted(found + _labelled(segment, extra), key=lambda f: (f.line, f.column))
