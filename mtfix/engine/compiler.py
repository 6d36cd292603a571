"""Compile a glossary into two Aho-Corasick automata.

``variants`` maps every canonical spelling of a wrong rendering (singular and
plural) to the forms that replace it. ``protected`` holds the text that must
never be rewritten: every preferred form and accepted alternative (for all
terms) and each term's exception phrases (for that term only). Matching cost
depends on the text, not on the number of terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import ahocorasick

from mtfix.engine.canon import canonical_key
from mtfix.engine.forms import article_for, plural_of
from mtfix.model import Glossary, Term

ALL_TERMS = -1


class VariantForm(NamedTuple):
    """What one automaton key stands for."""

    term: int  # index into Matcher.terms
    variant: str  # the glossary variant as written
    replacement: str  # the preferred form (or its plural) as written
    article: str | None  # "a"/"an" before the replacement; None for plurals
    exact: str | None  # case-sensitive terms: the key before lower-casing


@dataclass
class Matcher:
    """A compiled glossary: picklable, so it can be cached and sent to workers.

    The automata store integers (compact and quick to unpickle); an integer
    indexes a table row ``(key length, entries)``.
    """

    glossary: Glossary
    variants: Any  # ahocorasick.Automaton: key -> index into variant_table
    variant_table: list[tuple[int, tuple[tuple[Any, ...], ...]]]  # rows of plain VariantForm tuples
    protected: Any  # ahocorasick.Automaton: key -> index into protected_table
    protected_table: list[tuple[int, tuple[tuple[int, str | None], ...]]]
    reach: int  # longest protected key, bounds the window searched around a match
    longest: int  # longest variant key

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.glossary.terms


def _forms(phrase: str) -> list[tuple[str, bool]]:
    """The phrase and its plural, each flagged ``is_plural``."""
    plural = plural_of(phrase)
    return [(phrase, False)] + ([(plural, True)] if plural else [])


def _add(table: dict[str, list[Any]], phrase: str, item: Any) -> None:
    key = canonical_key(phrase)
    if key:
        table.setdefault(key, []).append(item)


def _variant_entries(index: int, term: Term) -> list[tuple[str, VariantForm]]:
    preferred = dict((plural, form) for form, plural in _forms(term.preferred))
    article = article_for(term.preferred)
    entries = []
    for variant in dict.fromkeys(term.variants):
        for form, is_plural in _forms(variant):
            replacement = preferred.get(is_plural, term.preferred)
            exact = canonical_key(form, lower=False) if term.case_sensitive else None
            # Stored as a plain tuple: unpickling 10,000 terms' NamedTuples costs 7x more.
            entries.append((form, tuple(VariantForm(index, variant, replacement,
                                                    None if is_plural else article, exact))))
    return entries


def _protected_entries(index: int, term: Term) -> list[tuple[str, tuple[int, str | None]]]:
    def exact(form: str) -> str | None:
        return canonical_key(form, lower=False) if term.case_sensitive else None

    entries = [(form, (ALL_TERMS, exact(form)))
               for phrase in (term.preferred, *term.accepted) for form, _ in _forms(phrase)]
    entries += [(phrase, (index, exact(phrase))) for phrase in term.exceptions]
    return entries


def _automaton(table: dict[str, list[Any]]) -> tuple[Any, list[tuple[int, tuple[Any, ...]]]]:
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    rows = []
    for index, (key, items) in enumerate(table.items()):
        automaton.add_word(key, index)
        rows.append((len(key), tuple(items)))
    if table:
        automaton.make_automaton()
    return automaton, rows


def compile_glossary(glossary: Glossary) -> Matcher:
    """Build the matcher for ``glossary`` (pure; costly for large glossaries)."""
    variants: dict[str, list[Any]] = {}
    protected: dict[str, list[Any]] = {}
    for index, term in enumerate(glossary.terms):
        for phrase, form in _variant_entries(index, term):
            _add(variants, phrase, form)
        for phrase, scope in _protected_entries(index, term):
            _add(protected, phrase, scope)
    reach = max((len(k) for k in protected), default=0)
    longest = max((len(k) for k in variants), default=0)
    return Matcher(glossary, *_automaton(variants), *_automaton(protected), reach, longest)
