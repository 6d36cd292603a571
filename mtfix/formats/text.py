"""Plain text files: decoding that remembers encoding and BOM, chunked reading,
and atomic writing that restores both. Newlines are never translated, so CRLF,
LF and a missing final newline survive byte for byte.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mtfix.engine.chunking import safe_split
from mtfix.errors import InputError
from mtfix.files import open_regular
from mtfix.formats.atomic import AtomicOutput
from mtfix.formats.base import Segment

CHUNK_CHARS = 1 << 20
MAX_CARRY = 8 * CHUNK_CHARS
_BLOCK_BYTES = 1 << 20


@dataclass(frozen=True)
class Encoding:
    codec: str  # "utf-8", "utf-16-le" or "utf-16-be"
    bom: bytes = b""

    @property
    def label(self) -> str:
        return {"utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}[self.codec]


UTF8 = Encoding("utf-8")


def sniff_encoding(head: bytes) -> Encoding:
    """UTF-8 (with or without BOM) unless a UTF-16 BOM says otherwise."""
    if head.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8", codecs.BOM_UTF8)
    if head.startswith(codecs.BOM_UTF16_LE):
        return Encoding("utf-16-le", codecs.BOM_UTF16_LE)
    if head.startswith(codecs.BOM_UTF16_BE):
        return Encoding("utf-16-be", codecs.BOM_UTF16_BE)
    return UTF8


def _decode_error(path: str, encoding: Encoding, lines_before: int, block: bytes,
                  exc: UnicodeDecodeError) -> InputError:
    before = block[:exc.start].decode(encoding.codec, errors="replace")
    line = lines_before + before.count("\n") + 1
    byte = block[exc.start:exc.start + 1].hex()
    return InputError(f"cannot decode as {encoding.label} (byte 0x{byte}); "
                      "mtfix reads UTF-8, or UTF-16 with a BOM", path, line)


def decode_bytes(data: bytes, path: str = "<stdin>") -> tuple[str, Encoding]:
    """The text of a whole file and the encoding to write it back with."""
    encoding = sniff_encoding(data[:4])
    body = data[len(encoding.bom):]
    try:
        return body.decode(encoding.codec), encoding
    except UnicodeDecodeError as exc:
        raise _decode_error(path, encoding, 0, body, exc) from None


def encode_text(text: str, encoding: Encoding) -> bytes:
    return encoding.bom + text.encode(encoding.codec)


def looks_binary(path: Path) -> bool:
    """A NUL byte early in a file without a UTF-16 BOM marks it as binary."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return False
    return b"\0" in head and sniff_encoding(head).codec == "utf-8"


def open_input(path: str) -> BinaryIO:
    """``path`` opened for reading; FIFOs, devices and folders are refused (see ``mtfix.files``)."""
    return open_regular(path)


class TextReader:
    """Reads a file as decoded chunks that end on paragraph (or sentence) boundaries.

    Each chunk starts at the beginning of a line, so columns computed inside a
    chunk are columns in the file; ``line`` is the 0-based line the current
    chunk starts on.
    """

    def __init__(self, path: str, chunk_chars: int = CHUNK_CHARS):
        self.path = path
        self.chunk_chars = chunk_chars
        self.encoding = UTF8
        self.line = 0

    def _blocks(self, handle: BinaryIO) -> Iterator[str]:
        head = handle.read(4)
        self.encoding = sniff_encoding(head)
        decoder = codecs.getincrementaldecoder(self.encoding.codec)()
        block = head[len(self.encoding.bom):]
        lines_before = 0
        while True:
            more = handle.read(_BLOCK_BYTES)
            try:
                text = decoder.decode(block, final=not more)
            except UnicodeDecodeError as exc:
                raise _decode_error(self.path, self.encoding, lines_before, block, exc) from None
            lines_before += text.count("\n")
            yield text
            if not more:
                return
            block = more

    def chunks(self) -> Iterator[str]:
        with open_input(self.path) as handle:
            carry = ""
            for text in self._blocks(handle):
                carry += text
                while len(carry) >= self.chunk_chars:
                    cut = safe_split(carry[:self.chunk_chars])
                    if cut == 0 and len(carry) >= MAX_CARRY:
                        cut = safe_split(carry, force=True)
                    if cut == 0:
                        break
                    yield from self._emit(carry[:cut])
                    carry = carry[cut:]
            if carry:
                yield from self._emit(carry)

    def _emit(self, chunk: str) -> Iterator[str]:
        yield chunk
        self.line += chunk.count("\n")


class AtomicWriter(AtomicOutput):
    """An ``AtomicOutput`` for text: writes the BOM first and encodes as the original was."""

    def __init__(self, path: str, encoding: Encoding):
        super().__init__(path)
        self.encoding = encoding

    def __enter__(self) -> AtomicWriter:
        super().__enter__()
        super().write(self.encoding.bom)
        return self

    def write(self, text: str) -> int:  # type: ignore[override]
        return super().write(text.encode(self.encoding.codec))


def write_text_atomic(path: str, text: str, encoding: Encoding) -> None:
    """Replace ``path`` with ``text`` atomically (the whole-text form of ``AtomicWriter``)."""
    with AtomicWriter(path, encoding) as writer:
        writer.write(text)


def read_file_bytes(path: str) -> bytes:
    with open_input(path) as handle:
        return handle.read()


@dataclass
class TextDocument:
    """A whole plain-text file as one segment (for review and diffs)."""

    path: str
    text: str
    encoding: Encoding
    data: bytes  # the bytes as read, to notice a change on disk before writing

    @property
    def segments(self) -> list[Segment]:
        return [Segment(self.text, ref=self.path)]

    def original(self) -> str:
        return self.text

    def render(self, targets: Sequence[str]) -> str:
        (target,) = targets
        return target

    def write(self, targets: Sequence[str]) -> None:
        write_text_atomic(self.path, self.render(targets), self.encoding)


def load(path: str) -> TextDocument:
    data = read_file_bytes(path)
    text, encoding = decode_bytes(data, path)
    return TextDocument(path, text, encoding, data)
