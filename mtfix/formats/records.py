"""Corpus records (a JSONL object, a Parquet row, a Dask bag item): which field
holds the target text, which the source, and fixing one record's target.

``Fields`` is built once from ``--field``/``--source-field`` and passed to
every corpus format. Without ``--field`` the target is the first of ``tgt``,
``target`` and ``text`` that the record has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from mtfix.engine import Matcher
from mtfix.errors import InputError
from mtfix.formats.base import Segment
from mtfix.model import Finding

DEFAULT_TARGETS = ("tgt", "target", "text")


@dataclass(frozen=True)
class Fields:
    target: str | None = None  # --field; None: the first of DEFAULT_TARGETS present
    source: str | None = None  # --source-field
    skip_fuzzy: bool = False  # --skip-fuzzy: which units of a PO file are targets (fuzzy ones or not)

    def target_in(self, names: Iterable[str], where: str, line: int | None = None) -> str:
        """The target field among ``names`` (a record's keys or a table's columns)."""
        names = list(names)
        if self.target is not None:
            if self.target not in names:
                raise InputError(f"no field '{self.target}' (fields: {', '.join(names)})", where, line)
            return self.target
        for name in DEFAULT_TARGETS:
            if name in names:
                return name
        raise InputError(f"no target field ({', '.join(DEFAULT_TARGETS)}); name it with --field",
                         where, line)

    def check_source_in(self, names: Iterable[str], where: str, line: int | None = None) -> None:
        """A named source field must be there: a misspelt one would silently drop all evidence."""
        names = list(names)
        if self.source is not None and self.source not in names:
            raise InputError(f"no source field '{self.source}' (fields: {', '.join(names)})", where, line)


def segment_for(target: str, source: object, line: int) -> Segment:
    return Segment(target, source if isinstance(source, str) else None, ref=f"line {line}", line=1)


def place_in_record(findings: list[Finding], line: int) -> list[Finding]:
    """Findings inside one record's target, reported at the record's line (1-based)
    and the character position in the target text (1-based)."""
    return [replace(f, line=line, column=f.start + 1) for f in findings]


def fix_value(value: str, source: object, matcher: Matcher, line: int) -> tuple[str, list[Finding]]:
    """Fix one record's target text; findings are placed at ``line``."""
    from mtfix.batch import fix_segment  # batch imports formats; formats import it lazily

    fixed, found = fix_segment(segment_for(value, source, line), matcher)
    return fixed, place_in_record(found, line)


def fix_record(record: Mapping[str, object], fields: Fields, matcher: Matcher,
               where: str = "<record>", line: int = 1) -> tuple[dict[str, object] | None, list[Finding]]:
    """The record with its target fixed (None when nothing changed) and the findings."""
    name = fields.target_in(record, where, line)
    value = record[name]
    if value is None:
        return None, []
    if not isinstance(value, str):
        raise InputError(f"field '{name}' is not a string", where, line)
    fields.check_source_in(record, where, line)
    source = record.get(fields.source) if fields.source else None
    fixed, found = fix_value(value, source, matcher, line)
    if not found:
        return None, []
    out = dict(record)
    out[name] = fixed
    return out, found
