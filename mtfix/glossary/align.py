"""Bilingual mining: the English renderings of each recurring Chinese word.

The Chinese side is normalised to Simplified and segmented with jieba (with
its HMM, so unseen names come out whole; glossary terms added as words);
two words that nearly always stand side by side are joined (集聚 + 区). For every source word ``s`` and English content
word ``t`` the Dice coefficient over segments, ``2·c(s,t) / (c(s) + c(t))``,
measures association. In each segment every English content word is linked
to the source word it is most associated with; the runs of English words
linked to one source word (function words may sit inside a run) are that
word's rendering in that segment. Counting the renderings of each source
word across the corpus gives the groups: "agglomeration zone" in most
segments, "cluster area" in some. All counting is on sets and Counters, so
thousands of segments take a second or two; jieba dominates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import product

from mtfix.engine.canon import is_cjk
from mtfix.glossary.english import STOPWORDS, Token, phrase_key, same_phrase, singular, tokenize
from mtfix.glossary.mine import Group, make_group

MIN_DICE = 0.2
OVERLAP = 0.2  # renderings of one word that share more segments than this are not alternatives
STICKY = 0.8
MAX_GAP = 2
ZH_STOPWORDS = frozenset("""
的 了 在 是 和 与 及 等 也 都 就 而 并 对 将 把 被 为 从 以 于 之 其 这 那 有 个 中 上 下 我 你 他 她 它 们 着 过 又
或 及其 以及 并且 而且 但 但是 因为 所以 如果 已 已经 还 更 最 很 非常 一 不 没有 我们 他们 她们 你们 这个 那个 这些
那些 一个 一些 通过 进行 根据 关于 对于 由于 同时 其中 目前 今年 去年 来 去 说 到 让 给 向 要 会 能 可 可以 该 此
""".split())


def _is_word(word: str) -> bool:
    return word.isalpha() and any(is_cjk(c) for c in word) and word not in ZH_STOPWORDS


def _join_sticky(segments: list[list[str]]) -> list[list[str]]:
    """Join two words that (nearly) always stand together: 集聚 + 区, 营商 + 环境."""
    freq = Counter(w for words in segments for w in words)
    bigrams = Counter((a, b) for words in segments for a, b in zip(words, words[1:], strict=False))
    sticky = {(a, b) for (a, b), n in bigrams.items()
              if n >= 2 and _is_word(a) and _is_word(b) and n >= STICKY * max(freq[a], freq[b])}
    joined = []
    for words in segments:
        out: list[str] = []
        for word in words:
            if out and (out[-1], word) in sticky:
                out[-1] += word
            else:
                out.append(word)
        joined.append(out)
    return joined


def _source_words(sources: Sequence[str], glossary_words: tuple[str, ...]) -> list[list[str]]:
    from mtfix.source.chinese import segmenter_for

    segmenter = segmenter_for(glossary_words)
    segments = [[w for w, _, _ in segmenter.tokenize(text, hmm=True)] for text in sources]
    return [[w for w in words if _is_word(w)] for words in _join_sticky(segments)]


class _Association:
    """Segment frequencies and co-occurrence counts of source words and English word types."""

    def __init__(self, sources: list[set[str]], targets: list[set[str]], min_count: int):
        self.src = Counter(w for words in sources for w in words)
        self.tgt = Counter(t for types in targets for t in types)
        self.joint: Counter[tuple[str, str]] = Counter()
        for words, types in zip(sources, targets, strict=True):
            self.joint.update(product([w for w in words if self.src[w] >= min_count],
                                      [t for t in types if self.tgt[t] >= min_count]))

    def dice(self, s: str, t: str) -> float:
        joint = self.joint.get((s, t), 0)
        return 0.0 if joint < 2 else 2 * joint / (self.src[s] + self.tgt[t])


def _links(words: Iterable[str], tokens: Sequence[Token], stats: _Association) -> list[str | None]:
    """For each English token, the source word it is linked to (None for function words and weak links).

    Ties (words that always occur together) go the same way in every segment, so renderings stay stable.
    """
    words = sorted(words)
    links: list[str | None] = []
    for token in tokens:
        best: tuple[float, str] | None = None
        if token.is_content:
            for word in words:
                d = round(stats.dice(word, singular(token.low)), 6)
                if d > MIN_DICE and (best is None or d > best[0]):
                    best = (d, word)
        links.append(best[1] if best else None)
    return links


def _spans(links: Sequence[str | None], tokens: Sequence[Token]) -> Iterable[tuple[str, int, int]]:
    """Runs of tokens linked to one source word: ``(word, first, last)``, gaps of function words allowed."""
    i = 0
    while i < len(tokens):
        word = links[i]
        if word is None:
            i += 1
            continue
        last, j = i, i + 1
        while j < len(tokens) and tokens[j].joined and j - last <= MAX_GAP + 1:
            if links[j] == word:
                last = j
            elif links[j] is not None or tokens[j].low not in STOPWORDS:
                break
            j += 1
        yield word, i, last
        i = last + 1


def _merged(where: dict[str, set[int]]) -> list[tuple[str, set[int], int]]:
    """Renderings with inflections merged into the commonest spelling: (key, segments, count)."""
    merged: list[tuple[str, set[int], int]] = []
    for key in sorted(where, key=lambda k: (-len(where[k]), k)):
        for n, (other, segments, count) in enumerate(merged):
            if same_phrase(key, other):
                merged[n] = (other, segments | where[key], count + len(where[key]))
                break
        else:
            merged.append((key, set(where[key]), len(where[key])))
    return merged


def _alternatives(where: dict[str, set[int]], min_count: int) -> list[tuple[str, int]]:
    """Renderings that replace each other: frequent enough, in different segments, not fragments."""
    kept: list[tuple[str, set[int], int]] = []
    for key, segments, count in _merged(where):
        words = set(key.split())
        if count < min_count or any(words < set(k.split()) or words > set(k.split()) for k, _, _ in kept):
            continue  # a fragment or an extension of a commoner rendering: alignment noise
        if any(len(segments & other) > OVERLAP * min(count, n) for _, other, n in kept):
            continue  # they occur together: parts of one sentence, not alternatives
        kept.append((key, segments, count))
    return [(key, count) for key, _, count in kept]


def _display(surfaces: Counter[str]) -> str:
    best = surfaces.most_common(1)[0][0]
    names = all(any(w[:1].isupper() for w in s.split()) for s in surfaces)
    return " ".join(best.split()) if names else " ".join(best.lower().split())


def _rendering_segments(sources: list[list[str]], tokens: list[list[Token]], texts: Sequence[str],
                        stats: _Association, min_count: int) -> tuple[dict, dict]:
    """source word -> rendering key -> segment numbers; rendering key -> spellings."""
    where: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for number, (words, toks, text) in enumerate(zip(sources, tokens, texts, strict=True)):
        linkable = {w for w in words if stats.src[w] >= min_count}
        for word, first, last in _spans(_links(linkable, toks, stats), toks):
            key = phrase_key([t.low for t in toks[first:last + 1]])
            where[word][key].add(number)
            surfaces[key][text[toks[first].start:toks[last].end]] += 1
    return where, surfaces


def mine_pairs(pairs: Sequence[tuple[str, str]], glossary_words: Iterable[str] = (),
               min_count: int = 2) -> list[Group]:
    """Groups of renderings of each recurring source word across ``(chinese, english)`` pairs."""
    glossary_words = tuple(sorted(set(glossary_words)))
    sources = _source_words([s for s, _ in pairs], glossary_words)
    texts = [t for _, t in pairs]
    tokens = [tokenize(t) for t in texts]
    types = [{singular(t.low) for t in toks if t.is_content} for toks in tokens]
    stats = _Association([set(words) for words in sources], types, min_count)
    where, surfaces = _rendering_segments(sources, tokens, texts, stats, min_count)
    groups = []
    for word, renderings in where.items():
        if len(word) > 1 or word in glossary_words:
            kept = _alternatives(renderings, min_count)
            groups.append(make_group(word, ((_display(surfaces[k]), c) for k, c in kept)))
    return [g for g in groups if len(g.renderings) >= 2]
