"""The main scan: every key of a glossary in a text, leftmost-longest.

The rule, by construction: among the keys occurring in the text, take the one
starting leftmost, and among those the longest; continue after its end. Word
boundaries and a term's guards are checked by ``matching`` on what this
returns (a key that fails them is re-examined there, shorter keys first).

Two engines give the same matches, ``(start, stop, index)`` in characters:

- ``daachorse`` (a character-wise double-array Aho-Corasick in Rust):
  leftmost-longest natively, character offsets; the matcher keeps it
  serialised (plain bytes: the glossary cache unpickles no foreign class),
  and it loads in milliseconds. The main engine where it is installed.
- ``pyahocorasick``: the portable fallback, always compiled (``matching``
  looks keys up in it). Its ``iter_long`` is not leftmost-longest: part-way
  into a longer key it loses the keys inside it (with ``gathering area zone``
  and ``area``, ``... the gathering area`` at the end of a text, or ``b ab c``
  with ``ab c b``, ``b c ab`` and ``c``), so its standard scan, which reports
  every occurrence, is reduced to leftmost-longest here.

``ENGINE`` (the environment variable ``MTFIX_ENGINE``; default the first of
``ENGINES`` installed) picks the engine at scan time, so tests run both.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

ENGINES = ("daachorse", "pyahocorasick")
_MODULES = {"daachorse": "daachorse", "pyahocorasick": "ahocorasick"}
Match = tuple[int, int, int]


def installed(engine: str) -> bool:
    """Whether ``engine`` can be imported (not importing it: start-up stays short)."""
    return importlib.util.find_spec(_MODULES[engine]) is not None


def default_engine() -> str:
    wanted = os.environ.get("MTFIX_ENGINE", "")
    if wanted in ENGINES and installed(wanted):
        return wanted
    return next(name for name in ENGINES if installed(name))


ENGINE = default_engine()


def serialised_automaton(keys: Sequence[str], longest: bool = True) -> bytes:
    """The daachorse automaton of ``keys`` (a key's index is its position), or b"" without daachorse;
    ``longest``: for ``leftmost_longest``, else for ``occurrences``."""
    if not keys or not installed("daachorse"):
        return b""
    import daachorse

    kind = daachorse.MATCH_KIND_LEFTMOST_LONGEST if longest else daachorse.MATCH_KIND_STANDARD
    # The keys as the corpus of daachorse's profile-guided layout: their characters get the
    # codes that keep the hot part of the double array small (a scan takes 0.8x the time).
    # The prefilter pays on whole texts only: the occurrence scans run on short windows.
    keys = list(keys)
    automaton = daachorse.CharwiseDoubleArrayAhoCorasick(keys, kind, corpus=keys, use_prefilter=longest)
    return bytes(automaton.serialize())


# Deserialised automata by the bytes they came from (kept alive here, so ids stay unique).
_LOADED: dict[int, tuple[bytes, Any]] = {}


def _loaded(data: bytes) -> Any:
    entry = _LOADED.get(id(data))
    if entry is None or entry[0] is not data:
        import daachorse

        try:
            automaton = daachorse.CharwiseDoubleArrayAhoCorasick.deserialize(data)
        except ValueError:
            automaton = None  # damaged: the fallback scans
        if len(_LOADED) >= 8:
            _LOADED.clear()
        entry = _LOADED[id(data)] = (data, automaton)
    return entry[1]


def leftmost_longest(text: str, automaton: Callable[[], Any], lengths: Sequence[int],
                     serialised: bytes = b"", engine: str | None = None) -> list[Match]:
    """Leftmost-longest, non-overlapping ``(start, stop, index)`` of the keys in ``text``.

    ``automaton()`` gives the pyahocorasick automaton (key -> index; asked for only where
    daachorse does not scan), ``lengths`` the length of each key,
    ``serialised`` the same keys for daachorse.
    """
    if serialised and (engine or ENGINE) == "daachorse":
        fast = _loaded(serialised)
        if fast is not None:
            try:
                return fast.find(text)
            except UnicodeEncodeError:  # a lone surrogate: not UTF-8, which daachorse takes
                pass
    fallback = automaton()
    if not len(fallback):
        return []
    return _reduced(fallback.iter(text), lengths)


def occurrences(text: str, automaton: Callable[[], Any], lengths: Sequence[int],
                serialised: bytes = b"", engine: str | None = None) -> list[Match]:
    """Every occurrence ``(start, stop, index)`` of the keys in ``text``, overlapping ones included
    (arguments as for ``leftmost_longest``, ``serialised`` built with ``longest=False``).
    Only the set counts: the engines list them in different orders."""
    if serialised and (engine or ENGINE) == "daachorse":
        fast = _loaded(serialised)
        if fast is not None:
            try:
                return fast.find_overlapping(text)
            except UnicodeEncodeError:  # a lone surrogate (see ``leftmost_longest``)
                pass
    return [(end + 1 - lengths[index], end + 1, index) for end, index in automaton().iter(text)]


def _reduced(found: Iterable[tuple[int, int]], lengths: Sequence[int]) -> list[Match]:
    """Every occurrence ``(end, index)`` reduced to leftmost-longest: the longest key at
    each start, then the starts from left to right, skipping those inside the last one taken."""
    longest: dict[int, tuple[int, int]] = {}
    for end, index in found:
        stop = end + 1
        start = stop - lengths[index]
        best = longest.get(start)
        if best is None or stop > best[0]:
            longest[start] = (stop, index)
    matches, pos = [], 0
    for start in sorted(longest):
        if start >= pos:
            stop, index = longest[start]
            matches.append((start, stop, index))
            pos = stop
    return matches
