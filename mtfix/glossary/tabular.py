"""Glossaries as CSV or TSV: the header ``source,preferred,variants,note``.

Further columns: ``accepted``, ``exceptions``, ``case_sensitive``, ``id``,
``ref`` (URLs), ``auto`` (empty means true) and ``context``.
List cells (variants, source, accepted, exceptions, ref, context) hold ``|``-separated
items (``\\|`` is a ``|`` inside an item, ``\\\\`` a backslash). Excel's
UTF-8 BOM is accepted on import and written on export, with
CRLF rows, so a double-click opens the export with its Chinese intact.
Rows with the same id and preferred form are merged (one row per variant is
a common termbase layout).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from mtfix.errors import InputError
from mtfix.glossary.dump import term_fields
from mtfix.glossary.load import term_problem
from mtfix.model import Glossary, Origin, Term, slugify

COLUMNS = ("source", "preferred", "variants", "note", "accepted", "exceptions", "case_sensitive", "id",
           "ref", "auto", "context")
_LISTS = ("source", "variants", "accepted", "exceptions", "ref", "context")
_TRUE, _FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}
SEPARATOR = "|"
_ITEM_PART = re.compile(r"\\[\\|]|\|")


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError("not valid UTF-8 (save the sheet as 'CSV UTF-8')", path, line) from None


def _delimiter(path: str, first_line: str) -> str:
    if path.lower().endswith((".tsv", ".tab")):
        return "\t"
    if path.lower().endswith(".csv"):
        return ";" if first_line.count(";") > first_line.count(",") else ","
    return "\t" if "\t" in first_line else ","


def _header(row: list[str], path: str) -> dict[str, int]:
    columns = {name.strip().lower().replace(" ", "_"): i for i, name in enumerate(row) if name.strip()}
    if "preferred" not in columns:
        raise InputError(f"the header has no 'preferred' column (expected: {','.join(COLUMNS[:4])})", path, 1)
    return columns


def _items(cell: str) -> tuple[str, ...]:
    items, current, at = [], [], 0
    for m in _ITEM_PART.finditer(cell):
        current.append(cell[at:m.start()])
        if m.group() == SEPARATOR:
            items.append("".join(current))
            current = []
        else:
            current.append(m.group()[1])  # an escaped | or backslash
        at = m.end()
    items.append("".join(current + [cell[at:]]))
    return tuple(item.strip() for item in items if item.strip())


def _escaped(item: str) -> str:
    return item.replace("\\", "\\\\").replace(SEPARATOR, "\\" + SEPARATOR)


def _flag(cell: str, path: str, line: int, name: str = "case_sensitive", default: bool = False) -> bool:
    value = cell.strip().lower()
    if not value:
        return default
    if value not in _TRUE | _FALSE:
        raise InputError(f"{name} must be true or false, not '{cell}'", path, line)
    return value in _TRUE


def _row_term(cells: dict[str, str], path: str, line: int) -> Term:
    preferred = cells.get("preferred", "").strip()
    if not preferred:
        raise InputError("row has no preferred form", path, line)
    term = Term(preferred=preferred, **{key: _items(cells.get(key, "")) for key in _LISTS},
                note=cells.get("note", "").strip(), id=cells.get("id", "").strip(),
                case_sensitive=_flag(cells.get("case_sensitive", ""), path, line),
                auto=_flag(cells.get("auto", ""), path, line, "auto", default=True), origin=Origin(path, line))
    refused = term_problem(term)
    if refused is not None:  # the row, not the TOML it would become, is what to correct
        raise InputError(refused[1], path, line)
    return term


def _rows(text: str, path: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(path, text.split("\n", 1)[0]),
                        strict=True)
    line = 1  # where the row being read starts
    try:
        header = next(reader, None)
        if header is None:
            raise InputError("empty file: expected a header such as source,preferred,variants,note", path, 1)
        columns = _header(header, path)
        line = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                yield line, {name: row[i] if i < len(row) else "" for name, i in columns.items()}
            line = reader.line_num + 1
    except csv.Error as exc:
        why = "a quoted cell is never closed" if "end of data" in str(exc) else str(exc)
        raise InputError(f"malformed CSV: {why}", path, line) from None


def _merge(a: Term, b: Term) -> Term:
    from dataclasses import replace

    def union(x: tuple[str, ...], y: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(x + y))

    return replace(a, variants=union(a.variants, b.variants), source=union(a.source, b.source),
                   accepted=union(a.accepted, b.accepted), exceptions=union(a.exceptions, b.exceptions),
                   ref=union(a.ref, b.ref), note=a.note or b.note, auto=a.auto and b.auto,
                   context=union(a.context, b.context))


def read_table(data: bytes, path: str) -> Glossary:
    """A glossary from CSV/TSV bytes; malformed rows raise ``InputError`` with their line."""
    terms: dict[tuple[str, str], Term] = {}
    for line, cells in _rows(_decode(data, path), path):
        term = _row_term(cells, path, line)
        key = (term.id, term.preferred)
        terms[key] = _merge(terms[key], term) if key in terms else term
    return Glossary(tuple(terms.values()), paths=(path,))


def _cells(term: Term) -> list[str]:
    fields = dict(term_fields(term))
    row = []
    for column in COLUMNS:
        value = fields.get(column, "")
        if column == "id" and value == slugify(term.preferred):
            value = ""  # derived again on import
        row.append(SEPARATOR.join(_escaped(v) for v in value) if isinstance(value, list) else
                   str(value).lower() if isinstance(value, bool) else str(value))
    return row


def write_table(glossary: Glossary, delimiter: str = ",") -> str:
    """CSV text (without the BOM, which the writer adds) with CRLF rows, as Excel writes."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for term in glossary.terms:
        writer.writerow(_cells(term))
    return out.getvalue()
