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
from mtfix.formats.spans import LineIndex, Piece, SpanDocument
from mtfix.formats.text import Encoding, decode_bytes, read_file_bytes, sniff_encoding

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+(?=\")")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*\r?$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
# A C escape: octal (up to three digits) and hex (any number) stand for bytes of the charset.
_UNESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]+)|(.))", re.S)
_WRITTEN = {v: "\\" + k for k, v in _ESCAPES.items()}  # how msgcat writes these characters
# The header entry (msgid "") and its msgstr with continuation strings: where gettext looks for the charset.
_HEADER = re.compile(rb'^msgid[ \t]+""[ \t]*\r?\nmsgstr[ \t]+"[^\n]*(?:\n[ \t]*"[^\n]*)*', re.M)
# "charset=" as gettext and translate-toolkit find it: lower case, spaces allowed after "=" ("charset= koi8-r"),
# the name in any case, ending at a space or the string's "\n"; "CHARSET" is the placeholder of a fresh .pot.
_CHARSET = re.compile(rb'charset=[ \t]*([^\s"\\]+)')
# Codecs Python calls text encodings that are no charset a PO file can be in.
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode"})


def _escaped_bytes(codes: list[str], codec: str, path: str, line: int) -> str:
    """Numeric escapes are bytes in the file's charset: ``\\303\\251`` is "é" in UTF-8."""
    values = [int(c[1:], 8) if c[1] in "01234567" else int(c[2:], 16) for c in codes]
    if max(values) < 0x80:  # ASCII, the same in every charset gettext reads
        return "".join(map(chr, values))
    try:
        return bytes(values).decode(codec)
    except ValueError:  # a value over 255, or bytes the charset cannot decode
        raise InputError(f"escapes {''.join(codes)} are not {codec} text", path, line) from None


def _unescape(raw: str, path: str, line: int, codec: str = "utf-8") -> str:
    out: list[str] = []
    codes: list[str] = []  # numeric escapes not yet decoded: a character may take several
    pos = 0
    for m in _UNESCAPE.finditer(raw):
        if m.start() > pos or m.group(3) is not None:
            out.append(_escaped_bytes(codes, codec, path, line) if codes else "")
            codes = []
        out.append(raw[pos:m.start()])
        if m.group(3) is None:
            codes.append(m.group())
        elif m.group(3) in _ESCAPES:
            out.append(_ESCAPES[m.group(3)])
        else:
            raise InputError(f"unknown escape {m.group()} in a string", path, line)
        pos = m.end()
    if codes:
        out.append(_escaped_bytes(codes, codec, path, line))
    out.append(raw[pos:])
    return "".join(out)


def _marks(raw: str, codec: str) -> list[tuple[int, int]]:
    """(offset in the decoded text, offset in ``raw``) just after each escape, where
    the two part: a finding is reported at its column in the file, not in the text."""
    marks: list[tuple[int, int]] = []
    codes: list[str] = []
    decoded = pos = 0
    for m in _UNESCAPE.finditer(raw):
        if codes and (m.start() > pos or m.group(3) is not None):
            decoded += len(_escaped_bytes(codes, codec, "", 0))
            marks.append((decoded, pos))
            codes = []
        decoded += m.start() - pos
        if m.group(3) is None:
            codes.append(m.group())
        else:
            decoded += 1
            marks.append((decoded, m.end()))
        pos = m.end()
    if codes:
        marks.append((decoded + len(_escaped_bytes(codes, codec, "", 0)), pos))
    return marks


def escape(text: str) -> str:
    return "".join(_WRITTEN.get(char, char) for char in text)


@dataclass
class Entry:
    line: int = 0  # line of the first keyword
    flags: frozenset[str] = frozenset()  # of the "#," comment lines before it: fuzzy, c-format...
    fields: dict[str, list[Piece]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def text(self, key: str) -> str:
        return "".join(p.text for p in self.fields.get(key, ()))


class _Lexer:
    def __init__(self, text: str, path: str, codec: str = "utf-8"):
        self.text, self.path, self.codec = text, path, codec
        self.entries: list[Entry] = []
        self.entry: Entry | None = None
        self.key = ""
        self.flags: set[str] = set()  # read from "#," lines, for the entry that comes next

    def error(self, message: str, line: int) -> InputError:
        return InputError(message, self.path, line)

    def string(self, line: str, at: int, start: int, number: int) -> Piece:
        m = _STRING.match(line, at)
        if m is None:
            raise self.error("expected a quoted string ending the line", number)
        return Piece(start + m.start(1), start + m.end(1), _unescape(m.group(1), self.path, number, self.codec),
                     escape)

    def keyword(self, line: str, start: int, number: int) -> None:
        m = _KEYWORD.match(line)
        if m is None:
            raise self.error(f"unexpected text: {line.strip()[:40]!r}", number)
        key = m.group(1)
        if self.entry is None or key in ("msgctxt", "msgid") and _has_msgid_or_str(self.entry):
            self.finish(number)
            self.entry = Entry(number, frozenset(self.flags))
            self.flags = set()
        if key in self.entry.fields:
            raise self.error(f"{key} appears twice in one entry", number)
        self.key = key
        self.entry.fields[key] = [self.string(line, m.end(), start, number)]
        self.entry.lines[key] = number

    def feed(self, line: str, start: int, number: int) -> None:
        body = line.strip()
        if not body:
            self.finish(number)
            self.flags = set()
        elif body.startswith("#"):
            if self.entry is not None and self.entry.fields:
                self.finish(number)
            if body.startswith("#,"):
                self.flags.update(flag.strip() for flag in body[2:].split(","))
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


def parse(text: str, path: str, codec: str = "utf-8") -> list[Entry]:
    """The entries of a PO file's text; ``codec`` decodes the bytes its numeric escapes stand for."""
    lexer = _Lexer(text, path, codec)
    start = 0
    # Lines end at "\n" only: a form feed or U+2028 inside a string is part of it.
    for number, line in enumerate(text.split("\n"), 1):
        lexer.feed(line, start, number)
        start += len(line) + 1
    lexer.finish(text.count("\n") + 1)
    return lexer.entries


def _anchors(pieces: list[Piece], text: str, lines: LineIndex, codec: str) -> tuple[tuple[int, int, int], ...]:
    """Where each string after the first starts in the file, and where an escape
    (two or more characters in the file, one in the target) moves the column on."""
    anchors: list[tuple[int, int, int]] = []
    base = 0
    for number, piece in enumerate(pieces):
        if number:
            anchors.append((base, *lines(piece.start)))
        if "\\" in text[piece.start:piece.end]:
            anchors += [(base + at, *lines(piece.start + raw))
                        for at, raw in _marks(text[piece.start:piece.end], codec)]
        base += len(piece.text)
    return tuple(anchors)


def _segments(entry: Entry, lines: LineIndex, skip_fuzzy: bool = False, text: str = "",
              codec: str = "utf-8") -> list[tuple[Segment, list[Piece]]]:
    out: list[tuple[Segment, list[Piece]]] = []
    if skip_fuzzy and "fuzzy" in entry.flags:
        return out
    flags = tuple(sorted(f for f in entry.flags if f.endswith("-format")))
    for key, pieces in entry.fields.items():
        if not key.startswith("msgstr"):
            continue
        target = "".join(p.text for p in pieces)
        if not target or entry.text("msgid") == "" and "msgctxt" not in entry.fields:
            continue  # untranslated, or the header
        source = entry.text("msgid" if key == "msgstr" or key.endswith("[0]") else "msgid_plural")
        ref = f"line {entry.line}" + ("" if key == "msgstr" else f" {key}")
        used = [p for p in pieces if p.text] or pieces
        line, column = lines(used[0].start)
        anchors = _anchors(used, text, lines, codec) if text else ()
        segment = Segment(target, source=source, ref=ref, line=line, column=column, anchors=anchors,
                          format_flags=flags)
        out.append((segment, used))
    return out


def decode_po(data: bytes, path: str) -> tuple[str, Encoding]:
    """The file's text, in the charset its header declares (gettext's rule) unless a BOM says otherwise."""
    header = _HEADER.search(data[:8192])
    declared = _CHARSET.search(data, header.start(), header.end()) if header else None
    if sniff_encoding(data[:4]).bom or declared is None or declared.group(1).upper() == b"CHARSET":
        return decode_bytes(data, path)
    line = data.count(b"\n", 0, declared.start()) + 1
    name = declared.group(1).decode("latin-1")  # any bytes: a name no codec has is refused below
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise InputError(f"unknown charset {name!r} in the header", path, line) from None
    codec = info.name
    if not info._is_text_encoding or codec in _NOT_CHARSETS:  # type: ignore[attr-defined]
        # rot13, hex, base64, zlib...: Python codecs, but no charset text can be written in
        raise InputError(f"charset {name!r} in the header is not a text encoding", path, line)
    if codec == "utf-8":
        return decode_bytes(data, path)
    try:
        return data.decode(codec), Encoding(codec)
    except UnicodeDecodeError as exc:
        at = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"cannot decode as {name}, the charset the header declares", path, at) from None


# ``batch`` hands this format ``--skip-fuzzy`` (``Fields.skip_fuzzy``).
READS_FUZZY = True


def load(path: str, skip_fuzzy: bool = False) -> SpanDocument:
    """The file's non-empty translations; ``skip_fuzzy``: without the entries marked fuzzy."""
    text, encoding = decode_po(read_file_bytes(path), path)
    lines = LineIndex(text)
    parts = [part for entry in parse(text, path, encoding.codec)
             for part in _segments(entry, lines, skip_fuzzy, text, encoding.codec)]
    return SpanDocument(path, text, encoding, [s for s, _ in parts], [p for _, p in parts])
