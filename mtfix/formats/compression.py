"""Compressed files (``.gz``, ``.zst``): streams that decompress on read, and
an atomic writer that compresses in the same codec.

A compressed input is processed as its inner file (``corpus.jsonl.gz`` as
JSONL, ``notes.txt.gz`` as text) by ``mtfix.staging``, which decompresses it
to a staging folder, lets the inner format fix it and compresses the result
back; this module only knows about bytes.

Decompression is all or nothing, because what is written back is only what
was read: every gzip member must end with its trailer (zlib checks its CRC-32
and length), every zstd frame must reach its end and match its content
checksum when it has one, and nothing but further members or frames may
follow. A stream that stops early, is damaged, has trailing bytes or is not
in its codec at all is an ``InputError`` naming the file, and the partial copy
is removed. mtfix writes zstd frames with a checksum, so a later run can
verify them.

Decompression is also bounded, against archives built to fill the disk: a
file may expand to ``MAX_RATIO`` (200) times its compressed size, but always
to ``RATIO_FLOOR`` (64 MiB) and never past ``MAX_DECOMPRESSED`` (16 GiB). The
environment variables ``MTFIX_MAX_RATIO`` (a number) and
``MTFIX_MAX_DECOMPRESSED`` (bytes, or with a K, M, G or T suffix) change the
ratio and the cap.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from mtfix.errors import ConfigError, InputError, MtfixError, OutputError
from mtfix.files import open_regular
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
# Compressed bytes per decoder call: zstd expands at most ~32,000 times (a 4-byte
# block can stand for 128 KiB), so one call holds at most ~32 MiB in memory.
_FEED = 1 << 10
MAX_RATIO = 200
RATIO_FLOOR = 64 << 20
MAX_DECOMPRESSED = 16 << 30
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


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
        # The checksum lets the next run prove that it read every byte of what was written.
        compressor = _zstandard().ZstdCompressor(level=_ZSTD_LEVEL, write_checksum=True)
        return compressor.stream_writer(raw, closefd=False)
    return raw


def copy_decompressed(source: str, target: str, codec: str | None) -> None:
    """Write the decompressed bytes of file ``source`` to ``target``, all or nothing:
    a damaged, truncated or too large stream is an error and ``target`` is removed."""
    with open_regular(source) as raw:
        try:
            _copy_into(raw, target, codec, source)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise


def _copy_into(raw: BinaryIO, target: str, codec: str | None, source: str) -> None:
    limit = decompression_limit(os.fstat(raw.fileno()).st_size) if codec is not None else None
    try:
        with open(target, "wb") as out:
            for data in _decompressed(raw, codec, limit, source):
                out.write(data)
    except OSError as exc:  # reads raise InputError (see _blocks): this is the staging copy
        raise OutputError(f"cannot write the decompressed copy in {os.path.dirname(target)}: "
                          f"{exc.strerror or exc}", source) from None


def _decompressed(raw: BinaryIO, codec: str | None, limit: int | None, source: str) -> Iterator[bytes]:
    """The decompressed bytes of ``raw`` piece by piece; InputError unless the stream is whole."""
    if codec is None or limit is None:
        yield from _blocks(raw, _COPY_BLOCK, source)
        return
    members, total = _Members(codec), 0
    try:
        for block in _blocks(raw, _FEED, source):
            for data in members.feed(block):
                total += len(data)
                if total > limit:
                    raise ValueError(too_large(limit))
                yield data
        members.finish()
    except ValueError as exc:
        raise InputError(f"cannot decompress ({codec}): {exc}", source) from None


def _blocks(raw: BinaryIO, size: int, source: str) -> Iterator[bytes]:
    try:
        while block := raw.read(size):
            yield block
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source) from None


class _Members:
    """The gzip members or zstd frames of one file, decoded in turn; ValueError
    when one is damaged, when other bytes follow, or when the file ends inside one."""

    def __init__(self, codec: str):
        self.codec = codec
        self.decoder: Any = None  # the member being read, None between members
        self.count = 0
        self.fresh = False  # the current member has produced nothing yet
        self.errors = (zlib.error,) if codec == "gzip" else (_zstandard().ZstdError,)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            if self.decoder is None:
                self.decoder, self.count, self.fresh = _decoder(self.codec), self.count + 1, True
            yield self._decode(data)
            if not self.decoder.eof:
                return
            data, self.decoder = self.decoder.unused_data, None

    def _decode(self, data: bytes) -> bytes:
        try:
            out: bytes = self.decoder.decompress(data)
        except self.errors as exc:
            if self.fresh and self.count > 1:
                raise ValueError("unexpected bytes after the end of the compressed data") from None
            raise ValueError(f"damaged, or not {self.codec} data ({_reason(exc)})") from None
        self.fresh = self.fresh and not out
        return out

    def finish(self) -> None:
        if self.count == 0:
            raise ValueError(f"empty file, not {self.codec} data")
        if self.decoder is not None:
            raise ValueError("truncated: the file ends inside the compressed data")


def _decoder(codec: str) -> Any:
    """A decoder of one member or frame, with ``decompress``, ``eof`` and ``unused_data``."""
    if codec == "gzip":
        return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header and trailer, checked
    return _zstandard().ZstdDecompressor().decompressobj()  # checks the frame's checksum if it has one


def _reason(exc: Exception) -> str:
    # "Error -3 while decompressing data: incorrect header check" -> "incorrect header check"
    return str(exc).rsplit(": ", 1)[-1].strip() or type(exc).__name__


def decompression_limit(compressed: int) -> int:
    """How many bytes a file of ``compressed`` bytes may expand to (see the module docstring)."""
    ratio = _env_size("MTFIX_MAX_RATIO", MAX_RATIO, units=False)
    cap = _env_size("MTFIX_MAX_DECOMPRESSED", MAX_DECOMPRESSED)
    return min(cap, max(RATIO_FLOOR, ratio * compressed))


def too_large(limit: int) -> str:
    ratio = _env_size("MTFIX_MAX_RATIO", MAX_RATIO, units=False)
    cap = _human(_env_size("MTFIX_MAX_DECOMPRESSED", MAX_DECOMPRESSED))
    return (f"expands to more than {_human(limit)}, which looks like a decompression bomb; to allow it, "
            f"raise MTFIX_MAX_RATIO (now {ratio} times the compressed size) or MTFIX_MAX_DECOMPRESSED (now {cap})")


def _env_size(name: str, default: int, units: bool = True) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    match = re.fullmatch(r"(\d+)\s*([KMGT]?)(?:I?B)?" if units else r"(\d+)()", value.upper())
    if match is None or int(match[1]) == 0:
        example = "a number of bytes, or with a K, M, G or T suffix (16G)" if units else "a whole number (200)"
        raise ConfigError(f"environment variable {name}={value!r}: expected {example}")
    return int(match[1]) * _UNITS[match[2]]


def _human(size: int) -> str:
    for unit in ("T", "G", "M", "K"):
        if size >= _UNITS[unit] and size % _UNITS[unit] == 0:
            return f"{size // _UNITS[unit]} {unit}iB"
    return f"{size} bytes"


def write_file_atomic(source: str, target: str, codec: str | None = None, mode_from: str | None = None,
                      follow_symlinks: bool = True) -> None:
    """Copy file ``source`` to ``target`` atomically, compressing with ``codec``."""
    with open(source, "rb") as data, AtomicOutput(target, codec, mode_from, follow_symlinks) as out:
        shutil.copyfileobj(data, out, _COPY_BLOCK)


TAKES_FIELDS = True


def process(path: str, matcher: Matcher, mode: Mode, fields: Fields) -> FileResult:
    """A compressed file, processed as the file inside it (see ``mtfix.staging``)."""
    from mtfix.staging import Task, process_task

    return process_task(Task(path), matcher, mode, fields)
