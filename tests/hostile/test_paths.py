"""Stay inside the tree, rewrite only text (issue 9, items 3, 4, 10, 12).

Folder walks never follow a symlink nor open a FIFO; ``-o DIR`` never writes
through a symlink; binary files named directly are refused; an unreadable
folder is an error. Each case checks the exit code, the one-line message and
the bytes on disk.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtfix.batch import Mode
from mtfix.cli import main
from mtfix.errors import InputError
from mtfix.formats import expand_paths
from mtfix.staging import plan_tasks, process_task

VARIANT, FIXED = b"chain owner\n", b"chain leader\n"
GLOSSARY = """\
[meta]
name = "paths"

[[term]]
id = "chain-leader"
preferred = "chain leader"
variants = ["chain owner"]
"""
BINARY = "binary file (NUL bytes); mtfix rewrites only text"


def _tree(tmp_path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tmp_path)): p.read_bytes() for p in sorted(tmp_path.rglob("*"))
            if p.is_file() and not p.is_symlink() and not p.name.endswith(".toml")}


def _leftovers(folder: Path) -> list[str]:
    return [name for _, _, files in os.walk(folder) for name in files if "mtfix" in name]


@pytest.fixture(scope="module")
def gfile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One glossary file for the module: compiled once, then read from the cache,
    also by the subprocess below."""
    path = tmp_path_factory.mktemp("glossary") / "glossary.toml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file and a folder outside the walked tree, each holding a variant."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_bytes(VARIANT)
    return tmp_path / "outside"


# --- folder walks never follow a symlink ---------------------------------------------


def test_fix_of_a_folder_leaves_symlinked_files_and_folders_alone(tmp_path, outside, gfile, capsys) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_bytes(VARIANT)
    (tree / "link.txt").symlink_to(outside / "secret.txt")
    (tree / "folder").symlink_to(outside)
    assert main(["fix", "-g", str(gfile), str(tree)]) == 0
    assert (tree / "a.txt").read_bytes() == FIXED
    assert (outside / "secret.txt").read_bytes() == VARIANT
    assert (tree / "link.txt").is_symlink() and (tree / "folder").is_symlink()
    err = capsys.readouterr().err.splitlines()
    assert f"{tree}/link.txt: skipped: symbolic link" in err
    assert f"{tree}/folder: skipped: symbolic link" in err
    assert err[-1] == "1 fix in 1 file; 2 symlinks skipped"


def test_check_of_a_folder_does_not_read_through_a_symlink(tmp_path, outside, gfile, capsys) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "passwd.txt").symlink_to("/etc/passwd")
    (tree / "secret.txt").symlink_to(outside / "secret.txt")
    assert main(["check", "-g", str(gfile), str(tree)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == "no findings in 0 files; 2 symlinks skipped"


def test_quiet_run_prints_no_skip_lines(tmp_path, outside, gfile, capsys) -> None:
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "s.txt").symlink_to(outside / "secret.txt")
    assert main(["check", "-q", "-g", str(gfile), str(tmp_path / "tree")]) == 0
    assert capsys.readouterr().err == ""


def test_skip_line_stays_one_line(tmp_path, outside, gfile, capsys) -> None:
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "a\nb.txt").symlink_to(outside / "secret.txt")
    assert main(["check", "-g", str(gfile), str(tmp_path / "tree")]) == 0
    assert capsys.readouterr().err.splitlines()[0] == f"{tmp_path}/tree/a\\nb.txt: skipped: symbolic link"


def test_review_and_mine_walks_skip_symlinks_too(tmp_path, outside) -> None:
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "a.txt").write_bytes(VARIANT)
    (tmp_path / "tree" / "s.txt").symlink_to(outside / "secret.txt")
    (tmp_path / "tree" / "d").symlink_to(outside)
    assert list(expand_paths([str(tmp_path / "tree")])) == [str(tmp_path / "tree" / "a.txt")]


# --- a symlink named on the command line is processed as its target ----------------


def test_symlink_named_directly_is_fixed_as_its_target(tmp_path, gfile) -> None:
    (tmp_path / "real.txt").write_bytes(VARIANT)
    (tmp_path / "link.txt").symlink_to("real.txt")
    assert main(["fix", "-g", str(gfile), str(tmp_path / "link.txt")]) == 0
    assert (tmp_path / "real.txt").read_bytes() == FIXED
    assert os.readlink(tmp_path / "link.txt") == "real.txt"
    assert not _leftovers(tmp_path)


# --- -o DIR never writes through a symlink ----------------------------------------


@pytest.mark.parametrize("linked", ["out/a.txt", "out/sub"], ids=["output-file", "folder-on-the-way"])
def test_output_dir_refuses_to_write_through_a_symlink(tmp_path, outside, gfile, capsys, linked) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_bytes(VARIANT)
    (tmp_path / "in" / "sub" / "secret.txt").write_bytes(VARIANT)
    (tmp_path / "out").mkdir()
    (tmp_path / linked).symlink_to(outside / "secret.txt" if linked.endswith(".txt") else outside)
    before = _tree(tmp_path)
    assert main(["fix", "-g", str(gfile), "-o", str(tmp_path / "out"), str(tmp_path / "in")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{tmp_path}/{linked}: is a symbolic link; -o never writes through one"
    assert _tree(tmp_path) == before and (tmp_path / linked).is_symlink()
    assert not _leftovers(tmp_path)


def test_output_dir_itself_may_be_a_symlink(tmp_path, gfile) -> None:
    (tmp_path / "a.txt").write_bytes(VARIANT)
    (tmp_path / "real-out").mkdir()
    (tmp_path / "out").symlink_to("real-out")
    assert main(["fix", "-g", str(gfile), "-o", str(tmp_path / "out"), str(tmp_path / "a.txt")]) == 0
    assert (tmp_path / "real-out" / "a.txt").read_bytes() == FIXED
    assert (tmp_path / "a.txt").read_bytes() == VARIANT


def test_symlink_planted_after_planning_is_refused_at_write_time(tmp_path, outside, matcher) -> None:
    (tmp_path / "a.txt").write_bytes(VARIANT)
    (tmp_path / "out").mkdir()
    (task,) = plan_tasks([str(tmp_path / "a.txt")], str(tmp_path / "out"))
    (tmp_path / "out" / "a.txt").symlink_to(outside / "secret.txt")
    result = process_task(task, matcher, Mode.FIX)
    assert str(result.error) == f"{tmp_path}/out/a.txt: is a symbolic link; -o never writes through one"
    assert (outside / "secret.txt").read_bytes() == VARIANT
    assert not _leftovers(tmp_path)


# --- binary files named directly are refused ----------------------------------------


@pytest.mark.parametrize("command", ["check", "fix"])
@pytest.mark.parametrize("name, data", [
    ("d.tar", b"a.txt" + b"\0" * 95 + b"0000644\0" + b"\0" * 400 + VARIANT),
    ("x.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + VARIANT),
    ("d.tsv", b"\xe9\x93\xbe\xe4\xb8\xbb\tchain owner\0\n"),
], ids=["tar", "png", "tsv-named"])
def test_binary_file_named_directly_is_refused(tmp_path, gfile, capsys, command, name, data) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert main([command, "-g", str(gfile), str(path)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"{path}: {BINARY}"
    assert path.read_bytes() == data and not _leftovers(tmp_path)


def test_binary_inside_a_compressed_file_is_refused(tmp_path, gfile, capsys) -> None:
    import gzip

    path = tmp_path / "d.tar.gz"
    data = gzip.compress(b"x" * 100 + b"\0" * 412 + VARIANT)
    path.write_bytes(data)
    assert main(["fix", "-g", str(gfile), str(path)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"{path}: {BINARY}"
    assert path.read_bytes() == data and not _leftovers(tmp_path)


def test_utf16_with_bom_is_text(tmp_path, gfile) -> None:
    path = tmp_path / "u.txt"
    path.write_bytes(VARIANT.decode().encode("utf-16"))
    assert main(["fix", "-g", str(gfile), str(path)]) == 0
    assert path.read_bytes() == FIXED.decode().encode("utf-16")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=64), st.binary(max_size=64))
def test_any_file_with_a_nul_byte_is_never_rewritten(gfile, capsys, head, tail) -> None:
    data = VARIANT + head + b"\0" + tail + VARIANT
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "blob.txt"
        path.write_bytes(data)
        assert main(["fix", "-g", str(gfile), path.as_posix()]) == 2
        line = capsys.readouterr().err.splitlines()[0]  # NULs that look like UTF-16 text: that error
        assert line == f"{path}: {BINARY}" or line.startswith(f"{path}:1: looks like UTF-")
        assert path.read_bytes() == data and os.listdir(folder) == ["blob.txt"]


# --- FIFOs, devices and sockets: never opened by a walk, refused when named -----------

_RUN_ALL = """
import sys
from mtfix.cli import main
for line in sys.argv[1:]:
    print("exit", main(line.split("|")), file=sys.stderr, flush=True)
"""


def test_fifos_are_skipped_in_walks_and_refused_when_named(tmp_path, gfile) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_bytes(VARIANT)
    os.mkfifo(tree / "pipe.txt")
    fifo, text, g = str(tree / "pipe.txt"), str(tree / "a.txt"), str(gfile)
    runs = [["check", "-g", g, str(tree)], ["check", "-g", g, fifo], ["fix", "-g", g, fifo],
            ["fix", "-g", g, "--source", fifo, text], ["check", "-g", g, "--source", text, fifo],
            ["glossary", "mine", "-g", g, fifo]]
    done = subprocess.run([sys.executable, "-c", _RUN_ALL, *("|".join(run) for run in runs)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    err = done.stderr.splitlines()
    assert [line for line in err if line.startswith("exit")] == ["exit 1"] + ["exit 2"] * 5, done.stderr
    assert f"{fifo}: skipped: a FIFO" in err
    assert "1 finding in 1 file; 1 special file skipped" in err
    refused = f"{fifo}: is a FIFO, not a regular file; mtfix reads only regular files (use - for stdin)"
    assert err.count(refused) == 5 and "Traceback" not in done.stderr
    assert (tree / "a.txt").read_bytes() == VARIANT


def test_stdin_dash_still_reads_stdin(gfile, capsysbinary, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(VARIANT)))
    assert main(["fix", "-q", "-g", str(gfile), "-"]) == 0
    assert capsysbinary.readouterr().out == FIXED


# --- a folder that cannot be read is an error ---------------------------------------


def _unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Tests run as root, which reads a chmod 000 folder anyway: make os.walk meet
    EACCES on ``folder`` as an ordinary user would."""
    real = os.scandir

    def scandir(path=".", *args):
        if str(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("command", ["check", "fix"])
def test_unreadable_folder_is_an_error(tmp_path, gfile, capsys, monkeypatch, command) -> None:
    (tmp_path / "tree" / "locked").mkdir(parents=True)
    (tmp_path / "tree" / "a.txt").write_bytes(VARIANT)
    _unreadable(monkeypatch, tmp_path / "tree" / "locked")
    assert main([command, "-g", str(gfile), str(tmp_path / "tree")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert f"{tmp_path}/tree/locked: cannot read folder: Permission denied" in err
    assert err[-1].endswith("; 1 file could not be processed")


def test_unreadable_folder_named_to_review_or_mine_is_an_error(tmp_path, monkeypatch) -> None:
    (tmp_path / "tree").mkdir()
    _unreadable(monkeypatch, tmp_path / "tree")
    with pytest.raises(InputError) as error:
        list(expand_paths([str(tmp_path / "tree")]))
    assert str(error.value) == f"{tmp_path}/tree: cannot read folder: Permission denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway")
def test_chmod_000_folder_is_an_error(tmp_path, gfile, capsys) -> None:
    (tmp_path / "locked").mkdir(mode=0)
    try:
        assert main(["check", "-g", str(gfile), str(tmp_path)]) == 2
    finally:
        (tmp_path / "locked").chmod(0o700)
    assert f"{tmp_path}/locked: cannot read folder: Permission denied" in capsys.readouterr().err
