"""XLZ archives (a zip of XLIFF) and compressed vendor XML (issue 12): the XLIFF
inside is checked and fixed, every other entry and the archive's layout kept;
damaged, unsafe and bomb archives are refused whole and left as they are."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from mtfix.cli import main

XLIFF = """<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:okp="okapi-framework:xliff-extensions" version="1.2">
<file original="a.html" source-language="zh-CN" target-language="en" datatype="html"><body>
<trans-unit id="1" okp:engine="mt"><source>链主企业</source><target>a chain owner firm</target></trans-unit>
<trans-unit id="2"><source>集聚区</source><target>the &lt;b&gt;gathering area&lt;/b&gt; &#x3000;</target></trans-unit>
</body></file></xliff>
"""
FIXED = XLIFF.replace("chain owner", "chain leader").replace("gathering area", "agglomeration zone")
RESOURCES = '<?xml version="1.0"?>\n<resources><string name="a">The chain owner</string></resources>\n'

# (name, date_time, method, bytes): a manifest, the XLIFF, the original document (stored)
ENTRIES = [("manifest.rkm", (2020, 5, 6, 7, 8, 10), zipfile.ZIP_DEFLATED, b"<manifest version='2'/>\n" * 40),
           ("content.xlf", (2021, 1, 2, 3, 4, 6), zipfile.ZIP_DEFLATED, XLIFF.encode()),
           ("original/a.html", (2019, 12, 31, 23, 59, 58), zipfile.ZIP_STORED, b"<p>chain owner</p>\0\1")]


def make_xlz(path: Path, entries=ENTRIES, comment: bytes = b"okapi xlz") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, when, method, data in entries:
            info = zipfile.ZipInfo(name, when)
            info.external_attr = 0o640 << 16
            archive.writestr(info, data, compress_type=method)
        archive.comment = comment
    return path


def layout(path: Path) -> list[tuple]:
    with zipfile.ZipFile(path) as archive:
        return [(i.filename, i.date_time, i.compress_type, i.external_attr, archive.read(i))
                for i in archive.infolist()]


def test_fix_rewrites_only_the_xliff_inside(tmp_path: Path, glossary_file) -> None:
    path = make_xlz(tmp_path / "job.xlz")
    before = layout(path)
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 0
    after = layout(path)
    assert [entry[:4] for entry in after] == [entry[:4] for entry in before]
    assert after[0][4] == before[0][4] and after[2][4] == before[2][4]
    assert after[1][4].decode() == FIXED  # escaped markup and the character reference as written
    with zipfile.ZipFile(path) as archive:
        assert archive.comment == b"okapi xlz" and archive.testzip() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, glossary_file.name])  # no staging left


def test_check_reports_and_writes_nothing(tmp_path: Path, glossary_file, capsys) -> None:
    path = make_xlz(tmp_path / "job.xlz")
    data = path.read_bytes()
    assert main(["check", "-g", str(glossary_file), str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:4:" in out and "'chain owner' -> 'chain leader'" in out
    assert path.read_bytes() == data


def test_several_xliff_entries_are_named_in_findings(tmp_path: Path, glossary_file, capsys) -> None:
    entries = [("a/one.sdlxliff", (2020, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED, XLIFF.encode()),
               ("b/two.xliff", (2020, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED, XLIFF.encode())]
    path = make_xlz(tmp_path / "pack.xlz", entries)
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 0
    assert [entry[4].decode() for entry in layout(path)] == [FIXED, FIXED]


def test_folder_walk_picks_up_xlz(tmp_path: Path, glossary_file, capsys) -> None:
    folder = tmp_path / "jobs"
    folder.mkdir()
    path = make_xlz(folder / "job.xlz")
    assert main(["fix", "-g", str(glossary_file), str(folder)]) == 0
    assert layout(path)[1][4].decode() == FIXED
    assert "2 fixes in 1 file" in capsys.readouterr().err


def _refused(tmp_path: Path, glossary_file, capsys, path: Path, words: str) -> None:
    data = path.read_bytes()
    assert main(["fix", "-g", str(glossary_file), str(path)]) == 2
    assert path.read_bytes() == data
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}: ") and words in err[0] and "Traceback" not in "".join(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, glossary_file.name])


def test_damaged_archive_is_refused_whole(tmp_path: Path, glossary_file, capsys) -> None:
    path = make_xlz(tmp_path / "job.xlz")
    data = bytearray(path.read_bytes())
    at = data.index(b"<p>chain owner</p>")  # a stored entry's bytes: its CRC no longer matches
    data[at + 3:at + 8] = b"CHAIN"
    path.write_bytes(bytes(data))
    _refused(tmp_path, glossary_file, capsys, path, "damaged archive, entry original/a.html")


def test_truncated_archive_and_not_a_zip_are_refused(tmp_path: Path, glossary_file, capsys) -> None:
    path = make_xlz(tmp_path / "job.xlz")
    path.write_bytes(path.read_bytes()[:-40])
    _refused(tmp_path, glossary_file, capsys, path, "not a readable XLZ (zip) archive")
    path.write_text("The chain owner.\n", encoding="utf-8")
    _refused(tmp_path, glossary_file, capsys, path, "not a readable XLZ (zip) archive")


@pytest.mark.parametrize("name", ["../content.xlf", "/tmp/content.xlf", "a/../../content.xlf"])
def test_unsafe_entry_names_are_refused(tmp_path: Path, glossary_file, capsys, name) -> None:
    path = make_xlz(tmp_path / "job.xlz", [(name, (2020, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED, XLIFF.encode())])
    _refused(tmp_path, glossary_file, capsys, path, "unsafe entry name")


def test_zip_bomb_is_refused(tmp_path: Path, glossary_file, capsys, monkeypatch) -> None:
    monkeypatch.setenv("MTFIX_MAX_DECOMPRESSED", "4K")
    entries = ENTRIES + [("padding.bin", (2020, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED, b"\0" * 8192)]
    path = make_xlz(tmp_path / "job.xlz", entries)
    _refused(tmp_path, glossary_file, capsys, path, "decompression bomb")


def test_archive_without_xliff_is_refused(tmp_path: Path, glossary_file, capsys) -> None:
    path = make_xlz(tmp_path / "job.xlz", [ENTRIES[0]])
    _refused(tmp_path, glossary_file, capsys, path, "no XLIFF inside")


SDLXLIFF = XLIFF.replace('xmlns:okp="okapi-framework:xliff-extensions"',
                         'xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" sdl:version="1.0"').replace(
                         ' okp:engine="mt"', ' sdl:origin="mt"')


@pytest.mark.parametrize("name", ["a.sdlxliff.gz", "a.mqxliff.gz", "a.xml.gz"])
def test_compressed_vendor_xliff_is_fixed_as_xliff(tmp_path: Path, glossary_file, name) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(SDLXLIFF.encode()))
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 0
    assert gzip.decompress(path.read_bytes()).decode() == SDLXLIFF.replace(
        "chain owner", "chain leader").replace("gathering area", "agglomeration zone")


def test_compressed_unknown_xml_refused_named_and_skipped_in_walk(tmp_path: Path, glossary_file, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    unknown, known = folder / "strings.xml.gz", folder / "b.sdlxliff.gz"
    unknown.write_bytes(gzip.compress(RESOURCES.encode()))
    known.write_bytes(gzip.compress(SDLXLIFF.encode()))
    data = unknown.read_bytes()
    assert main(["fix", "-g", str(glossary_file), str(unknown)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{unknown}: XML that mtfix does not understand (root element <resources>); "
        "mtfix reads XLIFF and TMX; the file was left as it is")
    assert main(["fix", "-g", str(glossary_file), str(folder)]) == 0
    err = capsys.readouterr().err
    assert f"{unknown}: skipped: XML that mtfix does not understand (root element <resources>)" in err
    assert err.strip().splitlines()[-1] == "2 fixes in 1 file; 1 unknown XML file skipped"
    assert unknown.read_bytes() == data
