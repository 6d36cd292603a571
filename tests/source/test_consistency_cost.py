"""The ``inconsistent`` check costs in proportion to its findings: one source translated
500 ways in one PO file (issue 12, item 4) must not describe the group once per finding."""

from __future__ import annotations

from mtfix.source import consistency
from mtfix.source.consistency import inconsistencies


def test_a_big_group_is_described_once_per_file(monkeypatch) -> None:
    calls = 0
    where = consistency._where

    def counted(o, here):
        nonlocal calls
        calls += 1
        return where(o, here)

    monkeypatch.setattr(consistency, "_where", counted)
    units = [(f"line {i}", i, "确定", f"OK {i}") for i in range(500)]
    found = inconsistencies([("a.po", units[:250]), ("b.po", units[250:])])
    assert len(found) == 500
    assert calls == 2 * 500  # the group's 500 renderings, described for each of its 2 files
    first = found[0][1].detail
    assert first.startswith("same source translated 500 ways: 'OK 0' (line 0); ")
    assert first.endswith("'OK 499' (b.po line 499)")
    assert found[-1][1].detail.startswith("same source translated 500 ways: 'OK 0' (a.po line 0); ")
