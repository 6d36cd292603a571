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
from mtfix.engine.compiler import Matcher
from mtfix.errors import InputError
from mtfix.files import open_regular
from mtfix.formats.atomic import AtomicOutput
from mtfix.formats.base import Segment

CHUNK_CHARS = 1 << 20
MAX_CARRY = 8 * CHUNK_CHARS
_BLOCK_BYTES = 1 << 20


@dataclass(frozen=True)
class Encoding:
    codec: str  # "utf-8", "utf-16-le", "utf-16-be", "utf-32-le" or "utf-32-be"
    bom: bytes = b""

    @property
    def label(self) -> str:
        return self.codec[:6].upper()


UTF8 = Encoding("utf-8")

# How many leading bytes are looked at for the NUL-byte pattern of BOM-less UTF-16/32.
SNIFF_BYTES = 64


def sniff_encoding(head: bytes) -> Encoding:
    """UTF-8 (with or without BOM) unless a UTF-32 or UTF-16 BOM says otherwise.

    The UTF-32 LE BOM starts with the UTF-16 LE one, so it is checked first.
    """
    if head.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8", codecs.BOM_UTF8)
    if head.startswith(codecs.BOM_UTF32_LE):
        return Encoding("utf-32-le", codecs.BOM_UTF32_LE)
    if head.startswith(codecs.BOM_UTF32_BE):
        return Encoding("utf-32-be", codecs.BOM_UTF32_BE)
    if head.startswith(codecs.BOM_UTF16_LE):
        return Encoding("utf-16-le", codecs.BOM_UTF16_LE)
    if head.startswith(codecs.BOM_UTF16_BE):
        return Encoding("utf-16-be", codecs.BOM_UTF16_BE)
    return UTF8


def bomless_wide(head: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when ``head`` (a file's first bytes, without a BOM) has the
    NUL bytes of text in those encodings, which UTF-8 would read as NULs between
    the letters; None otherwise."""
    sample = head[:SNIFF_BYTES]
    sample = sample[:len(sample) - len(sample) % 4] if len(sample) >= 4 else sample[:len(sample) & ~1]
    if b"\0" not in sample:
        return None
    if len(sample) >= 4 and (_all_nul(sample, (2, 3), 4) or _all_nul(sample, (0, 1), 4)):
        return "UTF-32"
    # UTF-16: Latin letters have a NUL high byte, CJK ones none, so NULs sit on one side only.
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if (odd == 0) != (even == 0) and 8 * (odd + even) >= len(sample):
        return "UTF-16"
    return None


def _all_nul(sample: bytes, offsets: tuple[int, ...], width: int) -> bool:
    return all(sample[start + offset] == 0 for start in range(0, len(sample), width) for offset in offsets)


def check_decodable(head: bytes, path: str) -> None:
    """Refuse text that is UTF-16 or UTF-32 without a BOM rather than misread it."""
    if not sniff_encoding(head).bom:
        wide = bomless_wide(head)
        if wide is not None:
            raise InputError(f"looks like {wide} without a byte-order mark; mtfix reads UTF-8, "
                             "or UTF-16 or UTF-32 with a BOM", path, 1)


def _decode_error(path: str, encoding: Encoding, lines_before: int, block: bytes,
                  exc: UnicodeDecodeError) -> InputError:
    before = block[:exc.start].decode(encoding.codec, errors="replace")
    line = lines_before + before.count("\n") + 1
    byte = block[exc.start:exc.start + 1].hex()
    return InputError(f"cannot decode as {encoding.label} (byte 0x{byte}); "
                      "mtfix reads UTF-8, or UTF-16 with a BOM", path, line)


def decode_bytes(data: bytes, path: str = "<stdin>") -> tuple[str, Encoding]:
    """The text of a whole file and the encoding to write it back with."""
    check_decodable(data[:SNIFF_BYTES], path)
    encoding = sniff_encoding(data[:4])
    body = data[len(encoding.bom):]
    try:
        return body.decode(encoding.codec), encoding
    except UnicodeDecodeError as exc:
        raise _decode_error(path, encoding, 0, body, exc) from None


def encode_text(text: str, encoding: Encoding) -> bytes:
    return encoding.bom + text.encode(encoding.codec)


def looks_binary(path: Path) -> bool:
    """A NUL byte early in a file without a UTF-16 BOM marks it as binary, unless the
    NULs are those of UTF-16/32 text without a BOM (decoding reports that precisely)."""
    try:  # open_regular: a FIFO or device is never read here
        with open_regular(str(path)) as handle:
            head = handle.read(8192)
    except (OSError, InputError):
        return False
    return b"\0" in head and sniff_encoding(head).codec == "utf-8" and bomless_wide(head) is None


def open_input(path: str) -> BinaryIO:
    """``path`` opened for reading; FIFOs, devices and folders are refused (see ``mtfix.files``)."""
    return open_regular(path)


class TextReader:
    """Reads a file as decoded chunks that end on paragraph (or sentence) boundaries.

    Each chunk starts at the beginning of a line, so columns computed inside a
    chunk are columns in the file; ``line`` is the 0-based line the current
    chunk starts on.
    """

    def __init__(self, path: str, chunk_chars: int = CHUNK_CHARS, *, matcher: Matcher | None = None,
                 max_carry: int = MAX_CARRY):
        self.path = path
        self.chunk_chars = chunk_chars
        self.max_carry = max_carry  # text with no paragraph or sentence end is cut by force past this
        self.matcher = matcher  # where a forced cut may fall (see ``forced_split``)
        self.encoding = UTF8
        self.line = 0

    def _blocks(self, handle: BinaryIO) -> Iterator[str]:
        head = handle.read(SNIFF_BYTES)
        check_decodable(head, self.path)
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
            yield from self.stream_chunks(handle)

    def stream_chunks(self, handle: BinaryIO) -> Iterator[str]:
        """The chunks of an open binary stream (stdin), read block by block."""
        carry = ""
        searched = False  # the carry's first chunk_chars hold no cut: wait for max_carry
        for text in self._blocks(handle):
            carry += text
            while len(carry) >= self.chunk_chars:
                cut = 0 if searched else safe_split(carry, end=self.chunk_chars)
                if cut == 0 and len(carry) >= self.max_carry:
                    cut = safe_split(carry, force=True, matcher=self.matcher)
                searched = cut == 0
                if searched:
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

    def __init__(self, path: str, encoding: Encoding, mode_from: str | None = None, follow_symlinks: bool = True):
        super().__init__(path, mode_from=mode_from, follow_symlinks=follow_symlinks)
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
