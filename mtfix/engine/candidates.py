"""One scan of one text: the candidate matches and the checks each must pass.

The variants automaton is scanned once, truly leftmost-longest (``scanner``),
ignoring boundaries and guards. A candidate is kept when it stands on word
boundaries, lies outside placeholders, has the right case (case-sensitive
terms) and hyphens (where a term's hyphens count) and does not overlap
protected text (a preferred form, an accepted alternative, an exception of its
term). A failed candidate may hide good ones that start inside it (the scan
resumes after its end), so the region it covered is re-examined word start by
word start, looking up the longest valid key at each; restarting the automaton
instead would copy the whole text each time. Each kept candidate also notes
whether fixing it may leave something to find (``settling``), decided by the
text beside it where the glossary allows (``overlaps.Edges``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator
from dataclasses import replace
from functools import lru_cache, partial

from mtfix.engine.canon import (
    LINE_BREAKS,
    SPACES,
    CanonText,
    canonical_key,
    canonicalize,
    separator_pattern,
    word_boundary,
)
from mtfix.engine.casing import Case
from mtfix.engine.compiler import ALL_TERMS, Matcher, VariantForm
from mtfix.engine.overlaps import EDGE
from mtfix.engine.placeholders import NO_SPANS, SpanSet, protected_spans
from mtfix.engine.positions import LineCursor
from mtfix.engine.rewrite import ARTICLE_WINDOW, article_edit, render_replacement
from mtfix.model import Edit, Finding

_ASCII_WORD = re.compile("[A-Za-z0-9]*")
# A finding reduced to its edit ``(start, end, replacement)``, where no one reads the rest.
Quick = tuple[int, int, str]


def placeholders_of(text: str, matcher: Matcher) -> SpanSet:
    found = protected_spans(text, matcher.protect_families, matcher.protect_patterns)
    return SpanSet(found) if found else NO_SPANS


def _on_boundaries(ctext: str, start: int, stop: int) -> bool:
    return word_boundary(ctext, start) and word_boundary(ctext, stop)


class Scan:
    """One scan of one text; holds what every candidate check needs.

    A scan of a slice of a longer text (``offset``: where it starts) takes the
    placeholders of the whole text (``placeholders``, in its offsets): a slice may cut one.
    """

    def __init__(self, text: str, matcher: Matcher, allowed: Container[int] | None = None,
                 released: Container[tuple[int, int]] = (), settling: bool = True,
                 offset: int = 0, placeholders: Callable[[], SpanSet] | None = None, findings: int | None = None):
        self.text = text
        # How many findings to build (None: all); past them only each edit, as ``Quick`` (``fix_quickly``).
        self.findings = findings
        self.manual_seen = False  # a variant of an ``auto = false`` term was found (``suggestions``)
        self.offset = offset
        self.placeholders = placeholders or partial(placeholders_of, text, matcher)
        self.matcher = matcher
        self.allowed = allowed
        self.released = released
        self.canon: CanonText = canonicalize(text)
        self.ctext = self.canon.text
        self.cursor = LineCursor(text)  # findings come in text order: positions carried forward
        self.floor = 0  # end of the last finding: an article repair may not reach before it
        self.spans: SpanSet | None = None  # placeholders; found at the first candidate (see ``guarded``)
        # Whether fixing may leave something to find, so that the fixed text is scanned again
        # (``settling``): a replacement that may make a variant with its context, an article
        # rewritten, or an edit over a variant that may overlap protected text when a candidate
        # was refused for protected text (``overlaps``).
        # Per finding, in order: whether it may leave something (1) or may if a candidate was refused (2).
        self.unsettled: list[int] = []
        self.refused_protected = False
        self.settling = settling  # False: no one reads ``unsettled`` (a rescan), so no context is looked at
        self.last_stop, self.last_meets = -matcher.longest, False  # the last finding's end and ``meets``
        self.last_index, self.last_replacement = -1, ""  # and its key and replacement (``settles``)

    def may_leave(self) -> list[bool]:
        """Per finding, whether fixing it may leave something to find (``unsettled``; an edit
        over a variant that may overlap protected text counts once a candidate was refused for it)."""
        mask = 3 if self.refused_protected else 1
        return [bool(flag & mask) for flag in self.unsettled]

    def guarded(self, start: int, stop: int) -> bool:
        """Whether ``text[start:stop]`` touches a placeholder (``placeholders``)."""
        spans = self.spans
        if spans is None:
            spans = self.spans = self.placeholders()
        return spans is not NO_SPANS and spans.touches(start + self.offset, stop + self.offset)

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
        table = matcher.protected_table
        for p_start, p_stop, index in matcher.protected_in(window):
            scopes = table[index][1]
            p_start, p_stop = p_start + lo, p_stop + lo
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

    def accept(self, start: int, stop: int, index: int) -> Finding | Quick | None:
        """The finding for variant key ``index`` at ``[start, stop)``, or None if it fails a check."""
        ctext = self.ctext
        if not (word_boundary(ctext, start) and word_boundary(ctext, stop)):
            return None
        lo, hi = self.original(start, stop)
        if self.spans is not NO_SPANS and self.guarded(lo, hi):
            return None  # inside or across a placeholder: not words
        matcher = self.matcher
        guarded = (matcher.guarded is None or index in matcher.guarded) and (
            matcher.protect_edges is None or matcher.protect_edges.may_meet(ctext, index, start, stop))
        for form in matcher.forms(index):  # plain ``VariantForm`` tuples
            term, _, replacement, _, exact, separators = form
            if self.allowed is not None and term not in self.allowed:
                continue
            if (exact is not None or separators is not None) and not self.exact_ok(exact, start, stop, separators):
                continue
            if guarded and self.protected(start, stop, term):
                self.refused_protected = True
                continue
            meets = self.settling and (matcher.unsettled is None or index in matcher.unsettled)
            self.settles(start, stop, index, replacement, meets, guarded)
            return self._finding(start, stop, lo, hi, VariantForm._make(form))
        return None

    def settles(self, start: int, stop: int, index: int, replacement: str, meets: bool, guarded: bool) -> None:
        """Note whether the finding of key ``index`` at ``[start, stop)`` may leave something to find
        (``meets``: its replacement may overlap a variant; ``guarded``: its variant protected text;
        ``overlaps``)."""
        flags, edges, gap = self.unsettled, self.matcher.settle_edges, start - self.last_stop
        # The context holds another replacement: the edges' contexts (the text up to EDGE
        # characters from a match) still hold beyond EDGE of it, ``completes``' window does not;
        # nearer, the contexts are read in the fixed text, the last replacement's key in them.
        if gap < (self.matcher.longest if edges is None else EDGE):
            key, between = _canonical_replacement(replacement), self.ctext[self.last_stop:start]
            last_key = _canonical_replacement(self.last_replacement)
            if edges is None or self.last_index in edges.always \
                    or len(last_key) + gap < EDGE or len(key) + gap < EDGE:
                unsettled = meets or self.last_meets
                if unsettled and flags:
                    flags[-1] |= 1
            else:
                unsettled = meets and edges.may_meet_beside(index, last_key + between,
                                                            self.ctext[stop:stop + EDGE])
                if self.last_meets and flags and edges.may_meet_beside(self.last_index, "", between + key):
                    flags[-1] |= 1
        else:
            unsettled = meets and (edges is None or edges.may_meet(self.ctext, index, start, stop)) \
                and (gap < self.matcher.longest or self.completes(start, stop, replacement))
        flags.append(int(unsettled) | (2 if guarded else 0))
        self.last_stop, self.last_meets = stop, meets
        self.last_index, self.last_replacement = index, replacement

    def completes(self, start: int, stop: int, replacement: str) -> bool:
        """Whether ``replacement`` at ``[start, stop)`` may overlap a variant in the fixed text:
        a key on word boundaries in the canonical context with the replacement in it."""
        matcher, ctext = self.matcher, self.ctext
        reach = matcher.longest
        key = _canonical_replacement(replacement)
        if not (key[:1].isalnum() and key[-1:].isalnum()):
            return True  # its neighbours' word boundaries may move
        lo = max(0, start - reach)
        window = ctext[lo:start] + key + ctext[stop:stop + reach]
        r_lo, r_hi = start - lo, start - lo + len(key)
        for k_start, k_stop, _ in matcher.variants_in(window):
            if k_start < r_hi and k_stop > r_lo and _on_boundaries(window, k_start, k_stop):
                return True
        return False

    def _finding(self, start: int, stop: int, lo: int, hi: int, form: VariantForm) -> Finding | Quick:
        """The finding (or its edit, ``Quick``) for ``form`` at ``[start, stop)``, ``[lo, hi)`` in the text."""
        matched = self.text[lo:hi]
        if matched == self.ctext[start:stop]:
            # Lower case with single-space gaps (most findings): the preferred form as written.
            replacement, case = form.replacement, Case.LOWER
        else:
            strict = form.term in self.matcher.exact_separators
            replacement, case = render_replacement(matched, form.replacement, strict)
        edit = None
        if form.article is not None and _after_a_or_an(self.text, max(self.floor, lo - ARTICLE_WINDOW), lo):
            edit = article_edit(self.text, lo, hi, replacement, form.article, case, self.floor)
            if edit.start < lo:
                self.unsettled[-1] |= 1  # a rewritten article: ``overlaps`` does not follow it
                if self.guarded(edit.start, lo):
                    edit = replace(edit, start=lo, replacement=replacement)  # the "a" is a placeholder's
        self.floor = hi
        if form.term in self.matcher.manual:
            self.manual_seen = True
        if self.findings is not None:
            if not self.findings:
                return (lo, hi, replacement) if edit is None else (edit.start, edit.end, edit.replacement)
            self.findings -= 1
        term_id, preferred, note, auto = self.matcher.term_rows[form.term]
        edit = edit or Edit(lo, hi, replacement)
        line, column = self.cursor.at(lo)
        return Finding(start=lo, end=hi, line=line, column=column, match=matched, replacement=replacement,
                       term=term_id, variant=form.variant, preferred=preferred, edit=edit, note=note, auto=auto)

    def longest_valid(self, start: int) -> tuple[Finding | Quick, int] | None:
        """The longest key at ``start`` that is a valid finding, with its end."""
        ctext, keys = self.ctext, self.matcher.key_index
        for stop in range(min(start + self.matcher.longest, len(ctext)), start, -1):
            if not word_boundary(ctext, stop):
                continue
            index = keys.get(ctext[start:stop])
            if index is not None and (finding := self.accept(start, stop, index)):
                return finding, stop
        return None

    def recover(self, lo: int, hi: int) -> Iterator[tuple[Finding | Quick, int]]:
        """Valid findings starting in ``[lo, hi)``, leftmost-longest; each with its end."""
        ctext, pos = self.ctext, lo
        while pos < hi:
            if not word_boundary(ctext, pos):
                # No key starts inside a word: past its ASCII letters and digits at once.
                pos = max(pos + 1, _ASCII_WORD.match(ctext, pos).end())
                continue
            hit = self.longest_valid(pos)
            if hit is None:
                pos += 1
                continue
            yield hit
            pos = hit[1]

    def run(self, lo: int = 0, hi: int | None = None) -> Iterator[Finding | Quick]:
        """The findings that start in ``[lo, hi)`` of the canonical text (all of it by default)."""
        matcher, ctext = self.matcher, self.ctext
        hi = len(ctext) if hi is None else hi
        pos = lo  # no finding may start before this
        # A slice, not the whole text with bounds: a key starting before ``hi`` ends within it.
        window = ctext[lo:hi + matcher.longest] if lo or hi < len(ctext) else ctext
        for start, stop, index in matcher.scan(window):
            start, stop = start + lo, stop + lo
            if start >= hi:
                return
            if start >= pos and (finding := self.accept(start, stop, index)):
                yield finding
                pos = stop
                continue
            for finding, found_stop in self.recover(max(start, pos), min(stop, hi)):
                yield finding
                pos = found_stop


_GAP_CHARS = SPACES + LINE_BREAKS


def _after_a_or_an(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` may end with "a" or "an" and a gap (``article_edit`` then looks)."""
    before = text[lo:hi]
    word = before.rstrip(_GAP_CHARS)
    return len(word) < len(before) and word[-1:] in ("a", "A", "n", "N")


@lru_cache(maxsize=1 << 16)
def _canonical_replacement(replacement: str) -> str:
    return canonical_key(replacement)
