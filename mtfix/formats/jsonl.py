"""JSON Lines corpora (``.jsonl``; ``.jsonl.gz``/``.jsonl.zst`` through staging).

One object per line, streamed. A record whose target does not change is
written back byte for byte; in a changed one only the bytes of the target
string change: the new text is spliced in at the exact span of the target's
value (the last one when a key is repeated, as ``json.loads`` reads it), so
numbers such as ``1e999`` or ``1.10``, duplicate keys, key order, spacing and
every other escape stay as written. Findings are reported at the record's
line and the character position in its target text.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from mtfix.engine import Matcher
from mtfix.errors import InputError
from mtfix.formats.atomic import AtomicOutput
from mtfix.formats.records import Fields, fix_record
from mtfix.formats.text import open_input

if TYPE_CHECKING:
    from mtfix.batch import FileResult, Mode

TAKES_FIELDS = True

_SPACE = re.compile(rb"[ \t\r\n]*")  # JSON's whitespace, and nothing else
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NESTING = re.compile(rb'["\[\]{}]')
_SCALAR_END = re.compile(rb"[ \t\r\n,\]}]")
# An escape in a JSON string, each one character: a surrogate pair, \\uXXXX, or \\n, \\/...
_ESCAPE = r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\."
_ESCAPES = re.compile(_ESCAPE, re.S)
_CHUNKS = re.compile(_ESCAPE + r"|[^\\]+", re.S)  # escapes and runs of plain characters
_HEX_DIGITS = re.compile(rb"\\u([0-9a-fA-F]{4})")
_SURROGATE = re.compile("[\ud800-\udfff]")


def split_line(raw: bytes) -> tuple[bytes, bytes]:
    """The line's content and its terminator (``\\n``, ``\\r\\n`` or nothing)."""
    if raw.endswith(b"\r\n"):
        return raw[:-2], b"\r\n"
    if raw.endswith(b"\n"):
        return raw[:-1], b"\n"
    return raw, b""


def parse_record(body: bytes, path: str, line: int) -> dict[str, Any] | None:
    """The object on one line; None for a blank line."""
    if line == 1 and body.startswith(b"\xef\xbb\xbf"):
        raise InputError("starts with a byte-order mark; JSON Lines files are plain UTF-8", path, line)
    if not body.strip():
        return None
    try:
        record = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError("cannot decode as UTF-8", path, line) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", path, line) from None
    except ValueError as exc:  # an integer longer than sys.get_int_max_str_digits()
        raise InputError(f"cannot read a number: {str(exc).split(':')[0]}", path, line) from None
    except RecursionError:
        raise InputError("arrays or objects nested too deeply to read", path, line) from None
    if not isinstance(record, dict):
        raise InputError("not a JSON object", path, line)
    return record


def _skip_value(body: bytes, pos: int) -> int:
    """The end of the (valid) JSON value starting at ``pos``; iterative, so any depth is fine."""
    first = body[pos:pos + 1]
    if first == b'"':
        return _STRING.match(body, pos).end()  # type: ignore[union-attr]
    if first not in (b"[", b"{"):
        found = _SCALAR_END.search(body, pos)
        return found.start() if found else len(body)
    depth = 0
    while True:
        m = _NESTING.search(body, pos)
        assert m is not None, "json.loads accepted an unclosed value"
        if m.group() == b'"':
            pos = _STRING.match(body, m.start()).end()  # type: ignore[union-attr]
            continue
        depth += 1 if m.group() in (b"[", b"{") else -1
        pos = m.end()
        if depth == 0:
            return pos


def target_span(body: bytes, name: str) -> tuple[int, int]:
    """Where the value of top-level key ``name`` sits in a valid JSON object's bytes,
    quotes included: its last occurrence, the one ``json.loads`` keeps."""
    pos, span = _SPACE.match(body, 0).end() + 1, None  # type: ignore[union-attr]
    while True:
        pos = _SPACE.match(body, pos).end()  # type: ignore[union-attr]
        if body[pos:pos + 1] == b"}":
            break
        key_end = _STRING.match(body, pos).end()  # type: ignore[union-attr]
        key = json.loads(body[pos:key_end].decode("utf-8"))
        pos = _SPACE.match(body, _SPACE.match(body, key_end).end() + 1).end()  # type: ignore[union-attr]
        end = _skip_value(body, pos)
        if key == name:
            span = (pos, end)
        pos = _SPACE.match(body, end).end()  # type: ignore[union-attr]
        pos += body[pos:pos + 1] == b","
    if span is None:
        raise ValueError(f"no key {name!r} in the record")
    return span


def _unit_text(unit: str) -> str:
    return unit if len(unit) == 1 else json.loads(f'"{unit}"')


class _StringStyle:
    """How one JSON string was written: characters it escaped though JSON does not need
    to (``\\/``, ``\\u003c``), whether non-ASCII text is escaped and in which hex case."""

    def __init__(self, raw: str, line_escaped: bool):
        escapes = _ESCAPES.findall(raw)
        plain = _ESCAPES.sub("", raw)
        self.forms: dict[str, str] = {}
        for escape in escapes:
            self.forms.setdefault(_unit_text(escape), escape)
        for char in [c for c in self.forms if c in plain]:
            del self.forms[char]  # written raw somewhere too: raw is fine
        self.plain_forms = str.maketrans(self.forms)
        wide_escaped = any(not _unit_text(e).isascii() for e in escapes)
        self.escaped = plain.isascii() and (wide_escaped or line_escaped)  # raw when any was raw
        digits = "".join(e[2:] for e in escapes if e.startswith("\\u"))
        self.upper = any(c in "ABCDEF" for c in digits) and not any(c in "abcdef" for c in digits)

    def _form(self, escape: str) -> str:
        form = self.forms.get(_unit_text(escape), escape)
        return "\\u" + form[2:].upper() if self.upper and form.startswith("\\u") else form

    def write(self, text: str) -> str:
        dumped = json.dumps(text, ensure_ascii=self.escaped)[1:-1]
        return "".join(chunk.translate(self.plain_forms) if chunk[0] != "\\" else self._form(chunk)
                       for chunk in _CHUNKS.findall(dumped))


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by halving (slice comparisons run in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _raw_offset(raw: str, escapes: list[re.Match[str]], index: int) -> int:
    """Where character ``index`` of the string's text starts in ``raw`` (each escape is one character)."""
    pos = count = 0
    for m in escapes:
        if count + m.start() - pos >= index:
            break
        count += m.start() - pos + 1
        pos = m.end()
    return pos + index - count


def rewrite_string(raw: str, new: str, line_escaped: bool = False) -> str:
    """The content of a JSON string written as ``raw`` (between its quotes), changed to
    mean ``new``: the unchanged start and end keep their bytes, the middle is written in
    the string's own style."""
    old = json.loads(f'"{raw}"')
    head = _common_prefix(old, new)
    tail = _common_prefix(old[head:][::-1], new[head:][::-1])
    escapes = list(_ESCAPES.finditer(raw))
    start, end = _raw_offset(raw, escapes, head), _raw_offset(raw, escapes, len(old) - tail)
    return raw[:start] + _StringStyle(raw, line_escaped).write(new[head:len(new) - tail]) + raw[end:]


def _line_escaped(body: bytes) -> bool:
    """Non-ASCII text on the line is written as escapes, never raw (ensure_ascii style)."""
    return body.isascii() and any(int(h, 16) >= 0x80 for h in _HEX_DIGITS.findall(body))


def splice_target(body: bytes, name: str, new: str) -> bytes:
    """``body`` (one valid JSON object) with the string value of ``name`` changed to
    ``new``; no byte outside that string's quotes moves."""
    start, end = target_span(body, name)
    raw = body[start + 1:end - 1].decode("utf-8")
    written = rewrite_string(raw, new, _line_escaped(body)).encode("utf-8")
    return body[:start + 1] + written + body[end - 1:]


def _refuse_surrogates(value: str, name: str, path: str, line: int) -> None:
    """A lone surrogate (``"\\ud800"``) is not text: it cannot be shown or written as UTF-8."""
    found = _SURROGATE.search(value)
    if found:
        raise InputError(f"field '{name}' holds a lone surrogate escape \\u{ord(found.group()):04x}, "
                         "which is not text; mtfix leaves such records to be repaired by hand", path, line)


def fix_line(raw: bytes, matcher: Matcher, fields: Fields, path: str, line: int) -> tuple[bytes, list[Any]]:
    """One line fixed (the same bytes when nothing changed) and its findings."""
    body, end = split_line(raw)
    record = parse_record(body, path, line)
    if record is None:
        return raw, []
    fixed, found = fix_record(record, fields, matcher, path, line)
    if fixed is None:
        return raw, []
    name = fields.target_in(record, path, line)
    _refuse_surrogates(record[name], name, path, line)
    return splice_target(body, name, str(fixed[name])) + end, found


def _lines(path: str) -> Iterator[bytes]:
    with open_input(path) as handle:
        yield from handle


def process(path: str, matcher: Matcher, mode: Mode, fields: Fields) -> FileResult:
    """Check or fix one JSONL file, streaming; written atomically, and only if changed."""
    from mtfix.batch import FileResult, Mode

    result = FileResult(path)
    before: list[bytes] = []
    after: list[bytes] = []
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(AtomicOutput(path)) if mode is Mode.FIX else None
        for number, raw in enumerate(_lines(path), 1):
            fixed, found = fix_line(raw, matcher, fields, path, number)
            result.add_findings(found, mode)
            result.segments += 1
            if out is not None:
                out.write(fixed)
            if mode is Mode.DIFF:
                before.append(raw)
                after.append(fixed)
        if out is not None and not result.count:
            out.discard()
    if mode is Mode.DIFF:
        result.before, result.after = b"".join(before).decode("utf-8"), b"".join(after).decode("utf-8")
    return result
