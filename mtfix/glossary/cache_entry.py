"""The bytes of one glossary cache entry: a verified header, then a restricted pickle.

A cache file is data, never code. An entry is::

    MAGIC | header length (4 bytes, big-endian) | header (JSON) | payload (pickle)

The header names everything the payload depends on (this format, mtfix, the
Python build, pyahocorasick, daachorse, the full cache key) and the payload's length and
SHA-256. All of it is checked before a byte of the payload is unpickled, so a
flipped bit, a truncated file or an entry of another glossary copied under this
key is a miss, and pyahocorasick never sees bytes it did not write. The payload
is then unpickled by an ``Unpickler`` that can build only the classes a
``Matcher`` is made of, so even a well-formed planted entry cannot call
anything else (``os.system``, ``eval``...).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
from collections.abc import Callable
from functools import lru_cache, partial
from typing import IO, Any

import ahocorasick

from mtfix import __version__
from mtfix.engine import Matcher
from mtfix.model import Glossary

MAGIC = b"mtfix-cache\n"
FORMAT = 3
_PREFIX = len(MAGIC) + 4
_HEADER_LIMIT = 1 << 16  # a real header is ~300 bytes; a longer one is not read
# Every global a pickled Matcher refers to; anything else in a payload is refused.
_ALLOWED = frozenset({
    ("mtfix.engine.compiler", "Matcher"),
    ("mtfix.model", "Glossary"),
    ("mtfix.model", "Term"),
    ("mtfix.model", "Origin"),
    ("mtfix.engine.overlaps", "Edges"),
    ("ahocorasick", "Automaton"),
})


def _installed_version(distribution: str, folder: str) -> str:
    # The dist-info folder in ``folder`` names the version; importlib.metadata
    # would cost ~30 ms of imports on every warm start, so it is only the fallback.
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(distribution + "-")]
    except OSError:
        names = []
    for name in names:
        if name.endswith(".dist-info"):
            return name[len(distribution) + 1:-len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def _ahocorasick_version() -> str:
    return _installed_version("pyahocorasick", os.path.dirname(ahocorasick.__file__ or ""))


def _daachorse_version() -> str:
    """The serialised daachorse automata in a matcher are read by this version only."""
    import importlib.util

    spec = importlib.util.find_spec("daachorse")
    if spec is None or not spec.origin:
        return "none"
    return _installed_version("daachorse", os.path.dirname(os.path.dirname(spec.origin)))


@lru_cache(maxsize=1)
def _identity() -> dict[str, Any]:
    """What the payload's meaning depends on besides the key (JSON values, as parsed back)."""
    return {
        "format": FORMAT,
        "mtfix": __version__,
        "python": list(sys.version_info),
        "implementation": sys.implementation.cache_tag or sys.implementation.name,
        "ahocorasick": _ahocorasick_version(),
        "daachorse": _daachorse_version(),
    }


def _header(key: str, payload: bytes) -> dict[str, Any]:
    return {**_identity(), "key": key, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}


def wrap(key: str, payload: bytes) -> bytes:
    """The entry holding ``payload`` under the full cache key ``key``."""
    header = json.dumps(_header(key, payload), sort_keys=True, separators=(",", ":")).encode("ascii")
    return MAGIC + len(header).to_bytes(4, "big") + header + payload


def encode(key: str, matcher: Matcher) -> bytes:
    """The entry for ``matcher`` compiled from the glossaries whose full key is ``key``: the
    matcher, and its glossary pickled apart (a run that only scans never unpickles it)."""
    glossary = pickle.dumps(matcher.glossary, protocol=pickle.HIGHEST_PROTOCOL)
    return wrap(key, pickle.dumps((matcher.without_glossary(), glossary), protocol=pickle.HIGHEST_PROTOCOL))


class _MatcherUnpickler(pickle.Unpickler):
    """Builds only the classes of ``_ALLOWED``: no function of any module can be reached."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")


def _read_header(handle: IO[bytes]) -> dict[str, Any] | None:
    prefix = handle.read(_PREFIX)
    if len(prefix) != _PREFIX or not prefix.startswith(MAGIC):
        return None
    length = int.from_bytes(prefix[len(MAGIC):], "big")
    if length > _HEADER_LIMIT:
        return None
    try:
        header = json.loads(handle.read(length))
    except ValueError:  # not JSON, not UTF-8: damaged
        return None
    return header if isinstance(header, dict) else None


def _verified_payload(handle: IO[bytes], size: int, key: str) -> bytes | None:
    """The payload, only when the header matches this key and build and the hash matches."""
    header = _read_header(handle)
    if header is None:
        return None
    digest, length = header.pop("sha256", None), header.pop("size", None)
    if header != {**_identity(), "key": key} or type(length) is not int or length != size - handle.tell():
        return None
    payload = handle.read(length)
    if len(payload) != length or hashlib.sha256(payload).hexdigest() != digest:
        return None
    return payload


def decode(handle: IO[bytes], size: int, key: str, reload: Callable[[], Glossary] | None = None) -> Matcher | None:
    """The matcher in the entry ``handle`` (``size`` bytes), or None unless every check passes.

    Its glossary is unpickled when first asked for; should that part be refused then
    (a planted class), ``reload`` reads the glossary from its files instead."""
    payload = _verified_payload(handle, size, key)
    if payload is None:
        return None
    try:
        matcher, glossary = _MatcherUnpickler(io.BytesIO(payload)).load()
    except Exception:  # verified yet unreadable (refused class, damaged pickle): rebuilt
        return None
    if not (isinstance(matcher, Matcher) and isinstance(glossary, bytes) and _is_automata(matcher)):
        return None
    return matcher.deferring(partial(_glossary, glossary, reload))


def _glossary(data: bytes, reload: Callable[[], Glossary] | None) -> Glossary:
    """The glossary of an entry (verified with it), by the same restricted unpickler."""
    try:
        glossary = _MatcherUnpickler(io.BytesIO(data)).load()
    except Exception:  # refused class, damaged pickle
        glossary = None
    if isinstance(glossary, Glossary):
        return glossary
    if reload is None:
        raise pickle.UnpicklingError("a cache entry's glossary is not a Glossary")
    return reload()


def _is_automata(matcher: Matcher) -> bool:
    """Whether the automata are of the types a matcher holds (each stored, or its keys)."""
    state = matcher.__dict__
    return all(isinstance(state[name], ahocorasick.Automaton) if name in state
               else isinstance(state.get(keys), tuple) and isinstance(state.get(serialised), bytes)
               for name, keys, serialised in (("variants", "variant_keys", "scan_automaton"),
                                              ("protected", "protected_keys", "protected_occurrences")))
