"""``protected_spans`` before and after its literal pre-tests, on prose and on placeholders.

Run: ``python3 benchmarks/bench_placeholders.py`` (``--size MB``, default 5). Three
texts of the same size: the seed article's prose repeated (no placeholders; it holds
a few "%", ":" and "&"), the same prose with a placeholder every ~1 MB (a printf
directive, a tag, a URL, braces, an e-mail address), and placeholder-dense lines
(PO/ICU/printf/markup mixes). Each is cut into 1 MB chunks, as ``fix`` cuts a file,
and for each, with the default families and with Markdown added, the old
implementation (kept below, as it was before the pre-tests) and the new one run over
the chunks alternately in one process; the best of ``--repeat`` runs is printed with
the ratio new/old, and the two results must be equal.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mtfix.engine.placeholders import FAMILIES, MARKDOWN, protected_spans  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "corpora" / "zhaoqing-agglomeration-zone.en.txt"
PLACEHOLDERS = ["%(name)s", "%1$s", "%d", "%{count}", "%<total>5.2f", "${HOME}", "{0}", "{user}",
                "{count, plural, one {# item} other {# items}}", "<strong>", "</a>", "<!-- note -->",
                "&lt;b&gt;", ":ref:`intro`", "``make``", "B<dpkg-deb>", "https://example.com/a/b.html",
                "www.example.org/x", "user@example.com", "`code`", "\n```\nrun it\n```\n"]
CHUNK = 1_000_000
FEW = ["%(name)s", "<strong>", "https://example.com/a.html", "{0}", "user@example.com"]

# ---- the old implementation, verbatim but for names ------------------------------------------
_BRACE_BODY = r"[^{}\n]*(?:\{[^{}\n]*(?:\{[^{}\n]*\}[^{}\n]*)*\}[^{}\n]*)*"
_OLD_INLINE: dict[str, tuple[str, ...]] = {
    "rst": (r":[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*:`[^`\n]+`", r"``[^`\n]+``"),
    "markdown": (r"`(?P<ticks>`*)[^`\n](?:[^\n]*?[^`\n])?`(?P=ticks)(?!`)",),
    "pod": (r"<(?<=(?<![\w])[BCEFILSXZ]<)(?:<+\s[^\n]*?\s>>+|[^<>\n]+>)",),
    "ruby": (r"%\{[^{}\s]+\}", r"%<[A-Za-z_]\w*>[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]"),
    "shell": (r"\$\{[^{}\n]*\}",),
    "printf": (r"%%|%(?:\d+\$)?(?:\([A-Za-z_][\w.-]*\))?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
               r"(?:hh|ll|[hlLqjzt])?[diouxXeEfFgGcrsaAp@]",),
    "braces": (r"\{" + _BRACE_BODY + r"\}",),
    "tags": (r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>", r"<!--(?:[^-]|-(?!->))*-->",
             r"&lt;/?[A-Za-z][\w:.-]*(?:\s(?:(?!&[lg]t;)[^<>\n])*)?/?&gt;"),
}
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[^\n]*\n(?:[^\n]*\n)*?[ \t]*(?P=fence)[`~]*[ \t]*$",
                    re.MULTILINE)
_URL_TAIL = re.compile(r"://[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]]")
_WWW = re.compile(r"www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]])?")
_SCHEMES = ("http", "https", "ftp", "file")
_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
_NEEDLES = {needle: re.compile(re.escape(needle)) for needle in ("://", "www.", "@")}


@lru_cache(maxsize=64)
def _old_inline(families: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], bool], ...]:
    return tuple((re.compile(pattern), name == "pod")
                 for name, patterns in _OLD_INLINE.items() if name in families for pattern in patterns)


def _old_occurrences(text: str, needle: str) -> list[int]:
    return [m.start() for m in _NEEDLES[needle].finditer(text)]


def _old_url_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for at in _old_occurrences(text, "://"):
        start = at
        while start > 0 and at - start < 5 and text[start - 1].isalpha():
            start -= 1
        if text[start:at].lower() in _SCHEMES and (m := _URL_TAIL.match(text, at)):
            spans.append((start, m.end()))
    for at in _old_occurrences(text, "www."):
        if (not at or not text[at - 1].isalnum()) and (m := _WWW.match(text, at)):
            spans.append(m.span())
    return spans


def _old_email_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for at in _old_occurrences(text, "@"):
        start = at
        while start > 0 and at - start < 64 and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        while start < at and not text[start].isalnum():
            start += 1
        if start < at and (m := _DOMAIN.match(text, at)):
            spans.append((start, m.end()))
    return spans


def old_protected_spans(text: str, families: tuple[str, ...] = FAMILIES) -> list[tuple[int, int]]:
    spans = [(m.start() - back, m.end()) for pattern, back in _old_inline(families) for m in pattern.finditer(text)]
    if "url" in families:
        spans += _old_url_spans(text)
    if "email" in families:
        spans += _old_email_spans(text)
    if "markdown" in families:
        spans += [m.span() for m in _FENCE.finditer(text)]
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept
# ------------------------------------------------------------------------------------------------


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
