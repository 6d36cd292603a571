"""A plain-text target with a line-aligned source file (``--source FILE.zh.txt``).

Line N of the source is the evidence for line N of the target; each target
line is a segment. Both files must have the same number of lines.
"""

from __future__ import annotations

from pathlib import Path

from mtfix.errors import InputError
from mtfix.formats.base import Segment
from mtfix.formats.spans import Piece, SpanDocument
from mtfix.formats.text import decode_bytes, read_file_bytes


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, line breaks excluded."""
    spans, start = [], 0
    while start < len(text):
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        content_end = stop - 1 if stop > start and text[stop - 1] == "\r" else stop
        spans.append((start, content_end))
        start = stop + 1
    return spans


def _plain_text_only(path: str) -> None:
    """A bilingual or corpus file has its own source: line-aligning it would edit its markup."""
    from mtfix.formats import HANDLERS

    suffix = Path(path).suffix.lower()
    if suffix in HANDLERS:
        hint = " (use --source-field)" if suffix in (".jsonl", ".parquet") else ""
        raise InputError(f"--source is for a plain-text translation; a {suffix} file carries "
                         f"its own source{hint}", path)


def load(path: str, source_path: str) -> SpanDocument:
    _plain_text_only(path)
    text, encoding = decode_bytes(read_file_bytes(path), path)
    source_text, _ = decode_bytes(read_file_bytes(source_path), source_path)
    lines, sources = _lines(text), _lines(source_text)
    if len(lines) != len(sources):
        raise InputError(f"has {len(lines)} lines but its source {source_path} has {len(sources)}; "
                         "--source needs a line-aligned file", path)
    segments, slots = [], []
    for number, ((start, end), (s_start, s_end)) in enumerate(zip(lines, sources, strict=True), 1):
        segments.append(Segment(text[start:end], source=source_text[s_start:s_end],
                                ref=f"line {number}", line=number))
        slots.append([Piece(start, end, text[start:end])])
    return SpanDocument(path, text, encoding, segments, slots)
