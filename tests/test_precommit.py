"""The pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit in a fresh git
repository whose ``.pre-commit-config.yaml`` points at this checkout, as a user's would.

pre-commit clones the checkout at the given ``rev``, builds a virtualenv and ``pip install``s mtfix
into it (``language: python``). Only where packages come from differs from a user's machine: the
virtualenv sees this environment's site-packages and pip builds with its hatchling, offline, so
the test needs no network and installs in seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, TEST_GLOSSARY

pytestmark = pytest.mark.slow

GIT_CONFIG = {  # passed as command-line config: it wins over (and never touches) the user's
    "user.name": "mtfix tests",
    "user.email": "tests@mtfix.invalid",
    "commit.gpgsign": "false",
    "core.hooksPath": os.devnull,
    "init.defaultBranch": "main",
    "safe.directory": "*",  # CI may check the repository out as another user
}

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x"
          adminlang="en" srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu>
      <tuv xml:lang="zh-CN"><seg>链主企业</seg></tuv>
      <tuv xml:lang="en-US"><seg>The chain owner firms.</seg></tuv>
    </tu>
  </body>
</tmx>
"""

PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "链主"\nmsgstr "chain master"\n'


def _environment(home: Path) -> dict[str, str]:
    """The user's git, pip and pre-commit settings left out (SKIP would skip hooks)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT", "PIP_", "VIRTUALENV_")) and k != "SKIP"}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_OPTIONAL_LOCKS="0",
               GIT_CONFIG_COUNT=str(len(GIT_CONFIG)), PRE_COMMIT_HOME=str(home))
    for i, (key, value) in enumerate(GIT_CONFIG.items()):
        env[f"GIT_CONFIG_KEY_{i}"], env[f"GIT_CONFIG_VALUE_{i}"] = key, value
    # mtfix's dependencies and build backend from this environment instead of the network
    # (PIP_NO_BUILD_ISOLATION=0 turns build isolation off: a long-standing pip quirk).
    env.update(VIRTUALENV_SYSTEM_SITE_PACKAGES="1", PIP_NO_INDEX="1", PIP_NO_BUILD_ISOLATION="0",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def _git(env: dict[str, str], cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True, timeout=60).stdout


def _hook_repo(env: dict[str, str], tmp: Path) -> tuple[str, str]:
    """This checkout as pre-commit clones it: its path and HEAD when the working tree is clean
    (CI's fresh checkout); else, as ``pre-commit try-repo`` does, a throwaway repository
    holding the working tree (new files included) in one commit."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("pre-commit clones hooks from a git repository: needs git and a git checkout")
    if not _git(env, ROOT, "status", "--porcelain", "--untracked-files=all"):
        return str(ROOT), _git(env, ROOT, "rev-parse", "HEAD").strip()
    shadow = tmp / "shadow"
    _git(env, tmp, "init", "--quiet", str(shadow))
    listed = _git(env, ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():  # a tracked file deleted from the working tree is left out
            (shadow / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, shadow / name)
    _git(env, shadow, "add", "--all")
    _git(env, shadow, "commit", "--quiet", "--no-verify", "-m", "working tree")
    return str(shadow), _git(env, shadow, "rev-parse", "HEAD").strip()


class Project:
    """A fresh git repository with a pre-commit config using this checkout's hooks."""

    def __init__(self, path: Path, env: dict[str, str], repo: tuple[str, str]) -> None:
        self.path, self.env, self.repo = path, env, repo
        _git(env, path.parent, "init", "--quiet", str(path))

    def configure(self, *hooks: str) -> None:
        """``hooks``: YAML mappings of hook entries, e.g. ``{id: mtfix-fix, args: [-g, g.toml]}``."""
        repo, rev = self.repo
        entries = "".join(f"      - {hook}\n" for hook in hooks)
        self.write(".pre-commit-config.yaml", f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n{entries}")

    def write(self, name: str, text: str) -> None:
        (self.path / name).write_text(text, encoding="utf-8")

    def read(self, name: str) -> str:
        return (self.path / name).read_text(encoding="utf-8")

    def commit(self) -> None:
        _git(self.env, self.path, "add", "--all")
        _git(self.env, self.path, "commit", "--quiet", "--no-verify", "-m", "translations")

    def run(self) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                                cwd=self.path, env=self.env, capture_output=True, text=True, timeout=240)
        result.stdout = result.stdout.replace("\r\n", "\n")
        return result


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], tuple[str, str]]:
    """One pre-commit home for the module: the hook environment is built once."""
    tmp = tmp_path_factory.mktemp("pre-commit")
    env = _environment(tmp / "home")
    return env, _hook_repo(env, tmp)


@pytest.fixture
def project(tmp_path: Path, shared: tuple[dict[str, str], tuple[str, str]]) -> Project:
    env, repo = shared
    project = Project(tmp_path / "docs-repo", env, repo)
    project.write("glossary.toml", TEST_GLOSSARY)
    return project


def _installed_mtfix(env: dict[str, str]) -> list[Path]:
    """The ``mtfix`` scripts in the virtualenvs pre-commit built (``language: python``)."""
    return sorted(Path(env["PRE_COMMIT_HOME"]).glob("repo*/py_env-*/bin/mtfix"))


def test_fix_hook_rewrites_files_and_fails_the_run(project: Project) -> None:
    project.configure("{id: mtfix-fix, args: [-g, glossary.toml]}")
    project.write("guide.md", "# Guide\n\nThe chain owner runs a gathering area.\n")
    project.write("news.tmx", TMX)  # no identify tag for .tmx: picked up by `files`
    project.write("app.po", PO)
    project.write("notes.py", "# chain owner\n")  # not a translation format: left alone
    project.commit()

    result = project.run()

    assert result.returncode == 1, result.stdout + result.stderr
    assert "mtfix fix" in result.stdout and "Failed" in result.stdout
    assert "files were modified by this hook" in result.stdout
    assert project.read("guide.md") == "# Guide\n\nThe chain leader runs an agglomeration zone.\n"
    assert project.read("news.tmx") == TMX.replace("chain owner", "chain leader")
    assert project.read("app.po") == PO.replace("chain master", "chain leader")
    assert project.read("notes.py") == "# chain owner\n"
    assert _installed_mtfix(project.env), "pre-commit did not install mtfix into a hook virtualenv"

    again = project.run()  # what the user sees after staging the fixes
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout


def test_check_hook_reports_findings_and_changes_nothing(project: Project) -> None:
    project.configure("{id: mtfix-check}")  # the glossary from mtfix.toml, as mtfix check finds it
    project.write("mtfix.toml", 'glossaries = ["glossary.toml"]\n')
    project.write("guide.md", "Our chain owner firms.\n")
    project.commit()

    result = project.run()

    assert result.returncode == 1, result.stdout + result.stderr
    assert "mtfix check" in result.stdout and "Failed" in result.stdout
    assert "guide.md:1:5: 'chain owner' -> 'chain leader' [chain-leader]" in result.stdout
    assert "files were modified" not in result.stdout
    assert project.read("guide.md") == "Our chain owner firms.\n"


def test_clean_files_pass_both_hooks(project: Project) -> None:
    project.configure("{id: mtfix-check, args: [-g, glossary.toml]}", "{id: mtfix-fix, args: [-g, glossary.toml]}")
    project.write("guide.md", "The chain leader runs an agglomeration zone.\n")
    project.commit()

    result = project.run()

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Passed") == 2
    assert project.read("guide.md") == "The chain leader runs an agglomeration zone.\n"
