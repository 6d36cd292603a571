"""JSON Lines corpora (``.jsonl``; ``.jsonl.gz``/``.jsonl.zst`` through staging).

One object per line, streamed. A record whose target does not change is
written back byte for byte; a changed one is re-serialised with its key order,
in the style its line was written in (spacing, non-ASCII text raw or escaped;
raw when in doubt). Findings are reported at the record's line and the
character position in its target text.
"""

from __future__ import annotations

import contextlib
import json
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

# (ensure_ascii, separators) in the order tried when matching a line's style.
_STYLES: tuple[tuple[bool, tuple[str, str]], ...] = (
    (False, (", ", ": ")), (False, (",", ":")), (True, (", ", ": ")), (True, (",", ":")))


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
        record = json.loads(body)
    except UnicodeDecodeError:
        raise InputError("cannot decode as UTF-8", path, line) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", path, line) from None
    if not isinstance(record, dict):
        raise InputError("not a JSON object", path, line)
    return record


def serialise(record: dict[str, Any], original: dict[str, Any], body: bytes) -> bytes:
    """``record`` written the way ``original`` was written on its line ``body``."""
    text = body.decode("utf-8").strip()
    for ascii_only, separators in _STYLES:
        if json.dumps(original, ensure_ascii=ascii_only, separators=separators) == text:
            return json.dumps(record, ensure_ascii=ascii_only, separators=separators).encode("utf-8")
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def fix_line(raw: bytes, matcher: Matcher, fields: Fields, path: str, line: int) -> tuple[bytes, list[Any]]:
    """One line fixed (the same bytes when nothing changed) and its findings."""
    body, end = split_line(raw)
    record = parse_record(body, path, line)
    if record is None:
        return raw, []
    fixed, found = fix_record(record, fields, matcher, path, line)
    if fixed is None:
        return raw, []
    return serialise(fixed, record, body) + end, found


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
