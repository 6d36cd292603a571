"""``check`` in CI: ``inconsistent`` findings are reported without failing the check
unless asked (``--fail-on inconsistent``, config ``fail-on``); fuzzy PO entries are
checked and fixed unless ``--skip-fuzzy`` (config ``skip-fuzzy``). Issue 12, item 8."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix.cli import main

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
NOOP = '[[term]]\nid = "zone"\npreferred = "agglomeration zone"\nvariants = ["gathering area"]\n'
FIXES = '[[term]]\nid = "chain-leader"\npreferred = "chain leader"\nvariants = ["chain owner"]\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two translations of one source that disagree, and a glossary with nothing to fix in them."""
    (tmp_path / "g.toml").write_text(NOOP, encoding="utf-8")
    (tmp_path / "a.po").write_text(HEADER + 'msgid "保存"\nmsgstr "Save"\n', encoding="utf-8")
    (tmp_path / "b.po").write_text(HEADER + 'msgid "保存"\nmsgstr "Store"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv, "a.po", "b.po"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_inconsistent_is_reported_but_does_not_fail_by_default(project, capsys) -> None:
    code, out, err = _check(capsys, "-g", "g.toml")
    assert code == 0
    assert out.count(": inconsistent: same source translated 2 ways") == 2
    assert err.strip() == ("no findings in 2 files; 2 inconsistent findings reported, not failing the check "
                           "(--fail-on inconsistent)")


def test_fail_on_inconsistent_fails(project, capsys) -> None:
    code, out, err = _check(capsys, "-g", "g.toml", "--fail-on", "inconsistent")
    assert (code, err.strip()) == (1, "2 findings in 2 files")
    assert out.count(": inconsistent:") == 2


@pytest.mark.parametrize(("config", "flags", "expected"), [
    pytest.param('fail-on = ["inconsistent"]\n', (), 1, id="config"),
    pytest.param('fail-on = ["inconsistent"]\n', ("--fail-on", "none"), 0, id="flag-overrides-config"),
    pytest.param("fail-on = []\n", (), 0, id="config-empty"),
])
def test_fail_on_from_the_config_file(project, capsys, config, flags, expected) -> None:
    (project / "mtfix.toml").write_text('glossaries = ["g.toml"]\n' + config, encoding="utf-8")
    assert _check(capsys, *flags)[0] == expected


def test_fail_on_config_applies_with_glossary_flags_too(project, capsys) -> None:
    (project / "mtfix.toml").write_text('fail-on = ["inconsistent"]\n', encoding="utf-8")
    assert _check(capsys, "-g", "g.toml")[0] == 1


@pytest.mark.parametrize(("config", "message"), [
    pytest.param('fail-on = ["variant"]\n', "'fail-on' must be a list of finding kinds (inconsistent)", id="kind"),
    pytest.param('fail-on = "inconsistent"\n', "'fail-on' must be a list of finding kinds (inconsistent)",
                 id="not-list"),
    pytest.param('skip-fuzzy = "yes"\n', "'skip-fuzzy' must be true or false", id="skip-fuzzy"),
])
def test_bad_check_settings_are_one_line_errors(project, capsys, config, message) -> None:
    (project / "mtfix.toml").write_text(config, encoding="utf-8")
    code, _, err = _check(capsys)
    assert (code, err.splitlines()) == (2, [f"{project / 'mtfix.toml'}: {message}"])


FUZZY = (HEADER + '#: app.c:1\n#, fuzzy, c-format\nmsgid "链主 %s"\nmsgstr "the chain owner %s"\n\n'
         '#: app.c:2\nmsgid "链主"\nmsgstr "chain owner"\n')


@pytest.mark.parametrize(("flags", "config", "fixed"), [
    pytest.param((), "", ("the chain leader %s", "chain leader"), id="default-fixes-fuzzy"),
    pytest.param(("--skip-fuzzy",), "", ("the chain owner %s", "chain leader"), id="flag"),
    pytest.param((), "skip-fuzzy = true\n", ("the chain owner %s", "chain leader"), id="config"),
    pytest.param(("--no-skip-fuzzy",), "skip-fuzzy = true\n", ("the chain leader %s", "chain leader"),
                 id="flag-overrides-config"),
])
def test_fuzzy_entries_are_fixed_unless_skipped(tmp_path, monkeypatch, capsys, flags, config, fixed) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.toml").write_text(FIXES, encoding="utf-8")
    (tmp_path / "mtfix.toml").write_text('glossaries = ["g.toml"]\n' + config, encoding="utf-8")
    path = tmp_path / "zh.po"
    path.write_text(FUZZY, encoding="utf-8")
    assert main(["fix", "-q", *flags, str(path)]) == 0
    assert path.read_text(encoding="utf-8") == FUZZY.replace("the chain owner %s", fixed[0]).replace(
        'msgstr "chain owner"', f'msgstr "{fixed[1]}"')


def test_check_skip_fuzzy_reports_only_the_other_entries(tmp_path, capsys) -> None:
    (tmp_path / "g.toml").write_text(FIXES, encoding="utf-8")
    path = tmp_path / "zh.po"
    path.write_text(FUZZY, encoding="utf-8")
    assert main(["check", "-q", "--skip-fuzzy", "-g", str(tmp_path / "g.toml"), str(path)]) == 1
    assert [line.split(": ", 1)[0] for line in capsys.readouterr().out.splitlines()] == [f"{path}:12:9"]


def test_fuzzy_flag_before_an_obsolete_entry_does_not_reach_the_next(tmp_path, capsys) -> None:
    (tmp_path / "g.toml").write_text(FIXES, encoding="utf-8")
    path = tmp_path / "zh.po"
    path.write_text(HEADER + '#, fuzzy\n#~ msgid "旧"\n#~ msgstr "old"\n\nmsgid "链主"\nmsgstr "chain owner"\n',
                    encoding="utf-8")
    assert main(["check", "-q", "--skip-fuzzy", "-g", str(tmp_path / "g.toml"), str(path)]) == 1
