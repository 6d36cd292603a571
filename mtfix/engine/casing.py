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


# ``case_index`` answers with an index into this tuple: an int hashes in C, an Enum member in Python.
CASES = tuple(Case)
_LOWER, _SENTENCE, _TITLE, _UPPER, _MIXED = map(CASES.index, (Case.LOWER, Case.SENTENCE, Case.TITLE, Case.UPPER,
                                                          Case.MIXED))


def detect_case(words: list[str]) -> Case:
    """The case pattern of a run of words, looking at cased letters only."""
    return CASES[case_index(words)]


def case_index(words: list[str], text: str | None = None) -> int:
    """``detect_case`` as an index into ``CASES``; ``text``: the words joined by separators
    that are neither letters nor cased (the matched text they were split from), if at hand.

    Latin-1 text, nearly all English, takes a few ``str`` methods on the whole text:
    there every cased character is a letter, every letter is cased, ``lower()``
    changes exactly the capitals and ``title()`` none of them (all 256 are checked in
    ``tests/engine/test_render_fast.py``), so "no word has a capital" is "the text
    has none", and a word that opens with a capital is capitalised if
    ``capitalize()`` leaves it as it is. Other text takes ``_general_case``.
    """
    if text is None or not (text.isascii() or max(text) <= "\xff"):
        text = " ".join(words)
        if not (text.isascii() or max(text) <= "\xff"):
            return _general_case(words)
    if text == text.lower():
        return _LOWER
    at = 0 if text[0].isalpha() else _first_letter(text)
    if text.isupper():  # no small letter: a second capital makes it upper case
        return _UPPER if text[at + 1:].isupper() else _SENTENCE
    if text[at].isupper() and (rest := text[at + 1:]) == rest.lower():
        return _SENTENCE
    for word in words:
        if not (word[:1].isupper() and word.capitalize() == word or word.lower() in _SMALL_WORDS
                or _is_capitalised(word) or not any(c.isalpha() for c in word)):
            return _MIXED
    return _TITLE


def _first_letter(text: str) -> int:
    return next(i for i, c in enumerate(text) if c.isalpha())


def _general_case(words: list[str]) -> int:
    """``detect_case`` for any text, character by character."""
    if all(w.islower() or not w.isupper() and w == w.lower() for w in words):
        return _LOWER
    letters = [c for w in words for c in w if c.isalpha() and (c.isupper() or c.islower())]
    if not letters or all(c.islower() for c in letters):
        return _LOWER
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return _UPPER
    worded = [w for w in words if any(c.isalpha() for c in w)]
    if _is_capitalised(worded[0]) and all(w.islower() for w in worded[1:]):
        return _SENTENCE
    if all(_is_capitalised(w) or w.lower() in _SMALL_WORDS for w in worded):
        return _TITLE
    return _MIXED


def has_own_capitals(text: str) -> bool:
    if text.isascii():
        return text != text.lower()  # only capitals change
    return any(c.isupper() for c in text)


def _capitalise(word: str) -> str:
    if word[:1].isalpha():
        return word[0].upper() + word[1:]
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
    return [w if i and w in _SMALL_WORDS else w[0].upper() + w[1:] if w[:1].isalpha() else _capitalise(w)
            for i, w in enumerate(words)]  # ``_capitalise`` inlined for a word that opens with its letter


def case_article(new: str, old: str, upper_context: bool) -> str:
    """``new`` ("a"/"an") written in the case of the article it replaces."""
    if old.isupper() and (len(old) > 1 or upper_context):
        return new.upper()
    if old[0].isupper():
        return new.capitalize()
    return new
