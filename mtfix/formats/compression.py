"""Compressed files (``.gz``, ``.zst``): streams that decompress on read, and
an atomic writer that compresses in the same codec.

A compressed input is processed as its inner file (``corpus.jsonl.gz`` as
JSONL, ``notes.txt.gz`` as text) by ``mtfix.staging``, which decompresses it
to a staging folder, lets the inner format fix it and compresses the result
back; this module only knows about bytes.
"""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from mtfix.errors import InputError, MtfixError
from mtfix.formats.atomic import AtomicOutput

if TYPE_CHECKING:
    from mtfix.batch import FileResult, Mode
    from mtfix.engine import Matcher
    from mtfix.formats.records import Fields

# Suffix -> codec name. Level 6 for gzip: the speed of ``gzip`` on the command line.
CODECS = {".gz": "gzip", ".zst": "zstd"}
_GZIP_LEVEL = 6
_ZSTD_LEVEL = 3
_COPY_BLOCK = 1 << 20


def codec_of(path: str) -> str | None:
    """``"gzip"``, ``"zstd"`` or None, from the file name."""
    return CODECS.get(Path(path).suffix.lower())


def inner_name(path: str) -> str:
    """The file name without its compression suffix (``a.jsonl.gz`` -> ``a.jsonl``)."""
    name = os.path.basename(path)
    return name[:-len(Path(name).suffix)] if codec_of(name) else name


def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError:
        raise MtfixError(".zst files need zstandard: pip install 'mtfix[corpus]'") from None
    return zstandard


def decompressing(raw: BinaryIO, codec: str | None) -> BinaryIO:
    """A stream of the decompressed bytes of ``raw``."""
    if codec == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if codec == "zstd":
        return _zstandard().ZstdDecompressor().stream_reader(raw, read_across_frames=True)
    return raw


def compressing(raw: BinaryIO, codec: str | None) -> BinaryIO:
    """A stream that compresses into ``raw``; closing it finishes the stream, not ``raw``."""
    if codec == "gzip":
        # mtime=0 and no file name: the same input gives the same bytes.
        return gzip.GzipFile(filename="", fileobj=raw, mode="wb",  # type: ignore[return-value]
                             compresslevel=_GZIP_LEVEL, mtime=0)
    if codec == "zstd":
        return _zstandard().ZstdCompressor(level=_ZSTD_LEVEL).stream_writer(raw, closefd=False)
    return raw


def copy_decompressed(source: str, target: str, codec: str | None) -> None:
    """Write the decompressed bytes of file ``source`` to ``target``."""
    try:
        with open(source, "rb") as raw, decompressing(raw, codec) as stream, open(target, "wb") as out:
            shutil.copyfileobj(stream, out, _COPY_BLOCK)
    except FileNotFoundError:
        raise InputError("no such file", source) from None
    except (OSError, EOFError, ValueError) as exc:
        raise InputError(f"cannot decompress ({codec}): {exc}", source) from None


def write_file_atomic(source: str, target: str, codec: str | None = None, mode_from: str | None = None) -> None:
    """Copy file ``source`` to ``target`` atomically, compressing with ``codec``."""
    with open(source, "rb") as data, AtomicOutput(target, codec, mode_from) as out:
        shutil.copyfileobj(data, out, _COPY_BLOCK)


TAKES_FIELDS = True


def process(path: str, matcher: Matcher, mode: Mode, fields: Fields) -> FileResult:
    """A compressed file, processed as the file inside it (see ``mtfix.staging``)."""
    from mtfix.staging import Task, process_task

    return process_task(Task(path), matcher, mode, fields)
