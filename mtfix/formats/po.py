"""Gettext PO/POT: each non-empty ``msgstr`` (and ``msgstr[N]``) is a segment, its
``msgid`` (``msgid_plural`` for N >= 1) the source.

The file is read with a small strict lexer that keeps the position of every
quoted string, so a fix rewrites only the strings whose text changed; the
header, comments, obsolete entries and line wrapping stay as they were.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from mtfix.errors import InputError
from mtfix.formats.base import Segment
from mtfix.formats.spans import Piece, SpanDocument, line_and_column
from mtfix.formats.text import Encoding, decode_bytes, read_file_bytes, sniff_encoding

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+(?=\")")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*\r?$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_UNESCAPE = re.compile(r"\\(.)")
# The header's declared charset; "CHARSET" is the placeholder of a fresh .pot.
_CHARSET = re.compile(rb"Content-Type:[^\"\n]*charset=([A-Za-z0-9._-]+)")


def _unescape(raw: str, path: str, line: int) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) not in _ESCAPES:
            raise InputError(f"unknown escape \\{m.group(1)} in a string", path, line)
        return _ESCAPES[m.group(1)]

    return _UNESCAPE.sub(one, raw)


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t").replace("\r", "\\r"))


@dataclass
class Entry:
    line: int = 0  # line of the first keyword
    fields: dict[str, list[Piece]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def text(self, key: str) -> str:
        return "".join(p.text for p in self.fields.get(key, ()))


class _Lexer:
    def __init__(self, text: str, path: str):
        self.text, self.path = text, path
        self.entries: list[Entry] = []
        self.entry: Entry | None = None
        self.key = ""

    def error(self, message: str, line: int) -> InputError:
        return InputError(message, self.path, line)

    def string(self, line: str, at: int, start: int, number: int) -> Piece:
        m = _STRING.match(line, at)
        if m is None:
            raise self.error("expected a quoted string ending the line", number)
        return Piece(start + m.start(1), start + m.end(1), _unescape(m.group(1), self.path, number), escape)

    def keyword(self, line: str, start: int, number: int) -> None:
        m = _KEYWORD.match(line)
        if m is None:
            raise self.error(f"unexpected text: {line.strip()[:40]!r}", number)
        key = m.group(1)
        if self.entry is None or key in ("msgctxt", "msgid") and _has_msgid_or_str(self.entry):
            self.finish(number)
            self.entry = Entry(number)
        if key in self.entry.fields:
            raise self.error(f"{key} appears twice in one entry", number)
        self.key = key
        self.entry.fields[key] = [self.string(line, m.end(), start, number)]
        self.entry.lines[key] = number

    def feed(self, line: str, start: int, number: int) -> None:
        body = line.strip()
        if not body:
            self.finish(number)
        elif body.startswith("#"):
            if self.entry is not None and self.entry.fields:
                self.finish(number)
        elif body.startswith('"'):
            if self.entry is None or not self.key:
                raise self.error("a string continues nothing", number)
            offset = line.index('"')
            self.entry.fields[self.key].append(self.string(line, offset, start, number))
        else:
            self.keyword(line, start, number)

    def finish(self, number: int) -> None:
        entry, self.entry, self.key = self.entry, None, ""
        if entry is None or not entry.fields:
            return
        if "msgid" not in entry.fields:
            raise self.error("an entry without msgid", entry.line)
        if not any(k.startswith("msgstr") for k in entry.fields):
            raise self.error("msgid without msgstr", entry.line)
        if "msgid_plural" in entry.fields and "msgstr" in entry.fields:
            raise self.error("a plural entry needs msgstr[N], not msgstr", entry.lines["msgstr"])
        self.entries.append(entry)


def _has_msgid_or_str(entry: Entry) -> bool:
    return any(k == "msgid" or k.startswith("msgstr") for k in entry.fields)


def parse(text: str, path: str) -> list[Entry]:
    lexer = _Lexer(text, path)
    start = 0
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        lexer.feed(line.rstrip("\n"), start, number)
        start += len(line)
    lexer.finish(text.count("\n") + 1)
    return lexer.entries


def _segments(entry: Entry, text: str) -> list[tuple[Segment, list[Piece]]]:
    out = []
    for key, pieces in entry.fields.items():
        if not key.startswith("msgstr"):
            continue
        target = "".join(p.text for p in pieces)
        if not target or entry.text("msgid") == "" and "msgctxt" not in entry.fields:
            continue  # untranslated, or the header
        source = entry.text("msgid" if key == "msgstr" or key.endswith("[0]") else "msgid_plural")
        ref = f"line {entry.line}" + ("" if key == "msgstr" else f" {key}")
        used = [p for p in pieces if p.text] or pieces
        line, column = line_and_column(text, used[0].start)
        segment = Segment(target, source=source, ref=ref, line=line, column=column)
        out.append((segment, used))
    return out


def decode_po(data: bytes, path: str) -> tuple[str, Encoding]:
    """The file's text, in the charset its header declares (gettext's rule) unless a BOM says otherwise."""
    declared = _CHARSET.search(data[:8192])
    if sniff_encoding(data[:4]).bom or declared is None or declared.group(1).upper() == b"CHARSET":
        return decode_bytes(data, path)
    line = data.count(b"\n", 0, declared.start()) + 1
    name = declared.group(1).decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise InputError(f"unknown charset {name!r} in the header", path, line) from None
    if codec == "utf-8":
        return decode_bytes(data, path)
    try:
        return data.decode(codec), Encoding(codec)
    except UnicodeDecodeError as exc:
        at = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"cannot decode as {name}, the charset the header declares", path, at) from None


def load(path: str) -> SpanDocument:
    text, encoding = decode_po(read_file_bytes(path), path)
    parts = [part for entry in parse(text, path) for part in _segments(entry, text)]
    return SpanDocument(path, text, encoding, [s for s, _ in parts], [p for _, p in parts])
