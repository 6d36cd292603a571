"""The glossary cache is data, not code: planted, swapped, damaged or unsafe entries are never used.

Each case plants something under the exact name the cache reads
(``cache_dir() / f"{cache_key(paths)}.pickle"``) and checks that no code ran,
the answer is still right, and the entry was replaced by a verified one
(or, in a folder that is not safe, that nothing was read or written at all).
"""

from __future__ import annotations

import builtins
import os
import pickle
import random
import shlex
import signal
import stat
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mtfix.cli import main
from mtfix.engine import Matcher, compile_glossary
from mtfix.glossary import cache_entry
from mtfix.glossary.cache import cache_dir, cache_key, entry_key, load_matcher
from mtfix.glossary.load import load_glossaries

OTHER_GLOSSARY = textwrap.dedent('''\
    [[term]]
    id = "agglomeration-zone"
    preferred = "POISONED zone"
    variants = ["gathering area", "cluster area"]
''')
ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                               reason="giving a file to another user needs root")


class _Call:
    """Pickles as a call of ``func(*args)``: what a planted entry would run on load."""

    def __init__(self, func: Any, *args: Any) -> None:
        self.func, self.args = func, args

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return self.func, self.args


def _payloads(marker: Path) -> dict[str, bytes]:
    touch = f"touch {shlex.quote(str(marker))}"
    return {
        "os.system": pickle.dumps(_Call(os.system, touch)),
        "eval": pickle.dumps(_Call(builtins.eval, f"__import__('os').system({touch!r})")),
        "exec": pickle.dumps(_Call(builtins.exec, f"open({str(marker)!r}, 'w').close()")),
    }


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTFIX_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text("The gathering area hosts the chain owner.\n", encoding="utf-8")
    return path


def _entry(paths: list[str]) -> Path:
    return cache_dir() / f"{cache_key(paths)}.pickle"


def _plant(path: Path, data: bytes, mode: int = 0o600) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(data)
    os.chmod(path, mode)


def _poisoned(paths: list[str], tmp_path: Path) -> bytes:
    """A well-formed, verifying entry for ``paths`` whose matcher is another glossary's."""
    other = tmp_path / "other.toml"
    other.write_text(OTHER_GLOSSARY, encoding="utf-8")
    return cache_entry.encode(entry_key(paths), compile_glossary(load_glossaries([str(other)])))


def _verifies(entry: Path, paths: list[str]) -> bool:
    with entry.open("rb") as handle:
        return cache_entry.decode(handle, entry.stat().st_size, entry_key(paths)) is not None


def _check_output(glossary: Path, doc: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> str:
    assert main(["check", *flags, "-g", str(glossary), str(doc)]) == 1
    return capsys.readouterr().out


@pytest.mark.parametrize("wrapped", [False, True], ids=["bare-pickle", "in-a-verifying-header"])
@pytest.mark.parametrize("call", ["os.system", "eval", "exec"])
def test_planted_entry_runs_no_code(call, wrapped, cache, tmp_path, glossary_file, doc, capsys) -> None:
    paths = [str(glossary_file)]
    expected = _check_output(glossary_file, doc, capsys, "--no-cache")
    marker = tmp_path / "MARKER"
    payload = _payloads(marker)[call]
    # Wrapped, the header and hash are right: only the restricted unpickler stands in the way.
    _plant(_entry(paths), cache_entry.wrap(entry_key(paths), payload) if wrapped else payload)
    assert _check_output(glossary_file, doc, capsys) == expected
    assert not marker.exists()
    assert _verifies(_entry(paths), paths)
    assert sorted(os.listdir(cache)) == [_entry(paths).name]  # no temporary left behind


def test_cache_folder_and_entry_are_private_under_umask_0(tmp_path, monkeypatch, glossary_file) -> None:
    folder = tmp_path / "xdg" / "deep" / "mtfix"
    monkeypatch.setenv("MTFIX_CACHE_DIR", str(folder))
    previous = os.umask(0)
    try:
        load_matcher([str(glossary_file)])
    finally:
        os.umask(previous)
    for created in (tmp_path / "xdg", tmp_path / "xdg" / "deep", folder):
        assert stat.S_IMODE(created.stat().st_mode) == 0o700, created
    assert [stat.S_IMODE(entry.stat().st_mode) for entry in folder.iterdir()] == [0o600]


def _tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {path.name: (path.stat().st_mode, path.read_bytes()) for path in folder.iterdir()}


@pytest.mark.parametrize("planted", ["malicious", "poisoned"])
@pytest.mark.parametrize("setup", ["world-writable", "group-writable", pytest.param("other-owner", marks=ROOT_ONLY)])
def test_unsafe_cache_folder_is_neither_read_nor_written(setup, planted, cache, tmp_path, glossary_file) -> None:
    paths = [str(glossary_file)]
    marker = tmp_path / "MARKER"
    _plant(_entry(paths), _payloads(marker)["os.system"] if planted == "malicious" else _poisoned(paths, tmp_path))
    if setup == "other-owner":
        os.chown(cache, 65534, 65534)
    else:
        os.chmod(cache, 0o777 if setup == "world-writable" else 0o770)
    before = (cache.stat().st_mode, cache.stat().st_uid, _tree(cache))
    assert load_matcher(paths).glossary == load_glossaries(paths)
    assert not marker.exists()
    assert (cache.stat().st_mode, cache.stat().st_uid, _tree(cache)) == before


@pytest.mark.parametrize("unsafe", ["symlink", "group-writable", "world-writable",
                                    pytest.param("other-owner", marks=ROOT_ONLY)])
def test_entry_is_read_only_when_a_private_regular_file(unsafe, cache, tmp_path, glossary_file) -> None:
    paths = [str(glossary_file)]
    entry, poisoned = _entry(paths), _poisoned(paths, tmp_path)
    if unsafe == "symlink":
        elsewhere = tmp_path / "elsewhere.pickle"
        _plant(elsewhere, poisoned)
        cache.mkdir(mode=0o700)
        entry.symlink_to(elsewhere)
    else:
        _plant(entry, poisoned, {"group-writable": 0o620, "world-writable": 0o602}.get(unsafe, 0o600))
        if unsafe == "other-owner":
            os.chown(entry, 65534, 65534)
    assert load_matcher(paths).glossary == load_glossaries(paths)
    info = entry.lstat()
    assert stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == os.geteuid()
    assert _verifies(entry, paths)
    if unsafe == "symlink":
        assert elsewhere.read_bytes() == poisoned  # the link was replaced, not written through


def test_planted_symlink_to_a_malicious_pickle_runs_no_code(cache, tmp_path, glossary_file) -> None:
    paths = [str(glossary_file)]
    marker, elsewhere = tmp_path / "MARKER", tmp_path / "elsewhere.pickle"
    _plant(elsewhere, _payloads(marker)["exec"])
    cache.mkdir(mode=0o700)
    _entry(paths).symlink_to(elsewhere)
    assert load_matcher(paths).glossary == load_glossaries(paths)
    assert not marker.exists()


def _forked(work: Callable[[], None], timeout: float = 60) -> str:
    """Run ``work`` in a forked child (imports and compiled state shared, so it is quick);
    a crash or a hang there fails the test instead of taking pytest down or stalling it."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report and leave without running pytest's teardown
        os.close(read)
        try:
            work()
            message, code = b"", 0
        except BaseException as exc:  # noqa: B036 - everything must reach the parent
            message, code = repr(exc).encode()[-4000:], 1
        os.write(write, message)
        os._exit(code)
    os.close(write)
    deadline = time.monotonic() + timeout
    while (ended := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    if ended[0] == 0:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail(f"still running after {timeout} s")
    with os.fdopen(read, "rb") as pipe:
        message = pipe.read().decode(errors="replace")
    assert os.WIFEXITED(ended[1]) and os.WEXITSTATUS(ended[1]) == 0, (ended[1], message)
    return message


def test_fifo_under_the_entry_name_does_not_hang(cache, glossary_file) -> None:
    paths = [str(glossary_file)]
    compile_glossary(load_glossaries(paths))  # inflect imported before the fork
    cache.mkdir(mode=0o700)
    os.mkfifo(_entry(paths), 0o600)
    _forked(lambda: load_matcher(paths), timeout=30)
    assert stat.S_ISREG(_entry(paths).lstat().st_mode) and _verifies(_entry(paths), paths)


def test_entry_of_another_glossary_copied_under_the_key_is_not_used(cache, tmp_path, glossary_file) -> None:
    other = tmp_path / "other.toml"
    other.write_text(OTHER_GLOSSARY, encoding="utf-8")
    load_matcher([str(other)])
    _entry([str(glossary_file)]).write_bytes(_entry([str(other)]).read_bytes())
    assert load_matcher([str(glossary_file)]).glossary == load_glossaries([str(glossary_file)])
    assert _verifies(_entry([str(glossary_file)]), [str(glossary_file)])


@pytest.mark.parametrize("call", ["os.system", "exec"])
def test_planted_glossary_part_runs_no_code_and_the_files_are_read(call, cache, tmp_path, glossary_file, doc,
                                                                   capsys) -> None:
    # The glossary is unpickled apart, on first use (``check`` reports its terms): a verifying
    # entry whose glossary part calls a function is refused there, and the files read instead.
    paths = [str(glossary_file)]
    expected = _check_output(glossary_file, doc, capsys, "--no-cache")
    marker = tmp_path / "MARKER"
    matcher = compile_glossary(load_glossaries(paths)).without_glossary()
    body = pickle.dumps((matcher, _payloads(marker)[call]), protocol=pickle.HIGHEST_PROTOCOL)
    _plant(_entry(paths), cache_entry.wrap(entry_key(paths), body))
    assert _check_output(glossary_file, doc, capsys) == expected
    loaded = load_matcher(paths)
    assert loaded.glossary == load_glossaries(paths) and loaded.terms
    assert not marker.exists()


def test_a_matcher_read_from_the_cache_pickles_whole(cache, glossary_file) -> None:
    # Sent to a spawned worker, it carries its glossary; pyahocorasick's automata, left out of
    # the entry, are rebuilt from the keys when the fallback engine asks for them.
    paths = [str(glossary_file)]
    load_matcher(paths)
    loaded = load_matcher(paths)
    assert "glossary" not in vars(loaded) and "variants" not in vars(loaded)
    sent = pickle.loads(pickle.dumps(loaded))
    assert "glossary" in vars(sent) and sent.glossary == load_glossaries(paths)
    assert _shape(sent) == _shape(compile_glossary(load_glossaries(paths)))


def test_damaged_entry_that_still_unpickles_is_rebuilt(cache, glossary_file) -> None:
    paths = [str(glossary_file)]
    load_matcher(paths)
    entry = _entry(paths)
    damaged = entry.read_bytes().replace(b"chain owner", b"chain ownEr")
    assert damaged != entry.read_bytes()
    entry.write_bytes(damaged)
    assert load_matcher(paths).glossary == load_glossaries(paths)
    assert entry.read_bytes() != damaged and _verifies(entry, paths)


def _shape(matcher: Matcher) -> tuple[Any, ...]:
    return (matcher.glossary, matcher.variant_forms, matcher.variant_more, matcher.protected_table, matcher.reach,
            matcher.longest, sorted(matcher.variants.items()), sorted(matcher.protected.items()))


def _load_flipped(paths: list[str], good: bytes, bits: list[int], fresh: Matcher) -> None:
    entry = _entry(paths)
    for bit in bits:
        flipped = bytearray(good)
        flipped[bit // 8] ^= 1 << (bit % 8)
        entry.write_bytes(bytes(flipped))
        assert _shape(load_matcher(paths)) == _shape(fresh), f"bit {bit}"
        assert _verifies(entry, paths), f"bit {bit}: entry not rebuilt"


def test_single_bit_flips_never_crash_and_are_rebuilt(cache, glossary_file) -> None:
    paths = [str(glossary_file)]
    fresh = compile_glossary(load_glossaries(paths))
    load_matcher(paths)
    good = _entry(paths).read_bytes()
    rng = random.Random(9)
    # A quarter of the flips land in the magic and header, the rest anywhere.
    bits = [rng.randrange(400 * 8) for _ in range(12)] + [rng.randrange(len(good) * 8) for _ in range(38)]
    # Forked: a flip that reached pyahocorasick could segfault and take pytest down.
    _forked(lambda: _load_flipped(paths, good, bits, fresh))


def test_stale_temporaries_of_a_killed_writer_are_removed(cache, glossary_file) -> None:
    cache.mkdir(mode=0o700)
    stale, fresh = cache / ".tmp-0123abcd.pickle", cache / ".tmp-4567ef01.pickle"
    for path in (stale, fresh):
        path.write_bytes(b"half an entry")
    hours_ago = time.time() - 7200
    os.utime(stale, (hours_ago, hours_ago))
    load_matcher([str(glossary_file)])
    assert not stale.exists() and fresh.exists()


def test_verified_entry_is_used(cache, glossary_file) -> None:
    """The checks do not turn every load into a miss: a warm entry is read, not rewritten."""
    paths = [str(glossary_file)]
    load_matcher(paths)
    before = _entry(paths).stat()
    matcher = load_matcher(paths)
    assert isinstance(matcher, Matcher) and matcher.glossary == load_glossaries(paths)
    assert (_entry(paths).stat().st_ino, _entry(paths).stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_jieba_cache_folder_is_created_private_under_umask_0(tmp_path, monkeypatch) -> None:
    from mtfix.source.chinese import _cache_file

    folder = tmp_path / "new" / "mtfix"
    monkeypatch.setenv("MTFIX_CACHE_DIR", str(folder))
    previous = os.umask(0)
    try:
        assert _cache_file() == str(folder / "jieba.cache")
    finally:
        os.umask(previous)
    assert [stat.S_IMODE(path.stat().st_mode) for path in (folder.parent, folder)] == [0o700, 0o700]



def test_entry_of_another_daachorse_version_is_rebuilt(cache, glossary_file, monkeypatch) -> None:
    """The matcher keeps daachorse automata serialised; another version of the library
    is not trusted to read them, so the entry is a miss and is written again."""
    paths = [str(glossary_file)]
    load_matcher(paths)
    before = _entry(paths).stat()
    monkeypatch.setattr(cache_entry, "_daachorse_version", lambda: "0.0.0-other")
    cache_entry._identity.cache_clear()
    try:
        matcher = load_matcher(paths)
        after = _entry(paths).stat()
    finally:
        monkeypatch.undo()
        cache_entry._identity.cache_clear()
    assert matcher.glossary == load_glossaries(paths)
    assert (after.st_ino, after.st_mtime_ns) != (before.st_ino, before.st_mtime_ns)
