"""Build the coverage benchmark's data files from the research notes.

Run: ``python3 benchmarks/coverage/build.py [RESEARCH_DIR]`` (default
``/work/research``). It writes ``heldout.jsonl``, ``training.jsonl`` and
``ood.jsonl`` next to this file; see README.md for what they hold.
``bench_coverage.py --training`` also calls :func:`training_records` directly
when the research folder is present, so it sees the newest training notes.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESEARCH = Path("/work/research")
TRAINING_TOPICS = ("policy", "places", "companies", "institutions", "guangdong")
BUNDLED = HERE.parent.parent / "glossaries" / "zh-en-investment.toml"
# Training rows whose term id no terms file defines (the helper left the term out):
# the right rendering as the helper's notes give it, so the rows still count.
EXTRA_RIGHTS = {
    "aito": "AITO", "deepal": "Deepal", "denza": "Denza", "dfd": "DFD", "seres": "Seres",
    "subdistrict": "Subdistrict", "municipal-peoples-congress": "Jiangmen Municipal People's Congress",
}

Record = dict[str, Any]


def url_key(url: str) -> str:
    """The URL without scheme, ``www.`` or trailing slash: how overlaps are found."""
    return re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/").lower()


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def pass6_snippets(research: Path) -> list[Record]:
    """The sixth research pass's snippets (one folder per slice), already in record form."""
    return [r for path in sorted((research / "pass6").glob("*/snippets.jsonl")) for r in read_jsonl(path)]


def training_urls(research: Path) -> set[str]:
    return {url_key(a["url"]) for topic in TRAINING_TOPICS
            for a in read_jsonl(research / f"{topic}-articles.jsonl")} | {
            url_key(r["url"]) for r in pass6_snippets(research)}


def right_for(wrong: str, term: str | None, article: dict) -> str:
    """The labelled right rendering of one wrong string in an eval article."""
    rows = article["occurrences"]
    for same in (lambda w: w, str.casefold, lambda w: w.casefold().rstrip("s")):
        found = {o["right"] for o in rows if same(o["wrong"]) == same(wrong)}
        if len(found) == 1:
            return found.pop()
    found = {o["right"] for o in rows if o["term"] == term}
    if len(found) == 1:
        return found.pop()
    raise ValueError(f"{article['url']}: no right rendering for {wrong!r}")


def snippet_record(url: str, text: str, wrongs: list[str], rights: list[str],
                   terms: list[str], stay: Iterable[str]) -> Record:
    return {"url": url, "text": " ".join(text.split()), "wrong": wrongs, "right": rights,
            "term": terms, "must_stay": [p for p in stay if p in text]}


def heldout_records(research: Path) -> Iterator[Record]:
    """Eval snippets of articles no training file names, then unplaced must-stay phrases."""
    seen = training_urls(research)
    for article in read_jsonl(research / "eval-articles.jsonl"):
        if url_key(article["url"]) in seen:
            continue
        placed: set[str] = set()
        for snip in article["snippets"]:
            terms = snip["term"] + [None] * (len(snip["wrong"]) - len(snip["term"]))
            rights = [right_for(w, t, article) for w, t in zip(snip["wrong"], terms, strict=True)]
            record = snippet_record(article["url"], snip["text"], snip["wrong"], rights,
                                    [t or "" for t in terms], article["must_stay"])
            placed.update(record["must_stay"])
            yield record
        for phrase in article["must_stay"]:
            if phrase not in placed:
                yield snippet_record(article["url"], phrase, [], [], [], [phrase])


def preferred_by_id(research: Path) -> dict[str, str]:
    preferred = {t["id"]: t["preferred"] for t in tomllib.loads(BUNDLED.read_text("utf-8"))["term"]}
    for topic in TRAINING_TOPICS:
        path = research / f"{topic}-terms.toml"
        if path.exists():
            preferred.update({t["id"]: t["preferred"] for t in tomllib.loads(path.read_text("utf-8"))["term"]})
    return {**EXTRA_RIGHTS, **preferred}


def training_records(research: Path) -> list[Record]:
    """Training snippets, one record per (URL, text); the same text in two topics is merged."""
    preferred = preferred_by_id(research)
    merged: dict[tuple[str, str], Record] = {}
    for topic in TRAINING_TOPICS:
        for article in read_jsonl(research / f"{topic}-articles.jsonl"):
            for snip in article["snippets"]:
                key = (url_key(article["url"]), " ".join(snip["text"].split()))
                record = merged.setdefault(key, snippet_record(article["url"], snip["text"], [], [], [], ()))
                for wrong, term in zip(snip["wrong"], snip["term"], strict=False):
                    if term in preferred and wrong not in record["wrong"]:
                        record["wrong"].append(wrong)
                        record["right"].append(preferred[term])
                        record["term"].append(term)
    for snip in pass6_snippets(research):
        key = (url_key(snip["url"]), " ".join(snip["text"].split()))
        record = merged.setdefault(key, snippet_record(snip["url"], snip["text"], [], [], [], snip["must_stay"]))
        for wrong, right, term in zip(snip["wrong"], snip["right"], snip["term"], strict=False):
            if wrong not in record["wrong"] and wrong in record["text"]:
                record["wrong"].append(wrong)
                record["right"].append(preferred.get(term, right))
                record["term"].append(term)
    return list(merged.values())


def ood_records(research: Path) -> list[Record]:
    return [{"url": r["url"], "text": " ".join(r["text"].split()), "mt": r["mt"]}
            for r in read_jsonl(research / "ood-lines.jsonl")]


def write_jsonl(path: Path, records: Iterable[Record]) -> int:
    rows = [json.dumps(r, ensure_ascii=False) + "\n" for r in records]
    path.write_text("".join(rows), encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    research = Path(args[0]) if args else RESEARCH
    for name, records in (("heldout", heldout_records(research)), ("training", training_records(research)),
                          ("ood", ood_records(research))):
        print(f"{name}.jsonl: {write_jsonl(HERE / f'{name}.jsonl', records)} records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
