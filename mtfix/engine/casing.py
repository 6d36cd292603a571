"""Case patterns: read one from the matched text, impose it on the replacement."""

from __future__ import annotations

from enum import Enum

# Words a title keeps in lower case unless they come first ("Zone of Cooperation").
_SMALL_WORDS = frozenset(
    "a an and as at but by for in nor of on or per the to vs via".split()
)


class Case(Enum):
    LOWER = "lower"
    SENTENCE = "sentence"
    TITLE = "title"
    UPPER = "upper"
    MIXED = "mixed"


def _is_capitalised(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper() and all(c.islower() for c in letters[1:])


def detect_case(words: list[str]) -> Case:
    """The case pattern of a run of words, looking at cased letters only."""
    if all(w.islower() or not w.isupper() and w == w.lower() for w in words):
        return Case.LOWER
    letters = [c for w in words for c in w if c.isalpha() and (c.isupper() or c.islower())]
    if not letters or all(c.islower() for c in letters):
        return Case.LOWER
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return Case.UPPER
    worded = [w for w in words if any(c.isalpha() for c in w)]
    if _is_capitalised(worded[0]) and all(w.islower() for w in worded[1:]):
        return Case.SENTENCE
    if all(_is_capitalised(w) or w.lower() in _SMALL_WORDS for w in worded):
        return Case.TITLE
    return Case.MIXED


def has_own_capitals(text: str) -> bool:
    return any(c.isupper() for c in text)


def _capitalise(word: str) -> str:
    for i, c in enumerate(word):
        if c.isalpha():
            return word[:i] + c.upper() + word[i + 1:]
    return word


def apply_case(words: list[str], case: Case, own_capitals: bool) -> list[str]:
    """``words`` (a preferred form as written) in the given case pattern.

    A preferred form with capitals of its own (a proper noun) keeps them,
    unless the context is all upper case.
    """
    if case is Case.UPPER:
        return [w.upper() for w in words]
    if own_capitals or case in (Case.LOWER, Case.MIXED):
        return list(words)
    if case is Case.SENTENCE:
        return [_capitalise(words[0]), *words[1:]]
    return [w if i and w in _SMALL_WORDS else _capitalise(w) for i, w in enumerate(words)]


def case_article(new: str, old: str, upper_context: bool) -> str:
    """``new`` ("a"/"an") written in the case of the article it replaces."""
    if old.isupper() and (len(old) > 1 or upper_context):
        return new.upper()
    if old[0].isupper():
        return new.capitalize()
    return new
