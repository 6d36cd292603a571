"""Mined groups as review items: one ``inconsistent`` proposal per group, at its
first occurrence in reading order.

The group's own locations place it when it has them (``mine_groups`` gives
each rendering's path, line and column); otherwise its first occurrence is
looked up in the reviewed files. A group is anchored by its renderings
(sorted, so it is recognised again however their counts change) and the text
around its first occurrence, so a dismissal is remembered like a rejection.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from mtfix.engine.positions import anchored_positions
from mtfix.glossary.mine import KIND_GLOSSARY, KIND_NAME, Group, Location, known_term
from mtfix.model import KIND_INCONSISTENT, Edit, Finding, Glossary
from mtfix.review.proposals import Proposal, ReviewFile, anchor_at

_NOUNS = {KIND_NAME: "one name", KIND_GLOSSARY: "one term"}

Place = tuple[int, int, int, int, int, str]  # file, segment, start, line, column, rendering


def describe(group: Group) -> str:
    """``3 renderings of one name: Xiaopeng Automobile (4), Xiaopeng Motors (1), Xpeng Motors (2)``."""
    noun = f"source {group.source}" if group.source else _NOUNS.get(group.kind, "one phrase")
    listed = ", ".join(f"{r.text} ({r.count})" for r in group.renderings)
    return f"{len(group.renderings)} renderings of {noun}: {listed}"


def group_key(group: Group) -> str:
    """What names the group in its anchor: its renderings, sorted."""
    return " | ".join(sorted(r.text for r in group.renderings))


def _occurrences(files: Sequence[ReviewFile], group: Group) -> Iterator[Place]:
    """Every occurrence of a rendering in the files, with its file line and column."""
    for text in sorted({r.text for r in group.renderings}, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)
        for f, review_file in enumerate(files):
            for s, segment in enumerate(review_file.segments):
                starts = [m.start() for m in pattern.finditer(segment.target)]
                places = anchored_positions(segment.target, segment.line, segment.column, segment.anchors, starts)
                for start, (line, column) in zip(starts, places, strict=True):
                    yield f, s, start, line, column, text


def _same_path(a: str, b: str) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _place(files: Sequence[ReviewFile], group: Group) -> Place | None:
    """Where the group is shown: its first location, else its first occurrence in reading order."""
    found = list(_occurrences(files, group))
    first: Location | None = group.first
    if first is not None:
        exact = [p for p in found if _same_path(files[p[0]].path, first.path) and p[3:5] == (first.line, first.column)]
        if exact:
            return exact[0]
    return min(found, default=None, key=lambda p: (p[0], p[1], p[2], -len(p[5])))


def group_proposal(files: Sequence[ReviewFile], group: Group) -> Proposal | None:
    """The review item of ``group``, or None when none of its renderings is in the files."""
    place = _place(files, group)
    if place is None:
        return None
    file, segment, start, line, column, text = place
    end = start + len(text)
    target = files[file].segments[segment].target
    finding = Finding(start, end, line, column, target[start:end], "", group.term or "", text,
                      group.renderings[0].text, Edit(start, start, ""), kind=KIND_INCONSISTENT,
                      detail=describe(group))
    anchor = replace(anchor_at(target, start, end, group.term or "", group_key(group)), kind=KIND_INCONSISTENT)
    return Proposal(file, segment, finding, anchor, line, column, group=group)


def group_proposals(files: Sequence[ReviewFile], groups: Sequence[Group], glossary: Glossary) -> list[Proposal]:
    """One item per group the glossary does not already cover, in reading order."""
    out = []
    for group in groups:
        if len(group.renderings) < 2 or known_term(group, glossary) is not None:
            continue
        proposal = group_proposal(files, group)
        if proposal is not None:
            out.append(proposal)
    return sorted(out, key=lambda p: (p.file, p.segment, p.finding.start, p.finding.end))
