"""XLIFF 1.2 and 2.x: each unit's ``target`` is a segment, its ``source`` the evidence.

1.2: ``<trans-unit id>`` with ``<source>``/``<target>`` children (``alt-trans``
suggestions are left alone). 2.x: ``<unit id>`` holding ``<segment>`` elements,
each with ``<source>``/``<target>``. Inline markup (``<g>``, ``<x/>``, ``<pc>``,
``<mrk>``...) stays where it is; text between and inside it is matched, and the
native code inside ``<bpt>``, ``<ept>``, ``<ph>``, ``<it>`` is never touched.
Units marked ``translate="no"`` (on themselves or an enclosing group or file) are
not translations and are left out.

Vendor flavours are XLIFF 1.2 with extra elements and attributes, all left as
they are: in segmented units (Trados ``.sdlxliff``, with ``<seg-source>``) each
``<mrk mtype="seg" mid>`` of the target is a segment, its source the ``<mrk>`` of
the same ``mid`` in ``<seg-source>``, and segments locked in ``sdl:seg-defs`` are
left out; memoQ's ``mq:`` attributes are never updated.
"""

from __future__ import annotations

from typing import Any

from mtfix.formats.base import Segment
from mtfix.formats.spans import Piece, SpanDocument
from mtfix.formats.xmldoc import XmlFile, document, element_text, read_xml, target_segment
from mtfix.formats.xmlscan import local_name


def _child(element: Any, name: str) -> Any:
    for child in element:
        if isinstance(child.tag, str) and local_name(child.tag) == name:
            return child
    return None


def _children(element: Any, name: str) -> list[Any]:
    return [c for c in element if isinstance(c.tag, str) and local_name(c.tag) == name]


def _translatable(element: Any) -> bool:
    """No ``translate="no"`` on the unit or, inherited, on its group or file."""
    while element is not None:
        value = element.get("translate")
        if value is not None:
            return value != "no"
        element = element.getparent()
    return True


def _pair(xml: XmlFile, holder: Any, ref: str) -> tuple[Segment, list[Piece]] | None:
    target = _child(holder, "target")
    if target is None:
        return None
    source = _child(holder, "source")
    return target_segment(xml, target, element_text(xml, source) if source is not None else "", ref)


def _units_1(xml: XmlFile) -> list[tuple[Segment, list[Piece]]]:
    units = [u for u in xml.root.iter()
             if isinstance(u.tag, str) and local_name(u.tag) == "trans-unit" and _translatable(u)]
    return [part for unit in units for part in _unit_parts(xml, unit)]


def _unit_parts(xml: XmlFile, unit: Any) -> list[tuple[Segment, list[Piece]]]:
    ref = unit.get("id") or f"line {unit.sourceline}"
    target = _child(unit, "target")
    if target is None:
        return []
    marks = _seg_marks(target) if len(target) else []
    if not marks:
        source = _child(unit, "source")
        return [target_segment(xml, target, element_text(xml, source) if source is not None else "", ref)]
    seg_source = _child(unit, "seg-source")
    sources = {m.get("mid"): m for m in _seg_marks(seg_source)} if seg_source is not None else {}
    whole, locked = _child(unit, "source"), _locked(unit)
    parts = []
    for mark in marks:
        mid = mark.get("mid", "")
        if mid in locked:
            continue
        source = sources.get(mid, whole)
        parts.append(target_segment(xml, mark, element_text(xml, source) if source is not None else "",
                                    f"{ref}/{mid}" if len(marks) > 1 else ref))
    return parts


def _seg_marks(element: Any) -> list[Any]:
    """Segmented XLIFF (``seg-source``, Trados and Okapi): ``<mrk mtype="seg" mid>`` per sentence."""
    return [m for m in element.iter()
            if isinstance(m.tag, str) and local_name(m.tag) == "mrk" and m.get("mtype") == "seg"]


def _locked(unit: Any) -> set[str]:
    """The segments Trados marks ``locked="true"`` in ``sdl:seg-defs``: not to be edited."""
    return {seg.get("id", "") for seg in unit.iter()
            if isinstance(seg.tag, str) and local_name(seg.tag) == "seg" and seg.get("locked") == "true"}


def _units_2(xml: XmlFile) -> list[tuple[Segment, list[Piece]]]:
    parts = []
    for unit in (u for u in xml.root.iter()
                 if isinstance(u.tag, str) and local_name(u.tag) == "unit" and _translatable(u)):
        segments = _children(unit, "segment")
        unit_id = unit.get("id") or f"line {unit.sourceline}"
        for number, holder in enumerate(segments, 1):
            name = holder.get("id") or str(number)
            part = _pair(xml, holder, unit_id if len(segments) == 1 else f"{unit_id}/{name}")
            if part is not None:
                parts.append(part)
    return parts


def load(path: str) -> SpanDocument:
    xml = read_xml(path, "xliff", "an XLIFF")
    version = xml.root.get("version", "1.2")
    parts = _units_2(xml) if version.startswith("2") else _units_1(xml)
    return document(xml, parts)
