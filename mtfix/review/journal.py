"""A file's review decisions on disk: a snapshot and an append-only journal since it.

``.mtfix/NAME.review.json`` (the snapshot, the format mtfix has always written)
holds the decisions as of its last compaction; ``.mtfix/NAME.review.jsonl``
(the journal) holds one JSON line per decision since: the records the decision
changed, each with its status now (``pending``: no decision any more, as after
an undo). A decision costs one append and one fsync however many came before;
the session layer compacts the journal into a new snapshot when it grows, at
``q`` and after a failed save. The journal's first line names the snapshot it
follows (its ``generation``), so a journal left beside a newer snapshot by a
crash during compaction is ignored; a torn last line (a crash during an append)
is ignored too. Both files go through ``store``: no links, no FIFOs, atomic
snapshots.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from mtfix.errors import InputError, MtfixError
from mtfix.model import KIND_VARIANT
from mtfix.review.store import append_journal, read_session, remove_session, write_session

SESSION_DIR = ".mtfix"
SESSION_VERSION = 1
JOURNAL_VERSION = 1
PENDING = "pending"  # a journal record's status when a decision was undone

Record = dict[str, str | int]
Key = tuple[object, ...]

_TEXT_FIELDS = ("term", "variant", "before", "after", "status")
_MAX_ORDINAL = 1 << 31


@dataclass
class Stored:
    """What a file's session holds: its records, its snapshot's generation, whether a journal was read."""

    records: list[Record]
    generation: str | None = None
    journal: bool = False


def session_path(path: str) -> Path:
    """Where the decisions on the file ``path`` are kept: beside it, in ``.mtfix``."""
    target = Path(os.path.realpath(path))
    return target.parent / SESSION_DIR / f"{target.name}.review.json"


def journal_path(session: Path) -> Path:
    return session.with_name(session.name + "l")  # NAME.review.json -> NAME.review.jsonl


def record_key(record: Record) -> Key:
    """What a record is about: the anchor and which occurrence of it."""
    return (record["term"], record["variant"], record["before"], record["after"],
            record.get("kind", KIND_VARIANT), record.get("ordinal"))


def read_stored(session: Path) -> Stored:
    """The records of ``session`` with its journal applied (a malformed file: ``InputError``)."""
    raw = read_session(session)
    snapshot = _parsed(raw, session) if raw is not None else {"decisions": []}
    generation = snapshot.get("generation") if isinstance(snapshot.get("generation"), str) else None
    by_key: dict[Key, list[Record]] = {}
    for record in snapshot["decisions"]:
        by_key.setdefault(record_key(record), []).append(record)
    journal = journal_path(session)
    raw = read_session(journal)
    if raw is not None:
        for record in _journal_records(raw, journal, generation):
            if record["status"] == PENDING:
                by_key.pop(record_key(record), None)
            else:
                by_key[record_key(record)] = [record]
    records = [r for group in by_key.values() for r in group]
    return Stored(records, generation, raw is not None)


def _parsed(raw: bytes, path: Path) -> dict:
    """The snapshot in ``raw``, checked."""
    try:
        return _snapshot(json.loads(raw.decode("utf-8")))
    except (ValueError, RecursionError) as exc:  # bad JSON, bad UTF-8, 5,000-digit numbers, deep nesting
        raise _malformed(exc, path) from None


def _malformed(exc: Exception, path: Path, line: int | None = None) -> InputError:
    detail = str(exc) if isinstance(exc, ValueError) else "nested too deep"
    line = exc.lineno if isinstance(exc, json.JSONDecodeError) and line is None else line
    return InputError(f"malformed review session ({detail[:200]}); move it away to start "
                      "this file's review afresh", str(path), line)


def _snapshot(data: object) -> dict:
    """A snapshot, each record checked for the fields and types mtfix writes."""
    if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
        raise ValueError('not an object with a "decisions" list')
    if data.get("version", SESSION_VERSION) != SESSION_VERSION:
        raise ValueError("written by another version of mtfix")
    check_records(data["decisions"])
    return data


def check_records(records: list[object]) -> None:
    for n, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise ValueError(f"decision {n} is not an object")
        for key in (*_TEXT_FIELDS, "kind"):
            value = record.get(key, KIND_VARIANT if key == "kind" else None)
            if not isinstance(value, str) or not _encodable(value):
                raise ValueError(f'decision {n}: "{key}" is missing or not a string')
        ordinal = record.get("ordinal")
        if ordinal is not None and (type(ordinal) is not int or not 0 <= ordinal < _MAX_ORDINAL):
            raise ValueError(f'decision {n}: "ordinal" is not a small whole number')
        replacement = record.get("replacement", "")
        if not isinstance(replacement, str) or not _encodable(replacement):
            raise ValueError(f'decision {n}: "replacement" is not a string')


def _encodable(text: str) -> bool:
    """False for a lone surrogate (a JSON escape such as ``\\ud800``), which no file can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _journal_records(raw: bytes, path: Path, generation: str | None) -> list[Record]:
    """The journal's records in order; none if it follows another snapshot than ``generation``."""
    lines = raw.split(b"\n")
    lines.pop()  # after the last newline: empty, or a line torn by a crash
    out: list[Record] = []
    for number, line in enumerate(lines, 1):
        try:
            data = json.loads(line.decode("utf-8"))
            if number == 1:
                if not isinstance(data, dict) or data.get("journal") != JOURNAL_VERSION:
                    raise ValueError("not a review journal mtfix wrote")
                if data.get("generation") != generation:
                    return []  # left beside a newer snapshot: already in it
                continue
            if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
                raise ValueError('not an object with a "decisions" list')
            check_records(data["decisions"])
        except (ValueError, RecursionError) as exc:
            raise _malformed(exc, path, number) from None
        out.extend(data["decisions"])
    return out


def encode_snapshot(file_name: str, records: list[Record], generation: str) -> bytes:
    data = {"version": SESSION_VERSION, "file": file_name, "generation": generation, "decisions": records}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def compact(session: Path, file_name: str, records: list[Record]) -> str | None:
    """Replace the snapshot with ``records`` and drop the journal; returns the new
    generation (None: no records, the session is removed).

    With no records the session is removed, after an empty snapshot of a new generation
    has made any journal stale (a crash in between must not bring it back)."""
    generation = secrets.token_hex(8)
    journal = journal_path(session)
    if records or os.path.lexists(journal):
        write_session(session, encode_snapshot(file_name, records, generation))
        remove_session(journal)
    if not records:
        remove_session(session)
        return None
    return generation


def forget(session: Path) -> None:
    """Remove the journal if possible (its records no longer fit the file); never raises."""
    with contextlib.suppress(MtfixError):
        remove_session(journal_path(session))


def append(session: Path, records: list[Record], new: bool = False, generation: str | None = None) -> None:
    """Append one decision's ``records`` to the journal; ``new`` starts the journal afresh
    with a header naming the snapshot's ``generation`` (None: there is none)."""
    line = json.dumps({"decisions": records}, ensure_ascii=False) + "\n"
    if new:
        line = json.dumps({"journal": JOURNAL_VERSION, "generation": generation}) + "\n" + line
    append_journal(session, journal_path(session), line.encode("utf-8"), fresh=new)
