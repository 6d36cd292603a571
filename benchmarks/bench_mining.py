"""Mining benchmark: how many labelled inconsistency groups ``mtfix glossary mine`` finds
in real MT articles, and how much it prints that is none.

Run: ``python3 benchmarks/bench_mining.py [-g FILE] [--no-glossary] [-q] [--json]``.

The corpus (``benchmarks/mining/corpus``, excerpts of 50 machine-translated
articles of Guangdong news) and its labels (``benchmarks/mining/labels.json``:
52 groups of renderings of one concept, 61 look-alike pairs that are not one)
are described in ``benchmarks/mining/README.md``. A labelled group is *found*
when one mined group holds two of its renderings that differ in more than case
(renderings are compared as mine compares them: case, a plural last word and a
possessive do not count); groups whose renderings differ only in case are
listed apart, since mine never reports those. A mined group is *noise* when it
holds no two renderings of any labelled group; it is a *false merge* when it
holds two renderings of a look-alike pair. The run uses the bundled glossary
(``-g`` for others; ``--no-glossary`` for an empty one, to measure the
glossary-free finders alone).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "mining"


def key(text: str) -> str:
    from mtfix.glossary.variation import rendering_key

    return rendering_key(text)


def mine(glossaries: list[str]) -> tuple[list[dict], float]:
    args = [sys.executable, "-m", "mtfix", "glossary", "mine", str(DATA / "corpus"), "--format", "json"]
    for glossary in glossaries:
        args += ["-g", glossary]
    began = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout), time.perf_counter() - began


def score(groups: list[dict], labels: dict) -> dict:
    mined = [{key(r["text"]) for r in g["renderings"]} for g in groups]
    findable, case_only = [], []
    for label in labels["groups"]:
        keys = {key(r) for r in label["renderings"]}
        (findable if len(keys) >= 2 else case_only).append((label, keys))
    found, missed, used = [], [], set()
    for label, keys in findable:
        hits = [n for n, m in enumerate(mined) if len(m & keys) >= 2]
        (found if hits else missed).append(label)
        used.update(hits)
    merges = [n for n, m in enumerate(mined) for pair in labels["not_groups"]
              if len(m & {key(r) for r in pair["renderings"]}) >= 2]
    noise = [n for n in range(len(mined)) if n not in used]
    return {"labelled": len(labels["groups"]), "findable": len(findable), "case_only": len(case_only),
            "found": found, "missed": missed, "printed": len(groups), "noise": noise,
            "false_merges": sorted(set(merges))}


def report(result: dict, groups: list[dict], seconds: float, quiet: bool) -> None:
    found, findable = len(result["found"]), result["findable"]
    noise = len(result["noise"])
    print(f"groups labelled: {result['labelled']} ({result['case_only']} differ only in case, not counted)")
    print(f"found: {found} of {findable} ({found / findable:.0%})")
    print(f"mined groups printed: {result['printed']}; noise: {noise} "
          f"({noise / max(found, 1):.2f} per group found); false merges of look-alikes: "
          f"{len(result['false_merges'])}")
    print(f"time: {seconds:.2f} s")
    if quiet:
        return
    show = lambda g: " / ".join(f"{r['text']} ({r['count']})" for r in g["renderings"])  # noqa: E731
    print("\nfound:")
    for label in result["found"]:
        print(f"  [{label['kind']}] " + " / ".join(label["renderings"]))
    print("\nmissed:")
    for label in result["missed"]:
        print(f"  [{label['kind']}] " + " / ".join(label["renderings"]))
    print("\nnoise (mined, no labelled group):")
    for n in result["noise"]:
        print(f"  [{groups[n]['kind']}{' ' + groups[n]['term'] if groups[n]['term'] else ''}] {show(groups[n])}")
    print("\nfalse merges:")
    for n in result["false_merges"]:
        print(f"  {show(groups[n])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-g", "--glossary", action="append", metavar="FILE", default=[])
    parser.add_argument("--no-glossary", action="store_true", help="mine with an empty glossary")
    parser.add_argument("-q", "--quiet", action="store_true", help="figures only")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args(argv)
    labels = json.loads((DATA / "labels.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        glossaries = args.glossary
        if args.no_glossary:
            empty = Path(tmp) / "empty.toml"
            empty.write_text("[meta]\nname = \"empty\"\n", encoding="utf-8")
            glossaries = [str(empty)]
        groups, seconds = mine(glossaries)
    result = score(groups, labels)
    if args.json:
        print(json.dumps({"labelled": result["labelled"], "findable": result["findable"],
                          "found": len(result["found"]), "printed": result["printed"],
                          "noise": len(result["noise"]), "false_merges": len(result["false_merges"]),
                          "seconds": round(seconds, 2)}))
    else:
        report(result, groups, seconds, args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
