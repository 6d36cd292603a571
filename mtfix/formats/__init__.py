"""File formats: which files a walk picks up, and how each kind is processed.

Each format module turns a file into text segments, lets the engine fix them,
and writes the file back with everything else as it was. Plain text is the
base; bilingual and corpus formats register their extensions here.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType

from mtfix.formats.text import looks_binary

TEXT_EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".text"})

# Extension -> module with ``load(path) -> Document``; imported only when a file needs it.
# A module may also define ``process(path, matcher, mode) -> FileResult`` to stream.
HANDLERS: dict[str, str] = {}

# Bilingual formats (issue 5): targets fixed in place, sources give term evidence.
HANDLERS.update({".tsv": "mtfix.formats.tsv", ".tmx": "mtfix.formats.tmx", ".xlf": "mtfix.formats.xliff",
                 ".xliff": "mtfix.formats.xliff", ".po": "mtfix.formats.po", ".pot": "mtfix.formats.po"})

# Corpus formats (issue 6). A compressed file is processed as the file inside it.
HANDLERS.update({".jsonl": "mtfix.formats.jsonl", ".parquet": "mtfix.formats.parquet",
                 ".gz": "mtfix.formats.compression", ".zst": "mtfix.formats.compression"})
COMPRESSED_EXTENSIONS = frozenset({".gz", ".zst"})
BINARY_EXTENSIONS = frozenset({".parquet"})  # binary by design: not skipped by a folder walk


def supported_extensions() -> frozenset[str]:
    return TEXT_EXTENSIONS | frozenset(HANDLERS)


def handler_for(path: str) -> ModuleType | None:
    """The format module for ``path``, or None for plain text."""
    name = HANDLERS.get(Path(path).suffix.lower())
    return importlib.import_module(name) if name else None


def _is_hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


def _walk_dir(root: str) -> Iterator[str]:
    extensions = supported_extensions()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not _is_hidden(name) and _walks_into(path, extensions):
                yield path


def _walks_into(path: str, extensions: frozenset[str]) -> bool:
    """A folder walk picks up files of a known format (``x.jsonl.gz`` as ``x.jsonl``)."""
    suffix = Path(path).suffix.lower()
    if suffix in COMPRESSED_EXTENSIONS:
        inner = Path(Path(path).stem).suffix.lower()
        return inner in extensions and inner not in COMPRESSED_EXTENSIONS
    return suffix in extensions and (suffix in BINARY_EXTENSIONS or not looks_binary(Path(path)))


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files named directly (always, whatever their extension) and the text-like
    files under named folders, hidden folders and binary files left out."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from _walk_dir(path)
        else:
            yield path
