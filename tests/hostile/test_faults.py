"""Faults, signals and file metadata (issue 9: items 9's I/O faults, 11 and 12).

Every fault is one ``FILE[:LINE]: message`` line and exit 2 (a signal: 128 +
its number), the input keeps its bytes and no ``.mtfix-tmp`` file is left.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mtfix.batch
import mtfix.formats.atomic as atomic
from mtfix.cli import main
from mtfix.errors import InputError
from mtfix.formats.leftovers import STALE_AFTER
from mtfix.formats.text import TextReader, bomless_wide, decode_bytes

TEXT = b"The cluster area\nhas a chain owner.\n"
FIXED = b"The agglomeration zone\nhas a chain leader.\n"
JSONL = b'{"tgt": "a chain owner"}\n{"tgt": "fine"}\n'


def leftovers(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".mtfix-tmp") or n.startswith(".mtfix-stage-"))


def run_cli(args: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mtfix", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, **kwargs)  # type: ignore[call-overload]


def one_error_line(stderr: str) -> str:
    """The one error line of a run (the summary line of a run without -q aside)."""
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if not line.endswith("could not be processed")]
    assert len(lines) == 1, stderr
    return lines[0]


# -- I/O faults --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data"), [("x.txt", TEXT), ("x.jsonl", JSONL)], ids=["text", "jsonl"])
def test_file_size_limit_is_one_line_and_leaves_nothing(tmp_path, glossary_file, name, data) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    limit = textwrap.dedent(f"""\
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so write() fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (8, 8))
        from mtfix.cli import main
        sys.exit(main(["fix", "-q", "-g", {str(glossary_file)!r}, {name!r}]))
    """)
    done = subprocess.run([sys.executable, "-c", limit], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2, done.stderr
    assert one_error_line(done.stderr) == f"{name}: cannot write: File too large"
    assert path.read_bytes() == data
    assert leftovers(tmp_path) == []


class FullDisk(io.FileIO):
    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(("name", "data"), [("x.txt", TEXT), ("x.jsonl", JSONL)], ids=["text", "jsonl"])
def test_full_disk_is_one_line_and_leaves_nothing(tmp_path, glossary_file, monkeypatch, capsys,
                                                  name, data) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    real = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: object) -> object:
        return io.BufferedWriter(FullDisk(fd, "wb")) if mode == "wb" else real(fd, mode, *args)

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 2
    assert one_error_line(capsys.readouterr().err) == f"{path}: cannot write: No space left on device"
    assert path.read_bytes() == data
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("command", "redirection", "expected"), [
    ("fix -", "0<&-", "<stdin>: cannot read: it is closed"),
    ("check x.txt", ">&-", "<stdout>: cannot write: it is closed"),
    ("check x.txt", "> /dev/full", "<stdout>: cannot write: No space left on device"),
    ("fix -", "< x.txt > /dev/full", "<stdout>: cannot write: No space left on device"),
], ids=["closed-stdin", "closed-stdout", "check-dev-full", "fix-stdin-dev-full"])
def test_standard_stream_faults(tmp_path, glossary_file, command, redirection, expected) -> None:
    (tmp_path / "x.txt").write_bytes(TEXT)
    sub, target = command.split()
    line = f"{sys.executable} -m mtfix {sub} -q -g {glossary_file} {target} {redirection}"
    done = subprocess.run(["sh", "-c", line], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert one_error_line(done.stderr) == expected
    assert (tmp_path / "x.txt").read_bytes() == TEXT


def test_deleted_current_folder_is_no_traceback(tmp_path, glossary_file) -> None:
    (tmp_path / "x.txt").write_bytes(TEXT)
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f"import os, sys; os.rmdir({str(gone)!r}); from mtfix.cli import main; " \
             f"sys.exit(main(['fix', '-q', '-g', {str(glossary_file)!r}, {str(tmp_path / 'x.txt')!r}]))"
    done = subprocess.run([sys.executable, "-c", script], cwd=gone, capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr
    if done.returncode == 2:
        one_error_line(done.stderr)
    assert (tmp_path / "x.txt").read_bytes() in (TEXT, FIXED)


# -- signals -----------------------------------------------------------------------------------

SLOW_DRIVER = """\
import os, sys, time
import mtfix.batch
from mtfix.formats.text import TextReader
TextReader.__init__.__defaults__ = (64,)  # 64-character chunks: a small file has several
real, calls = mtfix.batch.fix_quickly, []
def slow(text, matcher, examples):  # the first chunk is fixed and written; the second waits
    calls.append(1)
    if len(calls) == 2:
        os.write(2, b"waiting\\n")  # one write: two workers may say it at once
        time.sleep(60)
    return real(text, matcher, examples)
mtfix.batch.fix_quickly = slow
from mtfix.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_mid_fix_leaves_the_input_and_no_temporary_file(tmp_path, glossary_file, signum) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(SLOW_DRIVER)
    big = tmp_path / "big.txt"
    data = TEXT * 20
    big.write_bytes(data)
    child = subprocess.Popen([sys.executable, str(driver), "fix", "-q", "-g", str(glossary_file), str(big)],
                             cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    assert child.stderr.readline() == "waiting\n"
    assert [n for n in os.listdir(tmp_path) if n.endswith(".mtfix-tmp")]  # mid-write, for real
    child.send_signal(signum)
    rest = child.stderr.read()
    assert child.wait(timeout=30) == 128 + signum
    assert rest == f"mtfix: stopped by {signal.Signals(signum).name}; no file was left half-written\n"
    assert big.read_bytes() == data
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("kill", ["group-SIGTERM", "parent-SIGKILL"])
def test_workers_stop_quietly_with_their_parent(tmp_path, glossary_file, kill) -> None:
    (tmp_path / "driver.py").write_text(SLOW_DRIVER)
    files = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path in files:
        path.write_bytes(TEXT * 20)
    child = subprocess.Popen([sys.executable, str(tmp_path / "driver.py"), "fix", "-q", "--jobs", "2",
                              "-g", str(glossary_file), *map(str, files)],
                             cwd=tmp_path, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert child.stderr is not None
    assert child.stderr.readline() == "waiting\n"  # a worker is mid-write
    if kill == "group-SIGTERM":  # what timeout(1) does
        os.killpg(child.pid, signal.SIGTERM)
    else:
        child.kill()
    rest = child.stderr.read()  # until every worker holding the pipe has exited
    child.wait(timeout=30)
    assert "Traceback" not in rest and "Error" not in rest, rest
    assert all(path.read_bytes() == TEXT * 20 for path in files)
    if kill == "group-SIGTERM":
        assert child.returncode == 128 + signal.SIGTERM
        assert leftovers(tmp_path) == []


# -- leftovers of a killed run -----------------------------------------------------------------

def test_next_run_removes_only_old_leftovers_of_its_own(tmp_path, glossary_file) -> None:
    old = time.time() - STALE_AFTER - 60
    stale_tmp = tmp_path / ".x.txt.abcd1234.mtfix-tmp"
    stale_stage = tmp_path / ".mtfix-stage-q1w2e3"
    fresh_tmp = tmp_path / ".x.txt.zzzz9999.mtfix-tmp"
    outside = tmp_path / "outside.txt"
    link = tmp_path / ".y.txt.link0000.mtfix-tmp"
    stale_tmp.write_bytes(b"partial")
    stale_stage.mkdir()
    (stale_stage / "x.jsonl").write_bytes(b"a decompressed copy")
    fresh_tmp.write_bytes(b"another run is writing this")
    outside.write_bytes(b"keep")
    link.symlink_to(outside)
    lookalike = tmp_path / "mtfix-tmp-notes.txt"
    lookalike.write_bytes(b"mine")
    for path in (stale_tmp, stale_stage / "x.jsonl", stale_stage, outside, lookalike):
        os.utime(path, (old, old))
    os.utime(link, (old, old), follow_symlinks=False)
    (tmp_path / "x.txt").write_bytes(TEXT)
    assert main(["fix", "-q", "-g", str(glossary_file), str(tmp_path / "x.txt")]) == 0
    assert (tmp_path / "x.txt").read_bytes() == FIXED
    assert not stale_tmp.exists() and not stale_stage.exists()
    assert fresh_tmp.read_bytes() == b"another run is writing this"
    assert link.is_symlink() and outside.read_bytes() == b"keep" and lookalike.exists()


def test_a_temporary_file_of_a_process_that_has_ended_is_removed_at_once(tmp_path) -> None:
    from mtfix.formats.leftovers import sweep, sweep_dead

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True)
    dead = tmp_path / f".x.txt.{int(ended.stdout)}.ab12cd34.mtfix-tmp"  # fresh, but its writer is gone
    alive = tmp_path / f".y.txt.{os.getppid()}.ab12cd34.mtfix-tmp"  # a live process's
    mine = tmp_path / f".z.txt.{os.getpid()}.ab12cd34.mtfix-tmp"  # this process's own
    unnamed = tmp_path / ".w.txt.ab12cd34.mtfix-tmp"  # no pid: only the hour rule
    for path in (dead, alive, mine, unnamed):
        path.write_bytes(b"partial")
    assert sweep_dead({str(tmp_path)}) == [dead.name]
    dead.write_bytes(b"partial")
    assert sweep(str(tmp_path)) == [dead.name]
    assert alive.exists() and mine.exists() and unnamed.exists()


def test_a_writers_temporary_file_names_its_pid(tmp_path) -> None:
    with atomic.AtomicOutput(str(tmp_path / "x.txt")) as out:
        (name,) = [n for n in os.listdir(tmp_path) if n.endswith(".mtfix-tmp")]
        assert name.startswith(f".x.txt.{os.getpid()}.")
        out.write(b"done")
    assert (tmp_path / "x.txt").read_bytes() == b"done"


# -- metadata ----------------------------------------------------------------------------------

@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_owner_and_group_are_kept(tmp_path, glossary_file) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(TEXT)
    os.chown(path, 1234, 2345)
    os.chmod(path, 0o640)
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 0
    info = path.stat()
    assert (path.read_bytes(), info.st_uid, info.st_gid, info.st_mode & 0o7777) == (FIXED, 1234, 2345, 0o640)


def test_read_only_file_is_refused(tmp_path, glossary_file, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "x.txt"
    path.write_bytes(TEXT)
    path.chmod(0o444)
    assert main(["fix", "-q", "-g", str(glossary_file), "x.txt"]) == 2
    assert one_error_line(capsys.readouterr().err) == "x.txt: read-only file; mtfix leaves it as it is"
    assert path.read_bytes() == TEXT and path.stat().st_mode & 0o777 == 0o444
    assert leftovers(tmp_path) == []
    clean = tmp_path / "clean.txt"  # nothing to change: not an error
    clean.write_bytes(b"nothing to fix\n")
    clean.chmod(0o444)
    assert main(["fix", "-q", "-g", str(glossary_file), "clean.txt"]) == 0


def test_hard_linked_file_is_refused_not_split(tmp_path, glossary_file, capsys) -> None:
    path, twin = tmp_path / "x.txt", tmp_path / "twin.txt"
    path.write_bytes(TEXT)
    os.link(path, twin)
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"{path}: has 2 hard links and replacing it would break them; "
        "mtfix leaves it as it is (fix a copy, or use -o DIR)")
    assert path.read_bytes() == twin.read_bytes() == TEXT
    assert path.stat().st_ino == twin.stat().st_ino


@pytest.mark.parametrize(("name", "data"), [("x.txt", TEXT), ("x.jsonl", JSONL)], ids=["text", "jsonl"])
def test_file_changed_by_another_process_is_not_overwritten(tmp_path, glossary_file, capsys, monkeypatch,
                                                            name, data) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    theirs = data + b"\n"  # what the other process wrote while mtfix worked
    real, quick = mtfix.batch.fix_text, mtfix.batch.fix_quickly

    def meanwhile(text: str, matcher: object) -> object:
        path.write_bytes(theirs)
        return real(text, matcher)

    def meanwhile_quickly(text: str, matcher: object, examples: int) -> object:
        path.write_bytes(theirs)
        return quick(text, matcher, examples)

    monkeypatch.setattr(mtfix.batch, "fix_text", meanwhile)  # a document's segments
    monkeypatch.setattr(mtfix.batch, "fix_quickly", meanwhile_quickly)  # a text's chunks
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"{path}: changed on disk while mtfix was working; not overwritten")
    assert path.read_bytes() == theirs
    assert leftovers(tmp_path) == []


# -- encodings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_bom_round_trips(tmp_path, glossary_file, codec) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(("\ufeff" + TEXT.decode()).encode(codec))
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 0
    assert path.read_bytes() == ("\ufeff" + FIXED.decode()).encode(codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_text_without_bom_is_refused(tmp_path, glossary_file, capsys, codec) -> None:
    path = tmp_path / "x.txt"
    data = TEXT.decode().encode(codec)
    path.write_bytes(data)
    expected = (f"{path}:1: looks like {codec[:6].upper()} without a byte-order mark; "
                "mtfix reads UTF-8, or UTF-16 or UTF-32 with a BOM")
    for read in (lambda: decode_bytes(data, str(path)), lambda: list(TextReader(str(path)).chunks())):
        with pytest.raises(InputError) as caught:
            read()
        assert str(caught.value) == expected
    # Named on the command line it is refused (as binary or as above), never misread.
    assert main(["fix", "-q", "-g", str(glossary_file), str(path)]) == 2
    assert one_error_line(capsys.readouterr().err).startswith(f"{path}")
    assert path.read_bytes() == data


@given(st.text(st.characters(min_codepoint=1, max_codepoint=0xFFFF, exclude_categories=("Cs",)), min_size=1))
def test_wide_sniffing_never_misreads(text: str) -> None:
    # UTF-8 without NULs is never taken for wide text, and wide text mostly Latin is caught.
    assert bomless_wide(text.encode("utf-8")) is None
    latin = "a" + text.encode("ascii", "ignore").decode().replace("\0", "") + "b"
    assert bomless_wide(latin.encode("utf-32-le")) == "UTF-32"
    assert bomless_wide(latin.encode("utf-16-be")) == "UTF-16"
    assert decode_bytes(("\ufeff" + text).encode("utf-32-be"))[0] == text


# -- control characters in paths ---------------------------------------------------------------

def test_control_characters_in_paths_stay_escaped_on_one_line(tmp_path, glossary_file, capsys) -> None:
    path = tmp_path / "a\nb\x1b[31m.txt"
    path.write_bytes(TEXT)
    assert main(["check", "-q", "-g", str(glossary_file), str(path)]) == 1
    out = capsys.readouterr().out
    shown = str(tmp_path) + "/a\\nb\\x1b[31m.txt"
    assert out.splitlines() == [f"{shown}:1:5: 'cluster area' -> 'agglomeration zone' [agglomeration-zone]",
                                f"{shown}:2:7: 'chain owner' -> 'chain leader' [chain-leader]"]
    assert main(["check", "-q", "-g", str(glossary_file), str(tmp_path / "no\nsuch\x1b.txt")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and err.splitlines()[0] == f"{tmp_path}/no\\nsuch\\x1b.txt: no such file"
