"""Add and remove terms in a glossary file, keeping every other byte.

Merging into an existing term goes through ``tomlkit``, which keeps comments
and layout; a new term is appended as text, and a removed term is cut out by
lines, so nothing else in the file is re-rendered. Every result is parsed
again and compared with the terms it should hold before it is returned, and
a change that makes lint report a new error is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from mtfix.engine.canon import canonical_key
from mtfix.errors import GlossaryError
from mtfix.glossary.dump import term_toml
from mtfix.glossary.lint import ERROR, Problem, lint_files
from mtfix.glossary.load import _TERM_HEADER, _Lines, parse_glossary
from mtfix.model import Glossary, Term, slugify


class ConflictError(GlossaryError):
    """The change would create lint errors; ``problems`` says which."""

    def __init__(self, message: str, path: str, problems: Sequence[Problem]):
        super().__init__(message, path)
        self.problems = list(problems)


@dataclass(frozen=True)
class TermChange:
    preferred: str
    variants: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    note: str = ""
    id: str = ""
    ref: tuple[str, ...] = ()
    auto: bool | None = None  # None: as it is (a new term: true)


def _new_items(old: Sequence[str], new: Sequence[str]) -> list[str]:
    seen = {canonical_key(o) for o in old}
    added = []
    for item in new:
        if item.strip() and canonical_key(item) not in seen:
            seen.add(canonical_key(item))
            added.append(item.strip())
    return added


def _new_refs(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """URLs of ``new`` not yet in ``old`` (compared as written: a URL's path is case-sensitive)."""
    return [ref for ref in dict.fromkeys(r.strip() for r in new) if ref and ref not in old]


def _find(glossary: Glossary, change: TermChange) -> int | None:
    key = canonical_key(change.preferred)
    return next((i for i, t in enumerate(glossary.terms) if canonical_key(t.preferred) == key), None)


def _merged(term: Term, change: TermChange) -> Term:
    return replace(term, variants=term.variants + tuple(_new_items(term.variants, change.variants)),
                   source=term.source + tuple(_new_items(term.source, change.source)),
                   note=change.note or term.note, ref=term.ref + tuple(_new_refs(term.ref, change.ref)),
                   auto=term.auto if change.auto is None else change.auto)


def _merge_text(text: str, index: int, term: Term, change: TermChange) -> str:
    import tomlkit

    doc = tomlkit.parse(text)
    table = doc["term"][index]  # type: ignore[index]
    for key, old in (("variants", term.variants), ("source", term.source)):
        added = _new_items(old, getattr(change, key))
        if added and key in table:
            table[key].extend(added)
        elif added:
            table[key] = added
    if change.note and change.note != term.note:
        table["note"] = change.note
    refs = _new_refs(term.ref, change.ref)
    if refs and "ref" in table and not isinstance(table["ref"], str):
        table["ref"].extend(refs)
    elif refs:  # none yet, or one URL written as a string
        table["ref"] = [*term.ref, *refs]
    if change.auto is not None and change.auto != term.auto:
        table["auto"] = change.auto
    return tomlkit.dumps(doc)


def _append_text(text: str, term: Term) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    block = term_toml(term).replace("\n", newline)
    if not text.strip():
        return block
    trimmed = text if text.endswith(newline) else text + newline
    return trimmed + ("" if trimmed.endswith(newline * 2) else newline) + block


def _checked(path: str, before: str, after: str, expected: tuple[Term, ...], others: Sequence[str] = ()) -> str:
    """``after`` if it holds exactly ``expected`` and lint finds no new error (linting it
    together with the glossaries ``others`` it is used with, when given)."""
    if parse_glossary(after, path).terms != expected:
        raise GlossaryError("internal error: the edited glossary does not read back as intended", path)
    paths = [path, *others]
    old = {p.message for p in lint_files(paths, {path: before}) if p.severity == ERROR}
    new = [p for p in lint_files(paths, {path: after}) if p.severity == ERROR and p.message not in old]
    if new:
        raise ConflictError("change refused: it would create a conflict (lines as the file would be)", path, new)
    return after


def add_term(text: str, path: str, change: TermChange) -> tuple[str, str]:
    """The new file text and what happened: ``added``, ``merged`` or ``unchanged``."""
    glossary = parse_glossary(text, path)
    index = _find(glossary, change)
    if index is None:
        term = Term(preferred=change.preferred.strip(), variants=tuple(_new_items((), change.variants)),
                    id=change.id.strip(), source=tuple(_new_items((), change.source)), note=change.note,
                    ref=tuple(_new_refs((), change.ref)), auto=change.auto is not False)
        return _checked(path, text, _append_text(text, term), glossary.terms + (term,)), "added"
    old = glossary.terms[index]
    if change.id and change.id != old.id:
        raise GlossaryError(f'term "{old.id}" already has the preferred form "{old.preferred}"; '
                            f'leave out --id to merge into it', path, old.origin.line if old.origin else None)
    merged = _merged(old, change)
    if merged == old:
        return text, "unchanged"
    expected = glossary.terms[:index] + (merged,) + glossary.terms[index + 1:]
    return _checked(path, text, _merge_text(text, index, old, change), expected), "merged"


def _block(lines: list[str], headers: list[int], index: int) -> tuple[int, int]:
    """The line range of term ``index``: its table and the comment lines attached above it."""
    start, end = headers[index], headers[index + 1] if index + 1 < len(headers) else len(lines)
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # comments just above the next table belong to it
    while start > 0 and lines[start - 1].lstrip().startswith("#") and lines[start - 1].strip():
        start -= 1
    if start > 0 and not lines[start - 1].strip() and (end == len(lines) or not lines[end].strip()):
        start -= 1  # keep one blank line between the neighbours, not two
    return start, end


def remove_term(text: str, path: str, term_id: str) -> tuple[str, Term]:
    """The file text without the term ``term_id`` (its explicit or derived id)."""
    glossary = parse_glossary(text, path)
    index = next((i for i, t in enumerate(glossary.terms) if t.id == term_id or slugify(term_id) == t.id), None)
    if index is None:
        known = ", ".join(t.id for t in glossary.terms[:20])
        raise GlossaryError(f'no term with id "{term_id}" (known: {known or "none"})', path)
    lines = text.splitlines(keepends=True)
    headers = [i for i, line in enumerate(lines) if _TERM_HEADER.match(line)]
    if len(headers) != len(glossary.terms) or len(_Lines(text).headers) != len(headers):
        raise GlossaryError("cannot locate the [[term]] tables in this file", path)
    start, end = _block(lines, headers, index)
    after = "".join(lines[:start] + lines[end:])
    expected = glossary.terms[:index] + glossary.terms[index + 1:]
    if parse_glossary(after, path).terms != expected:
        raise GlossaryError(f'cannot remove term "{term_id}" without touching its neighbours', path)
    return after, glossary.terms[index]
