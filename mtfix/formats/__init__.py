"""File formats: which files a walk picks up, and how each kind is processed.

Each format module turns a file into text segments, lets the engine fix them,
and writes the file back with everything else as it was. Plain text is the
base; bilingual and corpus formats register their extensions here.
"""

from __future__ import annotations

import importlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from mtfix.errors import InputError
from mtfix.files import kind_of
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
# XLZ: a zip of XLIFF (Okapi, SDL), processed as the XLIFF inside (issue 12).
HANDLERS[".xlz"] = "mtfix.formats.xlz"
BINARY_EXTENSIONS = frozenset({".parquet", ".xlz"})  # binary by design: not skipped by a folder walk


def supported_extensions() -> frozenset[str]:
    return TEXT_EXTENSIONS | frozenset(HANDLERS)


def handler_for(path: str) -> ModuleType | None:
    """The format module for ``path``, or None for plain text: by extension, else
    by content for an XML file (``xmlroot``: XLIFF and TMX by their root element)."""
    name = HANDLERS.get(Path(path).suffix.lower())
    if name is None and path != "-":
        from mtfix.formats.xmlroot import handler_by_content

        name = handler_by_content(path)
    return importlib.import_module(name) if name else None


def _is_hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


SYMLINK = "symbolic link"


@dataclass
class WalkNotes:
    """What folder walks left out, for the report: symlinks and special files
    (FIFOs, devices, sockets) as ``(path, kind)``, and folders they could not read."""

    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    def folder_error(self, exc: OSError) -> None:
        self.errors.append(InputError(f"cannot read folder: {exc.strerror or exc}", exc.filename))


def _walk_dir(root: str, notes: WalkNotes) -> Iterator[str]:
    """Files under ``root``; symlinks are never followed (a link may lead out of the
    tree) and only regular files are looked into (a FIFO would block the walk)."""
    from mtfix.formats.xmlroot import XML_EXTENSIONS

    extensions = supported_extensions() | XML_EXTENSIONS
    for folder, dirs, files in os.walk(root, onerror=notes.folder_error):
        dirs[:] = [d for d in sorted(dirs) if not _is_hidden(d) and not _skips_link(folder, d, notes)]
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not _is_hidden(name) and _walks_into(path, extensions, notes):
                yield path


def _skips_link(folder: str, name: str, notes: WalkNotes) -> bool:
    path = os.path.join(folder, name)
    if not os.path.islink(path):
        return False
    notes.skipped.append((path, SYMLINK))
    return True


def _walks_into(path: str, extensions: frozenset[str], notes: WalkNotes) -> bool:
    """A folder walk picks up regular files of a known format (``x.jsonl.gz`` as
    ``x.jsonl``), binary ones left out; symlinks and special files are noted as skipped."""
    suffix = Path(path).suffix.lower()
    if suffix in COMPRESSED_EXTENSIONS:
        inner = Path(Path(path).stem).suffix.lower()
        wanted = inner in extensions and inner not in COMPRESSED_EXTENSIONS
    else:
        wanted = suffix in extensions
    if not wanted:
        return False
    kind = _entry_kind(path)
    if kind is not None:
        notes.skipped.append((path, kind))
        return False
    if suffix in COMPRESSED_EXTENSIONS:
        return not _unknown_xml(path, inner, notes)
    if suffix in BINARY_EXTENSIONS:
        return True
    return not looks_binary(Path(path)) and not _unknown_xml(path, suffix, notes)


def _unknown_xml(path: str, suffix: str, notes: WalkNotes) -> bool:
    """An XML file no format reads (by its root element) is noted as skipped;
    ``suffix`` is the inner file's for a compressed one (``x.xml.gz``)."""
    if suffix in HANDLERS or suffix in COMPRESSED_EXTENSIONS:
        return False
    from mtfix.formats.xmlroot import unknown_reason

    reason = unknown_reason(path)
    if reason is not None:
        notes.skipped.append((path, reason))
    return reason is not None


def _entry_kind(path: str) -> str | None:
    """SYMLINK, "a FIFO"... for what a walk must not open; None for a regular file
    (or one that vanished: processing it reports that)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    return SYMLINK if stat.S_ISLNK(mode) else kind_of(mode)


def expand_paths(paths: Iterable[str], notes: WalkNotes | None = None) -> Iterator[str]:
    """Files named directly (always, whatever their extension; a symlink as its target)
    and the text-like files under named folders, hidden folders and binary files left out.

    What the walks skip is recorded in ``notes``; without ``notes`` a folder that
    cannot be read is an error.
    """
    own = notes is None
    notes = notes if notes is not None else WalkNotes()
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from _walk_dir(path, notes)
            if own and notes.errors:
                raise notes.errors[0]
        else:
            yield path


def refuse_binary(path: str) -> None:
    """A binary file named directly is refused: rewriting text inside it would corrupt
    it. Parquet and compressed files are binary by design; their formats read them."""
    suffix = Path(path).suffix.lower()
    if suffix not in BINARY_EXTENSIONS | COMPRESSED_EXTENSIONS and looks_binary(Path(path)):
        raise InputError("binary file (NUL bytes); mtfix rewrites only text", path)
