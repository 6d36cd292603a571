"""Monolingual mining: renderings of one concept that vary across English text.

Every piece of text becomes one stream of normalised words (lower case, a crude
singular, "&" read as "and"), with a break wherever sentence punctuation or a
line break stands between two words, so no phrase reaches across one. Four
finders read it:

- **glossary**: the forms of each glossary term (preferred, accepted, variants)
  and what the term's own forms teach: a word swapped for one that fills the same
  slot in another form ("Zhaoqing Agglomeration District" from "... Zone" and
  "... District"), the head dropped from a name ("Zhaoqing Cluster" from
  "Zhaoqing Cluster Area"), the parts of a form swapped around "of" ("starting
  area of municipal management"), or a word inflected otherwise ("municipal-managed
  starting area"). One Aho-Corasick pass finds them all.
- **surface**: one phrase written with other hyphens, spaces, commas, "and"/"&",
  or joined words ("Hongkong"); case and plural alone never make a group.
- **name**: capitalised names that share their distinctive words and differ in one
  token's spelling ("Tsuihang" / "Tsuiheng"), in a generic head ("Motors" /
  "Automobile", "Zone" / "Area" / "District") or by one qualifier ("National").
  Two people who share a surname, or two towns that share "Town", are no group.
- **reorder**: the same content words of a name in another order ("Bay Area
  Hakka Village" / "Hakka Village in the Bay Area").

Groups that share a rendering are merged; a merged group that holds a glossary
term's forms says which term it extends. Cost is linear in the text: every
finder works from per-phrase indexes, never from pairs of occurrences.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from mtfix.glossary.english import STOPWORDS, same_stem, singular
from mtfix.glossary.load import expand_alternatives
from mtfix.glossary.mine import (
    KIND_GLOSSARY,
    KIND_NAME,
    KIND_REORDER,
    KIND_SURFACE,
    Group,
    Location,
    make_group,
)
from mtfix.model import Glossary

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*|\d+(?:[.,]\d+)*|&")
_APOSTROPHE_S = re.compile(r"['\u2019]s$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s\b")
_CAMEL = re.compile(r"[a-z][A-Z]")
# What may stand between two words of one phrase: spaces, hyphens, commas, apostrophes.
_PHRASE_GAP = re.compile(r"[ \t\u00a0\-\u2010\u2011,'\u2019]*")
_JOINING_GAP = re.compile(r"[ \t\u00a0]*[\-\u2010\u2011]?[ \t\u00a0]*")
CONNECTORS = frozenset(("and", "of", "the", "for", "in", "on", "at"))
# Head words that MT swaps for one another in names of one thing.
HEAD_CLASSES = tuple(frozenset(c) for c in (
    ("zone", "area", "district", "region", "park", "quarter", "belt"),
    ("automobile", "motor", "auto", "automotive", "car", "vehicle"),
    ("city", "municipality"),
    ("town", "township"),
    ("county", "prefecture"),
    ("committee", "commission"),
    ("bureau", "administration", "office", "department"),
    ("project", "program", "programme", "engineering"),
    ("company", "group", "corporation", "co"),
    ("complex", "base"),
    ("field", "farm"),
))
_HEAD_CLASS = {word: i for i, words in enumerate(HEAD_CLASSES) for word in words}
QUALIFIERS = frozenset(("national", "provincial", "municipal", "city", "state", "new", "special", "economic"))
GENERIC = frozenset(_HEAD_CLASS) | QUALIFIERS | frozenset((
    "village", "street", "road", "river", "lake", "mountain", "island", "bay", "port", "station", "center",
    "centre", "industrial", "industry", "development", "high", "tech", "technology", "science", "cooperation",
    "party", "people", "government", "province", "china", "chinese", "limited", "ltd", "co", "hall", "square",
    "school", "university", "college", "hospital", "museum", "temple", "bridge", "tunnel", "airport",
))
TITLES = frozenset(("secretary", "director", "deputy", "mayor", "chairman", "president", "minister", "head",
                    "member", "governor", "leader", "chief"))
_NOT_FIRST = frozenset(_HEAD_CLASS) | TITLES  # "Town, Sihui City", "Secretary of ...": no name starts so
# Common Chinese surnames: a two- or three-word name starting with one is taken for a person's.
SURNAMES = frozenset("""
li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang
han feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye cheng wei su lu ding ren shen yao
jin qiu lv lyu shi tan liao zou xiong jia hao kong bai cui kang mao qin wan gu lai hou shao meng long wen
duan lei qian tang yin yi chang wu ou mai
""".split())
NAME_RATIO = 80.0  # rapidfuzz ratio from which two tokens are spellings of one word
TYPO_RATIO = 90.0  # the same for a generic word: a typo, not another word
MAX_NAME_TOKENS = 10
MAX_RUN_TOKENS = 5
MAX_BUCKET = 200


@dataclass(frozen=True)
class Text:
    """One piece of English: its file, its text, and how offsets map to file lines and columns."""

    path: str
    text: str
    positions: Callable[[Iterable[int]], Iterator[tuple[int, int]]]


@dataclass
class _Stream:
    """The words of one text, as parallel columns."""

    piece: int
    text: Text
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    norm: list[str] = field(default_factory=list)  # lower case, singular; "&" -> "and"
    cap: list[bool] = field(default_factory=list)  # starts with a capital or a digit
    broken: list[bool] = field(default_factory=list)  # a break stands before it
    joined: list[bool] = field(default_factory=list)  # only spaces or one hyphen before it
    titles: list[tuple[int, int]] = field(default_factory=list)  # character spans of title-like lines

    def __len__(self) -> int:
        return len(self.norm)

    def surface(self, i: int, j: int) -> str:
        return " ".join(self.text.text[self.start[i]:self.end[j - 1]].split())

    def in_title(self, i: int) -> bool:
        offset = self.start[i]
        k = bisect_right(self.titles, (offset, 1 << 62)) - 1
        return k >= 0 and self.titles[k][0] <= offset < self.titles[k][1]


def _stream(piece: int, text: Text) -> _Stream:
    stream = _Stream(piece, text)
    body = text.text
    previous = None
    for m in _TOKEN.finditer(body):
        word = m.group()
        if previous is not None and word.lower() == "s" and body[previous:m.start()] in ("'", "\u2019"):
            continue  # a possessive's "s"
        gap = body[previous:m.start()] if previous is not None else "\n"
        stream.broken.append(_PHRASE_GAP.fullmatch(gap) is None)
        stream.joined.append(previous is not None and _JOINING_GAP.fullmatch(gap) is not None)
        stream.start.append(m.start())
        stream.end.append(m.end())
        low = "and" if word == "&" else _APOSTROPHE_S.sub("", word.lower())
        stream.norm.append(singular(low))
        stream.cap.append(word[:1].isupper() or word[:1].isdigit())
        previous = m.end()
    stream.titles = _title_lines(body)
    return stream


def _title_lines(body: str) -> list[tuple[int, int]]:
    """Lines that read as headings: mostly capitalised words and no sentence end."""
    spans, offset = [], 0
    for line in body.splitlines(keepends=True):
        words = _TOKEN.findall(line)
        content = [w for w in words if w.lower() not in STOPWORDS]
        if (len(content) >= 2 and sum(w[:1].isupper() for w in content) >= 0.7 * len(content)
                and not line.rstrip().endswith((".", "。", ";", ":"))):
            spans.append((offset, offset + len(line)))
        offset += len(line)
    return spans


@dataclass
class _Occurrence:
    stream: _Stream
    i: int
    j: int


@dataclass
class _Rendering:
    """Every occurrence of one rendering (its id: case-folded, last word singular)."""

    key: str
    occurrences: list[_Occurrence] = field(default_factory=list)

    def display(self) -> str:
        """The commonest spelling in running text (headings only when there is no other)."""
        running = [o for o in self.occurrences if not o.stream.in_title(o.i)] or self.occurrences
        counts = Counter(_APOSTROPHE_S.sub("", o.stream.surface(o.i, o.j)) for o in running)
        return max(counts, key=lambda s: (counts[s], s))


@lru_cache(maxsize=1 << 16)
def rendering_key(surface: str) -> str:
    """How renderings are told apart: case, plurals (of any word: "Holdings Group"),
    possessives and a comma before "and" do not count; hyphens, spaces and words do."""
    words = _POSSESSIVE.sub("", surface.casefold().replace("\u2019", "'").replace(",", " ")).split()
    return " ".join(_singular_parts(w) for w in words)


def _singular_parts(word: str) -> str:
    return "-".join(singular(part) for part in word.split("-"))


@dataclass
class _Found:
    """A group as a finder makes it: renderings by key, the term it extends, its kind."""

    kind: str
    renderings: dict[str, _Rendering]
    term: str | None = None

    def add(self, occurrence: _Occurrence) -> None:
        key = rendering_key(occurrence.stream.surface(occurrence.i, occurrence.j))
        self.renderings.setdefault(key, _Rendering(key)).occurrences.append(occurrence)


def is_article_text(text: str) -> bool:
    """Whether ``text`` reads as prose: not a list of URLs, a glossary, a config or code."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    odd = sum(bool(_NOT_PROSE.match(line)) for line in lines)
    return odd < 0.3 * len(lines)


# A URL alone, a "key = value" line, a [table] header, a line of brackets, a Python statement.
_NOT_PROSE = re.compile(r"^(?:https?://\S+$|[\w.\-\"']+\s*=|\[\[?[\w.\- \"]+\]\]?$|[{}\[\]();]+$"
                        r"|(?:def|class|import|from)\s)")


# ---------------------------------------------------------------------------------------------
# glossary: known forms of the terms, and the forms their words recombine into
# ---------------------------------------------------------------------------------------------

def _key(words: Sequence[str]) -> str:
    return " " + " ".join(words) + " "


def _words(phrase: str) -> list[str]:
    out = []
    for m in _TOKEN.finditer(phrase):
        word = m.group()
        out.append("and" if word == "&" else singular(_APOSTROPHE_S.sub("", word.lower())))
    return out


class _Forms:
    """Automata of every glossary form and derived form, keyed by normalised words (and a
    second one by stems, for forms inflected otherwise)."""

    def __init__(self, glossary: Glossary):
        table: dict[str, list[tuple[int, str]]] = defaultdict(list)
        stems: dict[str, list[tuple[int, str]]] = defaultdict(list)
        derived: list[tuple[str, int, str]] = []
        for index, term in enumerate(glossary.terms):
            raw = [p for p in (term.preferred, *term.accepted, *term.variants) if _words(p)]
            phrases = [_words(p) for p in raw]
            for words in phrases:
                table[_key(words)].append((index, "known"))
                if len([w for w in words if w not in STOPWORDS]) >= 3:
                    stems[_key([_stem(w) for w in words])].append((index, "inflected"))
            names = {_key(w) for w, p in zip(phrases, raw, strict=True) if p[:1].isupper()}
            derived += [(key, index, kind) for key, kind in _derived(phrases, names)]
        for key, index, kind in derived:
            if not any(how == "known" for _, how in table.get(key, ())):
                table[key].append((index, kind))
        for index, term in enumerate(glossary.terms):  # where a term's variants stay
            for words in (_words(p) for p in term.exceptions):
                if words:
                    table[_key(words)].append((index, "exception"))
        self.exact, self.stemmed = _automaton(table), _automaton(stems)
        self.approved = [{_key(_words(p)) for p in (term.preferred, *term.accepted)} for term in glossary.terms]
        self.names = [term.preferred[:1].isupper() for term in glossary.terms]  # proper names: Macao, Sihui

    def find(self, stream: _Stream) -> Iterator[tuple[int, int, int, str]]:
        """(first word, end word, term, how) of each form in the stream, leftmost-longest,
        known forms before derived ones."""
        hits: list[tuple[int, int, int, str]] = []
        for automaton, words in ((self.exact, stream.norm), (self.stemmed, [_stem(w) for w in stream.norm])):
            if automaton is None or not words:
                continue
            line, starts = _line(words, stream.broken)
            for end, (key, values) in automaton.iter(line):
                first = bisect_right(starts, end - len(key) + 2) - 1
                count = key.count(" ") - 1
                hits += [(first, first + count, term, how) for term, how in values]
        rank = {"known": 0, "swap": 1, "head": 1, "reorder": 1, "inflected": 2}
        kept = [(a, b, t) for a, b, t, how in hits if how == "exception"]
        hits = [h for h in hits if h[3] != "exception" and not any(
            t == h[2] and a <= h[0] and h[1] <= b for a, b, t in kept)]
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0]), rank[h[3]]))
        taken, outer = -1, (-1, -1, -1)
        for first, end, term, how in hits:
            if first < taken:
                # a name's form inside a longer one ("Macao" in "Guangdong-Hong Kong-Macao
                # Greater Bay Area") is a rendering of that name too
                if how == "known" and end <= outer[1] and term != outer[2] and self.names[term]:
                    yield first, end, term, "nested"
                continue
            if how == "head" and not stream.cap[first]:
                continue  # a name without its head: only when written as a name
            taken, outer = end, (first, end, term)
            yield first, end, term, how


def _automaton(table: dict[str, list[tuple[int, str]]]):  # -> ahocorasick.Automaton | None
    if not table:
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key, values in table.items():
        automaton.add_word(key, (key, tuple(values)))
    automaton.make_automaton()
    return automaton


def _line(tokens: Sequence[str], broken: Sequence[bool]) -> tuple[str, list[int]]:
    """The words as one string " w1 w2 | w3 " (a "|" for each break), and where each word starts."""
    parts, starts, position = [" "], [], 1
    for word, brk in zip(tokens, broken, strict=True):
        if brk:
            parts.append("| ")
            position += 2
        starts.append(position)
        parts.append(word + " ")
        position += len(word) + 1
    return "".join(parts), starts


def _stem(word: str) -> str:
    """A crude stem, the same for "managed", "managing" and "management"."""
    for suffix in ("ment", "ing", "ed", "al", "er", "ion"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[:-len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def _derived(phrases: Sequence[list[str]], names: set[str]) -> Iterator[tuple[str, str]]:
    """Forms the term's own forms teach: a word swapped for another that fills the same slot
    (counted from the end) in a form of the same length; the head dropped from a name of three
    or more words (``names``: the keys of capitalised forms) or from any form that keeps three
    content words; and the two sides of "of" swapped."""
    slots: dict[tuple[int, int], set[str]] = defaultdict(set)
    for words in phrases:
        for k, word in enumerate(reversed(words)):
            if word not in STOPWORDS:
                slots[(len(words), k)].add(word)
    for words in phrases:
        n = len(words)
        for k in range(n):
            for other in slots.get((n, k), ()):
                if other != words[n - 1 - k] and words[n - 1 - k] not in STOPWORDS:
                    yield _key([*words[:n - 1 - k], other, *words[n - k:]]), "swap"
        content = [w for w in words if w not in STOPWORDS]
        kept = [w for w in words[:-1] if w not in STOPWORDS]
        if len(words) >= 3 and words[-1] not in STOPWORDS and words[-2] not in QUALIFIERS | STOPWORDS and (
                len(kept) >= 3 or (
                _key(words) in names and len(kept) >= 2 and _distinctive(kept))):
            yield _key(words[:-1]), "head"
        if "of" in words[1:-1]:
            at = words.index("of")
            rest = words[at + 1:]
            if rest and rest[0] == "the":
                rest = rest[1:]
            yield _key([*rest, *words[:at]]), "reorder"
        elif len(content) == n and n >= 3:
            for cut in range(1, n):
                yield _key([*words[cut:], "of", *words[:cut]]), "reorder"
                yield _key([*words[cut:], "of", "the", *words[:cut]]), "reorder"


def _glossary_groups(streams: Sequence[_Stream], glossary: Glossary) -> list[_Found]:
    """Per term, its forms found in the text; a term whose forms found are all approved
    (preferred or accepted) is consistent, whatever its spellings."""
    if not glossary.terms:
        return []
    forms = _Forms(glossary)
    found: dict[int, _Found] = {}
    unapproved: set[int] = set()
    for stream in streams:
        for first, end, term, how in forms.find(stream):
            if end - first == 1 and not stream.cap[first]:
                continue  # "visit", "landing": ordinary words, no evidence of a rendering
            group = found.setdefault(term, _Found(KIND_GLOSSARY, {}, glossary.terms[term].id))
            group.add(_Occurrence(stream, first, end))
            if how not in ("known", "nested") or _key(stream.norm[first:end]) not in forms.approved[term]:
                unapproved.add(term)
    return [group for term, group in found.items() if term in unapproved]


# ---------------------------------------------------------------------------------------------
# candidates: names (capitalised chunks) and runs of content words
# ---------------------------------------------------------------------------------------------

def _chunks(stream: _Stream) -> Iterator[tuple[int, int]]:
    """Maximal capitalised names: capitalised words, lower-case connectors between them, and
    lower-case words hyphenated to a capitalised one ("High-tech")."""
    n, i = len(stream), 0
    while i < n:
        if not stream.cap[i]:
            i += 1
            continue
        j = i + 1
        while j < n and not stream.broken[j]:
            if stream.cap[j] or (stream.joined[j] and _hyphenated(stream, j)):
                j += 1
                continue
            k = j
            while k < n and k - j < 2 and stream.norm[k] in CONNECTORS and not stream.broken[k]:
                k += 1
            if k > j and k < n and not stream.broken[k] and stream.cap[k]:
                j = k + 1
            elif stream.norm[j] in _HEAD_CLASS and stream.cap[j - 1]:
                j += 1  # "Fuxi area", "Genzi town": a name with its head in lower case
                break
            else:
                break
        yield i, j
        i = j


def _hyphenated(stream: _Stream, j: int) -> bool:
    return "-" in stream.text.text[stream.end[j - 1]:stream.start[j]]


def _name_spans(stream: _Stream) -> Iterator[tuple[int, int]]:
    """The names of the text: parts of a capitalised chunk, two to eight words, that start where
    a name can (the chunk's first word past "The" or a title, or a word after a connector or a
    comma: never inside a name, so "Construction Group" of "China State Construction Group" is
    none) and end with a capitalised word. A part with a comma is a list and counts only with
    its "and" ("Guangdong, Hong Kong and Macao"). Heading lines are left out: every word of
    them is capitalised."""
    for s, e in _chunks(stream):
        if stream.in_title(s):
            continue
        first = s
        while first < e and (stream.norm[first] in STOPWORDS or stream.norm[first] in TITLES):
            first += 1
        opening = stream.broken[first]  # a sentence's first word may be an ordinary one ("Later")
        for i in range(first, e):
            if i > first and not (stream.norm[i - 1] in CONNECTORS or _after_comma(stream, i)
                                  or (opening and i == first + 1)):
                continue
            if (not stream.cap[i] or stream.norm[i] in STOPWORDS or stream.norm[i] in _NOT_FIRST
                    or stream.norm[i][:1].isdigit()):
                continue
            for j in range(i + 2, min(e, i + MAX_NAME_TOKENS) + 1):
                listed = _has_comma(stream, i, j) and "and" not in stream.norm[i + 1:j - 1]
                if (stream.cap[j - 1] or (j == e and stream.norm[j - 1] in _HEAD_CLASS)) and not listed:
                    yield i, j


def _after_comma(stream: _Stream, i: int) -> bool:
    return "," in stream.text.text[stream.end[i - 1]:stream.start[i]]


def _has_comma(stream: _Stream, i: int, j: int) -> bool:
    return "," in stream.text.text[stream.start[i]:stream.end[j - 1]]


def _runs(stream: _Stream) -> Iterator[tuple[int, int]]:
    """Parts of runs of lower-case content words joined by spaces or hyphens, two to five words."""
    n, i = len(stream), 0
    while i < n:
        if stream.cap[i] or stream.norm[i] in STOPWORDS or len(stream.norm[i]) < 2:
            i += 1
            continue
        j = i + 1
        while (j < n and stream.joined[j] and not stream.cap[j] and stream.norm[j] not in STOPWORDS
               and len(stream.norm[j]) > 1):
            j += 1
        for a in range(i, j):
            for b in range(a + 2, min(j, a + MAX_RUN_TOKENS) + 1):
                yield a, b
        i = j


def _surface_key(stream: _Stream, i: int, j: int) -> str:
    """The words run together; "and" left out where the phrase names four words or more
    ("Guangdong, Hong Kong and Macao"), never in a pair ("Shenzhen and Shanwei" are two cities)."""
    words = stream.norm[i:j]
    if "and" in words and len([w for w in words if w not in CONNECTORS]) >= 4:
        words = [w for w in words if w != "and"]
    return "".join(words)


def _compounds(stream: _Stream) -> Iterator[tuple[int, int]]:
    """Words linked by hyphens, function words included ("year-on-year", "year -on -year"),
    and single capitalised words (which a joined spelling may match: "Gongyuan")."""
    n, i = len(stream), 0
    while i < n:
        j = i + 1
        while j < n and not stream.broken[j] and _hyphenated(stream, j):
            j += 1
        if j - i >= 2 or stream.cap[i] and len(stream.norm[i]) >= 5 and stream.norm[i] not in GENERIC:
            yield i, j
        i = j


def _surface_groups(streams: Sequence[_Stream]) -> list[_Found]:
    """Names and runs of words that are one phrase up to separators, "and" and joined words."""
    by_key: dict[str, _Found] = {}
    for stream in streams:
        for spans in (_name_spans(stream), _runs(stream), _compounds(stream)):
            for i, j in spans:
                by_key.setdefault(_surface_key(stream, i, j), _Found(KIND_SURFACE, {})).add(_Occurrence(stream, i, j))
    groups = [g for g in by_key.values() if len(g.renderings) >= 2 and _several_words(g)]
    return _outermost(groups)


def _several_words(group: _Found) -> bool:
    """A group of single words only is no surface variant (that is what the name finder is for)."""
    return any(len(o.stream.norm[o.i:o.j]) >= 2 for r in group.renderings.values() for o in r.occurrences[:1])


def _spans(group: _Found) -> dict[tuple[int, int, int], str]:
    return {(o.stream.piece, o.i, o.j): r.key for r in group.renderings.values() for o in r.occurrences}


def _outermost(groups: list[_Found]) -> list[_Found]:
    """One group per variation: a group whose every occurrence sits inside another's with no
    fewer renderings is dropped, and so is a group whose occurrences all hold another's and
    differ from one another only inside it."""
    spans = [_spans(g) for g in groups]
    starts: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)  # (piece, i) -> (end, group)
    for index, group_spans in enumerate(spans):
        for piece, i, j in group_spans:
            starts[(piece, i)].append((j, index))
    inside = {index for index, group_spans in enumerate(spans) if _inside_another(index, group_spans, spans, groups)}
    kept = [k for k in range(len(groups)) if k not in inside]
    dropped = inside | {index for index in kept if _explained_by_inner(index, spans[index], starts, groups, kept)}
    return [g for k, g in enumerate(groups) if k not in dropped]


def _inside_another(index: int, own: dict, spans: list[dict], groups: list[_Found]) -> bool:
    size = len(groups[index].renderings)
    for other, other_spans in enumerate(spans):
        if other == index or len(groups[other].renderings) < size:
            continue
        if all(any(p == q and a <= i and j <= b and (a, b) != (i, j) for q, a, b in other_spans)
               for p, i, j in own):
            return True
    return False


def _explained_by_inner(index: int, own: dict, starts: dict, groups: list[_Found], candidates: list[int]) -> bool:
    for inner in candidates:
        if inner == index:
            continue
        residues = set()
        for (piece, i, j) in own:
            found = None
            for a in range(i, j):
                for b, g in starts.get((piece, a), ()):
                    if g == inner and b <= j and (a, b) != (i, j):
                        found = (a, b)
                        break
                if found:
                    break
            if found is None:
                break
            stream = _stream_of(groups[index], piece)
            residues.add((stream.surface(i, found[0]).casefold() if found[0] > i else "",
                          stream.surface(found[1], j).casefold() if j > found[1] else ""))
        else:
            if len(residues) == 1:
                return True
    return False


def _stream_of(group: _Found, piece: int) -> _Stream:
    return next(o.stream for r in group.renderings.values() for o in r.occurrences if o.stream.piece == piece)


# ---------------------------------------------------------------------------------------------
# names that differ in one token, and reordered names
# ---------------------------------------------------------------------------------------------

def _name_groups(streams: Sequence[_Stream]) -> list[_Found]:
    renderings: dict[str, _Rendering] = {}
    words_of: dict[str, list[str]] = {}
    camel = {stream.norm[k] for stream in streams for k in range(len(stream))
             if _CAMEL.search(stream.text.text, stream.start[k], stream.end[k])}
    for stream in streams:
        for i, j in _name_spans(stream):
            occurrence = _Occurrence(stream, i, j)
            key = rendering_key(stream.surface(i, j))
            renderings.setdefault(key, _Rendering(key)).occurrences.append(occurrence)
            words_of.setdefault(key, [w for w in stream.norm[i:j] if w not in CONNECTORS])
    # Names of one length that share their first or their last word are compared pairwise
    # (a bucket is a handful of names; a huge one is a generic word and is skipped).
    buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, words in words_of.items():
        by_words[tuple(words)].append(key)
        if len(words) >= 2:
            buckets[(words[0], len(words))].append(key)
            buckets[("<" + words[-1], len(words))].append(key)
    links: list[tuple[str, str]] = []
    for keys in buckets.values():
        if 2 <= len(keys) <= MAX_BUCKET:
            links += [(keys[x], keys[y]) for x in range(len(keys)) for y in range(x + 1, len(keys))
                      if _same_name(words_of[keys[x]], words_of[keys[y]], camel)]
    for key, words in words_of.items():  # one qualifier more: the name without it occurs too
        shorter_forms = [(*words[:k], *words[k + 1:]) for k in range(1, len(words) - 1) if words[k] in QUALIFIERS]
        for shorter in shorter_forms:
            if _distinctive(shorter) and not _person(shorter):
                links += [(key, other) for other in by_words.get(shorter, ())]
    return _outermost(_components(links, renderings, KIND_NAME))


def _distinctive(words: Sequence[str]) -> bool:
    return any(w not in GENERIC and w not in STOPWORDS and not w[:1].isdigit() and len(w) > 2 for w in words)


def _person(words: Sequence[str]) -> bool:
    return len(words) <= 3 and words[0] in SURNAMES and not any(w in GENERIC for w in words)


def _same_name(a: Sequence[str], b: Sequence[str], camel: frozenset[str] | set[str] = frozenset()) -> bool:
    """Two names of one thing: equal but for one token, which is a generic head of the same
    class or the same word spelled otherwise; the shared words say what it is. A differing
    token written in camel case ("XiangSuiker": words run together, spam) is no spelling."""
    if len(a) != len(b) or list(a) == list(b):
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    if len(diff) != 1:
        return False
    k = diff[0]
    shared = [w for n, w in enumerate(a) if n != k]
    if not _distinctive(shared) or _person(a) or _person(b):
        return False
    x, y = a[k], b[k]
    if x in camel or y in camel:
        return False
    if x in _HEAD_CLASS and _HEAD_CLASS.get(x) == _HEAD_CLASS.get(y):
        return k == len(a) - 1
    if min(len(x), len(y)) < 5:
        return False
    from rapidfuzz import fuzz

    if x in GENERIC or y in GENERIC or x in TITLES or y in TITLES:  # a typo of a generic word ("Distric") only
        return fuzz.ratio(x, y) >= TYPO_RATIO
    if same_stem(x, y):
        return False
    return fuzz.ratio(x, y) >= NAME_RATIO or x.endswith(y) or y.endswith(x)  # "Petrochemical"


def _reorder_groups(streams: Sequence[_Stream]) -> list[_Found]:
    """Names whose content words are the same in another order."""
    by_words: dict[tuple[str, ...], dict[str, _Rendering]] = defaultdict(dict)
    orders: dict[str, tuple[str, ...]] = {}
    for stream in streams:
        for s, e in _name_spans(stream):
            content = [w for w in stream.norm[s:e] if w not in CONNECTORS]
            if len(content) < 3 or len(set(content)) < 3 or "and" in stream.norm[s:e] or content[-1] in QUALIFIERS:
                continue
            key = rendering_key(stream.surface(s, e))
            rendering = by_words[tuple(sorted(content))].setdefault(key, _Rendering(key))
            rendering.occurrences.append(_Occurrence(stream, s, e))
            orders[key] = tuple(content)
    groups = [_Found(KIND_REORDER, dict(renderings)) for renderings in by_words.values()
              if len({orders[k] for k in renderings}) >= 2]
    return _outermost(groups)


def _components(links: Iterable[tuple[str, str]], renderings: dict[str, _Rendering], kind: str) -> list[_Found]:
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    members: dict[str, list[str]] = defaultdict(list)
    for key in {k for link in links for k in link}:
        members[root(key)].append(key)
    return [_Found(kind, {k: renderings[k] for k in sorted(keys)}) for keys in members.values() if len(keys) >= 2]


# ---------------------------------------------------------------------------------------------
# merging and output
# ---------------------------------------------------------------------------------------------

_KIND_RANK = {KIND_GLOSSARY: 0, KIND_NAME: 1, KIND_SURFACE: 2, KIND_REORDER: 3}


def _merged(groups: Sequence[_Found]) -> list[_Found]:
    """Groups that share a rendering become one; the kind of the strongest finder, the
    glossary term if one of them has it."""
    owner: dict[str, int] = {}
    parent = list(range(len(groups)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for index, group in enumerate(groups):
        for key in group.renderings:
            if key in owner:
                a, b = root(owner[key]), root(index)
                if a != b and not (groups[a].term and groups[b].term and groups[a].term != groups[b].term):
                    parent[b] = a
            else:
                owner[key] = index
    merged: dict[int, _Found] = {}
    for index, group in enumerate(groups):
        top = merged.setdefault(root(index), _Found(group.kind, {}, group.term))
        top.term = top.term or group.term
        top.kind = min(top.kind, group.kind, key=_KIND_RANK.__getitem__)
        for key, rendering in group.renderings.items():
            mine = top.renderings.setdefault(key, _Rendering(key))
            seen = {(o.stream.piece, o.i, o.j) for o in mine.occurrences}
            mine.occurrences += [o for o in rendering.occurrences if (o.stream.piece, o.i, o.j) not in seen]
    return list(merged.values())


def _group(found: _Found) -> Group:
    counts, locations = [], {}
    for rendering in found.renderings.values():
        text = rendering.display()
        counts.append((text, len(rendering.occurrences)))
        locations[text] = _locations(rendering.occurrences)
    return make_group(None, counts, found.term, found.kind, locations)


def _locations(occurrences: Sequence[_Occurrence]) -> tuple[Location, ...]:
    by_stream: dict[int, list[_Occurrence]] = defaultdict(list)
    for o in occurrences:
        by_stream[o.stream.piece].append(o)
    out = []
    for items in by_stream.values():
        items.sort(key=lambda o: o.i)
        stream = items[0].stream
        offsets = [stream.start[o.i] for o in items]
        out += [Location(stream.text.path, line, column) for line, column in stream.text.positions(offsets)]
    return tuple(sorted(set(out), key=lambda x: (x.path, x.line, x.column)))


def mine_english(texts: Sequence[Text], glossary: Glossary) -> list[Group]:
    """The groups of renderings that vary across ``texts`` (not ranked)."""
    streams = [_stream(n, t) for n, t in enumerate(texts) if is_article_text(t.text)]
    found = _glossary_groups(streams, glossary)
    found += _surface_groups(streams) + _name_groups(streams) + _reorder_groups(streams)
    groups = [_group(g) for g in _merged(found) if len(g.renderings) >= 2]
    return [g for g in groups if len({r.text.casefold() for r in g.renderings}) >= 2]


__all__ = ["Text", "expand_alternatives", "is_article_text", "mine_english", "rendering_key"]
