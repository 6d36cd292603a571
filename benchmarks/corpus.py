"""Synthetic corpora and glossaries for the benchmarks (deterministic, seeded)."""

from __future__ import annotations

import random
from pathlib import Path

_SYLLABLES = ["ba", "ko", "ri", "mun", "sel", "ta", "ven", "lo", "qui", "dra", "pe", "sto", "nal", "gi",
              "for", "mi", "zen", "cal", "tor", "ex", "an", "ul", "ist", "ro", "ne", "sha", "wu", "li"]


def make_words(rng: random.Random, count: int) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))))
    return sorted(words)


def make_terms(rng: random.Random, words: list[str], count: int) -> list[tuple[str, list[str]]]:
    """``count`` terms: a two-word preferred form and two or three wrong variants each."""
    seen: set[str] = set()
    terms = []
    while len(terms) < count:
        phrases = [" ".join(rng.sample(words, rng.randint(2, 3))) for _ in range(rng.randint(3, 4))]
        if seen.intersection(phrases) or len(set(phrases)) < len(phrases):
            continue
        seen.update(phrases)
        terms.append((phrases[0], phrases[1:]))
    return terms


def write_glossary(path: Path, terms: list[tuple[str, list[str]]]) -> None:
    lines = []
    for i, (preferred, variants) in enumerate(terms):
        quoted = ", ".join(f'"{v}"' for v in variants)
        lines.append(f'[[term]]\nid = "t{i}"\npreferred = "{preferred}"\nvariants = [{quoted}]\n')
    path.write_text("\n".join(lines), encoding="utf-8")


def write_corpus(path: Path, rng: random.Random, words: list[str], terms: list[tuple[str, list[str]]],
                 megabytes: float, term_rate: float = 0.02) -> None:
    """Sentences of random words; about ``term_rate`` of the slots hold a variant or a preferred form."""
    target = int(megabytes * 1_000_000)
    size = 0
    with path.open("w", encoding="utf-8") as out:
        while size < target:
            paragraph = []
            for _ in range(rng.randint(2, 6)):
                sentence = []
                for _ in range(rng.randint(8, 25)):
                    if rng.random() < term_rate:
                        preferred, variants = rng.choice(terms)
                        sentence.append(rng.choice([preferred, *variants]))
                    else:
                        sentence.append(rng.choice(words))
                sentence[0] = sentence[0].capitalize()
                paragraph.append(" ".join(sentence) + ".")
            text = " ".join(paragraph) + "\n\n"
            out.write(text)
            size += len(text)
