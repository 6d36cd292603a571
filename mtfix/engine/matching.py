"""Find the wrong renderings in a text, so that fixing them leaves nothing to find.

The rule: among the candidate matches that stand on word boundaries and pass
their term's guards, take the one starting leftmost, and among those the
longest; continue after it (``candidates``). Fixing may leave something to
find (``settling``): the fixed text is scanned again, in slices, near the
findings that may have made something new.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import replace
from functools import cache, partial

from mtfix.engine.candidates import Scan, placeholders_of
from mtfix.engine.canon import CanonText
from mtfix.engine.compiler import Matcher
from mtfix.engine.rewrite import ARTICLE_WINDOW
from mtfix.engine.settling import applied, settle
from mtfix.model import Edit, Finding


def _windows(canon: CanonText, spans: Iterable[tuple[int, int]], margin: int) -> list[tuple[int, int]]:
    """Canonical ranges reaching ``margin`` around each span of the original text, merged
    when closer than ``margin`` (so that no finding runs from one into the next)."""
    windows: list[tuple[int, int]] = []
    for lo, hi in spans:
        lo, hi = max(0, canon.to_canonical(lo) - margin), min(len(canon.text), canon.to_canonical(hi) + margin)
        if windows and lo <= windows[-1][1] + margin:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def find_variants(text: str, matcher: Matcher, allowed: Container[int] | None = None,
                  released: Container[tuple[int, int]] = ()) -> list[Finding]:
    """Every wrong rendering in ``text``, leftmost first, never overlapping.

    ``allowed`` (indexes into ``matcher.terms``) limits the terms that may match,
    e.g. to those the segment's source gives evidence for; None allows all.
    ``released`` holds pairs ``(term, owner)``: a variant of ``term`` that covers
    exactly a protected form of ``owner`` (its preferred form) is not protected
    by it, because the source says the words render ``term`` here (see
    ``mtfix.source.reassign``). Only the text as given is released: a
    replacement that spells ``owner``'s form is never taken back.
    Applying every edit leaves a text with nothing to find (see ``settling``).
    """
    return _settled(text, matcher, allowed, released)


def fix_quickly(text: str, matcher: Matcher, examples: int) -> tuple[str, list[Finding], int] | None:
    """What ``fix_text`` gives for ``text`` (the fixed text, its first ``examples`` findings and how
    many there are), building no more findings than that; None where it takes more than one scan
    (the fixed text holds something more to fix) or a term with ``auto = false`` turns up."""
    if not text or not matcher.variant_forms:
        return text, [], 0
    scan = Scan(text, matcher, findings=examples)
    found = list(scan.run())
    if scan.manual_seen:
        return None
    fixed, spans = applied(text, [(f.edit.start, f.edit.end, f.edit.replacement) if isinstance(f, Finding) else f
                                   for f in found])
    near = [span for span, leaves in zip(spans, scan.may_leave(), strict=True) if leaves]
    if near and _rescanned(fixed, near, matcher, None):
        return None
    return fixed, [f for f in found if isinstance(f, Finding)], len(found)


def _settled(text: str, matcher: Matcher, allowed: Container[int] | None, released: Container[tuple[int, int]],
             always: bool = False) -> list[Finding]:
    """``find_variants``; ``always``: scan the fixed text again even where the first scan
    shows that nothing can be left to find (to test that it is so)."""
    if not text or not matcher.variant_forms:
        return []

    scan = Scan(text, matcher, allowed, released)
    found = list(scan.run())
    # The first round looks only near the findings that may leave something (see ``candidates.Scan.settles``).
    first: list[bool] | None = None if always else scan.may_leave()
    if first is not None and not any(first):
        return found  # nothing to scan again: no need to build the fixed text

    def rescan(fixed: str, spans: Sequence[tuple[int, int]]) -> list[Finding]:
        # Only near an edit can fixing have made or unprotected a match: within
        # a variant's length of it, or of a protected phrase that it touched.
        nonlocal first
        if first is not None:
            spans, first = [span for span, near in zip(spans, first, strict=True) if near], None
            if not spans:
                return []
        return _rescanned(fixed, spans, matcher, allowed)

    return settle(text, found, rescan)


def _shifted(finding: Finding, offset: int) -> Finding:
    edit = finding.edit
    return replace(finding, start=finding.start + offset, end=finding.end + offset,
                   edit=Edit(edit.start + offset, edit.end + offset, edit.replacement))


def _rescanned(fixed: str, spans: Sequence[tuple[int, int]], matcher: Matcher,
               allowed: Container[int] | None) -> list[Finding]:
    """The findings near ``spans`` (ascending) of the fixed text: those a scan of the whole
    text finds in ``_windows`` of them. Each cluster of spans is scanned in a slice of the
    text (canonicalising all of it again cost more than the scan): a slice holds the
    canonical context that a window's scan reads (``before``, ``after``; ``after`` also keeps
    two clusters' windows from merging), else it is taken wider (gaps fold). Line and
    column are in the slice: ``settling`` sets them in the original text."""
    margin = matcher.longest + matcher.reach + 1
    before, after = max(matcher.reach, ARTICLE_WINDOW) + 2, 2 * margin + 2
    first, pad = 0, 2 * after
    if len(spans) * 2 * pad >= len(fixed):  # the slices would hold most of the text
        scan = Scan(fixed, matcher, allowed, settling=False)
        return [f for a, b in _windows(scan.canon, spans, margin) for f in scan.run(a, b)]
    placeholders = cache(partial(placeholders_of, fixed, matcher))
    found: list[Finding] = []
    while first < len(spans):
        last = first + 1
        while last < len(spans) and spans[last][0] < spans[last - 1][1] + pad:
            last += 1
        lo, hi = max(0, spans[first][0] - pad), min(len(fixed), spans[last - 1][1] + pad)
        scan = Scan(fixed[lo:hi], matcher, allowed, settling=False, offset=lo, placeholders=placeholders)
        windows = _windows(scan.canon, [(a - lo, b - lo) for a, b in spans[first:last]], margin)
        if lo and windows[0][0] < before or hi < len(fixed) and len(scan.ctext) - windows[-1][1] < after:
            pad *= 2
            continue
        found += [_shifted(f, lo) for a, b in windows for f in scan.run(a, b)]
        first, pad = last, 2 * after
    return found
