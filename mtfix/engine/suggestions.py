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
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from mtfix.engine.compiler import Matcher
from mtfix.engine.rewrite import apply_edits
from mtfix.model import KIND_SUGGESTION, Edit, Finding

# ``find(text, allowed)``: the findings of ``text`` when only ``allowed`` terms may match (None: all).
Find = Callable[[str, Container[int] | None], list[Finding]]

SUGGESTION_DETAIL = "auto = false: fixed only where the source has the term, or with --include-suggestions"
# The cuts of ``chunking.safe_split``: after a blank line, or a line break after a sentence end.
_CUT = re.compile("\n\r?\n|[.!?:;\u3002\uff01\uff1f\u2026\"\u201d]\r?\n")

Span = tuple[int, int]
# Fixes bringing context words that make more fixes apply: one round per link of such a chain.
MAX_CONTEXT_ROUNDS = 4
Piece = tuple[Span, dict[int, str]]  # a span of text and the context words found there, by term


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
    """The pieces of ``text`` between cuts that hold the ``held`` findings (overlapping ones merged)."""
    cuts = [0] + [m.end() for m in _CUT.finditer(text)] + [len(text)]
    pieces: list[Span] = []
    for finding in held:
        lo = cuts[bisect_right(cuts, finding.start) - 1]
        hi = cuts[bisect_left(cuts, finding.end)]
        if pieces and lo < pieces[-1][1]:
            pieces[-1] = (pieces[-1][0], max(hi, pieces[-1][1]))
        else:
            pieces.append((lo, hi))
    return pieces


def _context_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``phrases`` as whole words, as written, any run of spaces or a line break
    standing for a space."""
    return _compiled(phrases)


@lru_cache(maxsize=1024)
def _compiled(phrases: tuple[str, ...]) -> re.Pattern[str]:
    words = ("\\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


def context_in(text: str, matcher: Matcher, terms: Iterable[int]) -> dict[int, str]:
    """The terms of ``terms`` whose ``context`` words ``text`` has, each with the first one found."""
    hits = {}
    for term in terms:
        phrases = matcher.terms[term].context
        if phrases and (m := _context_pattern(phrases).search(text)):
            hits[term] = " ".join(m.group().split())
    return hits


def _rescanned(text: str, find: Find, allowed: Container[int] | None, withheld: frozenset[int],
               found: list[Finding], pieces: Sequence[Piece]) -> list[Finding]:
    """``found``, with the findings of each piece that withholds a term it holds
    replaced by those of a scan without the piece's withheld terms."""
    out, k, lines, line_pos = [], 0, 0, 0
    for (lo, hi), hits in pieces:
        here = withheld - hits.keys()
        while k < len(found) and found[k].start < lo:
            out.append(found[k])
            k += 1
        inside = []
        while k < len(found) and found[k].start < hi:
            inside.append(found[k])
            k += 1
        if not here:
            out += inside
            continue
        lines += text.count("\n", line_pos, lo)
        line_pos = lo
        out += [f.shifted(lo, lines) for f in find(text[lo:hi], _Without(allowed, here))]
    return out + found[k:]


def _with_context(findings: list[Finding], pieces: Sequence[Piece], ids: dict[str, int]) -> list[Finding]:
    """The findings of ``auto = false`` terms that their piece's context words made apply,
    saying so (``evidence``: the context word; ``detail``: why)."""
    out, i = [], 0
    for finding in findings:
        while i < len(pieces) and pieces[i][0][1] <= finding.start:
            i += 1
        term = ids.get(finding.term)
        if (term is not None and not finding.evidence and i < len(pieces)
                and pieces[i][0][0] <= finding.start and term in pieces[i][1]):
            word = pieces[i][1][term]
            finding = replace(finding, evidence=word, detail=f'auto = false; applied: the paragraph mentions "{word}"')
        out.append(finding)
    return out


def _fixed_piece(text: str, span: Span, fixes: Sequence[Finding]) -> str:
    """The piece ``span`` of ``text`` as ``fixes`` leave it."""
    lo, hi = span
    edits = [Edit(f.edit.start - lo, f.edit.end - lo, f.edit.replacement)
             for f in fixes if f.fixable and lo <= f.edit.start and f.edit.end <= hi]
    return apply_edits(text[lo:hi], edits)


def _apply(text: str, find: Find, matcher: Matcher, allowed: Container[int] | None,
           withheld: frozenset[int], found: list[Finding], pieces: list[Piece]) -> list[Finding]:
    """The fixes of ``text`` and the suggestions left; ``pieces`` gain the context words
    that the fixes themselves bring (a fix writing "XPeng" next to "ideal car"), so that
    fixing the result again changes nothing."""
    ids = {matcher.terms[t].id: t for t in withheld}
    for _ in range(MAX_CONTEXT_ROUNDS):
        fixes = _rescanned(text, find, allowed, withheld, found, pieces)
        held = [f for f in found if f.term in ids and not any(
            lo <= f.start < hi and ids[f.term] in hits for (lo, hi), hits in pieces)]
        left = _outside(held, fixes)
        grown = False
        for i, (span, hits) in enumerate(pieces):
            waiting = {ids[f.term] for f in left if span[0] <= f.start < span[1]} - hits.keys()
            waiting = {t for t in waiting if matcher.terms[t].context}
            if waiting and (more := context_in(_fixed_piece(text, span, fixes), matcher, waiting)):
                pieces[i] = (span, {**hits, **more})
                grown = True
        if not grown:
            break
    return sorted(fixes + [as_suggestion(f) for f in left], key=lambda f: f.start)


def fixes_and_suggestions(text: str, find: Find, matcher: Matcher, allowed: Container[int] | None = None,
                          evidenced: Container[int] = ()) -> list[Finding]:
    """The findings ``fix`` applies to ``text``, and the withheld terms' variants as
    suggestions (those no fix rewrites), in text order.

    A withheld term whose ``context`` words occur in the piece of text that holds
    its variant (a paragraph, or a line that ends a sentence), as written or as the
    fixes leave it, applies there, as with source evidence.
    """
    found = find(text, allowed)
    if all(f.auto for f in found):
        return found
    ids = {matcher.terms[term].id: term for term in matcher.manual}
    manual = [f for f in found if not f.auto and f.term in ids]
    if not manual:
        return found
    with_context = [t for t in matcher.manual if matcher.terms[t].context]
    pieces = [((lo, hi), context_in(text[lo:hi], matcher, with_context) if with_context else {})
              for lo, hi in _pieces(text, manual)]
    withheld = withheld_terms(matcher, evidenced)
    if withheld:
        found = _apply(text, find, matcher, allowed, withheld, found, pieces)
    return _with_context(found, pieces, ids) if with_context else found
