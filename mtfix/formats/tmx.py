"""TMX 1.4: in each ``<tu>``, the ``<tuv>`` in the source language is the source and
every other ``<tuv>``'s ``<seg>`` is a target.

The source language is the ``<tu>``'s own ``srclang``, else the header's (an
exact match first, else the same primary language: ``zh-TW`` for ``zh-CN``); when
that is ``*all*``, the first Chinese ``<tuv>`` (else the first one) is the source.
"""

from __future__ import annotations

from typing import Any

from mtfix.formats.base import Segment
from mtfix.formats.spans import Piece, SpanDocument
from mtfix.formats.xmldoc import XmlFile, document, element_text, read_xml, target_segment
from mtfix.formats.xmlscan import local_name

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _elements(parent: Any, name: str) -> list[Any]:
    return [c for c in parent if isinstance(c.tag, str) and local_name(c.tag) == name]


def _lang(tuv: Any) -> str:
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower().replace("_", "-")


def _same_language(lang: str, wanted: str) -> bool:
    """Same primary language: a zh-TW unit in a zh-CN memory is still Chinese."""
    return lang.split("-")[0] == wanted.split("-")[0]


def _source_tuv(tuvs: list[Any], srclang: str) -> Any:
    if srclang and srclang != "*all*":
        exact = [t for t in tuvs if _lang(t) == srclang]
        close = [t for t in tuvs if _same_language(_lang(t), srclang)]
        return (exact or close or [None])[0]
    chinese = [t for t in tuvs if _lang(t).startswith("zh")]
    return (chinese or tuvs or [None])[0]


def _unit(xml: XmlFile, tu: Any, srclang: str, number: int) -> list[tuple[Segment, list[Piece]]]:
    tuvs = _elements(tu, "tuv")
    source_tuv = _source_tuv(tuvs, (tu.get("srclang") or srclang).lower().replace("_", "-"))
    source_seg = _elements(source_tuv, "seg") if source_tuv is not None else []
    source = element_text(xml, source_seg[0]) if source_seg else ""
    ref = tu.get("tuid") or f"tu {number}"
    parts = []
    for tuv in tuvs:
        segs = _elements(tuv, "seg")
        if tuv is not source_tuv and segs:
            name = ref if len(tuvs) <= 2 else f"{ref} ({_lang(tuv)})"
            parts.append(target_segment(xml, segs[0], source, name))
    return parts


def load(path: str) -> SpanDocument:
    xml = read_xml(path, "tmx", "a TMX")
    header = next(iter(_elements(xml.root, "header")), None)
    srclang = (header.get("srclang") or "") if header is not None else ""
    body = next(iter(_elements(xml.root, "body")), None)
    tus = _elements(body, "tu") if body is not None else []
    parts = [p for n, tu in enumerate(tus, 1) for p in _unit(xml, tu, srclang.lower(), n)]
    return document(xml, parts)
