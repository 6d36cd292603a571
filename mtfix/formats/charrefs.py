"""Rewriting a run of XML character data without touching what the edit left alone.

A run is read with its references decoded (``&apos;`` -> ``'``, ``&#x3000;`` ->
U+3000). Writing the whole run back escaped the usual way would normalise every
reference in it; instead the old and new texts are aligned word by word and the
words that stayed are copied from the file as they were written, so only the
words of the edit are escaped afresh.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_REF = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[\w.:-]+);")
_TOKEN = re.compile(r"\w+|\s|[^\w\s]", re.UNICODE)


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _bounds(raw: str) -> list[int]:
    """Raw offset of each decoded character of ``raw`` (and of its end): a reference is one character."""
    out: list[int] = []
    pos = 0
    for m in _REF.finditer(raw):
        out.extend(range(pos, m.start()))
        out.append(m.start())
        pos = m.end()
    out.extend(range(pos, len(raw) + 1))
    return out


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """Common prefix and suffix lengths, backed off so that neither ends inside a word."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    while head and _word(old[head - 1]) and (head < len(old) and _word(old[head])
                                              or head < len(new) and _word(new[head])):
        head -= 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    while tail and _word(old[-tail]) and (tail < len(old) - head and _word(old[-1 - tail])
                                          or tail < len(new) - head and _word(new[-1 - tail])):
        tail -= 1
    return head, tail


@dataclass(frozen=True)
class Respell:
    """The escape of one run of character data: ``raw`` as the file has it, ``old`` its decoded text.

    Called with a text, it escapes it the plain way; ``respell(new)`` is the raw
    text for ``new`` with every unchanged word written as it was read.
    ``codec``: a charset other than UTF, whose missing characters become references.
    """

    raw: str
    old: str
    codec: str | None = None

    def __call__(self, text: str) -> str:
        escaped = escape_text(text)
        return escaped if self.codec is None else escaped.encode(self.codec, "xmlcharrefreplace").decode(self.codec)

    def joined(self, other: Respell) -> Respell:
        return Respell(self.raw + other.raw, self.old + other.old, self.codec)

    def for_codec(self, codec: str) -> Respell:
        return Respell(self.raw, self.old, codec)

    def respell(self, new: str) -> str:
        old = self.old
        if new == old:
            return self.raw
        bounds = _bounds(self.raw)
        if len(bounds) != len(old) + 1:  # not read from this raw text: escape it all
            return self(new)
        head, tail = _common_ends(old, new)
        out = [self.raw[:bounds[head]]]
        out.extend(self._middle(bounds, head, len(old) - tail, new[head:len(new) - tail]))
        out.append(self.raw[bounds[len(old) - tail]:])
        return "".join(out)

    def _middle(self, bounds: list[int], start: int, stop: int, new: str) -> list[str]:
        olds = [(m.start() - start, m.end() - start) for m in _TOKEN.finditer(self.old, start, stop)]
        news = [(m.start(), m.end()) for m in _TOKEN.finditer(new)]
        middle = self.old[start:stop]
        matcher = difflib.SequenceMatcher(None, [middle[a:b] for a, b in olds], [new[a:b] for a, b in news],
                                          autojunk=False)
        out = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                out.append(self.raw[bounds[start + olds[i1][0]]:bounds[start + olds[i2 - 1][1]]])
            elif j2 > j1:
                out.append(self(new[news[j1][0]:news[j2 - 1][1]]))
        return out
