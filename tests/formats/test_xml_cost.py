"""Reading and checking XLIFF and TMX costs in proportion to the file (issue 12, big files).

Time is never measured (see benchmarks/bench_bigfile.py). Two counts stand in
for it: the lines of mtfix's own code run (``sys.settrace``), whose growth from
n to 2n to 4n units must stay linear (a per-unit walk over the tokens or the
elements read so far makes it quadratic), and the characters of the file's text
that searches and slices cover (a line count from the start of the file for
each target or finding, done in C, shows only there).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mtfix.batch import Mode, process_document
from mtfix.formats import tmx, xliff, xmldoc
from mtfix.formats.base import Document
from tests.counting import CountingStr

UNIT = "the chain owner opened a gathering area &amp; a <g id=\"1\">cluster area</g> near the river.\n" * 3

XLIFF = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
         '<file source-language="zh-CN" target-language="en" datatype="plaintext" original="a"><body>\n{units}'
         "</body></file></xliff>\n")
XLIFF_UNIT = ('<trans-unit id="{i}">\n<source>链主企业在集聚区。</source>\n'
              "<target>{text}</target>\n</trans-unit>\n<!-- unit {i} -->\n")
TMX = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" '
       'segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>\n{units}'
       "</body></tmx>\n")
TMX_UNIT = ('<tu tuid="{i}">\n<tuv xml:lang="zh-CN"><seg>链主企业在集聚区。</seg></tuv>\n'
            '<tuv xml:lang="en"><seg>{text}</seg></tuv>\n</tu>\n')
FORMATS = [pytest.param(xliff.load, XLIFF, XLIFF_UNIT, ".xlf", id="xliff"),
           pytest.param(tmx.load, TMX, TMX_UNIT, ".tmx", id="tmx")]



def _lines_run(action: Callable[[], object]) -> int:
    """How many lines of mtfix's code ``action`` runs."""
    count = 0

    def local(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        count += event == "line"
        return local

    def calls(frame, event, arg):  # type: ignore[no-untyped-def]
        return local if "/mtfix/" in frame.f_code.co_filename else None

    sys.settrace(calls)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


def _write(tmp_path: Path, template: str, unit: str, suffix: str, units: int) -> Path:
    path = tmp_path / f"u{units}{suffix}"
    path.write_text(template.format(units="".join(unit.format(i=i, text=UNIT) for i in range(units))),
                    encoding="utf-8")
    return path


def _grows_linearly(costs: list[int]) -> bool:
    """Costs at n, 2n and 4n units: from 2n to 4n at most a little over twice the growth from n to 2n."""
    small, middle, large = costs
    return large - middle <= 2.1 * (middle - small)


@pytest.mark.parametrize(("load", "template", "unit", "suffix"), FORMATS)
def test_reading_runs_code_in_proportion_to_the_units(tmp_path, load, template, unit, suffix) -> None:
    paths = [_write(tmp_path, template, unit, suffix, n) for n in (25, 50, 100)]
    load(str(paths[0]))  # imports and caches out of the count
    costs = [_lines_run(lambda p=p: load(str(p))) for p in paths]
    assert _grows_linearly(costs), costs


@pytest.mark.parametrize(("load", "template", "unit", "suffix"), FORMATS)
def test_checking_runs_code_in_proportion_to_the_units(tmp_path, matcher, load, template, unit, suffix) -> None:
    """Every unit has findings: their lines and columns must be carried forward, not counted."""
    documents = [load(str(_write(tmp_path, template, unit, suffix, n))) for n in (10, 20, 40)]
    process_document(documents[0], matcher, Mode.CHECK)

    def check(document: Document) -> None:
        assert len(process_document(document, matcher, Mode.CHECK).findings) >= 3 * len(document.segments)

    costs = [_lines_run(lambda d=d: check(d)) for d in documents]
    assert _grows_linearly(costs), costs


@pytest.mark.parametrize(("load", "template", "unit", "suffix"), FORMATS)
def test_the_file_text_is_searched_a_bounded_number_of_times(tmp_path, monkeypatch, load, template, unit,
                                                              suffix) -> None:
    real = xmldoc.decode_xml
    monkeypatch.setattr(xmldoc, "decode_xml", lambda data, path: (CountingStr(real(data, path)[0]),
                                                                  real(data, path)[1]))
    path = _write(tmp_path, template, unit, suffix, 400)
    CountingStr.scanned = 0
    document = load(str(path))
    assert len(document.segments) == 400
    assert CountingStr.scanned <= 6 * len(document.text), CountingStr.scanned / len(document.text)
    # The positions are those of a count from the start of the file.
    text = path.read_text(encoding="utf-8")
    for segment, pieces in zip(document.segments, document.slots, strict=True):
        start = pieces[0].start
        assert (segment.line, segment.column) == (text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))
