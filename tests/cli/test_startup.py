"""Start-up: a check or fix imports only what it needs."""

from __future__ import annotations

import os
import subprocess
import sys


def test_check_imports_no_other_command_nor_a_process_pool(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("a chain owner\n")
    code = ("import sys; from mtfix.cli import main; main(['check', '-q', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.startswith(('mtfix.review', 'mtfix.lsp', 'mtfix.glossary.mine', "
            "'mtfix.source.consistency', 'multiprocessing'))))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.txt")], capture_output=True, text=True,
                         check=True, env={**os.environ, "MTFIX_CACHE_DIR": str(tmp_path / "cache")})
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert "a.txt:1:3: 'chain owner'" in out.stdout
