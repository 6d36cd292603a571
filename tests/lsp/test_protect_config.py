"""``protect`` in mtfix.toml reaches the language server's matcher (issue 12)."""

from __future__ import annotations

from pathlib import Path

from mtfix.lsp.analysis import Analyzer
from mtfix.lsp.glossaries import Glossaries


def test_config_protect_patterns_reach_the_server(tmp_path: Path, glossary_file) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "mtfix.toml").write_text(
        f'glossaries = ["{glossary_file.as_posix()}"]\nprotect = ["\\\\[\\\\[[^]]+\\\\]\\\\]"]\n', encoding="utf-8")
    loaded = Glossaries(use_cache=False).for_folder(folder)
    assert loaded.error is None and loaded.checking is not None
    text = "See [[chain owner]]; the chain owner.\n"
    found = Analyzer(str(folder / "a.txt"), "text", "").check(text, loaded.checking).found
    assert [f.start for f in found] == [text.rindex("chain owner")]
