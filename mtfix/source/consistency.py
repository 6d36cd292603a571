"""The ``inconsistent`` check, across every bilingual file of a run: the same source
translated differently, and the same target translated from different sources.

Texts are compared with their whitespace collapsed; empty sources and targets
(untranslated units) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from mtfix.model import KIND_INCONSISTENT, Edit, Finding
from mtfix.report import quote

Unit = tuple[str, int, "str | None", str]  # (segment ref, line, source, target), as FileResult.units


@dataclass(frozen=True)
class Occurrence:
    path: str
    ref: str
    line: int
    source: str
    target: str
    source_key: str = ""  # the texts with their whitespace collapsed, computed once
    target_key: str = ""


def _key(text: str) -> str:
    return " ".join(text.split())


# PO plural forms after the first render one source differently by design.
_LATER_PLURAL = re.compile(r"msgstr\[[1-9][0-9]*\]$")


def _occurrences(files: Iterable[tuple[str, list[Unit]]]) -> list[Occurrence]:
    found = []
    for path, units in files:
        for ref, line, source, target in units:
            if source is None or _LATER_PLURAL.search(ref):
                continue
            source_key, target_key = _key(source), _key(target)
            if source_key and target_key:
                found.append(Occurrence(path, ref, line, source, target, source_key, target_key))
    return found


def _groups(found: list[Occurrence], by_source: bool) -> list[list[Occurrence]]:
    """Occurrences sharing a source (or target) whose targets (or sources) differ."""
    table: dict[str, list[Occurrence]] = {}
    for o in found:
        table.setdefault(o.source_key if by_source else o.target_key, []).append(o)
    if by_source:
        return [group for group in table.values() if len({o.target_key for o in group}) > 1]
    return [group for group in table.values() if len({o.source_key for o in group}) > 1]


def _where(o: Occurrence, here: str) -> str:
    return o.ref if o.path == here else f"{o.path} {o.ref}"


def _detail(path: str, group: list[Occurrence], by_source: bool) -> str:
    seen: dict[str, str] = {}
    for other in group:
        text = other.target if by_source else other.source
        seen.setdefault(_key(text), f"{quote(_key(text))} ({_where(other, path)})")
    if by_source:
        return f"same source translated {len(seen)} ways: " + "; ".join(seen.values())
    return f"same target translated from {len(seen)} sources: " + "; ".join(seen.values())


def _finding(o: Occurrence, detail: str) -> Finding:
    return Finding(start=0, end=0, line=o.line, column=1, match="", replacement="", term="",
                   variant="", preferred="", edit=Edit(0, 0, ""), kind=KIND_INCONSISTENT,
                   segment=o.ref, source=o.source, target=o.target, detail=detail)


def inconsistencies(files: Iterable[tuple[str, list[Unit]]]) -> list[tuple[str, Finding]]:
    """``(path, finding)`` for every segment that takes part in an inconsistency,
    in file order and then line order."""
    found = _occurrences(files)
    out = []
    for by_source in (True, False):
        for group in _groups(found, by_source):
            # One detail per file of the group: per occurrence, a group of n took n * n steps.
            details = {path: _detail(path, group, by_source) for path in dict.fromkeys(o.path for o in group)}
            out += [(o.path, _finding(o, details[o.path])) for o in group]
    order = {path: i for i, path in enumerate(dict.fromkeys(o.path for o in found))}
    return sorted(out, key=lambda pf: (order[pf[0]], pf[1].line))
