"""Tab-separated bilingual files: ``source<TAB>target`` per line, further columns kept.

Blank lines are skipped; a non-blank line without a tab is an error. Only the
second column is ever rewritten.
"""

from __future__ import annotations

import re

from mtfix.errors import InputError
from mtfix.formats.base import Segment
from mtfix.formats.spans import Piece, SpanDocument
from mtfix.formats.text import decode_bytes, read_file_bytes

_LINE = re.compile(r"[^\n]*\n?")


def _target_span(line: str, start: int) -> tuple[int, int, str]:
    """Offsets of the line's source column end and its target column."""
    body = line.rstrip("\r\n")
    tab = body.index("\t")
    stop = body.find("\t", tab + 1)
    stop = len(body) if stop < 0 else stop
    return start + tab, start + stop, body[:tab]


def load(path: str) -> SpanDocument:
    text, encoding = decode_bytes(read_file_bytes(path), path)
    segments, slots = [], []
    start = 0
    for number, m in enumerate(_LINE.finditer(text), 1):
        line = m.group()
        if not line:
            break
        if line.strip("\r\n\t "):
            if "\t" not in line:
                raise InputError("no tab on this line: a TSV line is source<TAB>target", path, number)
            tab, stop, source = _target_span(line, start)
            target = text[tab + 1:stop]
            segments.append(Segment(target, source=source, ref=f"line {number}", line=number,
                                    column=tab - start + 2))
            slots.append([Piece(tab + 1, stop, target)])
        start = m.end()
    return SpanDocument(path, text, encoding, segments, slots)
