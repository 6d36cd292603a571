"""XML files are recognised by their root element (issue 12): vendor XLIFF is fixed as
XLIFF whatever its name, XML mtfix does not understand is refused when named and
skipped (and counted) by folder walks, and never rewritten as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix.cli import main

SDLXLIFF = """<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns="urn:oasis:names:tc:xliff:document:1.2" \
version="1.2" sdl:version="1.0"><file original="a.docx" source-language="zh-CN" target-language="en-US" \
datatype="x-sdlfilterframework2"><body><trans-unit id="1"><source>链主企业</source><seg-source>\
<mrk mtype="seg" mid="1">链主企业</mrk></seg-source><target><mrk mtype="seg" mid="1">a chain owner firm</mrk>\
</target><sdl:seg-defs><sdl:seg id="1" conf="Translated" origin="mt"/></sdl:seg-defs></trans-unit></body></file></xliff>
"""

# Android string resources: XML that mtfix does not read, with words a glossary matches.
RESOURCES = """<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="chain_owner">The chain owner</string>
</resources>
"""


@pytest.mark.parametrize("name", ["strings.xml", "strings.txt", "strings.sdlxliff", "strings"])
def test_unknown_xml_named_is_refused_in_one_line(tmp_path: Path, glossary_file, capsys, name) -> None:
    path = tmp_path / name
    path.write_text(RESOURCES, encoding="utf-8")
    assert main(["fix", "-g", str(glossary_file), str(path)]) == 2
    assert path.read_text(encoding="utf-8") == RESOURCES  # never rewritten as text
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"{path}: XML that mtfix does not understand (root element <resources>); "
                      "mtfix reads XLIFF and TMX; the file was left as it is")


def test_malformed_xml_named_is_refused_not_rewritten(tmp_path: Path, glossary_file, capsys) -> None:
    path = tmp_path / "broken.xml"
    text = "<?xml version='1.0'?>\n<resources><string>The chain owner</resources>\n"
    path.write_text(text, encoding="utf-8")
    assert main(["fix", "-g", str(glossary_file), str(path)]) == 2
    assert path.read_text(encoding="utf-8") == text
    assert "malformed XML" in capsys.readouterr().err


def test_folder_walk_fixes_vendor_xliff_and_skips_unknown_xml(tmp_path: Path, glossary_file, capsys) -> None:
    (tmp_path / "a.sdlxliff").write_text(SDLXLIFF, encoding="utf-8")
    (tmp_path / "b.mqxliff").write_text(SDLXLIFF, encoding="utf-8")
    (tmp_path / "strings.xml").write_text(RESOURCES, encoding="utf-8")
    (tmp_path / "notes.txt").write_text(RESOURCES, encoding="utf-8")  # XML in a .txt: not text either
    assert main(["fix", "-g", str(glossary_file), str(tmp_path)]) == 0
    assert (tmp_path / "a.sdlxliff").read_text(encoding="utf-8") == SDLXLIFF.replace("chain owner", "chain leader")
    assert (tmp_path / "b.mqxliff").read_text(encoding="utf-8") == SDLXLIFF.replace("chain owner", "chain leader")
    assert (tmp_path / "strings.xml").read_text(encoding="utf-8") == RESOURCES
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == RESOURCES
    err = capsys.readouterr().err
    assert f"{tmp_path / 'strings.xml'}: skipped: XML that mtfix does not understand (root element <resources>)" in err
    assert err.strip().splitlines()[-1] == "2 fixes in 2 files; 2 unknown XML files skipped"


def test_markdown_starting_with_html_is_still_text(tmp_path: Path, glossary_file) -> None:
    path = tmp_path / "README.md"
    path.write_text('<p align="center">logo</p>\n\nThe chain owner.\n', encoding="utf-8")
    assert main(["fix", "-q", "-g", str(glossary_file), str(tmp_path)]) == 0
    assert path.read_text(encoding="utf-8").endswith("The chain leader.\n")
