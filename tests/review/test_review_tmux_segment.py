"""``E`` in a real terminal: the review leaves the screen to ``$EDITOR``, comes
back, and ``q`` writes what was edited (tmux, as in test_review_tmux)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_review_tmux import Tmux, _env, _flat, _mtfix

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

TEXT = "We grasp the 'cluster area' firmly.\nA chain owner.\n"
# A stand-in for a person in an editor: drops the quotes around the fixed words.
EDITOR = """\
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace("'agglomeration zone'", "agglomeration zone"))
"""


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path)
    yield session
    session.kill()


def test_E_edits_the_segment_in_the_editor(terminal: Tmux, glossary_file: Path) -> None:
    doc = terminal.cwd / "doc.txt"
    doc.write_text(TEXT, encoding="utf-8")
    (terminal.cwd / "editor.py").write_text(EDITOR, encoding="utf-8")
    env = _env(EDITOR=f"{sys.executable} editor.py")
    terminal.start([*_mtfix(), "review", "-g", str(glossary_file), "doc.txt"], env)
    terminal.wait(lambda s: "1/2" in s)
    terminal.keys("E")
    screen = terminal.wait(lambda s: "segment edited" in _flat(s) and "2/2" in s)
    assert "accepted 1 · rejected 0 · pending 1" in screen
    terminal.keys("q")
    assert terminal.exit_code() == 0
    assert doc.read_text(encoding="utf-8") == "We grasp the agglomeration zone firmly.\nA chain owner.\n"
