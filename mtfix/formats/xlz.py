"""XLZ archives: a zip holding XLIFF (Okapi's ``content.xlf``, SDL packages'
``*.sdlxliff``), checked and fixed as the XLIFF inside.

Each XLIFF entry (``.xlf``, ``.xliff``, ``.sdlxliff``, ``.mqxliff``) is
extracted to a private staging folder, processed there by the ordinary XLIFF
code (recognised by its root element like any XML file), and when a fix
changed one the archive is rebuilt beside the original and renamed over it:
every entry keeps its name, order, compression method, time stamp,
attributes and comment, and every entry that was not fixed keeps its bytes.

An archive is refused whole, before anything is written, when it is not a
zip or is damaged (a CRC that does not match), when an entry's name is
absolute or climbs out with ``..``, or when its entries expand past the
limits of compressed files (``compression.decompression_limit``: a zip bomb).
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
import zipfile
from dataclasses import replace
from typing import TYPE_CHECKING, BinaryIO

from mtfix.errors import InputError, OutputError
from mtfix.files import open_regular
from mtfix.formats.compression import decompression_limit, too_large, write_file_atomic

if TYPE_CHECKING:
    from mtfix.batch import FileResult, Mode
    from mtfix.engine import Matcher
    from mtfix.formats.records import Fields

XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
_BLOCK = 1 << 20
_ZIP64 = 0x7FFFFFFF  # entries this large need ZIP64 sizes, announced before their data
TAKES_FIELDS = True


def xliff_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's XLIFF entries, in archive order."""
    return [info for info in archive.infolist()
            if not info.is_dir() and info.filename.lower().endswith(XLIFF_SUFFIXES)]


def _unsafe_name(name: str) -> bool:
    normal = name.replace("\\", "/")
    return (normal.startswith("/") or (len(normal) > 1 and normal[1] == ":")
            or ".." in normal.split("/") or "\0" in normal)


def _checked(archive: zipfile.ZipFile, size: int, path: str) -> None:
    """Refuse unsafe names and archives that claim to expand past the limit."""
    total, limit = 0, decompression_limit(size)
    for info in archive.infolist():
        if _unsafe_name(info.filename):
            raise InputError(f"unsafe entry name {info.filename!r} in the archive (absolute or with ..); "
                             "the file was left as it is", path)
        total += info.file_size
        if total > limit:
            raise InputError(f"cannot unpack the archive: {too_large(limit)}", path)


def _open(path: str, raw: BinaryIO) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(raw)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a readable XLZ (zip) archive: {exc}", path) from None
    _checked(archive, os.fstat(raw.fileno()).st_size, path)
    return archive


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: str, path: str) -> None:
    """Copy one entry out, all or nothing; its CRC and size are checked as it is read."""
    try:
        with archive.open(info) as data, open(target, "wb") as out:
            while block := data.read(_BLOCK):
                out.write(block)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError(f"damaged archive, entry {info.filename}: {exc}", path) from None


def _verify(archive: zipfile.ZipFile, path: str) -> None:
    """Read every entry once (zipfile checks each CRC and size), so that a damaged
    archive is refused before anything is staged or rewritten."""
    for info in archive.infolist():
        if info.is_dir():
            continue
        try:
            with archive.open(info) as data:
                while data.read(_BLOCK):
                    pass
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise InputError(f"damaged archive, entry {info.filename}: {exc}; the file was left as it is",
                             path) from None


def process(path: str, matcher: Matcher, mode: Mode, fields: Fields) -> FileResult:
    """Check or fix the XLIFF inside an XLZ archive; one result for the archive."""
    from mtfix.batch import Mode

    with open_regular(path) as raw:
        archive = _open(path, raw)
        entries = xliff_entries(archive)
        if not entries:
            raise InputError("no XLIFF inside the XLZ archive (content.xlf, *.xlf, *.sdlxliff...)", path)
        parent = os.path.dirname(os.path.abspath(path)) if mode is Mode.FIX else None
        try:
            with tempfile.TemporaryDirectory(dir=parent, prefix=".mtfix-stage-", ignore_cleanup_errors=True) as folder:
                staged = _stage(archive, entries, folder, path)
                result = _process_entries(path, staged, matcher, mode, fields)
                if mode is Mode.FIX and result.changed:
                    rebuilt = os.path.join(folder, "rebuilt.xlz")
                    _rebuild(archive, dict(staged), rebuilt, path)
                    write_file_atomic(rebuilt, path, mode_from=path)
        except OSError as exc:
            raise OutputError(f"cannot stage the archive's XLIFF: {exc.strerror or exc}", path) from None
    return result


def _stage(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], folder: str,
           path: str) -> list[tuple[zipfile.ZipInfo, str]]:
    _verify(archive, path)
    staged = []
    for number, info in enumerate(entries):
        os.mkdir(os.path.join(folder, str(number)))
        target = os.path.join(folder, str(number), posixpath.basename(info.filename.replace("\\", "/")))
        _extract(archive, info, target, path)
        staged.append((info, target))
    return staged


def _process_entries(path: str, staged: list[tuple[zipfile.ZipInfo, str]], matcher: Matcher, mode: Mode,
                     fields: Fields) -> FileResult:
    """Process each staged entry; findings and errors are the archive's, named by entry when several."""
    from mtfix.batch import FileResult, process_file

    total, named = FileResult(path), len(staged) > 1
    for info, target in staged:
        result = process_file(target, matcher, mode, fields)
        if result.error is not None:
            error = result.error
            total.error = type(error)(f"{info.filename}: {error.message}", path, error.line)
            return total
        prefix = f"{info.filename} " if named else ""
        total.findings += [replace(f, segment=prefix + f.segment) if prefix else f for f in result.findings]
        total.omitted += result.omitted
        total.units += result.units
        total.segments += result.segments
        total.suggestions += result.suggestions
        if result.before is not None:
            total.before = (total.before or "") + result.before
            total.after = (total.after or "") + (result.after or "")
    return total


def _rebuild(archive: zipfile.ZipFile, staged: dict[zipfile.ZipInfo, str], target: str, path: str) -> None:
    """A copy of ``archive`` with the staged entries' new bytes, everything else as it was."""
    try:
        with zipfile.ZipFile(target, "w") as out:
            out.comment = archive.comment
            for info in archive.infolist():
                copy = _same_entry(info)
                if info in staged:
                    with open(staged[info], "rb") as data:
                        out.writestr(copy, data.read())
                else:
                    with archive.open(info) as data, out.open(copy, "w", force_zip64=info.file_size > _ZIP64) as into:
                        shutil.copyfileobj(data, into, _BLOCK)
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError(f"damaged archive: {exc}; the file was left as it is", path) from None
    except OSError as exc:
        raise OutputError(f"cannot rebuild the archive: {exc.strerror or exc}", path) from None


def _same_entry(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new entry with ``info``'s name, time, method, attributes, extra field and comment."""
    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    copy.compress_type = info.compress_type
    copy.comment = info.comment
    copy.extra = _without_zip64(info.extra)
    copy.create_system = info.create_system
    copy.external_attr = info.external_attr
    copy.internal_attr = info.internal_attr
    copy.flag_bits = info.flag_bits & 0x800  # keep the UTF-8 name flag; zipfile sets the rest
    return copy


def _without_zip64(extra: bytes) -> bytes:
    """The extra field without its ZIP64 record, which zipfile writes itself when needed."""
    kept, at = b"", 0
    while at + 4 <= len(extra):
        kind, size = int.from_bytes(extra[at:at + 2], "little"), int.from_bytes(extra[at + 2:at + 4], "little")
        if kind != 1:
            kept += extra[at:at + 4 + size]
        at += 4 + size
    return kept
