"""The overview and the moves end to end in a real terminal (tmux), mouse support on."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_review_tmux import Tmux, _env, _flat, _mtfix

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

TEXT = "The cluster area\nhas a chain owner.\nThe gathering area and the chain master.\n"
SECOND = "A chain owner in a cluster area.\n"


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path)
    yield session
    session.kill()


def test_overview_filters_decides_a_group_and_jumps(tmux: Tmux, glossary_file: Path) -> None:
    (tmux.cwd / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmux.cwd / "doc2.txt").write_text(SECOND, encoding="utf-8")
    tmux.start([*_mtfix(), "review", "-g", str(glossary_file), "doc.txt", "doc2.txt"], _env())
    tmux.wait(lambda s: "1/6" in s)
    tmux.keys("l")
    screen = tmux.wait(lambda s: "filter:" in s and "'gathering area'" in s)
    assert "agglomeration-zone → agglomeration zone" in screen and "3: pending 3" in screen
    tmux.keys("cluster")
    screen = tmux.wait(lambda s: "filter: cluster" in s and "'gathering area'" not in s)
    tmux.keys("C-a")
    tmux.wait(lambda s: "accepted 2 of 'cluster area' in 2 files" in _flat(s) and "2: accepted 2" in s)
    tmux.keys("C-u", "owner", "Enter")  # the filter emptied, then the chain owners: Enter goes to the first
    screen = tmux.wait(lambda s: "filter:" not in s and "doc.txt:2:7" in s)
    tmux.keys("}")
    tmux.wait(lambda s: "file 2 of 2: doc2.txt" in _flat(s) and "doc2.txt:1:3" in s)
    tmux.keys("q")
    assert tmux.exit_code() == 0
    assert (tmux.cwd / "doc.txt").read_text() == TEXT.replace("cluster area", "agglomeration zone")
    assert (tmux.cwd / "doc2.txt").read_text() == "A chain owner in an agglomeration zone.\n"
