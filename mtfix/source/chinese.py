"""Traditional -> Simplified normalisation that keeps offsets, and jieba segmentation.

OpenCC's ``t2s`` maps characters one to one nearly always; where a phrase
conversion changes the length, the text is converted character by character
instead, so an offset in the normalised text is always an offset in the original.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def _convert_chars(text: str) -> str:
    converter = _t2s()
    return "".join(c if len(s := converter.convert(c)) != 1 else s for c in text)


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """``text`` in Simplified characters, same length, same offsets."""
    if text.isascii():
        return text
    converted = _t2s().convert(text)
    return converted if len(converted) == len(text) else _convert_chars(text)


def _cache_file() -> str:
    from mtfix.glossary.cache import cache_dir, make_private_dirs

    folder = cache_dir()
    make_private_dirs(folder)  # 0700 whatever the umask: the glossary cache shares this folder
    return str(folder / "jieba.cache")


class Segmenter:
    """A jieba tokenizer of its own (the global one is left alone), with extra words."""

    def __init__(self, words: Iterable[str] = ()):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        try:
            self._tokenizer.cache_file = _cache_file()
        except OSError:
            self._tokenizer.tmp_dir = None
        self._tokenizer.initialize()
        for word in words:
            if word and not word.isascii():
                self._tokenizer.add_word(to_simplified(word), freq=_word_freq(word))

    def tokenize(self, text: str, hmm: bool = False) -> list[tuple[str, int, int]]:
        """Words of ``text`` (normalised to Simplified) as ``(word, start, end)``.

        ``hmm=True`` lets jieba join unknown words such as personal names (mining wants them).
        """
        simplified = to_simplified(text)
        return [(w, s, e) for w, s, e in self._tokenizer.tokenize(simplified, HMM=hmm)]

    def words(self, text: str) -> list[str]:
        return [w for w, _, _ in self.tokenize(text)]


def _word_freq(word: str) -> int:
    # High enough that a glossary term wins over the pieces jieba would cut it into.
    return 100000 + 1000 * len(word)


@lru_cache(maxsize=8)
def segmenter_for(words: tuple[str, ...] = ()) -> Segmenter:
    """One segmenter per process and word list (jieba loads its dictionary once)."""
    return Segmenter(words)


