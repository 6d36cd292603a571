"""Build the mining benchmark's corpus from the research notes.

Run: ``python3 benchmarks/mining/build.py [RESEARCH_DIR]`` (default
``/work/research/mining``, with parts ``a`` and ``b``). Each part holds
``articles/*.txt`` (article text as a public page search gave it),
``articles.tsv`` (file, url, site, date, title), ``groups.json`` and
``not-groups.json`` (labels). This writes ``corpus/*.txt``: per article only
the sentences that hold a labelled rendering, each cut to at most 250
characters around it (excerpts, not whole pages), and ``labels.json``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESEARCH = Path("/work/research/mining")
MAX_EXCERPT = 250
_SENTENCE = re.compile(r"[^\n.!?。]*(?:[.!?。]+|\n|$)")


def sentences(text: str) -> list[str]:
    return [" ".join(m.group().split()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def excerpt(sentence: str, phrase: str) -> str:
    """``sentence`` cut to MAX_EXCERPT characters around ``phrase``, at word boundaries."""
    if len(sentence) <= MAX_EXCERPT:
        return sentence
    at = sentence.find(phrase)
    lo = max(0, min(at - (MAX_EXCERPT - len(phrase)) // 2, len(sentence) - MAX_EXCERPT))
    cut = sentence[lo:lo + MAX_EXCERPT]
    if lo > 0:
        cut = cut.split(" ", 1)[-1]
    if lo + MAX_EXCERPT < len(sentence):
        cut = cut.rsplit(" ", 1)[0]
    return cut


def build(research: Path = RESEARCH) -> dict:
    corpus = HERE / "corpus"
    corpus.mkdir(exist_ok=True)
    for old in corpus.glob("*.txt"):
        old.unlink()
    labels: dict = {"articles": [], "groups": [], "not_groups": []}
    for part in ("a", "b"):
        folder = research / part
        groups = json.loads((folder / "groups.json").read_text("utf-8"))
        not_groups = json.loads((folder / "not-groups.json").read_text("utf-8"))
        phrases = sorted({r for g in groups + not_groups for r in g["renderings"]}, key=len, reverse=True)
        with (folder / "articles.tsv").open(encoding="utf-8") as rows:
            articles = list(csv.DictReader(rows, delimiter="\t"))
        for article in articles:
            text = (folder / "articles" / article["file"]).read_text("utf-8")
            kept = []
            for sentence in sentences(text):
                hit = next((p for p in phrases if p in sentence), None)
                if hit is not None:
                    kept.append(excerpt(sentence, hit))
            name = f"{part}-{article['file']}"
            (corpus / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
            labels["articles"].append({"file": name, "url": article["url"], "site": article.get("site", ""),
                                       "date": article.get("date", "")})
        for key, items in (("groups", groups), ("not_groups", not_groups)):
            for item in items:
                labels[key].append({**item, "part": part})
    texts = "\n".join(p.read_text("utf-8") for p in sorted(corpus.glob("*.txt")))
    for key in ("groups", "not_groups"):
        for item in labels[key]:
            item["renderings"] = [r for r in item["renderings"] if r in texts]
        labels[key] = [item for item in labels[key] if len(item["renderings"]) >= 2]
    (HERE / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return labels


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    labels = build(Path(args[0]) if args else RESEARCH)
    print(f"{len(labels['articles'])} articles, {len(labels['groups'])} groups, "
          f"{len(labels['not_groups'])} look-alike pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
