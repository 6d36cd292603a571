"""English tokens for mining: words with offsets, phrase breaks, function words.

A hyphen or whitespace between two words keeps them in one phrase (as the
engine's canonical form does); any other punctuation breaks it. Phrase keys
are lower-case with the last word in the singular, so "gathering areas" and
"Gathering Area" count as one rendering.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019](?!s\b)[^\W\d_]+)*|\d+(?:[.,]\d+)*")
_JOINING_GAP = re.compile(r"[ \t\u00a0]*\r?\n?[ \t\u00a0]*[\-\u2010\u2011]?[ \t\u00a0]*")

STOPWORDS = frozenset("""
a an the of and or nor in on at to for from by with as is are was were be been being am it its it's this that
these those their there here our we they he she his her him i you your my me us them not no into onto over under
also will shall has have had all any such than then which who whom whose what when where while after before up
down out about more most very can may should would could do does did so if but each other some many much own
same both either neither just only even still yet too again further once per via upon within without between
among through during against towards toward around across along behind beyond since until unless whether how
why let lets one two three four five six seven eight nine ten first second third etc s t
""".split())


@dataclass(frozen=True)
class Token:
    text: str  # as written
    low: str  # lower case
    start: int
    end: int
    joined: bool  # only spaces or a hyphen separate it from the previous token

    @property
    def is_content(self) -> bool:
        return self.low not in STOPWORDS and not self.low[0].isdigit() and len(self.low) > 1


def tokenize(text: str) -> list[Token]:
    return list(iter_tokens(text))


def iter_tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` one by one (mining a large corpus never holds them all)."""
    end = None
    for m in _WORD.finditer(text):
        joined = end is not None and _JOINING_GAP.fullmatch(text, end, m.start()) is not None
        yield Token(m.group(), m.group().lower(), m.start(), m.end(), joined)
        end = m.end()


def singular(word: str) -> str:
    """A crude singular, only for grouping (never shown): areas -> area, cities -> city."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word


def phrase_key(words: list[str]) -> str:
    """The grouping key of a phrase given as lower-case words."""
    return " ".join([*words[:-1], singular(words[-1])])


def same_stem(a: str, b: str) -> bool:
    """True for inflections and derivations of one word (develop / development, industry / industrial)."""
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 5 and common >= min(len(a), len(b)) - 2


def same_phrase(a: str, b: str) -> bool:
    """Two phrase keys that differ only by inflection, word for word."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(same_stem(x, y) for x, y in zip(wa, wb, strict=True))
