"""The overview (``l``): every proposal of the review grouped by term and
variant, with counts, and the rejections remembered from earlier runs; pure.

A term's fixes, its checks and the mined groups are grouped apart (they are
never decided together). Rows are computed from the state whenever they are
shown, so the counts are never stored twice. ``fragments`` lays them out as
prompt_toolkit formatted text; a click handler per row is added by the caller.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mtfix.model import KIND_INCONSISTENT
from mtfix.review.proposals import Proposal
from mtfix.review.state import ReviewState, Status

Fragments = list[tuple]  # (style, text) or (style, text, mouse handler)

SCROLL_HERE = ("[SetCursorPosition]", "")
EARLIER_TITLE = "rejected in earlier runs (^X revokes: shown again as pending)"


class RowKind(enum.Enum):
    TERM = "term"  # a term's fixes (or checks, or the mined groups) in every file
    VARIANT = "variant"  # one variant of it
    HEADING = "heading"  # a title, not selectable
    EARLIER = "earlier"  # a rejection remembered from an earlier run


@dataclass(frozen=True)
class Row:
    kind: RowKind
    label: str
    indices: tuple[int, ...] = ()  # the state's proposals in the row
    earlier: Proposal | None = None  # an EARLIER row's hidden proposal

    @property
    def selectable(self) -> bool:
        return self.kind is not RowKind.HEADING


def _sort(p: Proposal) -> str:
    if p.finding.kind == KIND_INCONSISTENT:
        return "group"
    return "fix" if p.fixable else "check"


def _term_label(p: Proposal) -> str:
    sort = _sort(p)
    if sort == "group":
        return "inconsistent renderings (mined groups)"
    suffix = "" if sort == "fix" else " (checks)"
    return f"{p.term} → {p.finding.preferred}{suffix}"


def _variant_label(p: Proposal) -> str:
    if p.finding.kind == KIND_INCONSISTENT or not p.fixable:
        return f"{p.finding.kind}: {p.anchor.variant}"
    return repr(p.anchor.variant)


def _found(text: str, needle: str) -> bool:
    return not needle or needle in text.casefold()


_last: list = [None, {}]  # the last list of proposals grouped, and its groups: a key press regroups nothing


def _variants(state: ReviewState) -> dict[tuple, list[int]]:
    """The proposals' indices by (kind, term, variant, fixable): one cheap pass, labels come later.

    Decisions leave the proposals as they are; a lesson or a revocation makes a new list."""
    proposals = state.proposals  # held by the cache, so no other list can take its id
    if _last[0] is not None and _last[0][0] is proposals and _last[0][1] == len(proposals):
        return _last[1]
    out: dict[tuple, list[int]] = {}
    for i, p in enumerate(proposals):
        f = p.finding
        out.setdefault((f.kind, f.term, p.anchor.variant, f.fixable), []).append(i)
    _last[:] = [(proposals, len(proposals)), out]
    return out


def group_rows(state: ReviewState, needle: str = "") -> list[Row]:
    """Term rows, each followed by its variant rows (sorted), keeping those whose label
    holds ``needle`` (ignoring case; a matching term keeps all its variants)."""
    needle = needle.strip().casefold()
    terms: dict[tuple[str, str], dict[str, list[int]]] = {}
    labels: dict[tuple[str, str], str] = {}
    for indices in _variants(state).values():
        first = state.proposals[indices[0]]
        key = (_sort(first), first.term)
        labels.setdefault(key, _term_label(first))
        terms.setdefault(key, {}).setdefault(_variant_label(first), []).extend(indices)
    rows: list[Row] = []
    for key in sorted(terms, key=lambda k: (k[0] == "group", k[1].casefold(), k[0])):
        variants = terms[key]
        kept = (sorted(variants) if _found(labels[key], needle)
                else [v for v in sorted(variants) if _found(v, needle)])
        if kept:
            everything = tuple(sorted(i for indices in variants.values() for i in indices))
            rows.append(Row(RowKind.TERM, labels[key], everything))
            rows.extend(Row(RowKind.VARIANT, v, tuple(sorted(variants[v]))) for v in kept)
    return rows


def earlier_rows(state: ReviewState, needle: str = "") -> list[Row]:
    """One row per rejection remembered from an earlier run, under a heading."""
    needle = needle.strip().casefold()
    rows = []
    for review_file in state.files:
        for p in review_file.earlier:
            label = f"{review_file.path}:{p.line}:{p.column} {_variant_label(p)} ({p.term})"
            if _found(label, needle):
                rows.append(Row(RowKind.EARLIER, label, earlier=p))
    return [Row(RowKind.HEADING, EARLIER_TITLE), *rows] if rows else []


def overview_rows(state: ReviewState, needle: str = "") -> list[Row]:
    return [*group_rows(state, needle), *earlier_rows(state, needle)]


def tally(state: ReviewState, row: Row) -> str:
    """``4: accepted 1 · rejected 1 · pending 2`` (decided ones by their name for checks)."""
    if row.kind is RowKind.EARLIER:
        return "rejected"
    first = state.proposals[row.indices[0]]  # a row holds one sort: fixes, checks or groups
    picked = list(map(state.statuses.__getitem__, row.indices))
    counts: Counter[str] = Counter()
    for status in Status:  # list.count compares in C; hashing an enum member does not
        counts[status.label(first.fixable, first.finding.kind) if status.decided else "pending"] += picked.count(status)
    order = ("accepted", "noted", "chosen", "rejected", "dismissed", "pending")
    return f"{len(row.indices)}: " + " · ".join(f"{name} {counts[name]}" for name in order if counts[name]
                                                 or name == "pending")


def target(state: ReviewState, row: Row) -> int | None:
    """Where Enter goes: the row's first undecided proposal, else its first."""
    if not row.indices:
        return None
    return next((i for i in row.indices if not state.statuses[i].decided), row.indices[0])


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(width - 1, 0)] + "…"


def fragments(state: ReviewState, rows: Sequence[Row], selected: int, width: int,
              on_click: Callable[[int], Callable] | None = None) -> Fragments:
    """One line per row, the selected one highlighted (the window scrolls to it)."""
    if not rows:
        return [("class:dim", "no proposal matches the filter (Backspace widens it)")]
    labels = [("  " if row.kind is RowKind.VARIANT else "") + row.label for row in rows]
    column = min(max(len(label) for label in labels), max(width // 2, 20))
    out: Fragments = []
    for n, (row, label) in enumerate(zip(rows, labels, strict=True)):
        if row.kind is RowKind.HEADING:
            text, style = _clip(label, width - 1), "class:label"
        else:
            text = _clip(f"{_clip(label, column):<{column}}  {tally(state, row)}", width - 1)
            style = "class:selected" if n == selected else ("class:term" if row.kind is RowKind.TERM else "")
        if n == selected:
            out.append(SCROLL_HERE)
        handler = on_click(n) if on_click is not None and row.selectable else None
        out.append((style, text, handler) if handler is not None else (style, text))
        out.append(("", "\n"))
    return out[:-1]
