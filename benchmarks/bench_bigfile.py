"""``mtfix check`` of a big XLIFF (and TMX) against the same target text as plain text.

Run: ``python3 benchmarks/bench_bigfile.py`` (``--units N`` and ``--chars N`` size
the file; the default is about 4 MB in 4,000 units, issue 12).

All runs take the same glossary and the same target text; only the ratios of
CPU times are meaningful (the machines are shared and noisy). Work per finding
that scans from the start of the file (counting lines for each finding) makes
the XLIFF run grow with the square of the file, and the ratio with it; ``--units``
at half the default shows whether the ratio stays put. The TMX file holds the same
units as ``<tu>`` elements.
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


def write_files(folder: Path, units: int, chars: int) -> tuple[Path, Path, Path]:
    rng = random.Random(12)
    targets = [_target(rng, chars) for _ in range(units)]
    body = "".join(f'<trans-unit id="{i}">\n<source>链主企业带动第{i}个园区发展。</source>\n'
                   f"<target>{escape(t)}</target>\n</trans-unit>\n" for i, t in enumerate(targets, 1))
    xliff = folder / "big.xlf"
    xliff.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                     'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="zh-CN" '
                     f'target-language="en" datatype="plaintext" original="big"><body>\n{body}'
                     "</body></file></xliff>\n", encoding="utf-8")
    tus = "".join(f'<tu tuid="{i}">\n<tuv xml:lang="zh-CN"><seg>链主企业带动第{i}个园区发展。</seg></tuv>\n'
                  f'<tuv xml:lang="en"><seg>{escape(t)}</seg></tuv>\n</tu>\n' for i, t in enumerate(targets, 1))
    tmx = folder / "big.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
                   'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="bench" '
                   f'creationtoolversion="1"/><body>\n{tus}</body></tmx>\n', encoding="utf-8")
    text = folder / "big.txt"
    text.write_text("\n".join(targets) + "\n", encoding="utf-8")
    return xliff, tmx, text


def cpu_seconds(argv: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(argv)
        best = min(best, time.process_time() - start)
    return best


def timings(folder: Path, glossary_text: str, files: list[Path], repeat: int) -> list[float]:
    """Best CPU seconds of ``check`` on each file, the first run of each (imports, caches) left out."""
    glossary = folder / "g.toml"
    glossary.write_text(glossary_text, encoding="utf-8")
    common = ["check", "-q", "-j", "1", "-g", str(glossary)]
    for path in files:
        cpu_seconds([*common, str(path)], 1)
    return [cpu_seconds([*common, str(path)], repeat) for path in files]


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=4000)
    parser.add_argument("--chars", type=int, default=1000, help="characters per target")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xliff, tmx, text = write_files(folder, args.units, args.chars)
        print(f"XLIFF {xliff.stat().st_size / 1e6:.1f} MB and TMX {tmx.stat().st_size / 1e6:.1f} MB, "
              f"{args.units} units, against their targets as .txt (goal: within 4x)")
        for name, glossary in (("no-op glossary", NOOP), ("glossary with findings and source evidence", GLOSSARY)):
            in_xliff, in_tmx, plain = timings(folder, glossary, [xliff, tmx, text], args.repeat)
            print(f"  {name}: .txt {plain:.2f} s CPU; XLIFF {in_xliff:.2f} s, ratio {in_xliff / plain:.2f}x; "
                  f"TMX {in_tmx:.2f} s, ratio {in_tmx / plain:.2f}x")


if __name__ == "__main__":
    main_bench()
