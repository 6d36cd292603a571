"""--jobs N gives exactly the output of --jobs 1: files, chunked large files, order, errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import GLOSSARY, SEED_TEXT, make_corpus, tree_bytes

from mtfix.batch import KEEP_FINDINGS, FileResult, Mode
from mtfix.cli import main
from mtfix.glossary.cache import load_matcher
from mtfix.parallel import WorkerPool, default_jobs
from mtfix.progress import Progress
from mtfix.runner import RunOptions, run
from mtfix.staging import Task


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "-g", GLOSSARY])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", [["check"], ["check", "--format", "json"], ["fix", "--diff"]])
def test_jobs_2_prints_what_jobs_1_prints(tmp_path, capsys, command) -> None:
    corpus = make_corpus(tmp_path / "c", copies=3)
    serial = _cli(capsys, *command, "--jobs", "1", str(corpus))
    parallel = _cli(capsys, *command, "--jobs", "2", str(corpus))
    assert serial == parallel
    assert serial[1].count("records.jsonl") > 3


def test_jobs_2_fixes_what_jobs_1_fixes(tmp_path, capsys) -> None:
    one, two = make_corpus(tmp_path / "one"), make_corpus(tmp_path / "two")
    assert _cli(capsys, "fix", "--jobs", "1", str(one))[0] == 0
    assert _cli(capsys, "fix", "--jobs", "2", str(two))[0] == 0
    assert tree_bytes(one) == tree_bytes(two) != tree_bytes(make_corpus(tmp_path / "orig"))


def test_errors_keep_their_place_and_wording(tmp_path, capsys) -> None:
    corpus = make_corpus(tmp_path / "c")
    (corpus / "part0" / "bad.txt").write_bytes(b"chain owner \xff\n")
    serial = _cli(capsys, "check", "--jobs", "1", str(corpus))
    assert serial == _cli(capsys, "check", "--jobs", "2", str(corpus))
    assert serial[0] == 2 and f"{corpus}/part0/bad.txt:1: cannot decode as UTF-8 (byte 0xff)" in serial[2]


def _large_file(path: Path) -> Path:
    path.write_text(SEED_TEXT * 260, encoding="utf-8")  # 3 MB: three chunks
    return path


@pytest.mark.parametrize("mode", [Mode.FIX, Mode.CHECK, Mode.DIFF])
def test_large_file_in_chunks_equals_one_process(tmp_path, mode) -> None:
    matcher = load_matcher([GLOSSARY])
    one, two = _large_file(tmp_path / "one.txt"), _large_file(tmp_path / "two.txt")
    (serial,) = [r for _, r in run([str(one)], matcher, mode, RunOptions(jobs=1))]
    with WorkerPool(2, matcher, mode, large=1) as pool:
        (chunked,) = pool.results([Task(str(two))])
    (tmp_path / "seed.txt").write_text(SEED_TEXT, encoding="utf-8")
    (copy,) = [r for _, r in run([str(tmp_path / "seed.txt")], matcher, mode, RunOptions(jobs=1))]
    expected = copy.count * 260  # the seed article's findings, once per copy
    assert chunked.findings == serial.findings and chunked.count == serial.count == expected >= 32 * 260
    assert len(serial.findings) == (KEEP_FINDINGS if mode is Mode.FIX else expected)
    assert (chunked.before, chunked.after, chunked.segments) == (serial.before, serial.after, serial.segments)
    assert one.read_bytes() == two.read_bytes()


def test_interrupt_during_a_chunked_file_leaves_it_untouched(tmp_path) -> None:
    path = _large_file(tmp_path / "big.txt")
    before = path.read_bytes()

    class Interrupting(Progress):
        def partial(self, nbytes: int) -> None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), WorkerPool(2, load_matcher([GLOSSARY]), Mode.FIX, large=1) as pool:
        list(pool.results([Task(str(path))], Interrupting(1, 0)))
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["big.txt"]


def test_default_jobs(tmp_path) -> None:
    small = tmp_path / "a.txt"
    small.write_text("x")
    assert default_jobs([Task(str(small))]) == 1
    assert default_jobs([Task(str(small)), Task(str(small))]) == len(os.sched_getaffinity(0))
    assert default_jobs([Task(str(small))], large=1) == len(os.sched_getaffinity(0))


def test_jobs_must_be_positive(tmp_path, capsys) -> None:
    code, _, err = _cli(capsys, "check", "--jobs", "0", str(tmp_path))
    assert code == 2 and err.strip() == "mtfix: error: --jobs must be at least 1"


def test_stdin_among_paths_runs_in_order(tmp_path, capsys, monkeypatch) -> None:
    import io
    import sys

    first = tmp_path / "a.txt"
    shutil.copy(Path(GLOSSARY).parents[1] / "corpora" / "zhaoqing-agglomeration-zone.en.txt", first)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"chain owner\n")))
    code, out, _ = _cli(capsys, "check", "--jobs", "2", str(first), "-")
    assert code == 1 and out.splitlines()[-1].startswith("<stdin>:1:1: 'chain owner'")


def test_plain_run_imports_no_dask_pyarrow_or_tqdm(tmp_path) -> None:
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("a chain owner\n")
    (tmp_path / "b.jsonl").write_text('{"tgt": "chain owner"}\n')
    code = ("import sys; from mtfix.cli import main; main(['check', '-q', '-g', sys.argv[1], sys.argv[2]]); "
            "heavy = {'dask', 'distributed', 'pyarrow', 'tqdm', 'fsspec'}; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))")
    out = subprocess.run([sys.executable, "-c", code, GLOSSARY, str(tmp_path)], capture_output=True, text=True,
                         check=True, env={**os.environ, "MTFIX_CACHE_DIR": str(tmp_path / "cache")})
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(("mode", "kept"), [(Mode.FIX, KEEP_FINDINGS), (Mode.DRY_RUN, KEEP_FINDINGS),
                                            (Mode.CHECK, 250), (Mode.DIFF, 250)])
def test_fix_runs_keep_a_sample_and_count_the_rest(matcher, mode, kept) -> None:
    from mtfix.engine import find_variants

    found = find_variants("a chain owner. " * 250, matcher)
    result = FileResult("x")
    result.add_findings(found[:200], mode, offset=10, lines=2)
    result.add_findings(found[200:], mode)
    assert (len(result.findings), result.count, result.changed) == (kept, 250, True)
    assert result.findings[0].start == found[0].start + 10 and result.findings[0].line == found[0].line + 2


@pytest.mark.parametrize(("jobs", "files", "large", "workers"), [
    pytest.param(8, 2, None, 2, id="no-more-workers-than-files"),
    pytest.param(None, 3, None, min(3, len(os.sched_getaffinity(0))), id="default-all-cores"),
    pytest.param(4, 1, 1, 4, id="a-large-file-uses-them-all"), pytest.param(2, 0, None, 1, id="no-files")])
def test_worker_count(tmp_path, monkeypatch, jobs, files, large, workers) -> None:
    import mtfix.parallel

    started = []

    class Spy(WorkerPool):
        def __enter__(self) -> WorkerPool:
            started.append(self.jobs)
            return super().__enter__()

    monkeypatch.setattr(mtfix.parallel, "WorkerPool", Spy)
    paths = [tmp_path / f"{index}.txt" for index in range(files)]
    for path in paths:
        path.write_text("a chain owner\n\n" * 4)
    options = RunOptions(jobs=jobs, large=large)
    results = [r for _, r in run([str(p) for p in paths], load_matcher([GLOSSARY]), Mode.CHECK, options)]
    assert [r.count for r in results] == [4] * files
    assert started == ([workers] if workers > 1 else [])


def test_workers_fork_only_from_a_single_threaded_process() -> None:
    """fork() beside other threads can deadlock the child; then workers start clean."""
    import threading

    from mtfix.parallel import _context

    if threading.active_count() == 1:
        assert _context().get_start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _context().get_start_method() in ("forkserver", "spawn")
    finally:
        stop.set()
        thread.join()
