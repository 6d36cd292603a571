"""Domain coverage of ``mtfix fix``: labelled wrong renderings fixed, and precision.

Run: ``python3 benchmarks/bench_coverage.py`` (``-g FILE`` for other glossaries,
repeatable; ``--training`` for the snippets the variants were taken from instead
of the held-out ones; ``--quiet`` for the figures only; ``--json``).

The real CLI (``python -m mtfix fix``) runs once over the held-out snippets and
the out-of-domain lines (two plain-text files, one snippet per paragraph), then
once more over its own output to check idempotence. Each labelled wrong
rendering is located in the snippet before the fix and followed through a
token-level alignment to the text that stands at its place after the fix:
*fixed* if its right rendering (or its plural) is there, *left* if the wrong
string still is, *other* if it became something else; an *other* whose right
rendering is new in the snippet and unclaimed counts as fixed (lists of names
misalign). See benchmarks/coverage/README.md.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "coverage"
sys.path.insert(0, str(DATA))
from build import RESEARCH, read_jsonl, training_records  # noqa: E402

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# Alignment tokens carry their trailing space, so an inserted word sits next to its neighbours.
ALIGN = re.compile(r"\s+|(?:\w+|[^\w\s])\s*")


@dataclass
class Figures:
    """Counters of one run; `changed` and the lists hold what the report prints."""

    labelled: int = 0
    fixed: int = 0
    left: int = 0
    other: int = 0
    snippets: int = 0
    changed: list[tuple[str, str]] = field(default_factory=list)
    not_fixed: Counter = field(default_factory=Counter)
    must_stay: int = 0
    must_stay_broken: list[tuple[str, str]] = field(default_factory=list)
    ood_lines: int = 0
    ood_changed: list[tuple[str, str]] = field(default_factory=list)
    second_pass_changed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    # Labels whose right rendering recurs: labelled in two or more articles (held-out and training).
    recurring: set[str] = field(default_factory=set)
    recurring_labelled: int = 0
    recurring_fixed: int = 0


def phrase_pattern(phrase: str, whole: bool = True, case: bool = False) -> re.Pattern[str]:
    """`phrase` with any run of white space for a space, starting (and ending) at word edges."""
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    return re.compile(r"(?<!\w)" + body + (r"(?!\w)" if whole else ""), 0 if case else re.IGNORECASE)


def locate(text: str, pairs: list[tuple[str, str]]) -> list[tuple[int, int, str, str]]:
    """Spans of the labelled wrong strings in `text`, longest first, never overlapping."""
    spans: list[tuple[int, int, str, str]] = []
    for wrong, right in sorted(set(pairs), key=lambda pair: -len(pair[0])):
        for match in phrase_pattern(wrong, case=True).finditer(text):
            if all(match.end() <= s or match.start() >= e for s, e, _, _ in spans):
                spans.append((match.start(), match.end(), wrong, right))
    return sorted(spans)


def token_starts(tokens: list[str]) -> list[int]:
    starts, pos = [], 0
    for token in tokens:
        starts.append(pos)
        pos += len(token)
    return starts + [pos]


def map_span(before: str, after: str, start: int, end: int) -> str:
    """The text of `after` that stands where `before[start:end]` stood, with every change that
    overlaps or touches it (a fix that also inserts words next to the old ones)."""
    old, new = ALIGN.findall(before), ALIGN.findall(after)
    old_at, new_at = token_starts(old), token_starts(new)
    first, last = bisect.bisect_right(old_at, start) - 1, bisect.bisect_left(old_at, end)
    lo, hi = len(new), 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal" and i1 < last and first < i2:
            lo, hi = min(lo, j1 + max(first - i1, 0)), max(hi, j2 - max(i2 - last, 0))
        elif tag != "equal" and i1 <= last and first <= i2:
            lo, hi = min(lo, j1), max(hi, j2)
    return after[new_at[lo]:new_at[hi]].strip() if lo <= hi else ""


def right_pattern(right: str, case: bool) -> re.Pattern[str]:
    """`right` as a whole phrase whose last word may be in the plural (entity/entities, zone/zones)."""
    body = phrase_pattern(right, whole=False, case=case).pattern
    body = body[:-1] + "(?:y|ies)" if right.endswith("y") else body + "(?:e?s)?"
    return re.compile(body + r"(?!\w)", 0 if case else re.IGNORECASE)


def classify(window: str, wrong: str, right: str) -> str:
    """'fixed', 'left' or 'other' for the text now standing at a labelled wrong rendering."""
    case = wrong.casefold() == right.casefold()
    if right_pattern(right, case).search(window):
        return "fixed"
    if phrase_pattern(wrong, case=case).search(window):
        return "left"
    return "other"


def label_statuses(before: str, after: str, pairs: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(wrong, right, status) for every labelled wrong rendering in `before`."""
    labels = [(wrong, right, classify(map_span(before, after, start, end), wrong, right))
              for start, end, wrong, right in locate(before, pairs)]
    return reconcile(labels, before, after)


def reconcile(labels: list[tuple[str, str, str]], before: str, after: str) -> list[tuple[str, str, str]]:
    """Count an 'other' as fixed where its right rendering is new in the snippet and no label at
    its own place claims it: in a list of names the alignment can pair a fix with its neighbour."""
    out = list(labels)
    for right in {r for _, r, status in labels if status == "other"}:
        case = any(w.casefold() == r.casefold() for w, r, _ in labels if r == right)
        pattern = right_pattern(right, case)
        claimed = sum(1 for _, r, status in labels if r == right and status == "fixed")
        spare = len(pattern.findall(after)) - len(pattern.findall(before)) - claimed
        for index, (wrong, r, status) in enumerate(out):
            if spare > 0 and r == right and status == "other":
                out[index], spare = (wrong, r, "fixed"), spare - 1
    return out


def count_record(figures: Figures, record: dict, after: str) -> None:
    before = record["text"]
    figures.snippets += 1
    if after != before:
        figures.changed.append((before, after))
    for wrong, right, status in label_statuses(before, after, list(zip(record["wrong"], record["right"], strict=True))):
        figures.labelled += 1
        setattr(figures, status, getattr(figures, status) + 1)
        if right.casefold() in figures.recurring:
            figures.recurring_labelled += 1
            figures.recurring_fixed += status == "fixed"
        if status != "fixed":
            figures.not_fixed[(wrong, right, status)] += 1
    for phrase in record["must_stay"]:
        figures.must_stay += 1
        if after.count(phrase) < before.count(phrase):
            figures.must_stay_broken.append((phrase, after))


def count_run(records: list[dict], ood: list[dict], fixed: list[str], again: list[str]) -> Figures:
    """All figures of one run: `fixed` holds the snippets then the OOD lines, `again` their second fix."""
    figures = Figures(ood_lines=len(ood), recurring=recurring_rights())
    for record, after in zip(records, fixed, strict=False):
        count_record(figures, record, after)
    for line, after in zip(ood, fixed[len(records):], strict=True):
        if after != line["text"]:
            figures.ood_changed.append((line["text"], after))
    figures.second_pass_changed = [(a, b) for a, b in zip(fixed, again, strict=True) if a != b]
    return figures


Fixer = Callable[[list[str]], object]


def recurring_rights() -> set[str]:
    """The right renderings (case-folded) labelled in two or more articles of the data."""
    urls: dict[str, set[str]] = {}
    for name in ("heldout", "training"):
        for record in read_jsonl(DATA / f"{name}.jsonl"):
            for right in record["right"]:
                urls.setdefault(right.casefold(), set()).add(record["url"])
    return {right for right, where in urls.items() if len(where) >= 2}


def fix_arguments(files: list[Path], glossaries: list[str]) -> list[str]:
    """``mtfix`` arguments that fix `files` in place with `glossaries`."""
    options = [arg for path in glossaries for arg in ("-g", path)]
    return ["fix", "-q", "-j", "1", *options, *map(str, files)]


def run_cli(arguments: list[str]) -> None:
    """``python -m mtfix`` as a user runs it, with the compiled-glossary cache a user run would use."""
    proc = subprocess.run([sys.executable, "-m", "mtfix", *arguments], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"mtfix fix failed ({proc.returncode}): {proc.stderr.strip()}")


def fix_texts(groups: list[list[str]], glossaries: list[str], fixer: Fixer) -> tuple[list[str], list[str], float]:
    """Fix each group of texts as one file (one text a paragraph) twice; the texts after each pass."""
    # A line break stands for a space to the engine; a blank line keeps a variant inside one snippet.
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / f"part{i}.txt" for i in range(len(groups))]
        for path, texts in zip(files, groups, strict=True):
            path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        start = time.perf_counter()
        fixer(fix_arguments(files, glossaries))
        seconds = time.perf_counter() - start
        first = [text for path in files for text in read_paragraphs(path)]
        fixer(fix_arguments(files, glossaries))
        second = [text for path in files for text in read_paragraphs(path)]
    return first, second, seconds


def read_paragraphs(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")


def run(records: list[dict], ood: list[dict], glossaries: list[str], fixer: Fixer = run_cli) -> Figures:
    """Fix the snippets and the OOD lines in one ``mtfix fix`` (then once more) and count."""
    groups = [[r["text"] for r in records], [line["text"] for line in ood]]
    fixed, again, seconds = fix_texts([g for g in groups if g], glossaries, fixer)
    figures = count_run(records, ood, fixed, again)
    figures.seconds = seconds
    return figures


def word_diff(before: str, after: str) -> str:
    """`after` with the replaced words shown as [-old-]{+new+}."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append("".join(old[i1:i2]))
            continue
        parts.append(f"[-{''.join(old[i1:i2])}-]" if i2 > i1 else "")
        parts.append(f"{{+{''.join(new[j1:j2])}+}}" if j2 > j1 else "")
    return "".join(parts)


def summary(figures: Figures, label: str) -> dict[str, object]:
    share = figures.fixed / figures.labelled if figures.labelled else 0.0
    return {
        "set": label, "snippets": figures.snippets, "labelled_wrong_before": figures.labelled,
        "wrong_left_after": figures.left, "changed_to_other": figures.other, "fixed": figures.fixed,
        "share_fixed": round(share, 4), "snippets_changed": len(figures.changed),
        "must_stay_phrases": figures.must_stay, "must_stay_broken": len(figures.must_stay_broken),
        "second_pass_changes": len(figures.second_pass_changed), "ood_lines": figures.ood_lines,
        "ood_lines_changed": len(figures.ood_changed), "seconds": round(figures.seconds, 2),
        "recurring_labelled": figures.recurring_labelled, "recurring_fixed": figures.recurring_fixed,
    }


def print_figures(figures: Figures, label: str) -> None:
    s = summary(figures, label)
    print(f"{label}: {s['snippets']} snippets, {s['labelled_wrong_before']} labelled wrong renderings")
    print(f"  before: {s['labelled_wrong_before']}  after: {s['wrong_left_after']} left, "
          f"{s['changed_to_other']} changed to something else, {s['fixed']} fixed "
          f"-> {s['share_fixed']:.1%} fixed")
    if figures.recurring_labelled:
        print(f"  of them recurring (labelled in 2+ articles): {figures.recurring_fixed} of "
              f"{figures.recurring_labelled} fixed -> {figures.recurring_fixed / figures.recurring_labelled:.1%}")
    print(f"  snippets changed: {s['snippets_changed']}; must-stay phrases broken: "
          f"{s['must_stay_broken']} of {s['must_stay_phrases']}; second pass changes: {s['second_pass_changes']}")
    print(f"  out-of-domain lines changed: {s['ood_lines_changed']} of {s['ood_lines']}")
    print(f"  time: {s['seconds']:.2f} s for one fix over both files")


def print_details(figures: Figures) -> None:
    sections = [
        ("changed snippets", [word_diff(a, b) for a, b in figures.changed]),
        ("not fixed (wrong -> right, what happened)",
         [f"{n} x {w!r} -> {r!r} ({st})" for (w, r, st), n in figures.not_fixed.most_common()]),
        ("must-stay phrases broken", [f"{p!r}: {after}" for p, after in figures.must_stay_broken]),
        ("out-of-domain lines changed", [word_diff(a, b) for a, b in figures.ood_changed]),
        ("changed again by a second fix", [word_diff(a, b) for a, b in figures.second_pass_changed]),
    ]
    for title, lines in sections:
        print(f"\n{title} ({len(lines)}):")
        for line in lines:
            print(f"  {line}")


def details(figures: Figures) -> dict[str, object]:
    return {
        "changed": [{"before": a, "after": b} for a, b in figures.changed],
        "not_fixed": [{"wrong": w, "right": r, "status": st, "count": n}
                      for (w, r, st), n in figures.not_fixed.most_common()],
        "broken_must_stay": [{"phrase": p, "after": a} for p, a in figures.must_stay_broken],
        "ood_changed": [{"before": a, "after": b} for a, b in figures.ood_changed],
        "second_pass_changed": [{"before": a, "after": b} for a, b in figures.second_pass_changed],
    }


def load_sets(training: bool, research: Path) -> tuple[str, list[dict], list[dict]]:
    ood = read_jsonl(DATA / "ood.jsonl")
    if not training:
        return "held-out", read_jsonl(DATA / "heldout.jsonl"), ood
    if (research / "policy-articles.jsonl").exists():
        return f"training ({research})", training_records(research), ood
    return "training", read_jsonl(DATA / "training.jsonl"), ood


def bundled_glossary() -> str:
    from mtfix.glossary.load import default_glossary_path

    return str(default_glossary_path())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-g", "--glossary", action="append", metavar="FILE",
                        help="glossary TOML (repeatable); default: the bundled glossary")
    parser.add_argument("--training", action="store_true",
                        help="count the training snippets (variants were taken from them) instead of the held-out ones")
    parser.add_argument("--research", type=Path, default=RESEARCH,
                        help="research folder read by --training when present (default: %(default)s)")
    parser.add_argument("-q", "--quiet", action="store_true", help="figures only")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    label, records, ood = load_sets(args.training, args.research)
    figures = run(records, ood, args.glossary or [bundled_glossary()])
    if args.json:
        report = summary(figures, label) | ({} if args.quiet else details(figures))
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_figures(figures, label)
        if not args.quiet:
            print_details(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
