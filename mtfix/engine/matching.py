"""Find the wrong renderings in a text.

The variants automaton is scanned leftmost-longest. A candidate is kept when it
stands on word boundaries, has the right case (case-sensitive terms) and does
not overlap protected text (a preferred form, an accepted alternative, an
exception of its term). When a candidate fails, a shorter key at the same
place is tried and the scan restarts just after its start, so a failed long
candidate never hides a good one.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtfix.engine.canon import CanonText, canonical_key, canonicalize, joined
from mtfix.engine.compiler import ALL_TERMS, Matcher, VariantForm
from mtfix.engine.rewrite import article_edit, render_replacement
from mtfix.model import Finding


def _on_boundaries(ctext: str, start: int, stop: int) -> bool:
    return not ((start and joined(ctext[start - 1], ctext[start]))
                or (stop < len(ctext) and joined(ctext[stop - 1], ctext[stop])))


class _Scan:
    """One scan of one text; holds what every candidate check needs."""

    def __init__(self, text: str, matcher: Matcher):
        self.text = text
        self.matcher = matcher
        self.canon: CanonText = canonicalize(text)
        self.ctext = self.canon.text

    def original(self, start: int, stop: int) -> tuple[int, int]:
        return self.canon.to_original(start), self.canon.to_original(stop)

    def exact_ok(self, exact: str | None, start: int, stop: int) -> bool:
        if exact is None:
            return True
        lo, hi = self.original(start, stop)
        return canonical_key(self.text[lo:hi], lower=False) == exact

    def protected(self, start: int, stop: int, term: int) -> bool:
        matcher, ctext = self.matcher, self.ctext
        lo = max(0, start - matcher.reach)
        window = ctext[lo:stop + matcher.reach]
        for end, (length, scopes) in matcher.protected.iter(window):
            p_stop = lo + end + 1
            p_start = p_stop - length
            if p_stop <= start or p_start >= stop:
                continue
            if start <= p_start and p_stop <= stop and p_stop - p_start < stop - start:
                continue  # a longer variant may contain a shorter preferred form
            if not _on_boundaries(ctext, p_start, p_stop):
                continue
            if any(scope in (ALL_TERMS, term) and self.exact_ok(exact, p_start, p_stop)
                   for scope, exact in scopes):
                return True
        return False

    def accept(self, start: int, stop: int, forms: tuple[VariantForm, ...]) -> Finding | None:
        if not _on_boundaries(self.ctext, start, stop):
            return None
        for form in forms:
            if self.exact_ok(form.exact, start, stop) and not self.protected(start, stop, form.term):
                return self._finding(start, stop, form)
        return None

    def _finding(self, start: int, stop: int, form: VariantForm) -> Finding:
        lo, hi = self.original(start, stop)
        matched = self.text[lo:hi]
        replacement, case = render_replacement(matched, form.replacement)
        term = self.matcher.terms[form.term]
        edit = article_edit(self.text, lo, hi, replacement, form.article, case)
        return Finding(start=lo, end=hi, line=0, column=0, match=matched, replacement=replacement,
                       term=term.id, variant=form.variant, preferred=term.preferred,
                       edit=edit, note=term.note)

    def shorter(self, start: int, stop: int) -> tuple[Finding, int] | None:
        """A shorter key at ``start`` ending on a word gap inside ``[start, stop)``."""
        gap = self.ctext.rfind(" ", start, stop)
        while gap > start:
            hit = self.matcher.variants.get(self.ctext[start:gap], None)
            if hit is not None and (finding := self.accept(start, gap, hit[1])):
                return finding, gap
            gap = self.ctext.rfind(" ", start, gap)
        return None

    def run(self) -> Iterator[Finding]:
        ctext, automaton = self.ctext, self.matcher.variants
        pos = 0
        while pos < len(ctext):
            restart = None
            for end, (length, forms) in automaton.iter_long(ctext, pos):
                stop = end + 1
                start = stop - length
                finding = self.accept(start, stop, forms)
                if finding is not None:
                    yield finding
                    continue
                found = self.shorter(start, stop)
                if found is not None:
                    yield found[0]
                    restart = found[1]
                else:
                    restart = start + 1
                break
            if restart is None:
                return
            pos = restart


def locate(text: str, findings: list[Finding]) -> list[Finding]:
    """Fill in 1-based line and column (in characters) of findings sorted by start."""
    from dataclasses import replace

    out, line, pos = [], 1, 0
    for f in findings:
        line += text.count("\n", pos, f.start)
        pos = f.start
        column = f.start - text.rfind("\n", 0, f.start)
        out.append(replace(f, line=line, column=column))
    return out


def find_variants(text: str, matcher: Matcher) -> list[Finding]:
    """Every wrong rendering in ``text``, leftmost first, never overlapping."""
    if not text or len(matcher.variants) == 0:
        return []
    return locate(text, list(_Scan(text, matcher).run()))
