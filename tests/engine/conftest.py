"""Fixtures of the engine tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mtfix.engine import scanner

INSTALLED = [name for name in scanner.ENGINES if scanner.installed(name)]


@pytest.fixture(params=INSTALLED, scope="module")
def each_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Runs a module's tests once with each installed scanning engine (``scanner.ENGINE``)."""
    before = scanner.ENGINE
    scanner.ENGINE = request.param
    try:
        yield request.param
    finally:
        scanner.ENGINE = before
