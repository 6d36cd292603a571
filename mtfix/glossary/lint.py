"""Lint glossaries for conflicts the engine cannot resolve.

Phrases are compared by the engine's canonical key (case-insensitive, any
whitespace or hyphen gap alike), so lint agrees with matching: two variants
that lint calls "the same" are the same to the automaton. Where a term's hyphens
count (``keeps_separators``: ``high tech zone`` -> ``high-tech zone``), its
preferred and accepted forms and the variants spelt like them but for hyphens
are compared with their hyphens, as the matcher tells them apart. Files are read
leniently (an empty string is a lint problem, not a load error); TOML syntax
and type errors still raise ``GlossaryError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from mtfix.engine.canon import canonical_key, separated_key
from mtfix.engine.compiler import keeps_separators
from mtfix.errors import GlossaryError
from mtfix.glossary.load import _LIST_KEYS, _TOP_KEYS, _Lines, _meta, _term, parse_toml, read_glossary_file
from mtfix.model import Term

ERROR, WARNING = "error", "warning"
NOTE = "note"  # an explanation: a pair that looks like a conflict but is resolved (never fails)
_COMMON_WORDS = frozenset(
    "a an the of and or in on at to for from by with as is are was be it its this that these those "
    "area zone park city town part side way work area time year day new old big small good one two "
    "chain link system plan base centre center project projects industry group team unit".split())


@dataclass(frozen=True)
class Problem:
    """One lint finding, printed as ``FILE:LINE: message``."""

    path: str
    line: int | None
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        prefix = f"{self.severity}: " if self.severity in (WARNING, NOTE) else ""
        return f"{where}: {prefix}{self.message}"


@dataclass(frozen=True)
class _Entry:
    """A term with the lines of its keys, for messages."""

    term: Term
    path: str
    lines: dict[str, int | None]

    def line(self, key: str) -> int | None:
        return self.lines.get(key) or (self.term.origin.line if self.term.origin else None)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line('preferred')}"


def _empty_strings(path: str, lines: _Lines, index: int, table: dict) -> tuple[dict, list[Problem]]:
    """The table without empty strings, and a problem for each one dropped."""
    label = f"term {index + 1}"
    if isinstance(table.get("preferred"), str) and table["preferred"].strip():
        label += f' ("{table["preferred"].strip()}")'
    elif isinstance(table.get("id"), str) and table["id"].strip():
        label += f' (id "{table["id"].strip()}")'
    clean, problems = dict(table), []
    for key in ("id", "preferred"):
        if isinstance(table.get(key), str) and not table[key].strip():
            problems.append(Problem(path, lines.key(index, key), f"{label}: '{key}' is an empty string"))
            if key == "id":
                del clean["id"]  # lint the rest under the id derived from 'preferred'
    if isinstance(table.get("ref"), str):
        clean["ref"] = [table["ref"]]
    for key in (*_LIST_KEYS, "ref"):
        value = clean.get(key)
        if isinstance(value, list) and any(isinstance(v, str) and not v.strip() for v in value):
            problems.append(Problem(path, lines.key(index, key), f"{label}: '{key}' holds an empty string"))
            clean[key] = [v for v in value if not (isinstance(v, str) and not v.strip())]
    return clean, problems


def read_entries(path: str, text: str | None = None) -> tuple[list[_Entry], list[Problem]]:
    """Terms of one file, leniently: empty strings become problems instead of errors."""
    text = read_glossary_file(path) if text is None else text
    data, lines = parse_toml(text, path), _Lines(text)
    for key in data:
        if key not in _TOP_KEYS:
            raise GlossaryError(f"unknown top-level key '{key}' (expected [meta] and [[term]] tables)",
                                path, lines.top(key))
    _meta(path, lines, data.get("meta", {}))
    tables = data.get("term", [])
    if not isinstance(tables, list):
        raise GlossaryError("'term' must be an array of tables ([[term]])", path, lines.top("term"))
    entries, problems = [], []
    for index, table in enumerate(tables):
        clean, found = _empty_strings(path, lines, index, table) if isinstance(table, dict) else (table, [])
        problems += found
        if isinstance(clean, dict) and isinstance(clean.get("preferred"), str) and not clean["preferred"].strip():
            continue
        term = _term(path, lines, index, clean)
        keys = {key: lines.key(index, key) for key in clean}
        entries.append(_Entry(term, path, keys))
    return entries, problems


def _key(phrase: str, exact: bool = False) -> str:
    return canonical_key(phrase, lower=not exact)


def _hyphens_count(entry: _Entry, phrase: str) -> bool:
    """Whether the matcher tells ``phrase`` from its other spellings by hyphens (see ``keeps_separators``)."""
    term = entry.term
    return _key(phrase) in {_key(p) for p in (term.preferred, *term.accepted)} and keeps_separators(term)


def _phrase_key(entry: _Entry, phrase: str, exact: bool = False) -> str:
    """The key ``phrase`` of ``entry`` is matched by: with its hyphens where they count."""
    return separated_key(phrase, lower=not exact) if _hyphens_count(entry, phrase) else _key(phrase, exact)


def _same(a: _Entry, p: str, b: _Entry, q: str) -> bool:
    exact = a.term.case_sensitive and b.term.case_sensitive
    if _key(p, exact) != _key(q, exact):
        return False
    # A phrase matched with any separators meets every spelling; two that keep hyphens, only their own.
    return not (_hyphens_count(a, p) and _hyphens_count(b, q)) or \
        separated_key(p, lower=not exact) == separated_key(q, lower=not exact)


def _own_conflicts(entry: _Entry) -> Iterable[Problem]:
    term, exact = entry.term, entry.term.case_sensitive
    seen: dict[str, str] = {}
    for variant in term.variants:
        key = _phrase_key(entry, variant, exact)
        if key == _phrase_key(entry, term.preferred, exact):
            yield Problem(entry.path, entry.line("variants"), f'term "{term.id}": variant "{variant}" is its own '
                          f'preferred form "{term.preferred}"' + ("" if exact else " (case is ignored)"))
        elif any(key == _phrase_key(entry, a, exact) for a in term.accepted):
            yield Problem(entry.path, entry.line("variants"),
                          f'term "{term.id}": variant "{variant}" is also one of its accepted forms')
        if key in seen:
            yield Problem(entry.path, entry.line("variants"), f'term "{term.id}": variant "{variant}" is listed '
                          f'twice (as "{seen[key]}")', WARNING)
        seen.setdefault(key, variant)


def _index(entries: Sequence[_Entry]) -> dict[str, list[tuple[int, str, str]]]:
    """Lower-case canonical key -> (entry index, role, phrase as written)."""
    table: dict[str, list[tuple[int, str, str]]] = {}
    for i, entry in enumerate(entries):
        roles = [("preferred", entry.term.preferred)] + [("accepted", a) for a in entry.term.accepted]
        for role, phrase in roles + [("variant", v) for v in dict.fromkeys(entry.term.variants)]:
            table.setdefault(_key(phrase), []).append((i, role, phrase))
    return table


def _pair_problem(entries: Sequence[_Entry], first: tuple[int, str, str],
                  second: tuple[int, str, str]) -> Problem | None:
    (i, role_i, p), (j, role_j, q) = first, second
    a, b = entries[i], entries[j]
    if i == j or not _same(a, p, b, q) or "variant" not in (role_i, role_j):
        return None
    if role_i == role_j:  # two variants, the later one is reported
        return Problem(b.path, b.line("variants"), f'variant "{q}" is in both term "{b.term.id}" and term '
                       f'"{a.term.id}" ({a.where}): ambiguous, it cannot be rewritten to both')
    (v_entry, variant), (o_entry, other, role) = ((a, p), (b, q, role_j)) if role_i == "variant" \
        else ((b, q), (a, p, role_i))
    if role == "preferred" and v_entry.term.source and o_entry.term.source:
        return _reassigned(v_entry, variant, o_entry)
    what, why = (("the preferred form", "a cycle, fixing one term would undo the other") if role == "preferred"
                 else ("an accepted form", "it is protected there, so it would never be fixed"))
    return Problem(v_entry.path, v_entry.line("variants"),
                   f'variant "{variant}" of term "{v_entry.term.id}" is {what} of term "{o_entry.term.id}" '
                   f'({o_entry.where}): {why}')


def _reassigned(v_entry: _Entry, variant: str, o_entry: _Entry) -> Problem:
    """Both terms have source forms: source evidence decides (``mtfix.source.reassign``)."""
    term, owner = v_entry.term, o_entry.term
    mine, theirs = "/".join(term.source), "/".join(owner.source)
    return Problem(v_entry.path, v_entry.line("variants"),
                   f'variant "{variant}" of term "{term.id}" is the preferred form of term "{owner.id}" '
                   f'({o_entry.where}); source evidence decides: it is fixed to "{term.preferred}" only in a '
                   f'segment whose source has {mine} and not {theirs} (or renders every {theirs} otherwise), '
                   f'and stays everywhere else, plain text included', NOTE)


def _cross_conflicts(entries: Sequence[_Entry]) -> Iterable[Problem]:
    for items in _index(entries).values():
        for n, first in enumerate(items):
            for second in items[n + 1:]:
                problem = _pair_problem(entries, first, second)
                if problem is not None:
                    yield problem


def _duplicates(entries: Sequence[_Entry]) -> Iterable[Problem]:
    ids: dict[str, _Entry] = {}
    preferred: dict[str, _Entry] = {}
    for entry in entries:
        term = entry.term
        if term.id in ids:
            yield Problem(entry.path, entry.line("id"), f'duplicate id "{term.id}" (term "{term.preferred}" and '
                          f'term "{ids[term.id].term.preferred}" at {ids[term.id].where})')
        ids.setdefault(term.id, entry)
        key = _key(term.preferred)
        if key in preferred:
            other = preferred[key]
            yield Problem(entry.path, entry.line("preferred"), f'term "{term.id}" has the same preferred form as '
                          f'term "{other.term.id}" ({other.where}); merge them', WARNING)
        preferred.setdefault(key, entry)


def _contains_phrase(text_key: str, phrase_key: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase_key)}(?!\w)", text_key) is not None


def _dead_exceptions(entry: _Entry) -> Iterable[Problem]:
    from mtfix.engine.forms import plural_of

    term = entry.term
    forms = [f for v in term.variants for f in (v, plural_of(v)) if f]
    keys = [_key(f, term.case_sensitive) for f in forms]
    for exception in term.exceptions:
        if not any(_contains_phrase(_key(exception, term.case_sensitive), k) for k in keys):
            yield Problem(entry.path, entry.line("exceptions"), f'term "{term.id}": exception "{exception}" '
                          f'contains none of its variants, so it can never apply')


def _weak_variants(entry: _Entry) -> Iterable[Problem]:
    for variant in entry.term.variants:
        key = _key(variant)
        if " " not in key and (len(key) <= 3 or key in _COMMON_WORDS):
            yield Problem(entry.path, entry.line("variants"), f'term "{entry.term.id}": variant "{variant}" is a '
                          f'short or common word; it will match far more than intended', WARNING)


def is_url(ref: str) -> bool:
    """Whether ``ref`` looks like an http(s) URL (what a term's ``ref`` should hold)."""
    try:
        url = urlsplit(ref)
        return url.scheme.lower() in ("http", "https") and bool(url.hostname) and not any(c.isspace() for c in ref)
    except ValueError:  # "https://[::1": an unclosed IPv6 address
        return False


def _odd_refs(entry: _Entry) -> Iterable[Problem]:
    for ref in entry.term.ref:
        if not is_url(ref):
            yield Problem(entry.path, entry.line("ref"), f'term "{entry.term.id}": ref "{ref}" is not an '
                          f'http(s) URL; a ref says where the preferred form is attested', WARNING)


def _never_fixed(entry: _Entry) -> Iterable[Problem]:
    term = entry.term
    if term.auto and term.context:
        yield Problem(entry.path, entry.line("context"), f'term "{term.id}": context words matter only with '
                      f'auto = false (the term is fixed everywhere already)', WARNING)
    if not term.auto and not term.source and not term.context and term.variants:
        yield Problem(entry.path, entry.line("auto"), f'term "{term.id}": auto = false and no source forms, '
                      f'so fix never rewrites its variants (check reports them; fix --include-suggestions '
                      f'applies them); add its source forms (or context words) to fix it where they occur', WARNING)


def _extensions(entries: Sequence[_Entry]) -> tuple[list[_Entry], list[_Entry], list[Problem]]:
    """The entries as loading merges them (``load.merge_by_id``): a term that repeats the id of
    an earlier file's term extends it. Returns the merged entries (each at its first file's
    place), each extension seen as its whole merged term (for the checks of its own keys), and
    the extensions whose preferred form differs (errors)."""
    merged: list[_Entry] = []
    at: dict[str, int] = {}
    extensions: list[_Entry] = []
    problems: list[Problem] = []
    for entry in entries:
        term = entry.term
        first = at.get(term.id)
        if first is None or merged[first].path == entry.path:
            at.setdefault(term.id, len(merged))
            merged.append(entry)
            continue
        base = merged[first]
        if _key(base.term.preferred) != _key(term.preferred):
            problems.append(Problem(entry.path, entry.line("preferred"), f'term "{term.id}" repeats the id of the '
                                    f'term at {base.where} to extend it, but its preferred form "{term.preferred}" '
                                    f'is not "{base.term.preferred}"'))
            continue
        whole = base.term.extended(term)
        merged[first] = _Entry(whole, base.path, base.lines)
        extensions.append(_Entry(replace(whole, exceptions=term.exceptions, ref=term.ref), entry.path, entry.lines))
    return merged, extensions, problems


def lint_entries(entries: Sequence[_Entry]) -> list[Problem]:
    """Every problem among the terms, in file and line order."""
    merged, extensions, problems = _extensions(entries)
    for entry in merged:
        problems += [*_own_conflicts(entry), *_dead_exceptions(entry), *_weak_variants(entry)]
        problems += [*_odd_refs(entry), *_never_fixed(entry)]
    for entry in extensions:  # what the extension adds, checked against the whole term
        problems += [*_dead_exceptions(entry), *_odd_refs(entry)]
    problems += [*_cross_conflicts(merged), *_duplicates(merged)]
    return problems


def sort_problems(problems: Iterable[Problem], order: Sequence[str]) -> list[Problem]:
    rank = {path: i for i, path in enumerate(order)}
    return sorted(dict.fromkeys(problems), key=lambda p: (rank.get(p.path, len(rank)), p.line or 0, p.message))


def lint_files(paths: Sequence[str], texts: dict[str, str] | None = None) -> list[Problem]:
    """Lint glossary files together (they are merged when used together)."""
    entries: list[_Entry] = []
    problems: list[Problem] = []
    for path in paths:
        found, empties = read_entries(path, (texts or {}).get(path))
        entries += found
        problems += empties
    return sort_problems(problems + lint_entries(entries), paths)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
