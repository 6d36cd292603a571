"""Read glossary TOML files into ``Glossary`` objects, with ``FILE:LINE`` errors.

``tomllib`` is fast but forgets where things were; the line of a term table or
of one of its keys is recovered from the raw text only when an error needs it.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from mtfix.errors import GlossaryError
from mtfix.model import Glossary, Origin, Term

DEFAULT_GLOSSARY = "zh-en-investment.toml"
_LIST_KEYS = ("variants", "source", "exceptions", "accepted")
_TERM_KEYS = {"id": str, "preferred": str, "note": str, "case_sensitive": bool,
              **{k: list for k in _LIST_KEYS}}
_REQUIRED = ("preferred", "variants")
_META_KEYS = {"name", "source_lang", "target_lang", "description", "version"}
_TOP_KEYS = {"meta", "term"}
_TERM_HEADER = re.compile(r"^\s*\[\[\s*term\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[")
_TOML_POS = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")


class _Lines:
    """Finds the line of the n-th ``[[term]]`` table, or of a key inside it."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.headers = [i for i, line in enumerate(self.lines) if _TERM_HEADER.match(line)]

    def term(self, index: int) -> int | None:
        return self.headers[index] + 1 if index < len(self.headers) else None

    def key(self, index: int, key: str) -> int | None:
        if index >= len(self.headers):
            return self.top(key)
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for i in range(self.headers[index] + 1, len(self.lines)):
            if _TABLE_HEADER.match(self.lines[i]):
                break
            if pattern.match(self.lines[i]):
                return i + 1
        return self.term(index)

    def top(self, key: str) -> int | None:
        pattern = re.compile(rf"^\s*(\[+\s*)?[\"']?{re.escape(key)}\b")
        return next((i + 1 for i, line in enumerate(self.lines) if pattern.match(line)), None)


def _parse(path: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POS.search(message)
        line = None if m is None else int(m.group(1)) if m.group(1) else text.count("\n") + 1
        raise GlossaryError(f"invalid TOML: {_TOML_POS.sub('', message)}", path, line) from None


def _check_value(path: str, lines: _Lines, index: int, label: str, key: str, value: Any) -> Any:
    expected = _TERM_KEYS[key]
    line = lines.key(index, key)
    if expected is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise GlossaryError(f"{label}: '{key}' must be a list of strings", path, line)
        if any(not v.strip() for v in value):
            raise GlossaryError(f"{label}: '{key}' holds an empty string", path, line)
        return tuple(v.strip() for v in value)
    if not isinstance(value, expected):
        raise GlossaryError(f"{label}: '{key}' must be a {'boolean' if expected is bool else 'string'}"
                            f", not {type(value).__name__}", path, line)
    return value.strip() if isinstance(value, str) else value


def _term(path: str, lines: _Lines, index: int, table: Any) -> Term:
    line = lines.term(index)
    if not isinstance(table, dict):
        raise GlossaryError(f"term {index + 1} must be a table", path, line)
    label = f"term {index + 1}" + (f" ('{table['preferred']}')" if isinstance(table.get("preferred"), str) else "")
    for key in table:
        if key not in _TERM_KEYS:
            close = difflib.get_close_matches(key, list(_TERM_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise GlossaryError(f"{label}: unknown key '{key}'{hint}", path, lines.key(index, key))
    for key in _REQUIRED:
        if key not in table:
            raise GlossaryError(f"{label}: missing required key '{key}'", path, line)
    values = {key: _check_value(path, lines, index, label, key, value) for key, value in table.items()}
    if not values["preferred"]:
        raise GlossaryError(f"{label}: 'preferred' is empty", path, lines.key(index, "preferred"))
    return Term(**values, origin=Origin(path, line))


def _meta(path: str, lines: _Lines, meta: Any) -> tuple[tuple[str, Any], ...]:
    if not isinstance(meta, dict):
        raise GlossaryError("'meta' must be a table", path, lines.top("meta"))
    for key, value in meta.items():
        if key not in _META_KEYS:
            raise GlossaryError(f"meta: unknown key '{key}' (known: {', '.join(sorted(_META_KEYS))})",
                                path, lines.top(key))
        if not isinstance(value, str):
            raise GlossaryError(f"meta: '{key}' must be a string", path, lines.top(key))
    return tuple(meta.items())


def parse_glossary(text: str, path: str = "<glossary>") -> Glossary:
    """Parse the TOML text of one glossary file."""
    data = _parse(path, text)
    lines = _Lines(text)
    for key in data:
        if key not in _TOP_KEYS:
            raise GlossaryError(f"unknown top-level key '{key}' (expected [meta] and [[term]] tables)",
                                path, lines.top(key))
    terms = data.get("term", [])
    if not isinstance(terms, list):
        raise GlossaryError("'term' must be an array of tables ([[term]])", path, lines.top("term"))
    parsed = tuple(_term(path, lines, i, t) for i, t in enumerate(terms))
    return Glossary(parsed, _meta(path, lines, data.get("meta", {})), (path,))


def read_glossary_file(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise GlossaryError("glossary file not found", path) from None
    except OSError as exc:
        raise GlossaryError(f"cannot read glossary: {exc.strerror}", path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise GlossaryError("glossary is not valid UTF-8", path, line) from None


def load_glossaries(paths: list[str]) -> Glossary:
    """Load and merge glossary files in order."""
    loaded = [parse_glossary(read_glossary_file(p), p) for p in paths]
    terms = tuple(t for g in loaded for t in g.terms)
    meta = loaded[0].meta if loaded else ()
    return Glossary(terms, meta, tuple(paths))


def default_glossary_path() -> Path:
    """The bundled glossary: inside the installed package, or in a source checkout."""
    packaged = resources.files("mtfix") / "_glossaries" / DEFAULT_GLOSSARY
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "glossaries" / DEFAULT_GLOSSARY
