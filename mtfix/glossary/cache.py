"""An on-disk cache of compiled glossaries, keyed by the glossary files' contents.

Compiling a large glossary (TOML, plurals, articles) costs far more than
matching, and ``inflect`` alone takes a second to import; like jieba's
dictionary cache, the compiled form is pickled once and reused until a
glossary file changes. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from mtfix.engine import Matcher, compile_glossary
from mtfix.glossary.load import load_glossaries, read_glossary_file

CACHE_FORMAT = "mtfix-matcher-2"
# The compiled form depends on this code; a change to it invalidates the cache by itself.
_COMPILER_SOURCES = ("compiler.py", "forms.py", "canon.py")


def cache_dir() -> Path:
    explicit = os.environ.get("MTFIX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtfix"


def cache_key(paths: list[str]) -> str:
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    engine = Path(compile_glossary.__code__.co_filename).parent
    for name in _COMPILER_SOURCES:
        digest.update((engine / name).read_bytes())
    digest.update((Path(engine).parent / "model.py").read_bytes())
    for path in paths:
        digest.update(b"\0" + str(Path(path).resolve()).encode())
        digest.update(b"\0" + read_glossary_file(path).encode())
    return digest.hexdigest()[:32]


def _read(path: Path) -> Matcher | None:
    try:
        with path.open("rb") as handle:
            matcher = pickle.load(handle)
    except Exception:  # a stale or damaged cache entry is rebuilt, whatever is wrong with it
        return None
    return matcher if isinstance(matcher, Matcher) else None


def _write(path: Path, matcher: Matcher) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(matcher, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def load_matcher(paths: list[str], use_cache: bool = True) -> Matcher:
    """The compiled glossary for ``paths``, from the cache when it is fresh."""
    if not use_cache:
        return compile_glossary(load_glossaries(paths))
    entry = cache_dir() / f"{cache_key(paths)}.pickle"
    matcher = _read(entry)
    if matcher is None:
        matcher = compile_glossary(load_glossaries(paths))
        _write(entry, matcher)
    return matcher
