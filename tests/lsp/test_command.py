"""``mtfix lsp`` without pygls installed: one line saying how to install it."""

from __future__ import annotations

import sys

import pytest

from mtfix.cli import main


def test_missing_pygls_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # import pygls now raises ImportError
    assert main(["lsp"]) == 2
    assert "pip install 'mtfix[lsp]'" in capsys.readouterr().err


def test_parsing_the_cli_imports_no_pygls() -> None:
    import subprocess

    code = "import sys, mtfix.cli; mtfix.cli.build_parser(); print('pygls' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
