"""Run the engine over files: check, fix in place, diff, or dry-run.

This is the layer between the pure engine and the CLI: it reads and writes
files (through ``formats``) and returns one ``FileResult`` per file; it never
prints.
"""

from __future__ import annotations

import contextlib
import enum
from dataclasses import dataclass, field

from mtfix.engine import Matcher, fix_text
from mtfix.errors import MtfixError
from mtfix.formats import handler_for
from mtfix.formats.base import Document, Segment, place_finding
from mtfix.formats.text import AtomicWriter, TextReader, decode_bytes, encode_text
from mtfix.model import Finding


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

    @property
    def changed(self) -> bool:
        return bool(self.findings) and self.error is None


def _process_text(path: str, matcher: Matcher, mode: Mode) -> FileResult:
    result = FileResult(path)
    reader = TextReader(path)
    keep = mode is Mode.DIFF
    before, after = [], []
    offset = 0
    with contextlib.ExitStack() as stack:
        writer = None
        for chunk in reader.chunks():
            fixed, found = fix_text(chunk, matcher)
            if mode is Mode.FIX:
                if writer is None:
                    writer = stack.enter_context(AtomicWriter(path, reader.encoding))
                writer.write(fixed)
            if keep:
                before.append(chunk)
                after.append(fixed)
            result.findings.extend(f.shifted(offset, reader.line) for f in found)
            offset += len(chunk)
        if writer is not None and not result.findings:
            writer.discard()
    if keep:
        result.before, result.after = "".join(before), "".join(after)
    return result


def fix_segment(segment: Segment, matcher: Matcher) -> tuple[str, list[Finding]]:
    """Fix one segment's target; findings are placed at file line and column."""
    fixed, found = fix_text(segment.target, matcher)
    return fixed, [place_finding(segment, f) for f in found]


def process_document(document: Document, matcher: Matcher, mode: Mode) -> FileResult:
    """Check or fix a document read whole (bilingual and structured formats)."""
    result = FileResult(document.path)
    targets = []
    for segment in document.segments:
        fixed, found = fix_segment(segment, matcher)
        targets.append(fixed)
        result.findings.extend(found)
    if mode is Mode.FIX and result.findings:
        document.write(targets)
    if mode is Mode.DIFF:
        result.before, result.after = document.original(), document.render(targets)
    return result


def process_file(path: str, matcher: Matcher, mode: Mode) -> FileResult:
    """Check or fix one file; errors are returned in the result, never raised."""
    try:
        handler = handler_for(path)
        if handler is None:
            return _process_text(path, matcher, mode)
        if hasattr(handler, "process"):
            return handler.process(path, matcher, mode)
        return process_document(handler.load(path), matcher, mode)
    except MtfixError as exc:
        return FileResult(path, error=exc)


def fix_bytes(data: bytes, matcher: Matcher, path: str = "<stdin>") -> tuple[bytes, list[Finding]]:
    """Fix a whole in-memory file (stdin), keeping its encoding and BOM."""
    text, encoding = decode_bytes(data, path)
    fixed, findings = fix_text(text, matcher)
    return (encode_text(fixed, encoding) if findings else data), findings
