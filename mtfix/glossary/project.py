"""The project glossary: the one file that teaching (``mtfix review``) writes to.

Which file: the first ``-g`` glossary; else the first glossary of the nearest
``mtfix.toml`` / ``[tool.mtfix]`` that is not the bundled one; else a new
``mtfix-glossary.toml`` in the current folder, with an ``mtfix.toml`` whose
``glossaries`` list names it and keeps the bundled glossary (``"default"``),
so that every later run reads what was taught.

Every write goes through ``glossary.edit`` (tomlkit: comments and layout
kept), is refused when lint finds a new error, and is atomic. Each returns a
``Snapshot`` of the bytes it replaced, which ``restore`` puts back exactly
(a file the write created is removed again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mtfix.config import DEFAULT_NAME, build_config, find_config
from mtfix.engine.canon import canonical_key
from mtfix.errors import GlossaryError
from mtfix.formats.atomic import write_bytes_atomic
from mtfix.glossary.edit import TermChange, _checked, add_term
from mtfix.glossary.load import default_glossary_path, parse_glossary, read_glossary_file
from mtfix.model import Glossary, Term

PROJECT_GLOSSARY = "mtfix-glossary.toml"
CONFIG_NAME = "mtfix.toml"
_CONFIG_TEXT = ('# mtfix configuration. Glossaries are read in this order; "default" is the\n'
                '# bundled glossary. mtfix review writes what you teach it to the first one.\n'
                f'glossaries = ["{PROJECT_GLOSSARY}", "{DEFAULT_NAME}"]\n')


@dataclass(frozen=True)
class ProjectGlossary:
    """The glossary file written, and the config file that must name it (None: it is named already)."""

    path: Path
    config: Path | None = None
    flags: tuple[str, ...] = ()  # the -g files, if any: they are what is read
    cwd: Path | None = None

    def glossaries(self) -> list[str]:
        """The glossary files a run reads, as it would once this glossary is written."""
        if self.flags:
            return list(self.flags)
        if self.config is not None and not self.config.exists():
            return [*([str(self.path)] if self.path.exists() else []), str(default_glossary_path())]
        return list(build_config(None, cwd=self.cwd).glossaries)

    def load(self) -> Glossary:
        from mtfix.glossary.load import load_glossaries

        return load_glossaries(self.glossaries())

    def terms(self) -> tuple[Term, ...]:
        """The terms the project glossary itself holds (none before it exists)."""
        return parse_glossary(_read_text(self.path), str(self.path)).terms if self.path.exists() else ()


Snapshot = tuple[tuple[Path, bytes | None], ...]  # files and their bytes before a write (None: absent)


def _is_bundled(path: str) -> bool:
    return Path(path).resolve() == default_glossary_path().resolve()


def find_project_glossary(flags: Sequence[str] | None = None, cwd: Path | None = None) -> ProjectGlossary:
    """Where taught terms go (see the module docstring)."""
    folder = (cwd or Path.cwd()).resolve()
    if flags:
        if _is_bundled(flags[0]):
            raise GlossaryError("the bundled glossary is not written to; name your own glossary "
                                "first with -g", flags[0])
        return ProjectGlossary(Path(flags[0]).resolve(), None, tuple(flags), folder)
    config = build_config(None, cwd=folder)
    own = [g for g in config.glossaries if not _is_bundled(g)]
    if config.source is not None and own:
        return ProjectGlossary(Path(own[0]), None, (), folder)
    found = find_config(folder)
    where = found[0] if found is not None else folder / CONFIG_NAME
    return ProjectGlossary(where.parent / PROJECT_GLOSSARY, where, (), folder)


def _read_text(path: Path) -> str:
    return read_glossary_file(str(path)) if path.exists() else ""


def _config_text(config: Path) -> str:
    """The config file naming the project glossary first, keeping the bundled one and every comment."""
    if not config.exists():
        return _CONFIG_TEXT
    import tomlkit

    doc = tomlkit.parse(config.read_text(encoding="utf-8-sig"))
    table = doc
    if config.name == "pyproject.toml":
        table = doc.setdefault("tool", tomlkit.table()).setdefault("mtfix", tomlkit.table())
    names = table.get("glossaries")
    if names is None:
        table["glossaries"] = [PROJECT_GLOSSARY, DEFAULT_NAME]
    elif PROJECT_GLOSSARY not in names:
        table["glossaries"] = _named_first(names)
    return tomlkit.dumps(doc)


def _named_first(names: Any) -> Any:
    """The ``glossaries`` array with the project glossary first (and the bundled one kept)."""
    import tomlkit

    rest = list(names) or [DEFAULT_NAME]
    if "\n" in names.as_string():  # one name a line: insert, keeping that layout
        names.insert(0, PROJECT_GLOSSARY)
        return names
    array = tomlkit.array()
    array.extend([PROJECT_GLOSSARY, *rest])
    array.trivia.comment_ws, array.trivia.comment = names.trivia.comment_ws, names.trivia.comment
    return array


def snapshot(paths: Sequence[Path]) -> Snapshot:
    return tuple((p, p.read_bytes() if p.exists() else None) for p in paths)


def restore(saved: Snapshot) -> None:
    """Put every file of ``saved`` back as it was, byte for byte (remove those that were absent)."""
    for path, data in saved:
        if data is None:
            path.unlink(missing_ok=True)
        else:
            write_bytes_atomic(str(path), data)


def _write(project: ProjectGlossary, text: str, new: str) -> Snapshot:
    """Write ``new`` over the project glossary's ``text`` (and the config naming it)."""
    config = project.config
    needs_config = config is not None and PROJECT_GLOSSARY not in _named(config)
    saved = snapshot([project.path, *([config] if needs_config and config else [])])
    bom = b"\xef\xbb\xbf" if saved[0][1] is not None and saved[0][1].startswith(b"\xef\xbb\xbf") else b""
    write_bytes_atomic(str(project.path), bom + new.encode("utf-8"))
    if needs_config and config is not None:
        write_bytes_atomic(str(config), _config_text(config).encode("utf-8"))
    return saved


def _named(config: Path) -> list[str]:
    found = find_config(config.parent) if config.exists() else None
    if found is None or found[0] != config:
        return []
    names = found[1].get("glossaries", [])
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def _term_in(project: ProjectGlossary, term_id: str) -> tuple[str, int, Term]:
    """The project glossary's text and the index and value of its term ``term_id``."""
    text = _read_text(project.path)
    terms = parse_glossary(text, str(project.path)).terms if text.strip() else ()
    for index, term in enumerate(terms):
        if term.id == term_id:
            return text, index, term
    raise GlossaryError(f'term "{term_id}" is not in the project glossary (it is written only there; '
                        f'add a term of your own, or edit the glossary that holds it)', str(project.path))


def add_new_term(project: ProjectGlossary, preferred: str, variants: Sequence[str], term_id: str = "") -> Snapshot:
    """Write a new term (or merge into the project glossary's term with this preferred form)."""
    text = _read_text(project.path)
    if term_id and any(t.id == term_id or canonical_key(t.preferred) == canonical_key(preferred)
                       for t in project.terms()):
        term_id = ""  # merged into it by its preferred form
    new, action = add_term(text, str(project.path), TermChange(preferred.strip(), tuple(variants), id=term_id))
    if action == "unchanged":
        raise GlossaryError(f'"{preferred}" already has these variants', str(project.path))
    return _write(project, text, new)


def add_variants(project: ProjectGlossary, term_id: str, variants: Sequence[str]) -> Snapshot:
    """Write ``variants`` into the project glossary's term ``term_id``."""
    text, _, term = _term_in(project, term_id)
    new, action = add_term(text, str(project.path), TermChange(term.preferred, tuple(variants)))
    if action == "unchanged":
        raise GlossaryError(f'term "{term_id}" already has {", ".join(map(repr, variants))}', str(project.path))
    return _write(project, text, new)


def extend_term(project: ProjectGlossary, base: Term, variants: Sequence[str] = (),
                exceptions: Sequence[str] = ()) -> Snapshot:
    """Teach a term of another glossary (the bundled one): the project glossary gets a term with
    its id and preferred form holding only what is new (``load.merge_by_id`` merges the two), or
    its existing such term gains them. Lint runs over every glossary in use, so an exception is
    checked against the variants of the whole term."""
    if any(t.id == base.id for t in project.terms()):
        saved: Snapshot = ()
        if variants:
            saved = add_variants(project, base.id, variants)
        for phrase in exceptions:
            saved = saved or snapshot([project.path])
            add_exception(project, base.id, phrase, others=_others_in_use(project))
        return saved
    from mtfix.glossary.edit import _append_text

    text = _read_text(project.path)
    terms = parse_glossary(text, str(project.path)).terms if text.strip() else ()
    extension = Term(preferred=base.preferred, variants=tuple(v.strip() for v in variants), id=base.id,
                     exceptions=tuple(e.strip() for e in exceptions))
    new = _checked(str(project.path), text, _append_text(text, extension), (*terms, extension),
                   _others_in_use(project))
    return _write(project, text, new)


def _others_in_use(project: ProjectGlossary) -> list[str]:
    """The glossaries read with the project glossary: an extension of their term is linted with them."""
    return [g for g in project.glossaries() if Path(g).resolve() != project.path.resolve()]


def add_exception(project: ProjectGlossary, term_id: str, phrase: str, others: Sequence[str] = ()) -> Snapshot:
    """Write ``phrase`` into the exceptions of the project glossary's term ``term_id``."""
    import tomlkit

    text, index, term = _term_in(project, term_id)
    phrase = phrase.strip()
    if canonical_key(phrase) in {canonical_key(e) for e in term.exceptions}:
        raise GlossaryError(f'term "{term_id}" already has the exception "{phrase}"', str(project.path))
    doc = tomlkit.parse(text)
    table = doc["term"][index]  # type: ignore[index]
    if "exceptions" in table:
        table["exceptions"].append(phrase)
    else:
        table["exceptions"] = [phrase]
    parsed = parse_glossary(text, str(project.path)).terms
    expected = (*parsed[:index], replace(term, exceptions=(*term.exceptions, phrase)), *parsed[index + 1:])
    return _write(project, text, _checked(str(project.path), text, tomlkit.dumps(doc), expected, others))
