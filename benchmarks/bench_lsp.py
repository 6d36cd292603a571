"""How quickly ``mtfix lsp`` answers a keystroke in a large file, against ``mtfix check`` of it.

Run: ``python3 benchmarks/bench_lsp.py`` (``--mb 1`` sets the buffer size,
``--keystrokes 20`` how many single-character edits are timed, ``--quick``
for a small run). Needs ``pip install 'mtfix[lsp]'``.

The server is started as editors start it and driven over stdio by pygls's
own client. A keystroke is timed from the ``didChange`` notification to the
``publishDiagnostics`` for that version, minus the debounce the server waits
for typing to pause; the baseline is ``mtfix check`` of the same text as a
file, in this process with a warm glossary. Only the ratio is meaningful: the
machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_terms, make_words, write_corpus, write_glossary  # noqa: E402

DEBOUNCE_MS = 50


def make_files(folder: Path, megabytes: float) -> tuple[Path, Path]:
    rng = random.Random(15)
    words = make_words(rng, 3000)
    terms = make_terms(rng, words, 300)
    glossary, text = folder / "glossary.toml", folder / "doc.md"
    write_glossary(glossary, terms)
    write_corpus(text, rng, words, terms, megabytes)  # paragraphs of sentences, blank lines between
    return glossary, text


def check_seconds(glossary: Path, text: Path, runs: int) -> float:
    from mtfix.cli import main

    times = []
    for _ in range(runs + 1):  # the first run compiles the glossary into the cache: not counted
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            main(["check", "-q", "-j", "1", "-g", str(glossary), str(text)])
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


async def keystroke_seconds(glossary: Path, path: Path, keystrokes: int) -> tuple[float, float, int]:
    """(first diagnostics after opening, median keystroke latency, diagnostics count)."""
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("bench", "1")
    published: dict[int, asyncio.Future] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        future = published.get(params.version or 0)
        if future is not None and not future.done():
            future.set_result(len(params.diagnostics))

    await client.start_io(sys.executable, "-m", "mtfix", "lsp")
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        initialization_options={"glossaries": [str(glossary)], "debounceMs": DEBOUNCE_MS}))
    client.initialized(types.InitializedParams())
    text, uri = path.read_text(encoding="utf-8"), path.as_uri()
    loop = asyncio.get_running_loop()
    published[1] = loop.create_future()
    start = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    count = await published[1]
    opened = time.perf_counter() - start
    line = text[:len(text) // 2].count("\n")  # type in the middle of the file
    latencies = []
    for version in range(2, keystrokes + 2):
        published[version] = loop.create_future()
        start = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, 0), types.Position(line, 0)), text="x")]))
        await published[version]
        latencies.append(time.perf_counter() - start - DEBOUNCE_MS / 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return opened, statistics.median(latencies), count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="buffer size in MB (default: 1)")
    parser.add_argument("--keystrokes", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="0.1 MB, 5 keystrokes")
    args = parser.parse_args()
    megabytes, keystrokes = (0.1, 5) if args.quick else (args.mb, args.keystrokes)
    with tempfile.TemporaryDirectory(prefix="bench-lsp-") as folder:
        glossary, text = make_files(Path(folder), megabytes)
        check = check_seconds(glossary, text, 3)
        size = text.stat().st_size
        opened, keystroke, count = asyncio.run(keystroke_seconds(glossary, text, keystrokes))
    print(f"buffer: {size} bytes, {count} diagnostics")
    print(f"mtfix check of the file:        {check * 1000:8.1f} ms")
    print(f"lsp: open to first diagnostics: {opened * 1000:8.1f} ms  ({opened / check:.2f}x check)")
    print(f"lsp: keystroke to diagnostics:  {keystroke * 1000:8.1f} ms  ({keystroke / check:.2f}x check, "
          f"median of {keystrokes}, {DEBOUNCE_MS} ms debounce not counted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
