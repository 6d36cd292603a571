"""--scheduler: a two-worker LocalCluster gives exactly the single-process results."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

import fsspec
import pytest
from conftest import GLOSSARY, SEED_TEXT, make_corpus, tree_bytes

from mtfix.batch import Mode
from mtfix.cli import main
from mtfix.cluster import plan_remote, process_remote, run_on_cluster, wanted
from mtfix.glossary.cache import load_matcher
from mtfix.runner import RunOptions
from mtfix.staging import Task

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
        yield cluster


def _cli(capsys, *argv: str) -> tuple[int, str]:
    code = main([*argv, "-g", GLOSSARY])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("command", [["check"], ["check", "--format", "json"], ["fix", "--diff"]])
def test_cluster_prints_what_one_process_prints(tmp_path, capsys, cluster, command) -> None:
    corpus = make_corpus(tmp_path / "c")
    single = _cli(capsys, *command, "--jobs", "1", str(corpus))
    assert _cli(capsys, *command, "--scheduler", cluster.scheduler_address, str(corpus)) == single
    assert all(name in single[1] for name in ("records.jsonl.gz", "table.parquet", ".zst", "article.txt"))


def test_cluster_writes_what_one_process_writes(tmp_path, capsys, cluster) -> None:
    corpus = make_corpus(tmp_path / "c", copies=3)
    original = tree_bytes(corpus)
    assert main(["fix", "-q", "-g", GLOSSARY, "--jobs", "1", "-o", str(tmp_path / "one"), str(corpus)]) == 0
    url = f"file://{corpus}"
    assert main(["fix", "-q", "-g", GLOSSARY, "--scheduler", cluster.scheduler_address,
                 "-o", f"file://{tmp_path}/many", url]) == 0
    assert tree_bytes(tmp_path / "many") == tree_bytes(tmp_path / "one") != original
    assert tree_bytes(corpus) == original


def test_local_scheduler_option(tmp_path, capsys) -> None:
    corpus = make_corpus(tmp_path / "c", copies=1)
    single = _cli(capsys, "check", "--jobs", "1", str(corpus))
    assert _cli(capsys, "check", "--scheduler", "local:2", str(corpus)) == single


@pytest.mark.parametrize(("scheduler", "message"), [
    ("local:0", "expected local:N"), ("tcp://127.0.0.1:9", "cannot reach the Dask scheduler")])
def test_bad_scheduler_is_one_line(tmp_path, capsys, scheduler, message) -> None:
    (tmp_path / "a.txt").write_text("x\n")
    assert main(["check", "-g", GLOSSARY, "--scheduler", scheduler, str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_remote_urls_are_read_and_written_by_the_worker_function() -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe({"/in/a.txt": b"a chain owner\n", "/in/sub/b.jsonl": b'{"tgt": "fine"}\n',
             "/in/.hidden/c.txt": b"chain owner", "/in/d.bin": b"x"})
    tasks = plan_remote(["memory://in"], "memory://out")
    assert tasks == [Task("memory://in/a.txt", "memory://out/a.txt"),
                     Task("memory://in/sub/b.jsonl", "memory://out/sub/b.jsonl")]
    matcher = load_matcher([GLOSSARY])
    results = [process_remote(task, matcher, Mode.FIX, None) for task in tasks]
    assert [(r.path, r.count, r.error) for r in results] == [("memory://in/a.txt", 1, None),
                                                             ("memory://in/sub/b.jsonl", 0, None)]
    assert fs.cat("/out/a.txt") == b"an chain leader\n".replace(b"an ", b"a ")
    assert fs.cat("/out/sub/b.jsonl") == b'{"tgt": "fine"}\n'
    assert sorted(fs.find("/out")) == ["/out/a.txt", "/out/sub/b.jsonl"]
    assert fs.cat("/in/a.txt") == b"a chain owner\n"


def test_remote_error_names_the_url() -> None:
    fsspec.filesystem("memory").pipe("/bad/x.txt", b"\xff")
    result = process_remote(Task("memory://bad/x.txt", "memory://bad-out/x.txt"),
                            load_matcher([GLOSSARY]), Mode.FIX, None)
    assert str(result.error) == ("memory://bad/x.txt:1: cannot decode as UTF-8 (byte 0xff); "
                                 "mtfix reads UTF-8, or UTF-16 with a BOM")
    assert not fsspec.filesystem("memory").exists("/bad-out/x.txt")


@pytest.mark.parametrize(("name", "expected"), [
    ("a.txt", True), ("a.jsonl.gz", True), ("a.parquet", True), ("a.md.zst", True),
    ("a.tar.gz", False), ("a.gz", False), (".a.txt", False), ("a.bin", False)])
def test_wanted_names(name, expected) -> None:
    assert wanted(name) is expected


@pytest.mark.slow
def test_killed_worker_is_retried_and_output_is_complete(tmp_path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for index in range(8):
        (corpus / f"f{index}.txt").write_text(SEED_TEXT * 150, encoding="utf-8")  # ~1.7 MB each
    assert main(["fix", "-q", "-g", GLOSSARY, "--jobs", "1", "-o", str(tmp_path / "one"), str(corpus)]) == 0
    tasks = plan_remote([str(corpus)], str(tmp_path / "many"))
    options = RunOptions(scheduler="unused", fields=None)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.CRITICAL) as cluster:
        import mtfix.cluster

        with distributed.Client(cluster) as client:
            pids = client.run(os.getpid)
            mtfix.cluster.connect = _reuse(client)  # type: ignore[assignment]
            try:
                results = run_on_cluster(tasks, load_matcher([GLOSSARY]), Mode.FIX, options)
                first = next(results)
                os.kill(next(iter(pids.values())), signal.SIGKILL)  # mid-run: tasks are queued on both
                rest = list(results)
            finally:
                mtfix.cluster.connect = _connect
    assert [r.error for _, r in [first, *rest]] == [None] * 8
    complete = {name: data for name, data in tree_bytes(tmp_path / "many").items() if not name.startswith(".")}
    assert complete == tree_bytes(tmp_path / "one")
    # Staging happens in the worker's scratch space; only a kill during the final
    # copy could leave a hidden temporary file, never a partial output.
    assert all(n.endswith(".mtfix-tmp") for n in os.listdir(tmp_path / "many") if n.startswith("."))


from mtfix.cluster import connect as _connect  # noqa: E402


def _reuse(client):
    import contextlib

    @contextlib.contextmanager
    def connect(scheduler: str):
        yield client
    return connect


def test_plan_keeps_local_paths(tmp_path) -> None:
    make_corpus(tmp_path / "c", copies=1)
    tasks = plan_remote([str(tmp_path / "c")], None)
    assert [Path(t.path).name for t in tasks][:2] == ["article.txt", "clean.txt"]
