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

# What kind of inconsistency a group is (JSON ``kind``).
KIND_BILINGUAL = "source"  # one Chinese source word rendered several ways
KIND_SURFACE = "surface"  # one phrase up to hyphens, spaces, commas, and/&, case, plural, joined words
KIND_NAME = "name"  # a multi-word name with one token spelled or headed differently
KIND_GLOSSARY = "glossary"  # renderings of one glossary term, known or recombined from its words
KIND_REORDER = "reorder"  # the same words reordered or cut ("starting area of municipal management")


@dataclass(frozen=True)
class Location:
    """Where a rendering occurs: file path, 1-based line and column."""

    path: str
    line: int
    column: int


@dataclass(frozen=True)
class Rendering:
    text: str
    count: int
    locations: tuple[Location, ...] = ()


@dataclass(frozen=True)
class Group:
    source: str | None
    renderings: tuple[Rendering, ...]
    score: float
    term: str | None = None  # the id of the glossary term the group extends
    kind: str = KIND_BILINGUAL

    def record(self) -> dict[str, object]:
        return {"source": self.source,
                "renderings": [{"text": r.text, "count": r.count,
                                "locations": [{"path": x.path, "line": x.line, "column": x.column}
                                              for x in r.locations]} for r in self.renderings],
                "score": self.score, "term": self.term, "kind": self.kind}

    @property
    def first(self) -> Location | None:
        """The group's first occurrence in reading order (file order, then line, column)."""
        return min((x for r in self.renderings for x in r.locations), default=None,
                   key=lambda x: (x.path, x.line, x.column))


def make_group(source: str | None, counts: Iterable[tuple[str, int]], term: str | None = None,
               kind: str = KIND_BILINGUAL,
               locations: dict[str, tuple[Location, ...]] | None = None) -> Group:
    """A group with renderings by falling count; the score grows with the minority share and the total."""
    where = locations or {}
    renderings = tuple(sorted((Rendering(t, c, where.get(t, ())) for t, c in counts),
                              key=lambda r: (-r.count, r.text)))
    total = sum(r.count for r in renderings)
    minority = total - renderings[0].count if renderings else 0
    score = round(minority / total * math.log2(1 + total), 3) if total else 0.0
    return Group(source, renderings, score, term, kind)


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
    """Each group: what it is (source word or kind), its score, the glossary term it extends;
    then each rendering with its count and first place."""
    lines = []
    for group in groups:
        known = group.term or (known.id if glossary and (known := known_term(group, glossary)) else None)
        head = f"{group.source or '(English)'}  {group.kind}  score {group.score}"
        lines.append(head + (f"  [glossary term {known}]" if known else ""))
        for r in group.renderings:
            where = f"  {r.locations[0].path}:{r.locations[0].line}:{r.locations[0].column}" if r.locations else ""
            lines.append(f"    {r.count:>5}  {r.text}{where}")
    return "\n".join(lines) + ("\n" if lines else "")


HEADER = ("# Mined by `mtfix glossary mine --emit-toml`. For each term, check that 'preferred' is the\n"
          "# rendering you approve (the most frequent one is proposed); a group that extends a term\n"
          "# added its new renderings to that term's variants.\n")


def _known_forms(term: Term) -> set[str]:
    from mtfix.engine.forms import plural_of

    return {canonical_key(f) for p in (term.preferred, *term.accepted, *term.variants)
            for f in (p, plural_of(p)) if f}


def emit_groups(text: str, path: str, groups: Sequence[Group], glossary: Glossary | None = None) -> str:
    """``text`` (a glossary file, or "" for a new one) with every group written in:

    - a group that extends a glossary term adds its new renderings to that term's variants
      (merged into the term in this file, keeping comments and layout, as ``glossary add``
      does; a term of another glossary gets a ``[[term]]`` here with its id and preferred form);
    - a group the glossary already covers becomes a comment;
    - any other group becomes a new term, its commonest rendering proposed as preferred.

    A group whose change lint refuses stays out, as a comment saying why.
    """
    from mtfix.glossary.edit import ConflictError, TermChange, add_term

    by_id = {t.id: t for t in glossary.terms} if glossary else {}
    out = text if text.strip() else HEADER
    for group in groups:
        term = by_id.get(group.term or "") or (known_term(group, glossary) if glossary else None)
        counts = ", ".join(f"{r.text} ({r.count})" for r in group.renderings)
        label = group.source or group.renderings[0].text
        if term is not None:
            known = _known_forms(term)
            new = tuple(r.text for r in group.renderings if canonical_key(r.text) not in known)
            if not new:
                out = _comment(out, f'{label}: already in the glossary as term "{term.id}"')
                continue
            change = TermChange(preferred=term.preferred, variants=new, id=term.id,
                                source=term.source)
        else:
            change = TermChange(preferred=group.renderings[0].text,
                                variants=tuple(r.text for r in group.renderings[1:]),
                                source=(group.source,) if group.source else ())
        try:
            out, _ = add_term(out, path, change)
        except ConflictError as exc:
            out = _comment(out, f"{label}: not added ({counts}): {exc.problems[0].message}")
    return out


def _comment(text: str, line: str) -> str:
    return text + ("" if text.endswith("\n") else "\n") + "# " + " ".join(line.split()) + "\n"


def groups_toml(groups: Sequence[Group], glossary: Glossary | None = None) -> str:
    """The groups as a new glossary file (``--emit-toml -``)."""
    return emit_groups("", "<mined>", groups, glossary)
