"""Find the wrong renderings in a text.

The variants automaton is scanned once, leftmost-longest. A candidate is kept
when it stands on word boundaries, has the right case (case-sensitive terms)
and hyphens (where a term's hyphens count) and does not overlap protected text
(a preferred form, an accepted alternative, an exception of its term). A failed candidate may hide good ones that start
inside it (the scan resumes after its end), so the region it covered is
re-examined word start by word start, looking up the longest valid key at
each; restarting the automaton instead would copy the whole text each time.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from dataclasses import replace
from typing import Any

from mtfix.engine.canon import CanonText, canonical_key, canonicalize, separator_pattern, word_boundary
from mtfix.engine.casing import Case
from mtfix.engine.compiler import ALL_TERMS, Matcher, VariantForm
from mtfix.engine.placeholders import NO_SPANS, SpanSet, protected_spans
from mtfix.engine.positions import LineCursor
from mtfix.engine.rewrite import article_edit, render_replacement
from mtfix.engine.settling import settle
from mtfix.model import Finding


def _on_boundaries(ctext: str, start: int, stop: int) -> bool:
    return word_boundary(ctext, start) and word_boundary(ctext, stop)


class _Scan:
    """One scan of one text; holds what every candidate check needs."""

    def __init__(self, text: str, matcher: Matcher, allowed: Container[int] | None = None,
                 released: Container[tuple[int, int]] = ()):
        self.text = text
        self.matcher = matcher
        self.allowed = allowed
        self.released = released
        self.canon: CanonText = canonicalize(text)
        self.ctext = self.canon.text
        self.cursor = LineCursor(text)  # findings come in text order: positions carried forward
        self.floor = 0  # end of the last finding: an article repair may not reach before it
        self.spans: SpanSet | None = None  # placeholders; found at the first candidate (see ``guarded``)

    def guarded(self, start: int, stop: int) -> bool:
        """Whether ``text[start:stop]`` touches a placeholder (``placeholders``)."""
        spans = self.spans
        if spans is None:
            matcher = self.matcher
            found = protected_spans(self.text, matcher.protect_families, matcher.protect_patterns)
            spans = self.spans = SpanSet(found) if found else NO_SPANS
        return spans is not NO_SPANS and spans.touches(start, stop)

    def original(self, start: int, stop: int) -> tuple[int, int]:
        return self.canon.to_original(start), self.canon.to_original(stop)

    def exact_ok(self, exact: str | None, start: int, stop: int, separators: str | None = None) -> bool:
        """Whether the text has the case (``exact``) and the hyphens (``separators``) asked for."""
        if exact is None and separators is None:
            return True
        lo, hi = self.original(start, stop)
        matched = self.text[lo:hi]
        return ((exact is None or canonical_key(matched, lower=False) == exact)
                and (separators is None or separator_pattern(matched) == separators))

    def protected(self, start: int, stop: int, term: int) -> bool:
        matcher, ctext = self.matcher, self.ctext
        lo = max(0, start - matcher.reach)
        window = ctext[lo:stop + matcher.reach]
        for end, index in matcher.protected.iter(window):
            length, scopes = matcher.protected_table[index]
            p_stop = lo + end + 1
            p_start = p_stop - length
            if p_stop <= start or p_start >= stop:
                continue
            if start <= p_start and p_stop <= stop and p_stop - p_start < stop - start:
                continue  # a longer variant may contain a shorter preferred form
            if not _on_boundaries(ctext, p_start, p_stop):
                continue
            same = (p_start, p_stop) == (start, stop)
            if any(scope in (ALL_TERMS, term) and not (same and (term, owner) in self.released)
                   and self.exact_ok(exact, p_start, p_stop, separators)
                   for scope, exact, owner, separators in scopes):
                return True
        return False

    def accept(self, start: int, stop: int, forms: tuple[tuple[Any, ...], ...]) -> Finding | None:
        if not _on_boundaries(self.ctext, start, stop):
            return None
        if self.spans is not NO_SPANS and self.guarded(*self.original(start, stop)):
            return None  # inside or across a placeholder: not words
        for raw in forms:
            form = VariantForm._make(raw)
            if self.allowed is not None and form.term not in self.allowed:
                continue
            if self.exact_ok(form.exact, start, stop, form.separators) \
                    and not self.protected(start, stop, form.term):
                return self._finding(start, stop, form)
        return None

    def _finding(self, start: int, stop: int, form: VariantForm) -> Finding:
        lo, hi = self.original(start, stop)
        matched = self.text[lo:hi]
        if matched == self.ctext[start:stop]:
            # Lower case with single-space gaps (most findings): the preferred form as written.
            replacement, case = form.replacement, Case.LOWER
        else:
            strict = form.term in self.matcher.exact_separators
            replacement, case = render_replacement(matched, form.replacement, strict)
        term = self.matcher.terms[form.term]
        edit = article_edit(self.text, lo, hi, replacement, form.article, case, self.floor)
        if edit.start < lo and self.guarded(edit.start, lo):
            edit = replace(edit, start=lo, replacement=replacement)  # the "a" is a placeholder's
        self.floor = hi
        line, column = self.cursor.at(lo)
        return Finding(start=lo, end=hi, line=line, column=column, match=matched, replacement=replacement,
                       term=term.id, variant=form.variant, preferred=term.preferred,
                       edit=edit, note=term.note, auto=term.auto)

    def longest_valid(self, start: int) -> tuple[Finding, int] | None:
        """The longest key at ``start`` that is a valid finding, with its end."""
        ctext, automaton, table = self.ctext, self.matcher.variants, self.matcher.variant_table
        reach = automaton.longest_prefix(ctext[start:start + self.matcher.longest])
        for stop in range(start + reach, start, -1):
            if not word_boundary(ctext, stop):
                continue
            index = automaton.get(ctext[start:stop], None)
            if index is not None and (finding := self.accept(start, stop, table[index][1])):
                return finding, stop
        return None

    def recover(self, lo: int, hi: int) -> Iterator[tuple[Finding, int]]:
        """Valid findings starting in ``[lo, hi)``, leftmost-longest; each with its end."""
        ctext, pos = self.ctext, lo
        while pos < hi:
            if not word_boundary(ctext, pos):
                pos += 1
                continue
            hit = self.longest_valid(pos)
            if hit is None:
                pos += 1
                continue
            yield hit
            pos = hit[1]

    def run(self, lo: int = 0, hi: int | None = None) -> Iterator[Finding]:
        """The findings that start in ``[lo, hi)`` of the canonical text (all of it by default)."""
        table, ctext = self.matcher.variant_table, self.ctext
        hi = len(ctext) if hi is None else hi
        pos = lo  # no finding may start before this
        # A slice, not iter_long's start/end: those copy the whole text on every call. The
        # "\n" (a blank line: no key spans it) ends a longer key's unfinished match, which
        # iter_long would end with, dropping a key inside it ("hongkong" in "guangdong hongkong").
        window = (ctext[lo:hi + self.matcher.longest] if lo or hi < len(ctext) else ctext) + "\n"
        for end, index in self.matcher.variants.iter_long(window):
            if end == len(window) - 1:
                break  # a key that holds the "\n" itself
            stop = lo + end + 1
            length, forms = table[index]
            start = stop - length
            if start >= hi:
                return
            if start >= pos and (finding := self.accept(start, stop, forms)):
                yield finding
                pos = stop
                continue
            for finding, found_stop in self.recover(max(start, pos), min(stop, hi)):
                yield finding
                pos = found_stop


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
    if not text or len(matcher.variants) == 0:
        return []

    def rescan(fixed: str, spans: Iterable[tuple[int, int]]) -> list[Finding]:
        # Only near an edit can fixing have made or unprotected a match: within
        # a variant's length of it, or of a protected phrase that it touched.
        scan = _Scan(fixed, matcher, allowed)
        margin = matcher.longest + matcher.reach + 1
        return [f for lo, hi in _windows(scan.canon, spans, margin) for f in scan.run(lo, hi)]

    return settle(text, list(_Scan(text, matcher, allowed, released).run()), rescan)
