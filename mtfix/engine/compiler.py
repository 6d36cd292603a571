"""Compile a glossary into two Aho-Corasick automata.

``variants`` maps every canonical spelling of a wrong rendering (singular and
plural) to the forms that replace it. ``protected`` holds the text that must
never be rewritten: every preferred form and accepted alternative (for all
terms) and each term's exception phrases (for that term only); each protected
entry also names the term it belongs to, so that source evidence can release
one term's preferred form for another (``find_variants``'s ``released``).
Hyphen and space are one key; for a term whose hyphens count
(``keeps_separators``) the entries that share a key with its preferred form
carry their separator pattern, which the matcher checks against the text.
Matching cost depends on the text, not on the number of terms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import ahocorasick

from mtfix.engine.canon import canonical_key, separated_key, separator_pattern
from mtfix.engine.forms import article_for, plural_forms
from mtfix.engine.overlaps import Edges, guarded_variants, protected_edges, settling_edges, unsettled_variants
from mtfix.engine.placeholders import FAMILIES
from mtfix.engine.scanner import Match, leftmost_longest, occurrences, serialised_automaton
from mtfix.model import Glossary, Term

ALL_TERMS = -1


class VariantForm(NamedTuple):
    """What one automaton key stands for."""

    term: int  # index into Matcher.terms
    variant: str  # the glossary variant as written
    replacement: str  # the preferred form (or its plural) as written
    article: str | None  # "a"/"an" before the replacement; None for plurals
    exact: str | None  # case-sensitive terms: the key before lower-casing
    separators: str | None = None  # where hyphens count: the variant's (see ``keeps_separators``)


@dataclass
class Matcher:
    """A compiled glossary: picklable, so it can be cached and sent to workers.

    The automata store integers (compact and quick to unpickle); an integer
    indexes a table row ``(key length, entries)``.
    """

    glossary: Glossary
    variants: Any  # ahocorasick.Automaton: key -> index into variant_forms
    # Per key, what it stands for: its first form (a plain VariantForm tuple: unpickling a
    # row per key holding a tuple of forms cost 3x more), the rest in ``variant_more``.
    variant_forms: tuple[tuple[Any, ...], ...]
    protected: Any  # ahocorasick.Automaton: key -> index into protected_table
    # (scope, exact, owner, separators): separators as in VariantForm
    protected_table: list[tuple[int, tuple[tuple[int, str | None, int, str | None], ...]]]
    reach: int  # longest protected key, bounds the window searched around a match
    longest: int  # longest variant key
    # Terms with ``auto = false``: fixed only where the source has them (see ``suggestions``).
    manual: frozenset[int] = frozenset()
    include_suggestions: bool = False  # fix them anyway (``fix --include-suggestions``, ``check``)
    # Terms whose hyphens and spaces count (``keeps_separators``): replacements take the preferred form's.
    exact_separators: frozenset[int] = frozenset()
    # Placeholders and markup no finding may touch (``placeholders``): family names and extra patterns.
    protect_families: tuple[str, ...] = FAMILIES
    protect_patterns: tuple[str, ...] = ()
    # The variant keys for the main scan's engine (``scanner``), serialised; b"": pyahocorasick scans.
    scan_automaton: bytes = b""
    # The protected and the variant keys, every occurrence (``scanner.occurrences``); b"": pyahocorasick's.
    protected_occurrences: bytes = b""
    variant_occurrences: bytes = b""
    # Variant indexes whose matches may overlap protected text, and those whose replacements may
    # overlap a variant (``overlaps``); None: all of them.
    guarded: frozenset[int] | None = None
    unsettled: frozenset[int] | None = None
    # Of those, by the text beside a match: where a protected phrase may overlap it, and where
    # its replacement may make a variant with its context (``overlaps.Edges``); None: anywhere.
    protect_edges: Edges | None = None
    settle_edges: Edges | None = None
    # Per term, what a finding names: (id, preferred form, note, auto). The scan reads these,
    # not the glossary, which a cache entry unpickles only when it is asked for (``deferring``).
    term_rows: tuple[tuple[str, str, str, bool], ...] = ()
    # The keys of ``variants`` and ``protected`` by index: where daachorse scans, the
    # pyahocorasick automata are left out of a pickle and rebuilt from these if ever needed.
    variant_keys: tuple[str, ...] | None = None
    protected_keys: tuple[str, ...] | None = None
    # Every form of the keys that stand for more than one (terms sharing a variant).
    variant_more: dict[int, tuple[tuple[Any, ...], ...]] = field(default_factory=dict)

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.glossary.terms

    def including_suggestions(self, include: bool = True) -> Matcher:
        """This matcher (sharing its automata) with ``include_suggestions`` set."""
        return self if include == self.include_suggestions else self.replaced(include_suggestions=include)

    def protecting(self, families: tuple[str, ...]) -> Matcher:
        """This matcher (sharing its automata) protecting ``families`` as well (Markdown code in ``.md``)."""
        wanted = tuple(dict.fromkeys(self.protect_families + families))
        return self if wanted == self.protect_families else self.replaced(protect_families=wanted)

    def replaced(self, **changes: Any) -> Matcher:
        """A copy with ``changes``, sharing what is not loaded yet (``dataclasses.replace`` would load it)."""
        copy = object.__new__(Matcher)
        copy.__dict__.update(self.__dict__, **changes)
        return copy

    # What daachorse's scans need of the keys; pyahocorasick's automata where it is not installed.

    def scan(self, text: str) -> list[Match]:
        """The variant keys in ``text``, leftmost-longest (``scanner.leftmost_longest``)."""
        return leftmost_longest(text, self._automaton("variants"), self.variant_lengths, self.scan_automaton)

    def protected_in(self, text: str) -> list[Match]:
        """Every occurrence of a protected key in ``text`` (``scanner.occurrences``)."""
        return occurrences(text, self._automaton("protected"), self.protected_lengths, self.protected_occurrences)

    def variants_in(self, text: str) -> list[Match]:
        """Every occurrence of a variant key in ``text`` (``scanner.occurrences``)."""
        return occurrences(text, self._automaton("variants"), self.variant_lengths, self.variant_occurrences)

    def _automaton(self, name: str) -> Callable[[], Any]:
        return lambda: getattr(self, name)

    def forms(self, index: int) -> tuple[tuple[Any, ...], ...]:
        """What variant key ``index`` stands for: plain ``VariantForm`` tuples."""
        return self.variant_more.get(index) or (self.variant_forms[index],)

    @cached_property
    def variant_lengths(self) -> tuple[int, ...]:
        """The length of each variant key (what pyahocorasick's scan needs)."""
        return tuple(map(len, self.variant_keys or ()))

    @cached_property
    def protected_lengths(self) -> tuple[int, ...]:
        return tuple(row[0] for row in self.protected_table)

    @cached_property
    def key_index(self) -> dict[str, int]:
        """Variant key -> its index."""
        return {key: index for index, key in enumerate(self.variant_keys or ())}

    def without_glossary(self) -> Matcher:
        """This matcher with no glossary (to be pickled apart and ``deferring`` loaded)."""
        copy = self.replaced()
        copy.__dict__.pop("glossary", None)
        copy.__dict__.pop("_glossary_loader", None)
        return copy

    def deferring(self, load: Callable[[], Glossary]) -> Matcher:
        """This matcher (``without_glossary``) taking its glossary from ``load`` when first asked."""
        self.__dict__["_glossary_loader"] = load
        return self

    def __getattr__(self, name: str) -> Any:
        # Called only for what is not set: a glossary deferred, an automaton left out of a pickle.
        state = self.__dict__
        if name == "glossary" and "_glossary_loader" in state:
            value = state.pop("_glossary_loader")()
        elif name in _REBUILT and state.get(_REBUILT[name]) is not None:
            value = _automaton({key: () for key in state[_REBUILT[name]]})[0]
        else:
            raise AttributeError(name)
        state[name] = value
        return value

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for name in ("key_index", "variant_lengths", "protected_lengths"):
            state.pop(name, None)
        if "_glossary_loader" in state:
            state["glossary"] = state.pop("_glossary_loader")()
        if self.scan_automaton and self.variant_keys is not None and self.protected_keys is not None:
            state.pop("variants", None)  # daachorse scans: rebuilt from the keys only if needed
            state.pop("protected", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


_REBUILT = {"variants": "variant_keys", "protected": "protected_keys"}


def _forms(phrase: str) -> list[tuple[str, bool]]:
    """The phrase and its plural, each flagged ``is_plural``."""
    return [(phrase, False)] + [(plural, True) for plural in plural_forms(phrase)]


def _add(table: dict[str, list[Any]], phrase: str, item: Any) -> None:
    key = canonical_key(phrase)
    if key:
        table.setdefault(key, []).append(item)


def keeps_separators(term: Term) -> bool:
    """Whether ``term``'s hyphens and spaces count: a variant differs from its preferred (or an
    accepted) form in them alone (``high tech zone``, ``Hongkong`` for ``high-tech zone``, ``Hong Kong``)."""
    lower = not term.case_sensitive
    own = {separated_key(phrase, lower) for phrase in (term.preferred, *term.accepted)}
    joined = {_joined(key) for key in own}
    return any(key not in own and _joined(key) in joined
               for key in (separated_key(variant, lower) for variant in term.variants))


def _joined(key: str) -> str:
    return key.replace(" ", "").replace("-", "")


def _separators(term: Term, strict: bool) -> Callable[[str], str | None]:
    """The separator pattern a variant form of ``term`` must have: where it is its preferred or
    an accepted form but for hyphens (a variant that differs in its words matches as ever)."""
    own = {canonical_key(form) for phrase in (term.preferred, *term.accepted) for form, _ in _forms(phrase)}
    return lambda form: separator_pattern(form) if strict and canonical_key(form) in own else None


def _variant_entries(index: int, term: Term, strict: bool = False) -> list[tuple[str, tuple[Any, ...]]]:
    preferred: dict[bool, str] = {}
    for form, is_plural in _forms(term.preferred):
        preferred.setdefault(is_plural, form)  # the first plural: the head's
    article = article_for(term.preferred)
    separators = _separators(term, strict)
    entries = []
    for variant in dict.fromkeys(term.variants):
        for form, is_plural in _forms(variant):
            replacement = preferred.get(is_plural, term.preferred)
            exact = canonical_key(form, lower=False) if term.case_sensitive else None
            # Stored as a plain tuple: unpickling 10,000 terms' NamedTuples costs 7x more.
            entries.append((form, tuple(VariantForm(index, variant, replacement,
                                                    None if is_plural else article, exact, separators(form)))))
    return entries


def _protected_entries(index: int, term: Term,
                       strict: bool = False) -> list[tuple[str, tuple[int, str | None, int, str | None]]]:
    def exact(form: str) -> str | None:
        return canonical_key(form, lower=False) if term.case_sensitive else None

    # Where hyphens count, a preferred form protects only its own spelling, not its variants'.
    entries = [(form, (ALL_TERMS, exact(form), index, separator_pattern(form) if strict else None))
               for phrase in (term.preferred, *term.accepted) for form, _ in _forms(phrase)]
    entries += [(phrase, (index, exact(phrase), index, None)) for phrase in term.exceptions]
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
    strict = frozenset(i for i, term in enumerate(glossary.terms) if keeps_separators(term))
    for index, term in enumerate(glossary.terms):
        for phrase, form in _variant_entries(index, term, index in strict):
            _add(variants, phrase, form)
        for phrase, scope in _protected_entries(index, term, index in strict):
            _add(protected, phrase, scope)
    reach = max((len(k) for k in protected), default=0)
    longest = max((len(k) for k in variants), default=0)
    manual = frozenset(i for i, term in enumerate(glossary.terms) if not term.auto)
    patterns = tuple(dict(glossary.meta).get("protect", ()))
    keys = list(variants)
    guarded = guarded_variants(keys, protected)
    replacements = [[form[2] for form in variants[key]] for key in keys]
    unsettled = unsettled_variants(keys, replacements)
    rows = tuple((term.id, term.preferred, term.note, term.auto) for term in glossary.terms)
    variant_automaton, variant_rows = _automaton(variants)
    more = {index: forms for index, (_, forms) in enumerate(variant_rows) if len(forms) > 1}
    return Matcher(glossary, variant_automaton, tuple(forms[0] for _, forms in variant_rows),
                   *_automaton(protected), reach, longest, manual, variant_more=more,
                   exact_separators=strict, protect_patterns=patterns,
                   scan_automaton=serialised_automaton(keys), guarded=guarded, unsettled=unsettled,
                   protect_edges=protected_edges(keys, protected), settle_edges=settling_edges(keys, replacements),
                   protected_occurrences=serialised_automaton(list(protected), longest=False),
                   variant_occurrences=serialised_automaton(keys, longest=False),
                   term_rows=rows, variant_keys=tuple(keys), protected_keys=tuple(protected))
