"""Inflected forms of glossary phrases, computed once when a glossary is compiled.

``inflect`` knows English plurals and a/an far better than hand-written rules,
but takes about a second to import; it is only imported here, on the compile
path, and compiled glossaries are cached so that ordinary runs never pay it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from mtfix.engine.canon import split_words

# inflect's rules take time quadratic in the word (29 s for 80,000 characters); the
# glossary loader refuses phrases this long, and API callers get no inflection for them.
MAX_WORD_CHARS = 200


@lru_cache(maxsize=1)
def _engine() -> Any:
    import inflect

    return inflect.engine()


@lru_cache(maxsize=65536)  # glossaries repeat head words ("zone", "area") across many terms
def _plural_word(word: str) -> str | None:
    if len(word) > MAX_WORD_CHARS or not any(c.isalpha() for c in word):
        return None
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word + "s"  # acronyms: "SEZ" -> "SEZs", not "SEZS"
    if word[:1].isupper() and word[1:].islower():  # inflect keeps proper names: "Ministrys"
        lower = _plural_word(word.lower())
        return None if lower is None else lower[:1].upper() + lower[1:]
    try:
        if _already_plural(word):
            return None
        plural = _engine().plural_noun(word)
    except Exception:  # inflect rejects some odd input (typeguard); no plural then
        return None
    return plural if isinstance(plural, str) and plural and plural != word else None


def _already_plural(word: str) -> bool:
    """"Motors", "Materials", "forces": a plural noun already (inflect would write
    "Motorss"); short words and "-ss", "-us", "-is" endings ("gas", "bus", "class",
    "basis") are singular."""
    if len(word) < 4 or not word.endswith("s") or word.lower().endswith(("ss", "us", "is")):
        return False
    singular = _engine().singular_noun(word)
    return isinstance(singular, str) and _engine().plural_noun(singular) == word


# A head noun followed by one of these takes the plural: "Commissions for Discipline Inspection".
_POSTMODIFIER = frozenset(("of", "for", "on", "in", "at", "with", "to"))


def plural_of(phrase: str) -> str | None:
    """The phrase with its head word in the plural, separators kept; None if none.
    The head is the last word, or the word before a preposition ("heads of the
    Organization Department")."""
    forms = plural_forms(phrase)
    return forms[0] if forms else None


def plural_forms(phrase: str) -> list[str]:
    """Every plural of the phrase worth matching: the head before a preposition in the
    plural, then the last word ("Hundred Thousand of Projects": a count, not a head)."""
    words, gaps = split_words(phrase)
    heads = [i - 1 for i in range(1, len(words)) if words[i] in _POSTMODIFIER][:1] + [len(words) - 1]
    forms = []
    for head in heads:
        plural = _plural_word(words[head])
        if plural is not None:
            inflected = [*words[:head], plural, *words[head + 1:]]
            forms.append("".join(w + g for w, g in zip(inflected, [*gaps, ""], strict=True)))
    return list(dict.fromkeys(forms))


def article_for(phrase: str) -> str:
    """``"a"`` or ``"an"``, by how the phrase is pronounced ("an hour", "a unit")."""
    return _article_for_word(split_words(phrase)[0][0] or phrase)


@lru_cache(maxsize=65536)
def _article_for_word(first: str) -> str:
    if len(first) <= MAX_WORD_CHARS:
        try:
            return str(_engine().a(first)).split(" ", 1)[0].lower()
        except Exception:
            pass  # inflect rejects some odd input; guess from the first letter
    return "an" if first[:1].lower() in "aeiou" else "a"
