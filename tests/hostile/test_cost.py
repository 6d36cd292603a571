"""Bounded cost under hostile input (issue 9, items 8 and 10).

Time is never measured here (see benchmarks/bench_hostile.py): linearity is
checked by counting the characters the code scans in the text (a ``str``
subclass that adds up every ``count``/``rfind``/``find``/slice it serves), and
memory by the peak RSS of a child process against the same child on empty input.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from functools import partial
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix import batch
from mtfix.batch import Mode, process_stream
from mtfix.cli import build_parser, main, run_files
from mtfix.engine import find_variants
from mtfix.formats.base import Segment, place_findings
from mtfix.formats.spans import line_and_column
from mtfix.formats.text import TextReader
from tests.counting import CountingStr

LINE = "the gathering area, a cluster area and a chain owner; "



def _reference(text: str, offset: int, line: int = 1, column: int = 1) -> tuple[int, int]:
    """Line and column by brute force: count from the start every time."""
    breaks = text.count("\n", 0, offset)
    if not breaks:
        return line, column + offset
    return line + breaks, offset - text.rfind("\n", 0, offset)


def _scanned(text: CountingStr, run) -> int:  # type: ignore[no-untyped-def]
    CountingStr.scanned = 0
    run(text)
    return CountingStr.scanned


def test_one_long_line_is_scanned_a_bounded_number_of_times(matcher) -> None:
    # 3,000 findings on one 54 KB line: searching back to the line start for each
    # one scanned about 80 million characters; carrying the line start forward, 2 per character.
    text = CountingStr(LINE * 1000)
    found: list = []
    scanned = _scanned(text, lambda t: found.extend(find_variants(t, matcher)))
    assert len(found) == 3000
    assert scanned <= 4 * len(text)
    assert [(f.line, f.column) for f in found] == [_reference(text, f.start) for f in found]


def test_placing_findings_in_a_long_segment_is_linear(matcher) -> None:
    target = LINE * 1000
    found = find_variants(target, matcher)
    segment = Segment(CountingStr(target), line=7, column=31)
    placed: list = []
    scanned = _scanned(segment.target, lambda _: placed.extend(place_findings(segment, found)))
    assert scanned <= 4 * len(target)
    assert [(f.line, f.column) for f in placed] == [_reference(target, f.start, 7, 31) for f in found]


def _placed_by_reference(segment: Segment, start: int) -> tuple[int, int]:
    """Where a finding at ``start`` is in the file: the latest anchor at or before it, then count."""
    offset, line, column = 0, segment.line, segment.column
    for anchor in segment.anchors:
        if anchor[0] > start:
            break
        offset, line, column = anchor
    return _reference(segment.target[offset:], start - offset, line, column)


PIECES = st.sampled_from(["gathering area", "cluster area", "chain owner", " ", "  ", "\n", "\r\n",
                          "word", "é", "日本", ", ", "a ", "\t"])


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECES, max_size=60), st.integers(1, 50), st.integers(1, 80), st.data())
def test_placed_findings_match_the_brute_force_position(matcher, pieces, line, column, data) -> None:
    target = "".join(pieces)
    offsets = sorted(data.draw(st.sets(st.integers(1, max(len(target), 1)), max_size=4)))
    anchors = tuple((o, line + i, 3 * i + 1) for i, o in enumerate(offsets) if o < len(target))
    segment = Segment(target, line=line, column=column, anchors=anchors)
    found = find_variants(target, matcher)
    assert [(f.line, f.column) for f in found] == [_reference(target, f.start) for f in found]
    placed = place_findings(segment, found)
    assert [(f.line, f.column) for f in placed] == [_placed_by_reference(segment, f.start) for f in found]
    # Any order gives the same positions (an out-of-order finding restarts the count).
    assert place_findings(segment, found[::-1]) == placed[::-1]


def test_stdin_findings_are_placed_across_chunks(monkeypatch, matcher) -> None:
    text = "".join(f"Line {i}. {LINE}\n" for i in range(200))
    monkeypatch.setattr(batch, "TextReader", partial(TextReader, chunk_chars=1000))
    seen: list = []
    result = process_stream(io.BytesIO(text.encode()), matcher, Mode.CHECK, on_findings=seen.extend)
    assert result.count == len(seen) == 600 and not result.findings  # streamed, only counted
    assert [(f.line, f.column) for f in seen] == [_reference(text, f.start) for f in seen]
    assert [text[f.start:f.end] for f in seen] == [f.match for f in seen]


def test_fixed_stdin_keeps_bom_and_bytes_across_chunks(monkeypatch, matcher) -> None:
    text = "".join(f"Line {i}. {LINE}\r\n" for i in range(100))
    monkeypatch.setattr(batch, "TextReader", partial(TextReader, chunk_chars=700))
    out = io.BytesIO()
    process_stream(io.BytesIO(b"\xef\xbb\xbf" + text.encode()), matcher, Mode.FIX, fixed=out)
    expected = text.replace("gathering area", "agglomeration zone").replace("a cluster area", "an agglomeration zone")
    assert out.getvalue() == b"\xef\xbb\xbf" + expected.replace("chain owner", "chain leader").encode()
    for data in (b"", b"\xef\xbb\xbf"):
        out = io.BytesIO()
        process_stream(io.BytesIO(data), matcher, Mode.FIX, fixed=out)
        assert out.getvalue() == data


def test_undecodable_stdin_prints_one_line_and_nothing_on_stdout(glossary_file, monkeypatch, capsysbinary) -> None:
    # The bad byte is past the first chunks: nothing of the fixed text may have been written.
    data = ("a gathering area\n" * 200_000).encode() + b"\xff\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["fix", "-g", str(glossary_file), "-"]) == 2
    captured = capsysbinary.readouterr()
    assert captured.out == b""
    assert b"<stdin>:200001: cannot decode as UTF-8 (byte 0xff)" in captured.err


def test_check_and_diff_of_stdin(glossary_file, monkeypatch, capsys) -> None:
    text = "a gathering area\nnothing\nthe chain owner\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["check", "-g", str(glossary_file), "-"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == ["<stdin>:1:3: 'gathering area' -> 'agglomeration zone' [agglomeration-zone]",
                                "<stdin>:3:5: 'chain owner' -> 'chain leader' [chain-leader]"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["fix", "--diff", "-g", str(glossary_file), "-"]) == 0
    out = capsys.readouterr().out
    assert "-a gathering area\n+an agglomeration zone\n" in out and "+the chain leader\n" in out


class Writes(io.StringIO):
    """Remembers the largest single write."""

    largest = 0

    def write(self, text: str) -> int:
        self.largest = max(self.largest, len(text))
        return super().write(text)


def test_check_json_is_streamed_and_unchanged(tmp_path, glossary_file) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(LINE * 300 + "\n", encoding="utf-8")
    args = build_parser().parse_args(["check", "--format", "json", "-q", "-g", str(glossary_file), str(doc)])
    out = Writes()
    assert run_files(args, out) == 1
    records = json.loads(out.getvalue())
    assert len(records) == 900 and records[1]["column"] == len("the gathering area, a ") + 1
    assert out.getvalue() == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    assert out.largest < 2000  # one record at a time, never the whole array


def test_check_json_without_findings_is_an_empty_array(tmp_path, glossary_file, capsys) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("nothing here\n", encoding="utf-8")
    assert main(["check", "--format", "json", "-g", str(glossary_file), str(doc)]) == 0
    assert capsys.readouterr().out == "[]\n"


PEAK = """\
import resource, runpy, sys
sys.argv = ["mtfix"] + sys.argv[1:]
try:
    runpy.run_module("mtfix", run_name="__main__")
finally:
    sys.stderr.write("\\nPEAK %d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kb(args: list[str], data: bytes, tmp_path: Path) -> tuple[int, bytes]:
    source = tmp_path / "stdin.bin"
    source.write_bytes(data)
    with source.open("rb") as stdin:
        done = subprocess.run([sys.executable, "-c", PEAK, *args], stdin=stdin, capture_output=True,
                              check=False, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return int(done.stderr.rsplit(b"PEAK ", 1)[1].split()[0]), done.stdout


def test_stdin_memory_does_not_grow_with_the_input(tmp_path, glossary_file) -> None:
    # 24 MB with a variant every few KB: reading stdin whole held the bytes, the
    # text and the fixed text at once (130 MB more than on empty input); chunk
    # by chunk, the peak is that of loading the glossary.
    block = ("x" * 60 + "\n") * 60 + "The gathering area.\n\n"
    data = (block * (24_000_000 // len(block))).encode()
    for command in (["fix"], ["check"]):
        args = [*command, "-q", "-g", str(glossary_file), "-"]
        base, _ = _peak_kb(args, b"", tmp_path)
        peak, out = _peak_kb(args, data, tmp_path)
        assert (peak - base) < 40_000, f"{command}: {peak - base} KB more than on empty input"
        if command == ["fix"]:
            assert len(out) == len(data) + data.count(b"gathering area") * 4


def test_segment_positions_of_a_file_are_counted_once() -> None:
    # A PO or XLIFF file with many segments: each segment's line was counted from the start.
    text = CountingStr("msgid \"x\"\nmsgstr \"a gathering area\"\n\n" * 2000)
    positions = range(0, len(text), 37)
    found: list = []
    scanned = _scanned(text, lambda t: found.extend(line_and_column(t, pos) for pos in positions))
    assert scanned <= 2 * len(text)
    assert found == [_reference(text, pos) for pos in positions]


@given(st.text(st.sampled_from("a\né"), max_size=40), st.lists(st.integers(0, 40), max_size=8))
def test_segment_positions_in_any_order(text: str, positions: list[int]) -> None:
    positions = [min(p, len(text)) for p in positions]
    assert [line_and_column(text, p) for p in positions] == [_reference(text, p) for p in positions]


def _corpus(size: int) -> str:
    """The bundled English corpus repeated with numbered variations (new phrases each round)."""
    words = (Path(__file__).resolve().parents[2] / "corpora" / "zhaoqing-agglomeration-zone.en.txt").read_text(
        encoding="utf-8").split(" ")
    out, total, round_ = [], 0, 0
    while total < size:
        out.append(" ".join(w + str(round_ % 97) if i % 11 == round_ % 11 else w for i, w in enumerate(words)))
        total += len(out[-1])
        round_ += 1
    return "\n\n".join(out)


def test_mine_memory_does_not_hold_every_occurrence(tmp_path, glossary_file) -> None:
    # 1 MB of English: a Token object per word and a span per phrase occurrence took
    # 55 MB more than an empty file (27 MB took 1.8 GB); columns and counts take almost none.
    corpus, empty = tmp_path / "corpus.txt", tmp_path / "empty.txt"
    corpus.write_text(_corpus(1_000_000), encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    base, _ = _peak_kb(["glossary", "mine", "-g", str(glossary_file), str(empty)], b"", tmp_path)
    peak, out = _peak_kb(["glossary", "mine", "-g", str(glossary_file), str(corpus)], b"", tmp_path)
    assert (peak - base) < 25_000, f"{peak - base} KB more than on an empty file"
    assert out  # groups were found


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 60), st.integers(1, 6)), max_size=30))
def test_near_misses_kept_are_the_best_non_overlapping(items) -> None:
    from mtfix.glossary.nearmiss import _non_overlapping

    found = [(float(score), start, start + length, None) for score, start, length in items]
    kept: list = []
    for item in sorted(found, key=lambda f: (-f[0], f[1])):  # the rule, by brute force
        if all(item[2] <= k[1] or item[1] >= k[2] for k in kept):
            kept.append(item)
    assert _non_overlapping(found) == sorted(kept, key=lambda f: f[1])
