"""Protected spans: placeholders, code and markup inside a text are not words.

``%(name)s``, ``{count}``, ``<strong>``, a URL or an RST role's target must
reach the translated program byte for byte, so no glossary variant may match
inside one or straddle one; a variant beside one is fixed as anywhere else.

Each family is one regular expression; a matcher holds the names of the
families it applies (``FAMILIES`` by default, ``MARKDOWN`` added for ``.md``
files, ``families_for_flags`` for a PO entry's format flags) and any extra
patterns of the glossary (``[meta] protect``) or config (``protect``). The spans
of a text are found lazily: only a text with a candidate finding pays for
them (see ``candidates.Scan``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

_BRACE_BODY = r"[^{}\n]*(?:\{[^{}\n]*(?:\{[^{}\n]*\}[^{}\n]*)*\}[^{}\n]*)*"  # two levels: ICU plural branches

# One expression per branch, each starting with one literal character, so that ``re``
# jumps from one such character to the next: as one alternation, or with a branch led by
# ``\b`` or a letter, a 5 MB text cost 0.4-1.5 s instead of 0.05 s. Each expression comes
# after characters every match of it holds, the rarer in prose first: a text lacking one
# cannot hold a match, and a one-character ``in`` (memchr) costs a few percent of a regex
# pass, so most prose skips them all. (A longer literal is no cheaper: ``":`" in text`` takes
# twice as long as the regex pass that starts from ":".)
_INLINE: dict[str, tuple[tuple[str, str], ...]] = {
    "rst": (("`:", r":[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*:`[^`\n]+`"), ("`", r"``[^`\n]+``")),
    "markdown": (("`", r"`(?P<ticks>`*)[^`\n](?:[^\n]*?[^`\n])?`(?P=ticks)(?!`)"),),
    # ``B<x>``: matched from its "<" (a letter-led expression stops at every capital); the letter is added back.
    "pod": (("<>", r"<(?<=(?<![\w])[BCEFILSXZ]<)(?:<+\s[^\n]*?\s>>+|[^<>\n]+>)"),),
    "ruby": (("{}%", r"%\{[^{}\s]+\}"), ("<>%", r"%<[A-Za-z_]\w*>[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]")),
    "shell": (("${}", r"\$\{[^{}\n]*\}"),),
    "printf": (("%", r"%%|%(?:\d+\$)?(?:\([A-Za-z_][\w.-]*\))?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                     r"(?:hh|ll|[hlLqjzt])?[diouxXeEfFgGcrsaAp@]"),),
    "braces": (("{}", r"\{" + _BRACE_BODY + r"\}"),),
    "tags": (("<>", r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"), ("<>", r"<!--(?:[^-]|-(?!->))*-->"),
             ("&", r"&lt;/?[A-Za-z][\w:.-]*(?:\s(?:(?!&[lg]t;)[^<>\n])*)?/?&gt;")),
}
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[^\n]*\n(?:[^\n]*\n)*?[ \t]*(?P=fence)[`~]*[ \t]*$",
                    re.MULTILINE)
# URLs and e-mail addresses start with a word: found from their "://", "www." or "@".
_URL_TAIL = re.compile(r"://[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]]")
_WWW = re.compile(r"www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]])?")
_SCHEMES = ("http", "https", "ftp", "file")
_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
_LOCAL_MAX = 64

FAMILIES: tuple[str, ...] = ("rst", "pod", "url", "email", "ruby", "shell", "printf", "braces", "tags")
MARKDOWN: tuple[str, ...] = ("markdown",)


# Families that are the format directives of programming languages; gettext's
# ``X-format`` flags on a PO entry say which of them a text holds (``families_for_flags``).
DIRECTIVES: tuple[str, ...] = ("ruby", "shell", "printf", "braces")
_PRINTF, _BRACES = ("printf",), ("braces",)
# gettext's format types -> their directives among the families; () for languages whose
# directives no family models (Qt's %1, Lisp's ~a): in their texts none of DIRECTIVES are.
FORMAT_TYPES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("c", "objc", "python", "java-printf", "javascript", "awk", "lua", "perl", "php", "tcl",
                     "gcc-internal", "gfc-internal", "sh-printf", "object-pascal", "go"), _PRINTF),
    **dict.fromkeys(("python-brace", "java", "csharp", "perl-brace", "rust", "c++"), _BRACES),
    "ruby": ("ruby", "printf"), "sh": ("shell",),
    **dict.fromkeys(("qt", "qt-plural", "kde", "kde-kuit", "boost", "lisp", "scheme", "elisp", "librep",
                     "smalltalk", "ycp"), ()),
}


def families_for_flags(flags: Iterable[str], families: tuple[str, ...] = FAMILIES) -> tuple[str, ...]:
    """The families of ``families`` that apply to a PO entry with these flags (``c-format``...).

    As gettext means them: ``X-format`` (or ``possible-X-format``) says the text is a
    format string of language X, so of the directive families only X's apply (in a
    ``c-format`` text ``{name}`` is plain text); ``no-X-format`` (``impossible-X-format``)
    says it is not one, so X's directives are plain text there. Markup, URLs, RST and
    the other families always apply; without a format flag ``families`` is returned.
    """
    positive: set[str] = set()
    negative: set[str] = set()
    known = False
    for flag in flags:
        name = flag.strip()
        if not name.endswith("-format"):
            continue
        name, wanted = name[:-len("-format")], True
        for prefix, sign in (("no-", False), ("impossible-", False), ("possible-", True)):
            if name.startswith(prefix):
                name, wanted = name[len(prefix):], sign
                break
        if name in FORMAT_TYPES:
            (positive if wanted else negative).update(FORMAT_TYPES[name])
            known = known or wanted
    if known:
        return tuple(f for f in families if f not in DIRECTIVES or f in positive)
    return tuple(f for f in families if f not in negative)


class ProtectError(ValueError):
    """A ``protect`` pattern that is not a usable regular expression."""


def check_pattern(pattern: str) -> None:
    """Raise ProtectError when ``pattern`` cannot protect anything: invalid, or matching nothing at all."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ProtectError(f"protect pattern {pattern!r} is not a valid regular expression: {exc}") from None
    if compiled.match(""):
        raise ProtectError(f"protect pattern {pattern!r} matches empty text; it must match at least one character")


@lru_cache(maxsize=64)
def _inline(families: tuple[str, ...]) -> tuple[tuple[str, str, bool], ...]:
    """Each family's expressions, with the characters every match holds and whether a
    match starts one character earlier (POD); compiled when first run (``re`` caches them)."""
    return tuple((needs, pattern, name == "pod")
                 for name, patterns in _INLINE.items() if name in families for needs, pattern in patterns)


@lru_cache(maxsize=64)
def _extra(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.MULTILINE) if patterns else None


def _inline_spans(text: str, families: tuple[str, ...]) -> list[tuple[int, int]]:
    return [(m.start() - back, m.end()) for needs, pattern, back in _inline(families)
            if all(char in text for char in needs) for m in _compiled(pattern).finditer(text)]


# An expression is compiled the first time a text may hold a match of it (most never are).
_compiled = lru_cache(maxsize=None)(re.compile)


_NEEDLES = {needle: re.compile(re.escape(needle)) for needle in ("://", "www.", "@")}


def _occurrences(text: str, needle: str) -> list[int]:
    return [m.start() for m in _NEEDLES[needle].finditer(text)]


def _url_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for at in _occurrences(text, "://") if "/" in text and ":" in text else ():
        start = at
        while start > 0 and at - start < 5 and text[start - 1].isalpha():
            start -= 1
        if text[start:at].lower() in _SCHEMES and (m := _URL_TAIL.match(text, at)):
            spans.append((start, m.end()))
    for at in _occurrences(text, "www."):
        if (not at or not text[at - 1].isalnum()) and (m := _WWW.match(text, at)):
            spans.append(m.span())
    return spans


def _email_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for at in _occurrences(text, "@") if "@" in text else ():
        start = at
        while start > 0 and at - start < _LOCAL_MAX and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        while start < at and not text[start].isalnum():
            start += 1
        if start < at and (m := _DOMAIN.match(text, at)):
            spans.append((start, m.end()))
    return spans


def protected_spans(text: str, families: tuple[str, ...] = FAMILIES,
                    extra: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """The spans of ``text`` no finding may touch, in order, never overlapping (where two
    overlap, the one starting first, or the longer at one start, wins)."""
    spans = _inline_spans(text, families)
    if "url" in families:
        spans += _url_spans(text)
    if "email" in families:
        spans += _email_spans(text)
    if "markdown" in families and ("`" in text or "~" in text):  # a fence is three of either
        spans += [m.span() for m in _FENCE.finditer(text)]
    if (pattern := _extra(extra)) is not None:
        spans += [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


class SpanSet:
    """Sorted, disjoint spans; ``touches`` says whether a range overlaps one."""

    __slots__ = ("ends", "spans", "starts")

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def touches(self, start: int, stop: int) -> bool:
        index = bisect_right(self.starts, stop - 1) - 1  # the last span starting before ``stop``
        return index >= 0 and self.ends[index] > start


NO_SPANS = SpanSet([])  # a text without placeholders: tested by identity on every candidate
