"""Write glossaries as TOML text that ``load.py`` reads back to the same terms.

Used by ``import`` and ``mine --emit-toml``; ``tomlkit`` does the quoting.
Keys come in the order a translator reads them: id, preferred, variants, ...
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mtfix.model import Glossary, Term


def term_fields(term: Term) -> list[tuple[str, object]]:
    """The keys of ``term`` worth writing, in reading order (defaults left out)."""
    fields: list[tuple[str, object]] = [("id", term.id), ("preferred", term.preferred),
                                        ("variants", list(term.variants))]
    fields += [(key, list(value)) for key, value in (("source", term.source), ("accepted", term.accepted),
                                                     ("exceptions", term.exceptions)) if value]
    if term.case_sensitive:
        fields.append(("case_sensitive", True))
    if not term.auto:
        fields.append(("auto", False))
    if term.context:
        fields.append(("context", list(term.context)))
    if term.note:
        fields.append(("note", term.note))
    if term.ref:
        fields.append(("ref", list(term.ref)))
    return fields


def term_toml(term: Term, comments: Sequence[str] = ()) -> str:
    """One ``[[term]]`` table, optionally preceded by ``# comment`` lines."""
    import tomlkit

    body = tomlkit.table()
    for key, value in term_fields(term):
        body.add(key, value)
    lines = [f"# {c}" if c else "#" for c in comments]
    return "\n".join([*lines, "[[term]]", tomlkit.dumps(body).rstrip("\n")]) + "\n"


def meta_toml(meta: Iterable[tuple[str, object]]) -> str:
    import tomlkit

    table = tomlkit.table()
    for key, value in meta:
        table.add(key, value)
    return "[meta]\n" + tomlkit.dumps(table) if len(table) else ""


def glossary_toml(glossary: Glossary, header: Sequence[str] = ()) -> str:
    """A whole glossary file: header comments, ``[meta]``, then the terms."""
    parts = ["".join(f"# {line}\n" if line else "#\n" for line in header), meta_toml(glossary.meta)]
    parts += [term_toml(term) for term in glossary.terms]
    return "\n".join(part for part in parts if part)
