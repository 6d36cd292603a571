"""Terms with ``auto = false``: reported everywhere, fixed only with evidence.

Their variants are ordinary English elsewhere ("inspection" for 考察 when it
means a visit), so ``fix`` rewrites them only where the segment's source has
the term, or when the matcher includes suggestions (``--include-suggestions``,
and ``check``, which reports what that would fix). Elsewhere each comes back
as a suggestion: a finding of kind ``suggestion`` with an empty edit, to be
counted and never applied.

The fixes are the findings of a scan that leaves the withheld terms out, so
they settle like any other scan (fixing twice changes nothing). A scan of all
terms that finds no withheld variant is that scan already, so a text without
them (nearly every one) is scanned once; otherwise only the pieces of text
that hold one are scanned again, cut where ``chunking`` may cut a text (a
blank line, a line break after a sentence end) because no match reaches
across such a cut.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Sequence
from dataclasses import replace

from mtfix.engine.compiler import Matcher
from mtfix.model import KIND_SUGGESTION, Edit, Finding

# ``find(text, allowed)``: the findings of ``text`` when only ``allowed`` terms may match (None: all).
Find = Callable[[str, Container[int] | None], list[Finding]]

SUGGESTION_DETAIL = "auto = false: fixed only where the source has the term, or with --include-suggestions"
# The cuts of ``chunking.safe_split``: after a blank line, or a line break after a sentence end.
_CUT = re.compile("\n\r?\n|[.!?:;\u3002\uff01\uff1f\u2026\"\u201d]\r?\n")

Span = tuple[int, int]


class _Without:
    """The terms of ``allowed`` (None: every term) less ``withheld``."""

    __slots__ = ("allowed", "withheld")

    def __init__(self, allowed: Container[int] | None, withheld: frozenset[int]):
        self.allowed, self.withheld = allowed, withheld

    def __contains__(self, term: object) -> bool:
        return term not in self.withheld and (self.allowed is None or term in self.allowed)


def withheld_terms(matcher: Matcher, evidenced: Container[int] = ()) -> frozenset[int]:
    """The ``auto = false`` terms that ``fix`` leaves alone: those not in ``evidenced``
    (the terms the segment's source has); none when the matcher includes suggestions."""
    if matcher.include_suggestions or not matcher.manual:
        return frozenset()
    return frozenset(term for term in matcher.manual if term not in evidenced)


def as_suggestion(finding: Finding) -> Finding:
    return replace(finding, kind=KIND_SUGGESTION, edit=Edit(finding.start, finding.start, ""),
                   detail=SUGGESTION_DETAIL)


def _outside(found: Sequence[Finding], fixes: Sequence[Finding]) -> list[Finding]:
    """The findings of ``found`` that no fix's edit touches (both lists in text order)."""
    kept, k = [], 0
    for finding in found:
        while k < len(fixes) and fixes[k].edit.end <= finding.start:
            k += 1
        if k == len(fixes) or fixes[k].edit.start >= finding.end:
            kept.append(finding)
    return kept


def _pieces(text: str, held: Sequence[Finding]) -> list[Span]:
    """The pieces of ``text`` between cuts that hold the ``held`` findings, merged."""
    cuts = [0] + [m.end() for m in _CUT.finditer(text)] + [len(text)]
    pieces: list[Span] = []
    for finding in held:
        lo = cuts[bisect_right(cuts, finding.start) - 1]
        hi = cuts[bisect_left(cuts, finding.end)]
        if pieces and lo <= pieces[-1][1]:
            pieces[-1] = (pieces[-1][0], max(hi, pieces[-1][1]))
        else:
            pieces.append((lo, hi))
    return pieces


def _rescanned(text: str, find: Find, terms: Container[int], found: list[Finding],
               pieces: Sequence[Span]) -> list[Finding]:
    """``found``, with the findings in ``pieces`` replaced by those of ``terms`` there."""
    out, k, lines, line_pos = [], 0, 0, 0
    for lo, hi in pieces:
        while k < len(found) and found[k].start < lo:
            out.append(found[k])
            k += 1
        while k < len(found) and found[k].start < hi:
            k += 1
        lines += text.count("\n", line_pos, lo)
        line_pos = lo
        out += [f.shifted(lo, lines) for f in find(text[lo:hi], terms)]
    return out + found[k:]


def fixes_and_suggestions(text: str, find: Find, matcher: Matcher, allowed: Container[int] | None = None,
                          evidenced: Container[int] = ()) -> list[Finding]:
    """The findings ``fix`` applies to ``text``, and the withheld terms' variants as
    suggestions (those no fix rewrites), in text order."""
    found = find(text, allowed)
    if all(f.auto for f in found):
        return found
    withheld = withheld_terms(matcher, evidenced)
    ids = {matcher.terms[term].id for term in withheld}
    held = [f for f in found if not f.auto and f.term in ids]
    if not held:
        return found
    fixes = _rescanned(text, find, _Without(allowed, withheld), found, _pieces(text, held))
    suggestions = [as_suggestion(f) for f in _outside(held, fixes)]
    return sorted(fixes + suggestions, key=lambda f: f.start)
