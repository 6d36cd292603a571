"""Frozen value types shared by every layer: terms, glossaries, findings, edits."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from typing import Any

KIND_VARIANT = "variant"
KIND_SPLIT = "split"  # a variant split by an inline tag: reported, not rewritten
KIND_MISSING = "missing"  # the source has the term, the target renders it nowhere
KIND_COUNT = "count-mismatch"  # the source has the term more often than the target renders it
KIND_INCONSISTENT = "inconsistent"  # one source translated differently, or one target from different sources
# A variant of an ``auto = false`` term that ``fix`` left alone (no source evidence, no
# --include-suggestions): counted, never applied; its edit is empty.
KIND_SUGGESTION = "suggestion"


@dataclass(frozen=True)
class Origin:
    """Where a value was defined, for messages such as ``glossary.toml:12: ...``."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Term:
    """One concept: its approved rendering and the wrong renderings to replace."""

    preferred: str
    variants: tuple[str, ...]
    id: str = ""
    source: tuple[str, ...] = ()
    note: str = ""
    case_sensitive: bool = False
    exceptions: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    ref: tuple[str, ...] = ()  # URLs where the preferred rendering is attested
    auto: bool = True  # False: variants are ordinary English elsewhere; fixed only with evidence
    # With ``auto = false``: English words that, in the same paragraph, count as evidence
    # like a source form would ("Guangdong" for "Macau" -> "Macao").
    context: tuple[str, ...] = ()
    origin: Origin | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", slugify(self.preferred))

    def extended(self, other: Term) -> Term:
        """This term with what ``other`` (same id, from a later glossary file) adds: its variants,
        source forms, exceptions, accepted forms, context words and refs; this one's preferred
        form, note, case and ``auto`` stand."""
        def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(a + b))

        return replace(self, variants=union(self.variants, other.variants), source=union(self.source, other.source),
                       exceptions=union(self.exceptions, other.exceptions),
                       accepted=union(self.accepted, other.accepted), context=union(self.context, other.context),
                       ref=union(self.ref, other.ref), note=self.note or other.note)


@dataclass(frozen=True)
class Glossary:
    """An ordered collection of terms, possibly merged from several files."""

    terms: tuple[Term, ...]
    meta: tuple[tuple[str, Any], ...] = ()
    paths: tuple[str, ...] = ()

    @classmethod
    def load(cls, *paths: Any) -> Glossary:
        """Load and merge glossary files (``Glossary.load("a.toml", "b.toml")``)."""
        from mtfix.glossary.load import load_glossaries

        return load_glossaries([str(p) for p in paths])

    @classmethod
    def default(cls) -> Glossary:
        """The bundled zh->en glossary."""
        from mtfix.glossary.load import default_glossary_path, load_glossaries

        return load_glossaries([str(default_glossary_path())])

    @classmethod
    def from_terms(cls, terms: Any) -> Glossary:
        return cls(terms=tuple(terms))

    def term(self, term_id: str) -> Term:
        for term in self.terms:
            if term.id == term_id:
                return term
        raise KeyError(term_id)

    def __len__(self) -> int:
        return len(self.terms)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (character offsets)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Finding:
    """One occurrence of a known wrong rendering.

    ``start``/``end``/``match`` cover the variant itself; ``edit`` is the change
    that fixes it and may reach further left to repair an article ("a" -> "an").
    ``line`` and ``column`` are 1-based, ``column`` in characters.
    Findings in bilingual files also name their ``segment`` (a unit id or
    "line 12") and carry its ``source`` and ``target`` text; checks other than
    variants (``kind``) explain themselves in ``detail`` and have an empty edit.
    """

    start: int
    end: int
    line: int
    column: int
    match: str
    replacement: str
    term: str
    variant: str
    preferred: str
    edit: Edit
    kind: str = KIND_VARIANT
    note: str = ""
    segment: str = ""
    source: str | None = None
    target: str | None = None
    evidence: str = ""  # the source form that made the term apply (e.g. 链主)
    detail: str = ""
    auto: bool = True  # the term's ``auto``: False for a term fixed only with source evidence

    @property
    def fixable(self) -> bool:
        return self.kind == KIND_VARIANT

    @property
    def suggestion(self) -> bool:
        """A variant that plain ``fix`` leaves alone: its term has ``auto = false`` and
        the segment's source gives no evidence for it."""
        return not self.auto and not self.evidence and self.kind in (KIND_VARIANT, KIND_SUGGESTION)

    def shifted(self, offset: int, lines: int) -> Finding:
        """The same finding in a larger text that starts ``offset`` chars and ``lines`` lines earlier."""
        if not offset and not lines:
            return self
        edit = Edit(self.edit.start + offset, self.edit.end + offset, self.edit.replacement)
        moved = copy.copy(self)  # dataclasses.replace re-runs field introspection: 5x slower
        for name, value in (("start", self.start + offset), ("end", self.end + offset),
                            ("line", self.line + lines), ("edit", edit)):
            object.__setattr__(moved, name, value)
        return moved


_SLUG_DROP = re.compile(r"[^\w]+")


def slugify(text: str) -> str:
    """``"Chain Leader"`` -> ``"chain-leader"``; keeps non-Latin letters."""
    return _SLUG_DROP.sub("-", text.strip().lower()).strip("-_") or "term"
