from __future__ import annotations

import codecs

from translate.storage import omegat

from mtfix.batch import Mode, process_file

TSV = "链主企业\tA chain owner firm\tnote: kept\r\n产业链主导\tThe chain owner leads\r\n\r\n集聚區\tgathering area\r\n"


def test_tsv_fix_keeps_other_columns_crlf_and_bom(tmp_path, matcher) -> None:
    path = tmp_path / "a.tsv"
    path.write_bytes(codecs.BOM_UTF8 + TSV.encode())
    result = process_file(str(path), matcher, Mode.FIX)
    assert [(f.segment, f.line, f.column) for f in result.findings] == [("line 1", 1, 8), ("line 4", 4, 5)]
    expected = TSV.replace("A chain owner", "A chain leader").replace("\tgathering area", "\tagglomeration zone")
    assert path.read_bytes() == codecs.BOM_UTF8 + expected.encode()
    units = omegat.OmegaTFile(path.read_bytes()).units
    assert [u.target for u in units][:2] == ["A chain leader firm", "The chain owner leads"]


def test_tsv_line_without_tab_is_an_error(tmp_path, matcher) -> None:
    path = tmp_path / "bad.tsv"
    data = "链主\tchain owner\nno tab here\n".encode()
    path.write_bytes(data)
    result = process_file(str(path), matcher, Mode.FIX)
    assert str(result.error) == f"{path}:2: no tab on this line: a TSV line is source<TAB>target"
    assert path.read_bytes() == data
