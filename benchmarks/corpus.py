"""Synthetic corpora and glossaries for the benchmarks (deterministic, seeded)."""

from __future__ import annotations

import random
from collections.abc import Callable
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
    def paragraph() -> str:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            sentence = []
            for _ in range(rng.randint(8, 25)):
                if rng.random() < term_rate:
                    preferred, variants = rng.choice(terms)
                    sentence.append(rng.choice([preferred, *variants]))
                else:
                    sentence.append(rng.choice(words))
            sentence[0] = sentence[0].capitalize()
            sentences.append(" ".join(sentence) + ".")
        return " ".join(sentences) + "\n\n"

    _write_paragraphs(path, megabytes, paragraph)


def _write_paragraphs(path: Path, megabytes: float, paragraph: Callable[[], str]) -> None:
    """``paragraph()`` written to ``path`` until it holds ``megabytes``."""
    target, size = int(megabytes * 1_000_000), 0
    with path.open("w", encoding="utf-8") as out:
        while size < target:
            text = paragraph()
            out.write(text)
            size += len(text)


SEED = Path(__file__).resolve().parent.parent / "corpora" / "zhaoqing-agglomeration-zone.en.txt"
# The seed article's own wrong terms, added to a dense glossary so its lines match too.
SEED_TERMS = [("agglomeration zone", ["gathering area", "cluster area", "agglomeration area"])]
_CURLY_WORDS = ["don\u2019t", "it\u2019s", "won\u2019t", "we\u2019re", "city\u2019s", "o\u2019clock"]


def dense_terms(terms: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """``terms`` and the seed article's terms: the glossary of a dense corpus."""
    return [*terms, *SEED_TERMS]


def _dense_word(rng: random.Random, words: list[str], terms: list[tuple[str, list[str]]],
                term_rate: float) -> str:
    roll = rng.random()
    if roll < term_rate:
        preferred, variants = rng.choice(terms)
        word = rng.choice([preferred, *variants, *variants])
        shape = rng.random()
        if shape < 0.15:
            word = word.title()
        elif shape < 0.18:
            word = word.upper()
        elif shape < 0.20:
            word += "\u2019s"
        elif shape < 0.21:
            word = word.replace(" ", "\n", 1)  # a line break inside a multi-word variant
        return word
    if roll < term_rate + 0.004:
        return rng.choice(_CURLY_WORDS)
    if roll < term_rate + 0.0043:
        return f"{rng.randint(2, 99)}\u00a0km"  # a no-break space
    return rng.choice(words)


def write_dense_corpus(path: Path, rng: random.Random, words: list[str], terms: list[tuple[str, list[str]]],
                       megabytes: float, term_rate: float = 0.025) -> None:
    """A match-dense corpus: thousands of matches per MB, in mixed case, some broken
    across lines, some possessive with a curly apostrophe, a few no-break spaces,
    and a line of the seed article every few paragraphs (its terms: ``dense_terms``)."""
    seed = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]

    def paragraph() -> str:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            sentence = [_dense_word(rng, words, terms, term_rate) for _ in range(rng.randint(8, 25))]
            sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
            sentences.append(" ".join(sentence) + rng.choice(".....!?"))
        text = " ".join(sentences) + "\n\n"
        return text + rng.choice(seed) + "\n\n" if rng.random() < 0.2 else text

    _write_paragraphs(path, megabytes, paragraph)
