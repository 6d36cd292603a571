"""``protected_spans`` before and after its literal pre-tests, on prose and on placeholders.

Run: ``python3 benchmarks/bench_placeholders.py`` (``--size MB``, default 5). Three
texts of the same size: the seed article's prose repeated (no placeholders; it holds
a few "%", ":" and "&"), the same prose with a placeholder every ~1 MB (a printf
directive, a tag, a URL, braces, an e-mail address), and placeholder-dense lines
(PO/ICU/printf/markup mixes). Each is cut into 1 MB chunks, as ``fix`` cuts a file,
and for each, with the default families and with Markdown added, the old
implementation (as it was before the pre-tests: tests/engine/reference_placeholders.py)
and the new one run over the chunks alternately in one process; the best of
``--repeat`` runs is printed with the ratio new/old, and the two results must be equal.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mtfix.engine.placeholders import FAMILIES, MARKDOWN, protected_spans  # noqa: E402
from tests.engine.reference_placeholders import protected_spans as old_protected_spans  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "corpora" / "zhaoqing-agglomeration-zone.en.txt"
PLACEHOLDERS = ["%(name)s", "%1$s", "%d", "%{count}", "%<total>5.2f", "${HOME}", "{0}", "{user}",
                "{count, plural, one {# item} other {# items}}", "<strong>", "</a>", "<!-- note -->",
                "&lt;b&gt;", ":ref:`intro`", "``make``", "B<dpkg-deb>", "https://example.com/a/b.html",
                "www.example.org/x", "user@example.com", "`code`", "\n```\nrun it\n```\n"]
CHUNK = 1_000_000
FEW = ["%(name)s", "<strong>", "https://example.com/a.html", "{0}", "user@example.com"]


def prose(size: int) -> str:
    seed = SEED.read_text(encoding="utf-8")
    return (seed * (size // len(seed) + 1))[:size]


def sprinkled(size: int) -> str:
    """The prose with a placeholder every ~1 MB (a chunk of ``fix``), at a word boundary."""
    text = prose(size)
    pieces, last = [], 0
    for index, at in enumerate(range(500_000, size, 1_000_000)):
        at = text.index(" ", at)
        pieces += [text[last:at], " ", FEW[index % len(FEW)]]
        last = at
    return "".join(pieces + [text[last:]])


def dense(size: int, rng: random.Random) -> str:
    """Lines of a few prose words between placeholders: PO/ICU/printf/markup mixes."""
    words = prose(20_000).split()
    lines, total = [], 0
    while total < size:
        parts = [rng.choice(PLACEHOLDERS) if rng.random() < 0.3 else rng.choice(words) for _ in range(12)]
        line = " ".join(parts)
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)[:size]


def chunked(spans: Callable[[str, tuple[str, ...]], list[tuple[int, int]]], text: str,
            families: tuple[str, ...]) -> list[list[tuple[int, int]]]:
    return [spans(text[at:at + CHUNK], families) for at in range(0, len(text), CHUNK)]


def best(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=5.0, help="MB of text per case (default 5)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    size, rng = int(args.size * 1_000_000), random.Random(13)
    texts = {"prose": prose(size), "prose + a few": sprinkled(size), "dense": dense(size, rng)}
    print(f"protected_spans over 1 MB chunks, {args.size:g} MB per text, best of {args.repeat}"
          " (old = before the pre-tests)")
    print(f"{'text':<15} {'families':<10} {'spans':>7} {'old s':>8} {'new s':>8} {'new/old':>8}")
    for name, text in texts.items():
        for label, families in (("default", FAMILIES), ("+markdown", FAMILIES + MARKDOWN)):
            expected = chunked(old_protected_spans, text, families)
            if chunked(protected_spans, text, families) != expected:
                print(f"{name} {label}: RESULTS DIFFER", file=sys.stderr)
                return 1
            old = new = float("inf")
            for _ in range(args.repeat):  # alternate, so that both see the same machine
                old = min(old, best(partial(chunked, old_protected_spans, text, families), 1))
                new = min(new, best(partial(chunked, protected_spans, text, families), 1))
            count = sum(map(len, expected))
            print(f"{name:<15} {label:<10} {count:>7} {old:>8.4f} {new:>8.4f} {new / old:>8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
