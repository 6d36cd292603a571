"""add / remove / show keep the file's comments and layout byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.glossary.load import load_glossaries

COMMENTED = """\
# Client glossary -- keep these comments!
[meta]
name = "client"   # the client's name

# People and titles
[[term]]
id = "chain-leader"
preferred = "chain leader"   # approved 2023-10
variants = [
    "chain owner",  # MT literal
    "chain master",
]
source = ["链主"]

# Zones
[[term]]
preferred = "agglomeration zone"
variants = ["gathering area"]  # more below?
"""


@pytest.fixture
def commented(tmp_path: Path) -> Path:
    path = tmp_path / "client.toml"
    path.write_bytes(COMMENTED.encode("utf-8"))
    return path


def test_add_new_term_keeps_every_byte(commented: Path, capsys) -> None:
    assert main(["glossary", "add", str(commented), "--preferred", "key link", "--variant", "bull nose",
                 "--variant", "ox nose", "--source", "牛鼻子", "--note", "the crux"]) == 0
    text = commented.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED)
    assert text[len(COMMENTED):] == ('\n[[term]]\nid = "key-link"\npreferred = "key link"\n'
                                     'variants = ["bull nose", "ox nose"]\nsource = ["牛鼻子"]\nnote = "the crux"\n')
    assert load_glossaries([str(commented)]).term("key-link").variants == ("bull nose", "ox nose")


def test_add_merges_into_the_term_with_that_preferred_form(commented: Path, capsys) -> None:
    assert main(["glossary", "add", str(commented), "--preferred", "Chain Leader", "--variant", "chain lord",
                 "--variant", "Chain-Owner", "--source", "鏈主"]) == 0
    text = commented.read_text(encoding="utf-8")
    for line in COMMENTED.splitlines():
        if not line.startswith("source"):
            assert line in text  # every comment and line is still there
    assert '    "chain lord",\n]' in text
    term = load_glossaries([str(commented)]).term("chain-leader")
    assert term.variants == ("chain owner", "chain master", "chain lord")  # "Chain-Owner" is already there
    assert term.source == ("链主", "鏈主")
    assert "merged" in capsys.readouterr().err


def test_add_refuses_a_conflict_with_the_lint_message(commented: Path, capsys) -> None:
    assert main(["glossary", "add", str(commented), "--preferred", "gathering area", "--variant", "gathering zone"]
                ) == 1
    err = capsys.readouterr().err
    assert 'variant "gathering area" of term "agglomeration-zone" is the preferred form of term "gathering-area"' in err
    assert commented.read_bytes() == COMMENTED.encode("utf-8")


def test_add_unchanged_and_new_file(tmp_path: Path, commented: Path, capsys) -> None:
    assert main(["glossary", "add", str(commented), "--preferred", "chain leader", "--variant", "chain owner"]) == 0
    assert commented.read_bytes() == COMMENTED.encode("utf-8")
    fresh = tmp_path / "new.toml"
    assert main(["glossary", "add", str(fresh), "--preferred", "x ray", "--variant", "x-rays beam"]) == 0
    assert load_glossaries([str(fresh)]).terms[0].preferred == "x ray"


def test_remove_cuts_only_that_term(commented: Path, capsys) -> None:
    assert main(["glossary", "remove", str(commented), "chain-leader"]) == 0
    text = commented.read_text(encoding="utf-8")
    assert text == COMMENTED.replace(COMMENTED[COMMENTED.index("# People"):COMMENTED.index("# Zones")], "")
    assert [t.id for t in load_glossaries([str(commented)]).terms] == ["agglomeration-zone"]


def test_remove_unknown_id_exits_2(commented: Path, capsys) -> None:
    assert main(["glossary", "remove", str(commented), "nope"]) == 2
    assert 'no term with id "nope"' in capsys.readouterr().err
    assert commented.read_bytes() == COMMENTED.encode("utf-8")


def test_show_table_and_term(commented: Path, capsys) -> None:
    assert main(["glossary", "show", str(commented)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["ID", "PREFERRED", "SOURCE", "VARIANTS"]
    assert "chain-leader" in out and "agglomeration zone" in out and out.rstrip().endswith("2 terms")
    assert main(["glossary", "show", str(commented), "--term", "chain-leader"]) == 0
    out = capsys.readouterr().out
    assert "chain owner, chain master" in out and f"{commented}:6" in out


@pytest.mark.parametrize(("flags", "empty"), [(["--preferred", " ", "--variant", "x y"], "--preferred"),
                                              (["--preferred", "x y", "--variant", ""], "--variant"),
                                              (["--preferred", "chain leader", "--source", ""], "--source")],
                         ids=["preferred", "variant", "source"])
def test_add_refuses_empty_strings(commented: Path, capsys, flags: list[str], empty: str) -> None:
    assert main(["glossary", "add", str(commented), *flags]) == 2
    assert f"{commented}: {empty} is an empty string" in capsys.readouterr().err
    assert commented.read_bytes() == COMMENTED.encode("utf-8")


def test_show_finds_a_term_as_remove_does(commented: Path, capsys) -> None:
    assert main(["glossary", "show", str(commented), "--term", "Agglomeration Zone"]) == 0
    assert "gathering area" in capsys.readouterr().out
    assert main(["glossary", "show", str(commented), "--term", "nope"]) == 2
    assert "known: chain-leader, agglomeration-zone" in capsys.readouterr().err
