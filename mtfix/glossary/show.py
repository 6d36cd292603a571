"""A glossary as a readable table (``mtfix glossary show``)."""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence

from mtfix.model import Glossary, Term

_COLUMNS = ("id", "preferred", "source", "variants")
_CAPS = (30, 30, 16)  # widest the columns before the variants may be
_AUTO_CAP = 4  # the AUTO column, shown when some term has auto = false: "no" for those


def _cells(term: Term, auto_column: bool = False) -> list[str]:
    auto = ["" if term.auto else "no"] if auto_column else []
    return [term.id, term.preferred, ", ".join(term.source), *auto, ", ".join(term.variants)]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _display_width(text))


def _widths(rows: Sequence[Sequence[str]], width: int) -> list[int]:
    natural = [max(_display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    caps = _CAPS + ((_AUTO_CAP,) if len(rows[0]) > len(_COLUMNS) else ())
    fixed = [min(n, cap) for n, cap in zip(natural[:-1], caps, strict=True)]
    return [*fixed, max(30, width - sum(fixed) - 2 * len(fixed))]


def format_table(glossary: Glossary, width: int = 100) -> str:
    """One row per term; long cells wrap inside their column."""
    auto_column = any(not t.auto for t in glossary.terms)
    header = ["ID", "PREFERRED", "SOURCE", *(["AUTO"] if auto_column else []), "VARIANTS"]
    rows = [header] + [_cells(t, auto_column) for t in glossary.terms]
    widths = _widths(rows, width)
    lines = []
    for row in rows:
        wrapped = [textwrap.wrap(cell, w, break_on_hyphens=False) or [""] for cell, w in zip(row, widths, strict=True)]
        for i in range(max(len(w) for w in wrapped)):
            parts = [_pad(w[i] if i < len(w) else "", n) for w, n in zip(wrapped, widths, strict=True)]
            lines.append("  ".join(parts).rstrip())
    lines.append(f"{len(glossary.terms)} term{'s' if len(glossary.terms) != 1 else ''}")
    return "\n".join(lines) + "\n"


def _field_lines(name: str, value: str, width: int) -> list[str]:
    body = textwrap.wrap(value, max(20, width - 14)) or [""]
    return [f"{name:<12}  {body[0]}"] + [f"{'':<12}  {more}" for more in body[1:]]


def format_term(term: Term, width: int = 100) -> str:
    """Every field of one term, one per line."""
    fields = [("id", term.id), ("preferred", term.preferred), ("variants", ", ".join(term.variants)),
              ("source", ", ".join(term.source)), ("accepted", ", ".join(term.accepted)),
              ("exceptions", ", ".join(term.exceptions)),
              ("case", "sensitive" if term.case_sensitive else "insensitive"),
              ("auto", "" if term.auto else "false: fixed only where the source has the term "
                                            + ("or the paragraph a context word " if term.context else "")
                                            + "(or with fix --include-suggestions)"),
              ("context", ", ".join(term.context)), ("note", term.note)]
    lines = [line for name, value in fields if value for line in _field_lines(name, value, width)]
    # A URL is never wrapped: one per line, whole, to copy.
    lines += [f"{'ref' if n == 0 else '':<12}  {url}" for n, url in enumerate(term.ref)]
    if term.origin:
        lines += _field_lines("defined at", str(term.origin), width)
    return "\n".join(lines) + "\n"
