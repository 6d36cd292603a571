"""Mined groups of inconsistent renderings: the model, the output, the input.

A ``Group`` is one concept (a Chinese source word, or ``None`` for English
only input) with two or more renderings and a suspicion score. The finders
live in ``align`` (bilingual: co-occurrence statistics) and ``phrases``
(monolingual: variant phrases of one concept), ``mining`` reads the input
files; this module ranks the groups and writes them as text, JSON or
ready-to-edit ``[[term]]`` tables.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mtfix.engine.canon import canonical_key, is_cjk
from mtfix.model import Glossary, Term


@dataclass(frozen=True)
class Rendering:
    text: str
    count: int


@dataclass(frozen=True)
class Group:
    source: str | None
    renderings: tuple[Rendering, ...]
    score: float

    def record(self) -> dict[str, object]:
        return {"source": self.source,
                "renderings": [{"text": r.text, "count": r.count} for r in self.renderings],
                "score": self.score}


def make_group(source: str | None, counts: Iterable[tuple[str, int]]) -> Group:
    """A group with renderings by falling count; the score grows with the minority share and the total."""
    renderings = tuple(sorted((Rendering(t, c) for t, c in counts), key=lambda r: (-r.count, r.text)))
    total = sum(r.count for r in renderings)
    minority = total - renderings[0].count if renderings else 0
    score = round(minority / total * math.log2(1 + total), 3) if total else 0.0
    return Group(source, renderings, score)


def ranked(groups: Iterable[Group]) -> list[Group]:
    kept = [g for g in groups if len(g.renderings) >= 2]
    return sorted(kept, key=lambda g: (-g.score, -sum(r.count for r in g.renderings), g.source or ""))


def is_bilingual(path: str, data: bytes) -> bool:
    """TSV whose first column is Chinese; anything else is read as English text."""
    if path.lower().endswith((".tsv", ".tab")):
        return True
    lines = [line for line in data[:65536].decode("utf-8", "replace").splitlines() if line.strip()][:200]
    tabbed = [line for line in lines if "\t" in line]
    return bool(lines) and len(tabbed) >= 0.8 * len(lines) and any(
        any(is_cjk(c) for c in line.split("\t", 1)[0]) for line in tabbed)


def known_term(group: Group, glossary: Glossary) -> Term | None:
    """The glossary term that already covers every rendering of ``group``, if any."""
    keys = {canonical_key(r.text) for r in group.renderings}
    for term in glossary.terms:
        phrases = {canonical_key(p) for p in (term.preferred, *term.variants, *term.accepted)}
        if keys <= phrases or (group.source and group.source in term.source and keys & phrases):
            return term
    return None


def groups_json(groups: Sequence[Group]) -> str:
    return json.dumps([g.record() for g in groups], ensure_ascii=False, indent=2)


def format_groups(groups: Sequence[Group], glossary: Glossary | None = None) -> str:
    lines = []
    for group in groups:
        known = known_term(group, glossary) if glossary else None
        head = f"{group.source or '(English)'}  score {group.score}"
        lines.append(head + (f"  [glossary term {known.id}]" if known else ""))
        lines += [f"    {r.count:>5}  {r.text}" for r in group.renderings]
    return "\n".join(lines) + ("\n" if lines else "")


def groups_toml(groups: Sequence[Group], glossary: Glossary | None = None) -> str:
    """``[[term]]`` tables to paste into a glossary: the commonest rendering as preferred, to be checked."""
    from mtfix.glossary.dump import term_toml

    blocks = ["# Mined by `mtfix glossary mine --emit-toml`. For each term, check that 'preferred' is the\n"
              "# rendering you approve (the most frequent one is proposed), then paste it into a glossary.\n"]
    for group in groups:
        known = known_term(group, glossary) if glossary else None
        if known is not None:
            blocks.append(f"# {group.source or group.renderings[0].text}: already in the glossary "
                          f"as term \"{known.id}\"\n")
            continue
        counts = ", ".join(f"{r.text} ({r.count})" for r in group.renderings)
        term = Term(preferred=group.renderings[0].text, variants=tuple(r.text for r in group.renderings[1:]),
                    source=(group.source,) if group.source else ())
        blocks.append(term_toml(term, [f"mined: {counts}; score {group.score}"]))
    return "\n".join(blocks)
