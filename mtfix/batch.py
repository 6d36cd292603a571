"""Run the engine over files: check, fix in place, diff, or dry-run.

This is the layer between the pure engine and the CLI: it reads and writes
files (through ``formats``) and returns one ``FileResult`` per file; it never
prints.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, BinaryIO

from mtfix.engine import Matcher, fix_quickly, fix_text
from mtfix.engine.placeholders import MARKDOWN
from mtfix.errors import MtfixError
from mtfix.formats import handler_for, refuse_binary
from mtfix.formats.base import Document, Segment, place_findings
from mtfix.formats.records import Fields
from mtfix.formats.text import CHUNK_CHARS, AtomicWriter, TextReader
from mtfix.model import KIND_SUGGESTION, Finding

# A fix (or fix --check) run reports only the number of findings: it keeps this many
# per file as examples and counts the rest, so memory stays flat and results from
# worker processes travel light.
KEEP_FINDINGS = 100
MARKDOWN_SUFFIXES = (".md", ".markdown")  # code spans and fences are protected in these (``placeholders``)


class Mode(enum.Enum):
    CHECK = "check"  # report findings, write nothing
    FIX = "fix"  # rewrite files in place
    DIFF = "diff"  # compute a unified diff, write nothing
    DRY_RUN = "dry-run"  # fix --check: write nothing, report what would change


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    before: str | None = None  # whole texts, kept only in DIFF mode
    after: str | None = None
    error: MtfixError | None = None
    omitted: int = 0  # findings counted but not kept (see KEEP_FINDINGS)
    # CHECK runs of documents: (segment ref, line, source, target) for the consistency check
    units: list[tuple[str, int, str | None, str]] = field(default_factory=list)
    segments: int = 0  # lines, records or segments processed (for progress)
    skipped: str | None = None  # a folder walk left this out: "symbolic link", "a FIFO"...
    suggestions: int = 0  # variants of auto = false terms that fix left alone (counted, not kept)

    @property
    def count(self) -> int:
        """Every finding, kept or not."""
        return len(self.findings) + self.omitted

    @property
    def changed(self) -> bool:
        return bool(self.count) and self.error is None

    def add_findings(self, found: list[Finding], mode: Mode, offset: int = 0, lines: int = 0) -> None:
        """Keep ``found``, moved by ``offset`` characters and ``lines`` lines; a run that
        only counts them (``counts_only``) keeps at most KEEP_FINDINGS. Suggestions
        are only counted."""
        found = self.drop_suggestions(found)
        room = max(KEEP_FINDINGS - len(self.findings), 0) if counts_only(mode) else len(found)
        kept = found[:room]
        self.omitted += len(found) - len(kept)
        if offset or lines:
            kept = [f.shifted(offset, lines) for f in kept]
        self.findings.extend(kept)

    def add_chunk(self, fixed: ChunkFixed, mode: Mode, offset: int = 0, lines: int = 0) -> None:
        """Count a chunk's fixes and suggestions and keep its examples, moved by ``offset``
        characters and ``lines`` lines (only as many as ``counts_only`` runs keep)."""
        room = max(KEEP_FINDINGS - len(self.findings), 0) if counts_only(mode) else fixed.count
        kept = fixed.examples[:room]
        self.omitted += fixed.count - len(kept)
        self.suggestions += fixed.suggestions
        if offset or lines:
            kept = [f.shifted(offset, lines) for f in kept]
        self.findings.extend(kept)

    def drop_suggestions(self, found: list[Finding]) -> list[Finding]:
        """``found`` without its suggestions, which are counted in ``suggestions``."""
        fixes, suggestions = split_suggestions(found)
        self.suggestions += len(suggestions)
        return fixes


def split_suggestions(found: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """The findings that fix applied, and the suggestions it left alone."""
    if not any(f.kind == KIND_SUGGESTION for f in found):
        return found, []
    return [f for f in found if f.kind != KIND_SUGGESTION], [f for f in found if f.kind == KIND_SUGGESTION]


def matcher_for(matcher: Matcher, mode: Mode) -> Matcher:
    """``check`` reports what ``fix --include-suggestions`` would fix (the report marks
    the suggestions); the fixing modes use the matcher as given."""
    return matcher.including_suggestions() if mode is Mode.CHECK else matcher


def counts_only(mode: Mode) -> bool:
    """Whether a run reports only how many findings there are (fix, fix --check)."""
    return mode in (Mode.FIX, Mode.DRY_RUN)


@dataclass(frozen=True)
class ChunkFixed:
    """What fixing one chunk leaves: the fixed text, how many fixes and suggestions it
    found, and only as many of its fixes (``examples``) as a report can show. Nothing
    else of a chunk's findings outlives it, so a file's memory does not grow with them."""

    text: str
    examples: list[Finding]
    count: int  # fixes (kept as examples or not); suggestions are apart
    suggestions: int = 0


def fix_chunk(chunk: str, matcher: Matcher, keep: int | None = None) -> ChunkFixed:
    """Fix ``chunk``, keeping at most ``keep`` of its fixes as examples (None: all)."""
    if keep is not None and (quick := fix_quickly(chunk, matcher, keep)) is not None:
        return ChunkFixed(*quick)
    fixed, found = fix_text(chunk, matcher)
    fixes, suggestions = split_suggestions(found)
    return ChunkFixed(fixed, fixes if keep is None else fixes[:keep], len(fixes), len(suggestions))


def examples_wanted(mode: Mode) -> int | None:
    """How many findings of a chunk a run can use: a few examples, or all (check, diff)."""
    return KEEP_FINDINGS if counts_only(mode) else None


# Maps a file's chunks, each with the characters and lines before it, to (chunk, what
# fixing it left) in order; see mtfix.parallel. A mapper's examples are placed in the
# file already (moving them here cost as much as fixing).
Piece = tuple[str, ChunkFixed]
ChunkMapper = Callable[[Iterator[tuple[str, int, int]]], Iterator[Piece]]


def _positioned(chunks: Iterator[str]) -> Iterator[tuple[str, int, int]]:
    """Each chunk with the characters and lines that come before it in the file."""
    offset = lines = 0
    for chunk in chunks:
        yield chunk, offset, lines
        offset += len(chunk)
        lines += chunk.count("\n")


def _fix_chunks(chunks: Iterator[str], matcher: Matcher, keep: int | None) -> Iterator[Piece]:
    for chunk in chunks:
        yield chunk, fix_chunk(chunk, matcher, keep)


def process_text(path: str, matcher: Matcher, mode: Mode, mapper: ChunkMapper | None = None,
                 output: str | None = None) -> FileResult:
    """Check or fix a plain-text file chunk by chunk (``mapper``: fix the chunks elsewhere).

    ``output`` (``-o``): a fix writes there, even when nothing changed, and the file
    itself is left alone; it is read in place, with no staging copy (``mtfix.staging``).
    """
    refuse_binary(path)
    result, matcher = FileResult(path), matcher_for(matcher, mode)
    if path.lower().endswith(MARKDOWN_SUFFIXES):
        # Code spans and fenced blocks are protected in Markdown only; the workers' matcher
        # does not know, so a Markdown file is fixed here.
        matcher, mapper = matcher.protecting(MARKDOWN), None
    reader = TextReader(path, matcher=matcher)
    keep = examples_wanted(mode)
    pieces = mapper(_positioned(reader.chunks())) if mapper else _fix_chunks(reader.chunks(), matcher, keep)
    before, after = [], []
    offset = 0
    with contextlib.ExitStack() as stack:
        writer = None
        for chunk, fixed in pieces:
            if mode is Mode.FIX:
                if writer is None:
                    writer = stack.enter_context(_writer(path, output, reader))
                writer.write(fixed.text)
            if mode is Mode.DIFF:
                before.append(chunk)
                after.append(fixed.text)
            if mapper is None:
                result.add_chunk(fixed, mode, offset, result.segments)
            else:
                result.add_chunk(fixed, mode)
            offset += len(chunk)
            result.segments += chunk.count("\n")
        if mode is Mode.FIX and writer is None and output is not None:  # empty: the copy is written all the same
            stack.enter_context(_writer(path, output, reader))
        if writer is not None and not result.count and output is None:
            writer.discard()
    if mode is Mode.DIFF:
        result.before, result.after = "".join(before), "".join(after)
    return result


def _writer(path: str, output: str | None, reader: TextReader) -> AtomicWriter:
    """In place, or to ``output`` with the input's permissions, replacing a link there (never through it)."""
    if output is None:
        return AtomicWriter(path, reader.encoding)
    return AtomicWriter(output, reader.encoding, mode_from=path, follow_symlinks=False)


def fix_segment(segment: Segment, matcher: Matcher) -> tuple[str, list[Finding]]:
    """Fix one segment's target; findings are placed at file line and column.

    A segment with a source only gets the terms its source gives evidence for,
    and text across inline tags (``protected``) is never rewritten.
    """
    if segment.source is None and not segment.protected:
        fixed, found = fix_text(segment.target, matcher)
        return fixed, place_findings(segment, found)
    from mtfix.bilingual import fix_segment as fix_bilingual

    return fix_bilingual(segment, matcher)


def _check_segment(segment: Segment, matcher: Matcher) -> list[Finding]:
    from mtfix.bilingual import check_segment

    return check_segment(segment, matcher)


def process_document(document: Document, matcher: Matcher, mode: Mode) -> FileResult:
    """Check or fix a document read whole (bilingual and structured formats)."""
    result, matcher = FileResult(document.path), matcher_for(matcher, mode)
    targets = []
    for segment in document.segments:
        if mode is Mode.CHECK:
            targets.append(segment.target)
            result.findings.extend(_check_segment(segment, matcher))
            result.units.append((segment.ref, segment.line, segment.source, segment.target))
            continue
        fixed, found = fix_segment(segment, matcher)
        targets.append(fixed)
        result.add_findings(found, mode)
    result.segments = len(targets)
    if mode is Mode.FIX and result.count:
        document.write(targets)
    if mode is Mode.DIFF:
        result.before, result.after = document.original(), document.render(targets)
    return result


def process_file(path: str, matcher: Matcher, mode: Mode, fields: Fields | None = None,
                 output: str | None = None) -> FileResult:
    """Check or fix one file; errors are returned in the result, never raised.

    ``fields`` (``--field``/``--source-field``) reaches the formats that declare
    ``TAKES_FIELDS`` (JSONL, Parquet). ``output``: a plain-text file is written
    there instead (see ``process_text``); only for plain text (``writes_directly``).
    """
    matcher = matcher_for(matcher, mode)
    try:
        handler = handler_for(path)
        if handler is None:
            return process_text(path, matcher, mode, output=output)
        refuse_binary(path)
        if getattr(handler, "TAKES_FIELDS", False):
            return handler.process(path, matcher, mode, fields or Fields())
        if getattr(handler, "READS_FUZZY", False):
            return process_document(handler.load(path, (fields or Fields()).skip_fuzzy), matcher, mode)
        if hasattr(handler, "process"):
            return handler.process(path, matcher, mode)
        return process_document(handler.load(path), matcher, mode)
    except MtfixError as exc:
        return FileResult(path, error=exc)


def process_with_source(path: str, source_path: str, matcher: Matcher, mode: Mode) -> FileResult:
    """Check or fix a plain-text file line by line against a line-aligned source file."""
    try:
        from mtfix.formats import aligned

        refuse_binary(path)
        return process_document(aligned.load(path, source_path), matcher, mode)
    except MtfixError as exc:
        return FileResult(path, error=exc)


# Fixed stdin is held until all of it was read (an undecodable byte near the end
# must not leave half an output behind): in memory up to this size, then in a
# temporary file (``tempfile.SpooledTemporaryFile``).
SPOOL_BYTES = 8 << 20


def process_stream(handle: BinaryIO, matcher: Matcher, mode: Mode, fixed: IO[bytes] | None = None,
                   on_findings: Callable[[list[Finding]], None] | None = None,
                   path: str = "<stdin>") -> FileResult:
    """Check or fix an open binary stream (stdin) chunk by chunk.

    The fixed text goes to ``fixed``, encoded and with the BOM as read; findings
    go to ``on_findings`` (placed in the whole stream) and are only counted, so
    memory stays flat however long the stream. DIFF keeps both texts.
    """
    # Every finding of a chunk is held at once: text with no sentence end is cut by
    # force (at a gap the glossary cannot reach across) at 2 MB rather than 8.
    reader, result = TextReader(path, matcher=matcher, max_carry=2 * CHUNK_CHARS), FileResult(path)
    matcher = matcher_for(matcher, mode)
    before, after, offset = [], [], 0
    keep = None if on_findings is not None else 0
    for chunk in reader.stream_chunks(handle):
        if fixed is not None and not offset:
            fixed.write(reader.encoding.bom)
        done = fix_chunk(chunk, matcher, keep)
        result.omitted += done.count
        result.suggestions += done.suggestions
        if on_findings is not None and done.examples:
            on_findings([f.shifted(offset, result.segments) for f in done.examples])
        if fixed is not None:
            fixed.write(done.text.encode(reader.encoding.codec))
        if mode is Mode.DIFF:
            before.append(chunk)
            after.append(done.text)
        offset += len(chunk)
        result.segments += chunk.count("\n")
    if fixed is not None and not offset:
        fixed.write(reader.encoding.bom)  # an empty stream, or only a BOM
    if mode is Mode.DIFF:
        result.before, result.after = "".join(before), "".join(after)
    return result
