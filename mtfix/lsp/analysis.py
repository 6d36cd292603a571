"""One open buffer checked as ``mtfix check`` checks the file, and the edits of ``mtfix fix``.

A buffer is read into units: the paragraphs of a plain-text or Markdown
file (the engine never matches across a blank line, so a paragraph checks
alone as it does in the whole text), or the segments of a bilingual file
(PO, XLIFF, TMX, TSV) read by its format module. Each unit is a list of
pieces of the buffer's text, so an offset in a unit maps to the buffer and
a fixed unit maps back to buffer edits exactly as the format writes it.

Findings are kept per unit between checks: after a keystroke only the units
whose text changed are checked again.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtfix.engine import Matcher, apply_edits, fix_text
from mtfix.engine.placeholders import MARKDOWN, SpanSet, protected_spans
from mtfix.errors import MtfixError
from mtfix.formats import TEXT_EXTENSIONS
from mtfix.formats.base import Segment
from mtfix.formats.spans import Piece, distribute
from mtfix.model import KIND_SUGGESTION, Finding
from mtfix.model import Edit as Change

# The bilingual formats the server checks (corpus formats are for batch runs).
DOCUMENT_EXTENSIONS = frozenset({".tsv", ".tmx", ".xlf", ".xliff", ".po", ".pot"})
TEXT_LANGUAGES = frozenset({"plaintext", "markdown", "text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})  # as ``batch``: code is protected in these
_PARAGRAPH_END = re.compile(r"\n\r?\n")
_XML_ENCODING = re.compile(r"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
_PO_CHARSET = re.compile(r"Content-Type:[^\"\n]*charset=[ \t]*([A-Za-z0-9._-]+)")

Edit = tuple[int, int, str]  # replace text[start:end] of the buffer


def kind_of(path: str, language: str = "") -> str | None:
    """"text", "document" or None (not checked) for a buffer's file name and language id."""
    suffix = Path(path).suffix.lower()
    if suffix in DOCUMENT_EXTENSIONS:
        return "document"
    if suffix in TEXT_EXTENSIONS or (not suffix and language in TEXT_LANGUAGES):
        return "text"
    return None


@dataclass(frozen=True)
class Unit:
    """What the engine reads (``text``) and where it lies in the buffer (``pieces``)."""

    text: str
    pieces: tuple[Piece, ...]
    segment: Segment | None = None  # None: a paragraph of a plain-text file, one piece as it is written

    def offset(self, at: int, start: bool = False) -> int:
        """The buffer offset of offset ``at`` in ``text`` (``start``: where a tag ends
        a piece there, the start of the next piece, not the end of this one)."""
        if self.segment is None:
            return self.pieces[0].start + at
        passed = 0
        for piece in self.pieces:
            stop = passed + len(piece.text)
            if at < stop or (at == stop and not start) or piece is self.pieces[-1]:
                inside = min(at - passed, len(piece.text))
                raw = piece.escape(piece.text[:inside])
                if len(piece.escape(piece.text)) != piece.end - piece.start:  # written otherwise: approximate
                    return piece.start + min(inside, piece.end - piece.start)
                return piece.start + len(raw)
            passed += len(piece.text)
        return self.pieces[0].start if self.pieces else 0

    def edits(self, changes: Sequence[Change], buffer: str) -> list[Edit]:
        """The buffer edits that make these changes to ``text``: each as the engine made it
        (escaped as the format writes text), or, where one crosses an inline tag, the
        changed pieces as the format writes them."""
        out = []
        for change in changes:
            placed = self._within_piece(change)
            if placed is None:
                return self._rewritten(apply_edits(self.text, changes), buffer)
            out.append(placed)
        return out

    def _within_piece(self, change: Change) -> Edit | None:
        passed = 0
        for piece in self.pieces:
            stop = passed + len(piece.text)
            if passed <= change.start and change.end <= stop:
                if len(piece.escape(piece.text)) != piece.end - piece.start:
                    return None
                start = piece.start + len(piece.escape(piece.text[:change.start - passed]))
                end = piece.start + len(piece.escape(piece.text[:change.end - passed]))
                return start, end, piece.escape(change.replacement)
            passed = stop
        return None

    def _rewritten(self, new: str, buffer: str) -> list[Edit]:
        texts = distribute([p.text for p in self.pieces], new)
        return [_trimmed(buffer, p.start, p.end, p.escape(t))
                for p, t in zip(self.pieces, texts, strict=True) if t != p.text]


def _trimmed(buffer: str, start: int, end: int, raw: str) -> Edit:
    """The edit without the text it leaves as it was at either end."""
    old = buffer[start:end]
    head = 0
    while head < min(len(old), len(raw)) and old[head] == raw[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(raw)) - head and old[-1 - tail] == raw[-1 - tail]:
        tail += 1
    return start + head, end - tail, raw[head:len(raw) - tail]


@dataclass(frozen=True)
class Located:
    """A finding placed in the buffer: ``start``..``end`` are buffer offsets."""

    finding: Finding
    unit: int
    start: int
    end: int


@dataclass
class Analysis:
    """A buffer's text, its units and findings; ``error`` when it cannot be read as its format."""

    path: str
    text: str
    units: list[Unit] = field(default_factory=list)
    found: list[Located] = field(default_factory=list)
    error: MtfixError | None = None

    def at(self, start: int, end: int) -> list[Located]:
        """The findings that touch the buffer range ``start``..``end``."""
        return [f for f in self.found if f.start <= end and start <= f.end]

    def quick_fix(self, located: Located) -> list[Edit]:
        """The edit of one finding (an article repair included), as ``mtfix fix`` makes it."""
        return self.units[located.unit].edits([located.finding.edit], self.text)

    def term_fixes(self, term: str) -> list[Edit]:
        """Every fix of term ``term`` in the buffer (suggestions too: the term was named)."""
        chosen: dict[int, list[Change]] = {}
        for located in self.found:
            if located.finding.term == term and located.finding.fixable:
                chosen.setdefault(located.unit, []).append(located.finding.edit)
        return [e for index, changes in sorted(chosen.items()) for e in self.units[index].edits(changes, self.text)]

    def all_fixes(self, fix_unit: Callable[[Unit], list[Change]]) -> list[Edit]:
        """What ``mtfix fix`` changes in the buffer; ``fix_unit`` gives one unit's changes.

        Only units with findings are fixed: ``check`` reports every variant ``fix`` rewrites
        (and the suggestions besides), so the others come back unchanged."""
        flagged = sorted({f.unit for f in self.found})
        return [e for index in flagged for e in self.units[index].edits(fix_unit(self.units[index]), self.text)]


class Analyzer:
    """Checks one buffer again and again, reusing the findings of units that did not change.

    In a Markdown buffer (``.md``, or the ``markdown`` language unsaved) code spans and
    fenced blocks are protected, as ``mtfix check`` protects them in ``.md`` files."""

    def __init__(self, path: str, kind: str, scratch: str, language: str = ""):
        self.path, self.kind, self.scratch = path, kind, scratch
        self.known: dict[Any, list[Finding]] = {}  # findings by what the engine read of a unit
        self.matcher: Matcher | None = None  # what ``known`` was found with
        self.markdown = kind == "text" and is_markdown(path, language)
        self._protecting: tuple[Matcher, Matcher] | None = None  # (given, with Markdown code protected)

    def _for_buffer(self, matcher: Matcher) -> Matcher:
        """``matcher`` as ``mtfix`` uses it on this file, the same object from call to call."""
        if not self.markdown:
            return matcher
        if self._protecting is None or self._protecting[0] is not matcher:
            self._protecting = (matcher, matcher.protecting(MARKDOWN))
        return self._protecting[1]

    def check(self, text: str, matcher: Matcher) -> Analysis:
        """The findings ``mtfix check`` reports for the buffer (``matcher`` as ``check`` uses it)."""
        analysis, matcher = Analysis(self.path, text), self._for_buffer(matcher)
        try:
            units = text_units(text, self.markdown) if self.kind == "text" \
                else document_units(self.path, text, self.scratch)
        except MtfixError as exc:
            analysis.error = exc
            return analysis
        analysis.units = units
        known, self.known = (self.known if matcher is self.matcher else {}), {}
        self.matcher = matcher
        per_unit = []
        for unit in units:
            segment = unit.segment
            # what the engine reads: a segment moved by a line typed above it is not checked again
            key = unit.text if segment is None else (segment.target, segment.source, segment.protected,
                                                     segment.format_flags)
            found = known.get(key)
            if found is None:
                found = _unit_findings(unit, matcher)
            elif segment is not None and found:
                found = _moved(segment, found)
            self.known[key] = found
            per_unit.append(found)
        analysis.found = _located(units, per_unit)
        if self.kind == "document":
            analysis.found += _inconsistent(self.path, units)
        return analysis

    def fix_unit(self, matcher: Matcher) -> Callable[[Unit], list[Change]]:
        """The changes ``mtfix fix`` makes to a unit's text (``matcher`` as ``fix`` uses it)."""
        matcher = self._for_buffer(matcher)

        def fix(unit: Unit) -> list[Change]:
            if unit.segment is None:
                found = fix_text(unit.text, matcher)[1]
            else:
                from mtfix.batch import fix_segment

                found = fix_segment(unit.segment, matcher)[1]
            return [f.edit for f in found if f.fixable]

        return fix


def _unit_findings(unit: Unit, matcher: Matcher) -> list[Finding]:
    if unit.segment is None:
        found = fix_text(unit.text, matcher)[1]
    else:
        from mtfix.bilingual import check_segment

        found = check_segment(unit.segment, matcher)
    return [f for f in found if f.kind != KIND_SUGGESTION]  # as FileResult.add_findings


def _moved(segment: Segment, found: list[Finding]) -> list[Finding]:
    """Findings of a segment with the same text, placed where ``segment`` is and named as it is."""
    from dataclasses import replace

    from mtfix.formats.base import place_findings

    return [replace(f, segment=segment.ref) if f.segment else f for f in place_findings(segment, found)]


def _located(units: Sequence[Unit], per_unit: Sequence[list[Finding]]) -> list[Located]:
    out = []
    for index, (unit, found) in enumerate(zip(units, per_unit, strict=True)):
        for finding in found:
            if finding.start == finding.end == 0 and not finding.fixable:  # a term check: the whole segment
                start, end = unit.offset(0, True), unit.offset(len(unit.text))
            else:
                start, end = unit.offset(finding.start, True), unit.offset(finding.end)
            out.append(Located(finding, index, start, end))
    return out


def _inconsistent(path: str, units: Sequence[Unit]) -> list[Located]:
    """The ``inconsistent`` check of ``mtfix check`` over this one file."""
    from mtfix.source.consistency import inconsistencies

    rows = [(u.segment.ref, u.segment.line, u.segment.source, u.segment.target) for u in units if u.segment]
    by_ref = {u.segment.ref: i for i, u in enumerate(units) if u.segment is not None}
    out = []
    for _, finding in inconsistencies([(path, rows)]):
        index = by_ref.get(finding.segment)
        if index is not None:
            unit = units[index]
            out.append(Located(finding, index, unit.offset(0, True), unit.offset(len(unit.text))))
    return out


def is_markdown(path: str, language: str = "") -> bool:
    suffix = Path(path).suffix.lower()
    return suffix in MARKDOWN_SUFFIXES or (not suffix and language == "markdown")


def text_units(text: str, markdown: bool = False) -> list[Unit]:
    """The paragraphs of a plain-text buffer, each ending after the blank line that closes it;
    in Markdown a fenced code block is never cut (its blank lines end no paragraph)."""
    breaks = [m.end() for m in _PARAGRAPH_END.finditer(text)]
    if markdown and breaks and ("```" in text or "~~~" in text):
        fences = SpanSet(protected_spans(text, MARKDOWN))
        breaks = [at for at in breaks if not fences.touches(at - 1, at)]
    cuts = [0, *breaks, len(text)]
    units = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if end > start:
            units.append(Unit(text[start:end], (Piece(start, end, text[start:end]),)))
    return units


def document_units(path: str, text: str, scratch: str) -> list[Unit]:
    """The segments of a bilingual buffer, read by its format module from a scratch copy."""
    from mtfix.formats import handler_for

    suffix = Path(path).suffix.lower()
    copy = os.path.join(scratch, "buffer" + suffix)
    with open(copy, "wb") as handle:
        handle.write(_encoded(text, suffix))
    try:
        document = handler_for(copy).load(copy)  # type: ignore[union-attr]
    except MtfixError as exc:
        raise type(exc)(exc.message, path, exc.line) from None
    if document.text != text:
        raise MtfixError("the buffer does not read back as itself in its declared encoding", path)
    return [Unit(s.target, tuple(p), s) for s, p in zip(document.segments, document.slots, strict=True)]


def _encoded(text: str, suffix: str) -> bytes:
    """The buffer as its file would hold it: in the charset a PO header or XML declaration names."""
    pattern = _PO_CHARSET if suffix in (".po", ".pot") else _XML_ENCODING if suffix in (".tmx", ".xlf", ".xliff") \
        else None
    declared = pattern.search(text[:8192]) if pattern is not None else None
    if declared is not None:
        try:
            return text.encode(codecs.lookup(declared.group(1)).name)
        except (LookupError, UnicodeError):
            pass  # the format module reports the charset or the text
    return text.encode("utf-8", "surrogatepass")


def scratch_folder() -> str:
    """A private folder for the scratch copies of bilingual buffers."""
    return tempfile.mkdtemp(prefix="mtfix-lsp-")

