"""Hostile glossaries and config: punctuation-only or huge phrases, TOML that breaks
tomllib, FIFOs and devices as glossaries, a deleted working folder, and import or
export onto its own input. Each is a one-line ``FILE[:LINE]: message``, exit 2,
with nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.cli import main
from mtfix.errors import GlossaryError
from mtfix.glossary import load
from mtfix.glossary.load import MAX_PHRASE_CHARS, parse_glossary

ROOT = Path(__file__).resolve().parents[2]
TEXT = "a well-known fact.\n"


def _toml_string(value: str) -> str:
    """A TOML basic string holding exactly ``value``, whatever characters it has."""
    plain = value.isascii() and value.isprintable() and not {'"', "\\"} & set(value)
    return '"' + (value if plain else "".join(f"\\U{ord(c):08x}" for c in value)) + '"'


def _glossary(variant: str, key: str = "variants", preferred: str = "ZZ") -> str:
    extra = f"{key} = [{_toml_string(variant)}]\n" if key not in ("variants", "preferred") else ""
    variants = _toml_string(variant) if key == "variants" else '"good one"'
    pref = _toml_string(variant) if key == "preferred" else _toml_string(preferred)
    return f'[[term]]\npreferred = {pref}\nvariants = [{variants}]\n{extra}'


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    return err.rstrip("\n")


def _run(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


# --- 1. punctuation-only phrases ----------------------------------------------------------------

PUNCTUATION = [
    pytest.param("-", "-", id="hyphen"),
    pytest.param(".", ".", id="period"),
    pytest.param("'", "'", id="apostrophe"),
    pytest.param("\u200b", "\\u200b", id="zero-width-space"),
    pytest.param(" \u200b\u00a0 ", "\\u200b", id="invisible-after-strip"),
    pytest.param("\u0301", "\\u0301", id="lone-combining-mark"),
    pytest.param("\u2014 \u2026", "\u2014 \u2026", id="dash-ellipsis"),
]


@pytest.mark.parametrize(("variant", "shown"), PUNCTUATION)
def test_loader_refuses_punctuation_only_variant(variant: str, shown: str) -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary(_glossary(variant), "g.toml")
    assert str(info.value) == (f'g.toml:3: term "zz": variant "{shown}" has no letters or digits; '
                               f"it would rewrite punctuation everywhere")


@pytest.mark.parametrize("key", ["preferred", "accepted", "exceptions", "source"])
def test_loader_refuses_punctuation_only_other_phrases(key: str) -> None:
    with pytest.raises(GlossaryError, match="has no letters or digits") as info:
        parse_glossary(_glossary("-", key), "g.toml")
    assert info.value.line == (2 if key == "preferred" else 4)


@pytest.mark.parametrize("command", ["check", "fix"])
def test_check_and_fix_refuse_a_punctuation_glossary(tmp_path: Path, command: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    glossary, text = tmp_path / "g.toml", tmp_path / "t.txt"
    glossary.write_text(_glossary("-"), encoding="utf-8")
    text.write_text(TEXT, encoding="utf-8")
    assert main([command, "-g", str(glossary), str(text)]) == 2
    assert _one_line_error(capsys) == (f'{glossary}:3: term "zz": variant "-" has no letters or digits; '
                                       f"it would rewrite punctuation everywhere")
    assert text.read_text(encoding="utf-8") == TEXT


def test_lint_refuses_a_punctuation_variant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text(_glossary("."), encoding="utf-8")
    assert main(["glossary", "lint", str(glossary)]) == 2
    assert _one_line_error(capsys).startswith(f'{glossary}:3: term "zz": variant "." has no letters or digits')


# Braces are syntax in variants, accepted forms and exceptions ({a|b} spells a family);
# test_load.py covers them.
_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="{}")
_NO_LETTER = st.text(_CHARS, min_size=1, max_size=8).filter(lambda v: not any(c.isalnum() for c in v))
_WITH_LETTER = st.builds(lambda pad, letter: pad + letter + pad, st.text(_CHARS, max_size=20),
                         st.sampled_from("aZ7\u4e2d\u00e9"))


@settings(max_examples=80, deadline=None)
@given(st.one_of(_NO_LETTER, _WITH_LETTER), st.sampled_from(["variants", "accepted", "exceptions", "preferred"]))
def test_a_phrase_loads_exactly_when_it_has_a_letter_or_digit(value: str, key: str) -> None:
    text = _glossary(value, key)
    if not any(c.isalnum() for c in value):
        with pytest.raises(GlossaryError):
            parse_glossary(text, "g.toml")
        return
    (term,) = parse_glossary(text, "g.toml").terms
    stored = term.preferred if key == "preferred" else getattr(term, key)[0]
    assert stored == value.strip()


# --- 2. bounded phrases and glossary files ------------------------------------------------------

@pytest.mark.parametrize("key", ["variants", "preferred", "accepted", "exceptions", "source"])
def test_a_phrase_longer_than_the_bound_is_refused(key: str) -> None:
    parse_glossary(_glossary("a" * MAX_PHRASE_CHARS, key), "g.toml")  # the bound itself is fine
    with pytest.raises(GlossaryError) as info:
        parse_glossary(_glossary("a" * 80_000, key), "g.toml")
    assert info.value.line == (2 if key == "preferred" else 3 if key == "variants" else 4)
    assert f"is 80,000 characters long; glossary phrases are limited to {MAX_PHRASE_CHARS}" in str(info.value)
    assert len(str(info.value)) < 300  # the message quotes the start, not 80,000 characters


def test_inflection_skips_words_longer_than_any_term() -> None:
    from mtfix.engine.forms import article_for, plural_of

    assert plural_of("x" * (MAX_PHRASE_CHARS + 1)) is None
    assert article_for("e" * 1_000_000) == "an"


def test_a_glossary_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text(_glossary("good") * 10, encoding="utf-8")
    monkeypatch.setattr(load, "MAX_GLOSSARY_BYTES", 100)
    with pytest.raises(GlossaryError, match="larger than") as info:
        load.load_glossaries([str(glossary)])
    assert info.value.path == str(glossary)


# FIFOs and /dev/zero, in a child process so that a hang is a failed test, not a stuck suite.
_SPECIAL_FILES = """
import json, sys
from mtfix.cli import main
results = []
for argv in json.loads(sys.argv[1]):
    code = main(argv)
    results.append(code)
print(json.dumps(results))
"""


def test_fifos_and_devices_are_refused_wherever_a_glossary_is_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "ok.toml").write_text(_glossary("good"), encoding="utf-8")
    (tmp_path / "mtfix.toml").write_text('glossaries = ["fifo.toml"]\n', encoding="utf-8")
    runs = [[*cmd] for special in ("fifo.toml", "/dev/zero") for cmd in (
        ["check", "-g", special, "t.txt"], ["glossary", "lint", special], ["glossary", "show", special],
        ["glossary", "export", "ok.toml", special, "--format", "csv", "-o", "out.csv"],
        ["glossary", "import", special, "-o", "out.toml"],
        ["glossary", "add", special, "--preferred", "x", "--variant", "y"])]
    runs.append(["check", "t.txt"])  # the configured glossary is the FIFO
    result = _run("-c", _SPECIAL_FILES, json.dumps(runs), cwd=tmp_path)
    assert json.loads(result.stdout) == [2] * len(runs), result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(runs) and "Traceback" not in result.stderr
    assert all("not a regular file" in line for line in lines), lines
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.toml").exists()


# --- 3. TOML faults and config ------------------------------------------------------------------

DEEP = "a = " + "[" * 5000 + "]" * 5000 + "\n"
HUGE_INT = "x = 1\na = " + "9" * 5000 + "\n"
TOML_FAULTS = [
    pytest.param(DEEP, None, "arrays or tables nested too deeply (about 1,000 levels at most)", id="deep"),
    pytest.param(HUGE_INT, 2, "a number has more than 4,300 digits", id="huge-int"),
]


@pytest.mark.parametrize(("text", "line", "message"), TOML_FAULTS)
def test_toml_faults_in_a_glossary(tmp_path: Path, text: str, line: int | None, message: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text(text, encoding="utf-8")
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    where = str(glossary) if line is None else f"{glossary}:{line}"
    for argv in (["check", "-g", str(glossary), str(tmp_path / "t.txt")], ["glossary", "lint", str(glossary)]):
        assert main(argv) == 2
        assert _one_line_error(capsys) == f"{where}: invalid TOML: {message}"


@pytest.mark.parametrize("name", ["mtfix.toml", "pyproject.toml"])
@pytest.mark.parametrize(("text", "line", "message"), TOML_FAULTS)
def test_toml_faults_in_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str,
                               line: int | None, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "t.txt"]) == 2
    where = str(tmp_path / name) + ("" if line is None else f":{line}")
    assert _one_line_error(capsys) == f"{where}: invalid TOML: {message}"


CONFIG_FAULTS = [
    pytest.param("pyproject.toml", "[tool]\nmtfix = 5\n", "[tool.mtfix] must be a table, not int", id="tool-int"),
    pytest.param("pyproject.toml", "[tool]\nmtfix = [1]\n", "[tool.mtfix] must be a table, not list",
                 id="tool-list"),
    pytest.param("pyproject.toml", "[tool.mtfix]\nglossaries = 5\n",
                 "[tool.mtfix] 'glossaries' must be a list of paths", id="glossaries-int"),
    pytest.param("pyproject.toml", "[tool.mtfix]\nglossaries = [1]\n",
                 "[tool.mtfix] 'glossaries' must be a list of paths", id="glossaries-ints"),
    pytest.param("mtfix.toml", 'glossaries = ["a\\u0000b"]\n',
                 "'glossaries' holds an empty path or one with a NUL character", id="nul"),
    pytest.param("mtfix.toml", 'glossaries = [""]\n',
                 "'glossaries' holds an empty path or one with a NUL character", id="empty"),
]


@pytest.mark.parametrize(("name", "text", "message"), CONFIG_FAULTS)
def test_malformed_config_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str,
                                 message: str, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "t.txt"]) == 2
    assert _one_line_error(capsys) == f"{tmp_path / name}: {message}"


def test_deleted_working_folder_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    gone = tmp_path / "gone"
    gone.mkdir()
    script = "import os, sys; os.rmdir(os.getcwd()); from mtfix.cli import main; sys.exit(main(sys.argv[1:]))"
    result = _run("-c", script, "check", str(tmp_path / "t.txt"), cwd=gone)
    assert result.returncode == 2, result.stderr
    assert result.stderr == ("mtfix: error: cannot look for mtfix.toml from the current folder: it no longer "
                             "exists; cd to an existing folder or name the glossary with -g\n")


# --- 4. import and export onto their own input --------------------------------------------------

CSV = "source,preferred,variants,note\n链主,chain leader,chain owner,lead firm\n"


def _link(tmp_path: Path, target: Path, how: str) -> Path:
    if how == "same":
        return target
    link = tmp_path / f"link{target.suffix}"
    os.symlink(target.name, link) if how == "symlink" else os.link(target, link)
    return link


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_import_refuses_to_overwrite_its_input(tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "x.csv"
    source.write_text(CSV, encoding="utf-8")
    output = _link(tmp_path, source, how)
    before = sorted(os.listdir(tmp_path))
    assert main(["glossary", "import", str(source), "-o", str(output)]) == 2
    assert _one_line_error(capsys) == (f"{output}: -o is the input file {source} itself; writing there would "
                                       f"destroy it (nothing written)")
    assert source.read_text(encoding="utf-8") == CSV
    assert sorted(os.listdir(tmp_path)) == before


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_export_refuses_to_overwrite_its_input(tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]) -> None:
    other, glossary = tmp_path / "a.toml", tmp_path / "g.toml"
    other.write_text(_glossary("good", preferred="other"), encoding="utf-8")
    glossary.write_text(_glossary("fine"), encoding="utf-8")
    before_bytes = glossary.read_bytes()
    output = _link(tmp_path, glossary, how)
    before = sorted(os.listdir(tmp_path))
    for fmt in ("csv", "tbx"):
        assert main(["glossary", "export", str(other), str(glossary), "--format", fmt, "-o", str(output)]) == 2
        assert _one_line_error(capsys).startswith(f"{output}: -o is the input file {glossary} itself")
    assert glossary.read_bytes() == before_bytes
    assert sorted(os.listdir(tmp_path)) == before


def test_import_names_the_row_of_a_punctuation_variant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "x.csv"
    source.write_text(CSV + ",start-up area,-,\n", encoding="utf-8")
    assert main(["glossary", "import", str(source), "-o", str(tmp_path / "g.toml")]) == 2
    assert _one_line_error(capsys) == (f'{source}:3: term "start-up-area": variant "-" has no letters or '
                                       f"digits; it would rewrite punctuation everywhere")
    assert not (tmp_path / "g.toml").exists()


def test_import_names_the_concept_of_a_punctuation_tbx_term(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "t.tbx"
    source.write_text(
        '<?xml version="1.0"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
        '<conceptEntry id="c1"><langSec xml:lang="en">\n'
        '<termSec><term>chain leader</term></termSec>\n'
        '<termSec><term>.</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>'
        '</termSec></langSec></conceptEntry>\n</body></text></tbx>\n', encoding="utf-8")
    assert main(["glossary", "import", str(source), "-o", str(tmp_path / "g.toml")]) == 2
    assert _one_line_error(capsys) == (f'{source}:3: term "c1": variant "." has no letters or digits; '
                                       f"it would rewrite punctuation everywhere")


@pytest.mark.parametrize(("flag", "value"), [pytest.param("--variant", "-", id="hyphen"),
                                             pytest.param("--variant", "x" * 201, id="long"),
                                             pytest.param("--preferred", "\u200b", id="zero-width")])
def test_add_refuses_a_punctuation_or_huge_phrase(tmp_path: Path, flag: str, value: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    glossary = tmp_path / "g.toml"
    glossary.write_text(_glossary("good"), encoding="utf-8")
    before = glossary.read_bytes()
    args = {"--preferred": "chain leader", "--variant": "chain owner", flag: value}
    assert main(["glossary", "add", str(glossary), *(a for kv in args.items() for a in kv)]) == 2
    message = _one_line_error(capsys)
    assert message.startswith(f"{glossary}: {flag}: ") and message.endswith("; nothing written")
    assert glossary.read_bytes() == before
