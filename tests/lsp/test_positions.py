"""Buffer offsets <-> LSP positions in each position encoding, and incremental changes."""

from __future__ import annotations

import pytest

from mtfix.lsp.positions import UTF8, UTF16, UTF32, Positions, apply_change

TEXT = "链主😀 ab\r\nsecond\rthird\n"


@pytest.mark.parametrize(("encoding", "offset", "expected"), [
    pytest.param(UTF16, 3, (0, 4), id="utf16-emoji-is-two-units"),
    pytest.param(UTF16, 4, (0, 5), id="utf16-after-space"),
    pytest.param(UTF32, 3, (0, 3), id="utf32-code-points"),
    pytest.param(UTF8, 3, (0, 10), id="utf8-bytes"),
    pytest.param(UTF16, 8, (1, 0), id="crlf-ends-a-line"),
    pytest.param(UTF16, 15, (2, 0), id="lone-cr-ends-a-line"),
    pytest.param(UTF16, len(TEXT), (3, 0), id="end"),
])
def test_position_and_back(encoding: str, offset: int, expected: tuple[int, int]) -> None:
    positions = Positions(TEXT, encoding)
    assert positions.position(offset) == expected
    assert positions.offset(*expected) == offset


@pytest.mark.parametrize(("position", "offset"), [
    pytest.param((0, 99), 6, id="past-the-line-end-is-its-end"),
    pytest.param((9, 0), len(TEXT), id="past-the-last-line-is-the-end"),
    pytest.param((0, 3), 2, id="inside-a-surrogate-pair-is-before-it"),
])
def test_positions_out_of_range_are_clamped(position: tuple[int, int], offset: int) -> None:
    assert Positions(TEXT).offset(*position) == offset


def test_apply_change_counts_utf16_units() -> None:
    assert apply_change("😀x", (0, 2), (0, 3), "y") == "😀y"
    assert apply_change("a\nb", (0, 1), (1, 0), "") == "ab"
