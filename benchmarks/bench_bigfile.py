"""``mtfix check`` of a big XLIFF against the same target text as plain text.

Run: ``python3 benchmarks/bench_bigfile.py`` (``--units N`` and ``--chars N`` size
the file; the default is about 4 MB in 4,000 units, issue 12).

Both runs take the same glossary and the same target text; only the ratio of
CPU times is meaningful (the machines are shared and noisy). Work per finding
that scans from the start of the file (counting lines for each finding) makes
the XLIFF run grow with the square of the file, and the ratio with it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtfix.cli import main  # noqa: E402

GLOSSARY = """[[term]]
id = "chain-leader"
preferred = "chain leader"
variants = ["chain owner", "chain master"]
source = ["链主"]

[[term]]
id = "gathering-area"
preferred = "agglomeration zone"
variants = ["gathering area"]
"""
# The glossary of issue 12's measurement: nothing in the file matches it.
NOOP = """[[term]]
id = "zorblat"
preferred = "zorblat"
variants = ["blorftang"]
"""
WORDS = ("the industrial park and its firms grow with the region while new roads open "
         "to trade across the river delta and the city plans more housing near schools").split()


def _target(rng: random.Random, chars: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < chars:
        words.append(rng.choice(WORDS))
        if rng.random() < 0.01:
            words.append(rng.choice(("chain owner", "gathering area")))
        if rng.random() < 0.02:
            words[-1] += ".\n"  # targets span lines, as long XLIFF targets do
    return " ".join(words)


def write_files(folder: Path, units: int, chars: int) -> tuple[Path, Path]:
    rng = random.Random(12)
    targets = [_target(rng, chars) for _ in range(units)]
    body = "".join(f'<trans-unit id="{i}">\n<source>链主企业带动第{i}个园区发展。</source>\n'
                   f"<target>{escape(t)}</target>\n</trans-unit>\n" for i, t in enumerate(targets, 1))
    xliff = folder / "big.xlf"
    xliff.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                     'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="zh-CN" '
                     f'target-language="en" datatype="plaintext" original="big"><body>\n{body}'
                     "</body></file></xliff>\n", encoding="utf-8")
    text = folder / "big.txt"
    text.write_text("\n".join(targets) + "\n", encoding="utf-8")
    return xliff, text


def cpu_seconds(argv: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(argv)
        best = min(best, time.process_time() - start)
    return best


def ratio(folder: Path, glossary_text: str, xliff: Path, text: Path, repeat: int) -> tuple[float, float]:
    glossary = folder / "g.toml"
    glossary.write_text(glossary_text, encoding="utf-8")
    common = ["check", "-q", "-j", "1", "-g", str(glossary)]
    cpu_seconds([*common, str(text)], 1)  # warm the glossary cache and the imports
    cpu_seconds([*common, str(xliff)], 1)
    return cpu_seconds([*common, str(xliff)], repeat), cpu_seconds([*common, str(text)], repeat)


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=4000)
    parser.add_argument("--chars", type=int, default=1000, help="characters per target")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xliff, text = write_files(folder, args.units, args.chars)
        print(f"XLIFF {xliff.stat().st_size / 1e6:.1f} MB, {args.units} units, against its targets as .txt "
              "(goal: within 4x)")
        for name, glossary in (("no-op glossary", NOOP), ("glossary with findings and source evidence", GLOSSARY)):
            bilingual, plain = ratio(folder, glossary, xliff, text, args.repeat)
            print(f"  {name}: XLIFF {bilingual:.2f} s CPU, .txt {plain:.2f} s; ratio {bilingual / plain:.2f}x")


if __name__ == "__main__":
    main_bench()
