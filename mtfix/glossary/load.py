"""Read glossary TOML files into ``Glossary`` objects, with ``FILE:LINE`` errors.

``tomllib`` is fast but forgets where things were; the line of a term table or
of one of its keys is recovered from the raw text only when an error needs it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from mtfix.errors import GlossaryError, MtfixError
from mtfix.files import read_regular
from mtfix.model import Glossary, Origin, Term

DEFAULT_GLOSSARY = "zh-en-investment.toml"
_LIST_KEYS = ("variants", "source", "exceptions", "accepted", "context")
_TERM_KEYS = {"id": str, "preferred": str, "note": str, "case_sensitive": bool, "auto": bool,
              **{k: list for k in _LIST_KEYS}, "ref": list}
_REQUIRED = ("preferred", "variants")
_META_KEYS = {"name", "source_lang", "target_lang", "description", "version", "protect"}
_TOP_KEYS = {"meta", "term"}
_TERM_HEADER = re.compile(r"^\s*\[\[\s*term\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[")
_TOML_POS = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")
# Real terms are a few words; anything longer is a pasted paragraph, and inflection
# and matching costs grow with it (an 80,000-character variant took 29 s to inflect).
MAX_PHRASE_CHARS = 200
# A glossary of a million terms is under 100 MiB of TOML; this refuses /dev/zero-like input.
MAX_GLOSSARY_BYTES = 64 << 20
_PHRASE_KEYS = ("preferred", "variants", "accepted", "exceptions", "source", "context")
_LONG_DIGITS = re.compile(r"\d[\d_]{4300,}")  # CPython's int conversion limit is 4,300 digits


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


def parse_toml(text: str, path: str, error: type[MtfixError] = GlossaryError) -> dict[str, Any]:
    """``tomllib.loads``, with every way it can fail as a one-line ``FILE[:LINE]`` error."""
    import tomllib  # only where a TOML file is read: a run from the glossary cache needs none

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POS.search(message)
        line = None if m is None else int(m.group(1)) if m.group(1) else text.count("\n") + 1
        raise error(f"invalid TOML: {_TOML_POS.sub('', message)}", path, line) from None
    except RecursionError:  # tomllib recurses once per level of [[[...]]] or {a={...}}
        raise error("invalid TOML: arrays or tables nested too deeply (about 1,000 levels at most)",
                    path) from None
    except ValueError as exc:  # int() refuses more than 4,300 digits; tomllib lets that through
        m = _LONG_DIGITS.search(text)
        if m is None:
            raise error(f"invalid TOML: {exc}", path) from None
        raise error("invalid TOML: a number has more than 4,300 digits", path,
                    text.count("\n", 0, m.start()) + 1) from None


def _shown(phrase: str, limit: int = 40) -> str:
    """``phrase`` for a message: invisible characters escaped, long ones cut."""
    cut = phrase[:limit]
    shown = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c)[0] in "CMZ" and c != " " else c for c in cut)
    return shown + ("..." if len(phrase) > limit else "")


def phrase_problem(key: str, phrase: str) -> str | None:
    """Why ``phrase`` cannot be a glossary ``key`` ("variants", "preferred"...), or None.

    Matching treats punctuation and hyphens as word gaps, so a phrase without a
    letter or digit ("-", ".", a zero-width space, a lone accent) would match
    between every pair of words.
    """
    role = key[:-1] if key.endswith("s") and key != "source" else key
    if len(phrase) > MAX_PHRASE_CHARS:
        return (f'{role} "{_shown(phrase)}" is {len(phrase):,} characters long; glossary phrases are limited '
                f"to {MAX_PHRASE_CHARS} (real terms are a few words)")
    if not any(c.isalnum() for c in phrase):
        effect = "rewrite punctuation everywhere" if key == "variants" else "match punctuation everywhere"
        return f'{role} "{_shown(phrase)}" has no letters or digits; it would {effect}'
    return None


def term_problem(term: Term) -> tuple[str, str] | None:
    """The key and message (``term "id": variant ...``) of the first phrase of ``term``
    that ``phrase_problem`` refuses; importers and the loader share it."""
    for key in _PHRASE_KEYS:
        value = getattr(term, key)
        for phrase in (value,) if isinstance(value, str) else value:
            problem = phrase_problem(key, phrase)
            if problem is not None:
                return key, f'term "{_shown(term.id)}": {problem}'
    return None


# ``{a|b|}`` in a variant, exception or accepted phrase: one phrase per alternative.
_ALTERNATIVES = re.compile(r"\{([^{}]*)\}")
_EXPANDING_KEYS = ("variants", "exceptions", "accepted")
MAX_EXPANSIONS = 256  # per phrase; a family of renderings, not a language


def expand_alternatives(phrase: str) -> list[str]:
    """``"manufacturing{ industry|} as the {leader|head}"`` -> the four phrases it spells,
    runs of spaces made one; ValueError for stray braces or more than MAX_EXPANSIONS."""
    found = _ALTERNATIVES.search(phrase)
    if found is None:
        if "{" in phrase or "}" in phrase:
            raise ValueError(f'"{_shown(phrase)}" has an unmatched brace (alternatives are written {{a|b}})')
        return [" ".join(phrase.split())]
    head, tail = phrase[:found.start()], phrase[found.end():]
    out: list[str] = []
    for choice in found.group(1).split("|"):
        out += expand_alternatives(head + choice + tail)
        if len(out) > MAX_EXPANSIONS:
            raise ValueError(f'"{_shown(phrase)}" spells more than {MAX_EXPANSIONS} phrases')
    return list(dict.fromkeys(p for p in out if p))


def _check_value(path: str, lines: _Lines, index: int, label: str, key: str, value: Any) -> Any:
    expected = _TERM_KEYS[key]
    line = lines.key(index, key)
    if key == "ref" and isinstance(value, str):  # one URL, or a list of them
        value = [value]
    if expected is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            what = "a string or a list of strings" if key == "ref" else "a list of strings"
            raise GlossaryError(f"{label}: '{key}' must be {what}", path, line)
        if any(not v.strip() for v in value):
            raise GlossaryError(f"{label}: '{key}' holds an empty string", path, line)
        if key in _EXPANDING_KEYS and any("{" in v or "}" in v for v in value):
            try:
                return tuple(dict.fromkeys(p for v in value for p in expand_alternatives(v.strip())))
            except ValueError as exc:
                raise GlossaryError(f"{label}: {key}: {exc}", path, line) from None
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
            import difflib  # only for a misspelt key

            close = difflib.get_close_matches(key, list(_TERM_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise GlossaryError(f"{label}: unknown key '{key}'{hint}", path, lines.key(index, key))
    for key in _REQUIRED:
        if key not in table:
            raise GlossaryError(f"{label}: missing required key '{key}'", path, line)
    values = {key: _check_value(path, lines, index, label, key, value) for key, value in table.items()}
    if not values["preferred"]:
        raise GlossaryError(f"{label}: 'preferred' is empty", path, lines.key(index, "preferred"))
    term = Term(**values, origin=Origin(path, line))
    refused = term_problem(term)
    if refused is not None:
        raise GlossaryError(refused[1], path, lines.key(index, refused[0]))
    return term


def _meta(path: str, lines: _Lines, meta: Any) -> tuple[tuple[str, Any], ...]:
    if not isinstance(meta, dict):
        raise GlossaryError("'meta' must be a table", path, lines.top("meta"))
    for key, value in meta.items():
        if key not in _META_KEYS:
            raise GlossaryError(f"meta: unknown key '{key}' (known: {', '.join(sorted(_META_KEYS))})",
                                path, lines.top(key))
        if key == "protect":
            _check_protect(path, lines, value)
        elif not isinstance(value, str):
            raise GlossaryError(f"meta: '{key}' must be a string", path, lines.top(key))
    return tuple((k, tuple(v) if k == "protect" else v) for k, v in meta.items())


def _check_protect(path: str, lines: _Lines, patterns: Any) -> None:
    """``protect``: regular expressions for placeholders the built-in families miss (``placeholders``)."""
    from mtfix.engine.placeholders import ProtectError, check_pattern

    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise GlossaryError("meta: 'protect' must be a list of regular expressions", path, lines.top("protect"))
    for pattern in patterns:
        try:
            check_pattern(pattern)
        except ProtectError as exc:
            raise GlossaryError(f"meta: {exc}", path, lines.top("protect")) from None


def parse_glossary(text: str, path: str = "<glossary>") -> Glossary:
    """Parse the TOML text of one glossary file."""
    data = parse_toml(text, path)
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
    """The text of a glossary file; FIFOs, devices and files over 64 MiB are refused."""
    if not os.path.exists(path):
        raise GlossaryError("glossary file not found", path)
    data = read_regular(path, MAX_GLOSSARY_BYTES, GlossaryError, "glossary ")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise GlossaryError("glossary is not valid UTF-8", path, line) from None


def load_glossaries(paths: list[str]) -> Glossary:
    """Load and merge glossary files in order. A term whose id is one of an earlier file's
    extends that term (``Term.extended``): a project glossary can add variants and exceptions
    to a bundled term by repeating its id and preferred form."""
    loaded = [parse_glossary(read_glossary_file(p), p) for p in paths]
    meta = loaded[0].meta if loaded else ()
    protect = tuple(dict.fromkeys(p for g in loaded for p in dict(g.meta).get("protect", ())))
    if protect:  # every file's patterns apply, not only the first file's
        meta = (*((k, v) for k, v in meta if k != "protect"), ("protect", protect))
    return Glossary(merge_by_id([g.terms for g in loaded]), meta, tuple(paths))


def merge_by_id(files: Sequence[Sequence[Term]]) -> tuple[Term, ...]:
    """The terms of several files in order, a term that repeats an earlier file's id merged
    into it; its preferred form must be the same (a ``GlossaryError`` otherwise)."""
    from mtfix.engine.canon import canonical_key

    terms: list[Term] = []
    index: dict[str, int] = {}
    for file_terms in files:
        earlier = dict(index)
        for term in file_terms:
            at = earlier.get(term.id)
            if at is None:
                index.setdefault(term.id, len(terms))
                terms.append(term)
                continue
            base = terms[at]
            if canonical_key(base.preferred) != canonical_key(term.preferred):
                where = term.origin or Origin("")
                raise GlossaryError(f'term "{term.id}" repeats the id of the term at {base.origin} to extend it, '
                                    f'but its preferred form "{term.preferred}" is not "{base.preferred}"',
                                    where.path, where.line)
            terms[at] = base.extended(term)
    return tuple(terms)


def default_glossary_path() -> Path:
    """The bundled glossary: inside the installed package, or in a source checkout."""
    packaged = resources.files("mtfix") / "_glossaries" / DEFAULT_GLOSSARY
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "glossaries" / DEFAULT_GLOSSARY
