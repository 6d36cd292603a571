"""TBX (ISO 30042) termbases: read v2 (``martif``) and v3 (``tbx``), write TBX-Basic v3.

One concept entry is one term. In the target language the first preferred
term is ``preferred``, admitted ones (and further preferred ones) are
``accepted``, deprecated and superseded ones are ``variants``; the terms of
the source language are ``source``. Status comes from ``administrativeStatus``
(TBX-Basic), ``normativeAuthorization`` (older TBX) or ``usageStatus``
(TBX-Min), as a ``termNote`` or as an element of that name (DCT style). What
TBX has no category for (exceptions, case sensitivity, ``auto = false``, an
id that is not an XML name) travels in target-language ``note`` elements with
an ``mtfix-`` prefix, so export and import give back the same terms. A term's
``ref`` URLs are ``xref type="externalCrossReference"`` on the preferred term
(read from anywhere in the target language section or the concept entry). Definitions
(``descrip type="definition"``, also inside a ``descripGrp`` or the target
language section, or the DCT-style ``<basic:definition>``) and notes become the
term's note, their whitespace collapsed (a file's indentation is no part of it).
DCT-style data categories (``<basic:administrativeStatus>``, ``<min:usageStatus>``,
``<basic:externalCrossReference>``) read like their DCA forms. An empty ``<term>``
is skipped with a warning. The language tags of the sections read (``en-US``) are
kept as they came, so an export writes them back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mtfix.errors import InputError
from mtfix.formats.safexml import parse_xml
from mtfix.glossary.load import term_problem
from mtfix.model import Glossary, Origin, Term

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS_TYPES = {"administrativeStatus", "normativeAuthorization", "usageStatus"}
_PREFERRED = {"preferredterm", "preferred", "standardizedterm"}
_ADMITTED = {"admittedterm", "admitted"}
_DEPRECATED = {"deprecatedterm", "supersededterm", "notrecommended", "obsolete", "deprecated", "superseded"}
_EXCEPTION, _CASE, _ID, _MANUAL = "mtfix-exception: ", "mtfix-case-sensitive", "mtfix-id: ", "mtfix-auto: false"
_CONTEXT = "mtfix-context: "
_REF_TYPES = {None, "externalCrossReference", "xSource"}
_XML_NAME = re.compile(r"[^\W\d][\w.\-]*")  # xsd:ID, which conceptEntry/@id must be
_RNG = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
        "TBXcoreStructV03_TBX-Basic_integrated.rng")


def _name(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Any, *names: str) -> Iterator[Any]:
    return (child for child in element if _name(child) in names)


def _text(element: Any) -> str:
    return "".join(element.itertext()).strip()


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _lang(element: Any) -> str:
    return (element.get(XML_LANG) or element.get("lang") or "").strip()


def _matches(lang: str, wanted: str) -> bool:
    return lang.lower().replace("_", "-").split("-")[0] == wanted.lower().split("-")[0]


def _status(group: Any) -> str:
    """``preferred``, ``admitted`` or ``deprecated`` for a tig/ntig/termSec."""
    for element in group.iter():
        name = _name(element)
        if (name == "termNote" and element.get("type") in _STATUS_TYPES) or name in _STATUS_TYPES:
            value = "".join(_text(element).lower().replace("-admn-sts", "").split())
            if value in _PREFERRED:
                return "preferred"
            if value in _DEPRECATED:
                return "deprecated"
    return "admitted"


@dataclass
class _Concept:
    line: int | None
    id: str = ""
    preferred: list[str] = field(default_factory=list)
    admitted: list[str] = field(default_factory=list)
    deprecated: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    case_sensitive: bool = False
    refs: list[str] = field(default_factory=list)
    auto: bool = True
    context: list[str] = field(default_factory=list)
    langs: dict[str, str] = field(default_factory=dict)  # "source"/"target" -> the xml:lang as written
    warnings: list[str] = field(default_factory=list)


def _terms(section: Any, path: str, warnings: list[str]) -> Iterator[tuple[str, str]]:
    """(term text, status) of each term group in a langSet/langSec; an empty one is skipped with a warning."""
    for group in _children(section, "tig", "ntig", "termSec"):
        term = next((e for e in group.iter() if _name(e) == "term"), None)
        if term is None or not _text(term):
            what = "an empty <term>" if term is not None else "no <term>"
            warnings.append(f"{path}:{group.sourceline}: skipped a <{_name(group)}> with {what} "
                            f"({_lang(section) or 'no language'})")
            continue
        yield _text(term), _status(group)


def _notes(element: Any) -> Iterator[str]:
    """Texts of the notes and definitions directly in ``element`` or in its ``descripGrp``s."""
    for child in element:
        name = _name(child)
        if name in ("note", "definition") or (name == "descrip" and child.get("type") == "definition"):
            yield _collapsed(_text(child))
        elif name == "descripGrp":
            yield from (n for n in _notes(child) if n)


def _refs(elements: Iterable[Any]) -> Iterator[str]:
    """The URLs of the external references (``xref``) among ``elements``."""
    for element in elements:
        name = _name(element)
        if (name == "xref" and element.get("type") in _REF_TYPES) or name in ("externalCrossReference", "xSource"):
            url = (element.get("target") or _text(element)).strip()
            if url:
                yield url


def _read_target(concept: _Concept, section: Any, path: str) -> None:
    concept.refs += _refs(section.iter())
    for text, status in _terms(section, path, concept.warnings):
        {"preferred": concept.preferred, "admitted": concept.admitted,
         "deprecated": concept.deprecated}[status].append(text)
    for text in _notes(section):
        if text.startswith(_EXCEPTION):
            concept.exceptions.append(text[len(_EXCEPTION):].strip())
        elif text.startswith(_CONTEXT):
            concept.context.append(text[len(_CONTEXT):].strip())
        elif text.startswith(_ID):
            concept.id = text[len(_ID):].strip()
        elif text == _CASE:
            concept.case_sensitive = True
        elif text == _MANUAL:
            concept.auto = False
        elif text:
            concept.notes.append(text)


def _concept(entry: Any, path: str, source_lang: str, target_lang: str) -> _Concept:
    concept = _Concept(entry.sourceline, (entry.get("id") or "").strip(), notes=list(_notes(entry)),
                       refs=list(_refs(entry)))
    for element in entry:
        name = _name(element)
        if name in ("langSet", "langSec") and _matches(_lang(element), target_lang):
            concept.langs.setdefault("target", _lang(element))
            _read_target(concept, element, path)
        elif name in ("langSet", "langSec") and _matches(_lang(element), source_lang):
            concept.langs.setdefault("source", _lang(element))
            concept.source += [text for text, _ in _terms(element, path, concept.warnings)]
    return concept


def _term(concept: _Concept) -> Term | None:
    preferred = concept.preferred + concept.admitted
    if not preferred:
        return None
    return Term(preferred=preferred[0], variants=tuple(dict.fromkeys(concept.deprecated)),
                id=concept.id, source=tuple(dict.fromkeys(concept.source)),
                note=next((n for n in concept.notes if n), ""), case_sensitive=concept.case_sensitive,
                exceptions=tuple(concept.exceptions), accepted=tuple(dict.fromkeys(preferred[1:])),
                ref=tuple(dict.fromkeys(concept.refs)), auto=concept.auto,
                context=tuple(dict.fromkeys(concept.context)), origin=Origin("", concept.line))


def _entries(root: Any, path: str) -> Iterator[Any]:
    if _name(root) not in ("martif", "tbx"):
        raise InputError(f"not a TBX file: the root element is <{_name(root)}>, not <tbx> or <martif>",
                         path, root.sourceline)
    return (e for e in root.iter() if _name(e) in ("termEntry", "conceptEntry"))


def read_tbx(data: bytes, path: str, source_lang: str = "zh",
             target_lang: str = "en") -> tuple[Glossary, list[str]]:
    """The glossary in a TBX file, and ``FILE:LINE:`` warnings for concepts left out."""
    from dataclasses import replace

    root = parse_xml(data, path)
    terms, warnings, first = [], [], None
    langs: dict[str, str] = {}  # the language tags of the first concept read, as written
    for entry in _entries(root, path):
        first = entry if first is None else first
        concept = _concept(entry, path, source_lang, target_lang)
        warnings += concept.warnings
        term = _term(concept)
        if term is None:
            what = "only deprecated" if concept.deprecated else "no"
            warnings.append(f"{path}:{concept.line}: skipped concept {concept.id or '(no id)'}: it has {what} "
                            f"'{target_lang}' terms, so there is no preferred form")
            continue
        refused = term_problem(term)
        if refused is not None:  # the concept, not the TOML it would become, is what to correct
            raise InputError(refused[1], path, concept.line)
        terms.append(replace(term, origin=Origin(path, concept.line)))
        langs = langs or concept.langs
    if first is not None and not terms:
        languages = sorted({_lang(e) for e in root.iter() if _name(e) in ("langSet", "langSec")} - {""})
        raise InputError(f"no concept has a '{target_lang}' term to use as preferred form (languages in this "
                         f"file: {', '.join(languages) or 'none'}); choose them with --source-lang and "
                         f"--target-lang", path, first.sourceline)
    meta = (("source_lang", langs.get("source", source_lang)), ("target_lang", langs.get("target", target_lang)))
    return Glossary(tuple(terms), meta, (path,)), warnings


def _status_note(maker: Any, status: str) -> Any:
    note = maker.termNote(f"{status}-admn-sts")
    note.set("type", "administrativeStatus")
    return note


def _lang_sec(maker: Any, lang: str, terms: Iterable[tuple[str, str | None]]) -> Any:
    section = maker.langSec()
    section.set(XML_LANG, lang)
    for text, status in terms:
        section.append(maker.termSec(maker.term(text), *([_status_note(maker, status)] if status else [])))
    return section


def _concept_entry(maker: Any, term: Term, source_lang: str, target_lang: str) -> Any:
    entry = maker.conceptEntry(id=term.id if _XML_NAME.fullmatch(term.id) else f"_{term.id}")
    if term.note:
        entry.append(maker.note(term.note))
    if term.source:
        entry.append(_lang_sec(maker, source_lang, ((s, None) for s in term.source)))
    target = [(term.preferred, "preferredTerm"), *((a, "admittedTerm") for a in term.accepted),
              *((v, "deprecatedTerm") for v in term.variants)]
    section = _lang_sec(maker, target_lang, target)
    for url in term.ref:  # where the preferred term is attested: on its termSec
        section[0].append(maker.xref(url, type="externalCrossReference", target=url))
    notes = [_EXCEPTION + e for e in term.exceptions] + ([_CASE] if term.case_sensitive else [])
    notes += [] if term.auto else [_MANUAL]
    notes += [_CONTEXT + c for c in term.context]
    notes += [] if _XML_NAME.fullmatch(term.id) else [_ID + term.id]
    for index, note in enumerate(notes):
        section.insert(index, maker.note(note))
    entry.append(section)
    return entry


def write_tbx(glossary: Glossary, source_lang: str = "zh", target_lang: str = "en") -> bytes:
    """TBX-Basic v3 (DCA style) that ``read_tbx`` reads back to the same terms."""
    from lxml import etree
    from lxml.builder import ElementMaker

    maker = ElementMaker(namespace=TBX_NS, nsmap={None: TBX_NS})
    title = dict(glossary.meta).get("name") or "mtfix glossary"
    header = maker.tbxHeader(maker.fileDesc(maker.sourceDesc(maker.p(f"{title} (exported by mtfix)"))))
    body = maker.body(*(_concept_entry(maker, t, source_lang, target_lang) for t in glossary.terms))
    root = maker.tbx(header, maker.text(body), type="TBX-Basic", style="dca")
    root.set(XML_LANG, target_lang)
    pi = etree.ProcessingInstruction(
        "xml-model", f'href="{_RNG}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"')
    root.addprevious(pi)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
