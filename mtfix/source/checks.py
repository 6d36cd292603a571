"""Term checks that compare a segment's source with its target.

``missing``: the source has a term's source form, the target renders the term
nowhere (neither the preferred form, an accepted alternative nor a variant).
``count-mismatch``: the source has the term more than once and the target
renders it fewer times (but at least once). Neither is fixed automatically.
Renderings are counted on word boundaries in the canonical text the engine
matches (case, spacing and hyphens ignored); a plural ending counts too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from mtfix.engine.canon import canonical_key, canonicalize, joined
from mtfix.model import KIND_COUNT, KIND_MISSING, Edit, Finding, Term
from mtfix.source.evidence import Evidence
from mtfix.source.memo import per_glossary

_PLURAL_ENDINGS = ("s", "es")


def rendering_keys(term: Term) -> set[str]:
    """The canonical keys of every rendering of ``term``: preferred, accepted, variants."""
    return {k for k in (canonical_key(p) for p in (term.preferred, *term.accepted, *term.variants)) if k}


class RenderingIndex:
    """Every way the glossary's terms may be rendered, to count them in a target."""

    def __init__(self, terms: Sequence[Term]):
        import ahocorasick

        self.terms = terms
        table: dict[str, set[int]] = {}
        for index, term in enumerate(terms):
            if term.source:
                for key in rendering_keys(term):
                    table.setdefault(key, set()).add(index)
        self.table = table  # rendering key -> the terms it renders
        self._automaton: Any = ahocorasick.Automaton()
        for key in table:
            self._automaton.add_word(key, key)
        if table:
            self._automaton.make_automaton()
        self._empty = not table

    def _stop(self, text: str, start: int, key: str) -> int | None:
        """Where a rendering starting at ``start`` ends (a plural ending included), or None."""
        stop = start + len(key)
        if key.endswith("y") and text.startswith("ies", stop - 1):
            stop += 2
        else:
            stop += next((len(e) for e in _PLURAL_ENDINGS if text.startswith(e, stop)
                          and not (stop + len(e) < len(text) and joined(text[stop + len(e) - 1],
                                                                         text[stop + len(e)]))), 0)
        if stop < len(text) and joined(text[stop - 1], text[stop]):
            return None
        return stop

    def count_keys(self, target: str) -> Counter[str]:
        """How many times each rendering (canonical key) is in ``target``, longest winning."""
        if self._empty or not target:
            return Counter()
        text = canonicalize(target).text
        hits = []
        for end, key in self._automaton.iter(text):
            start = end + 1 - len(key)
            if start and joined(text[start - 1], text[start]):
                continue
            stop = self._stop(text, start, key)
            if stop is not None:
                hits.append((start, stop, key))
        counts: Counter[str] = Counter()
        taken = -1
        for start, stop, key in sorted(hits, key=lambda h: (h[0], -h[1])):
            if start >= taken:
                counts[key] += 1
                taken = stop
        return counts

    def count(self, target: str) -> Counter[int]:
        """How many times each term is rendered in ``target`` (longest renderings win)."""
        counts: Counter[int] = Counter()
        for key, n in self.count_keys(target).items():
            for index in self.table[key]:
                counts[index] += n
        return counts


def _finding(term: Term, kind: str, evidence: str, detail: str) -> Finding:
    return Finding(start=0, end=0, line=1, column=1, match="", replacement=term.preferred,
                   term=term.id, variant="", preferred=term.preferred, edit=Edit(0, 0, ""),
                   kind=kind, note=term.note, evidence=evidence, detail=detail)


def term_checks(target: str, evidence: Evidence, renderings: RenderingIndex) -> list[Finding]:
    """``missing`` and ``count-mismatch`` findings for one segment (at its start)."""
    if not evidence.counts or not target.strip():
        return []
    rendered = renderings.count(target)
    out = []
    for index, wanted in sorted(evidence.counts.items()):
        term, form, have = renderings.terms[index], evidence.form_of(index), rendered[index]
        if have == 0:
            out.append(_finding(term, KIND_MISSING, form, f"source has {form}; target has neither "
                                f"'{term.preferred}' nor a known variant"))
        elif have < wanted:
            out.append(_finding(term, KIND_COUNT, form, f"source has {form} {wanted} times; "
                                f"target renders '{term.preferred}' {have} time{'s' * (have > 1)}"))
    return out


# One index per glossary (by identity) and process.
renderings_for = per_glossary(RenderingIndex)
