"""What TMX and XLIFF share: a safely parsed XML file whose targets are edited in place."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from mtfix.errors import InputError
from mtfix.formats.base import Segment
from mtfix.formats.charrefs import Respell
from mtfix.formats.safexml import parse_xml
from mtfix.formats.spans import LineIndex, Piece, SpanDocument, cut_positions
from mtfix.formats.text import Encoding, read_file_bytes
from mtfix.formats.xmlscan import (
    Node,
    Scan,
    aligned,
    decode_xml,
    disagreement,
    local_name,
    pieces,
    plain_text,
    scan,
    xml_newlines,
)

# Inline elements whose content is native code (markup of the original format), not text.
OPAQUE = frozenset({"bpt", "ept", "ph", "it", "ut"})


@dataclass
class XmlFile:
    path: str
    text: str
    encoding: Encoding
    root: Any  # the lxml root element
    scanned: Scan
    nodes: dict[Any, Node]
    lines: LineIndex

    def node(self, element: Any) -> Node:
        return self.nodes[element]


def read_xml(path: str, root_tag: str, kind: str) -> XmlFile:
    """Read an XML file of ``kind`` (e.g. "TMX") whose root element must be ``root_tag``."""
    data = read_file_bytes(path)
    root = parse_xml(data, path)
    if local_name(root.tag) != root_tag:
        raise InputError(f"not {kind} file: the root element is <{local_name(root.tag)}>",
                         path, root.sourceline)
    text, encoding = decode_xml(data, path)
    scanned = scan(text)
    return XmlFile(path, text, encoding, root, scanned, aligned(scanned, root, path), LineIndex(text))


def _encodable(piece: Piece, codec: str) -> Piece:
    """A character the file's charset cannot hold is written as a character reference,
    except in CDATA, where a reference is only text: writing then refuses the fix."""
    if codec.startswith("utf"):
        return piece
    if isinstance(piece.escape, Respell):
        return replace(piece, escape=piece.escape.for_codec(codec))
    escape = piece.escape

    def written(text: str) -> str:
        raw = escape(text)
        return raw if raw.startswith("<![CDATA[") else raw.encode(codec, "xmlcharrefreplace").decode(codec)

    return replace(piece, escape=written)


def element_text(xml: XmlFile, element: Any, opaque: frozenset[str] = OPAQUE) -> str:
    """The text of an element without its inline tags (native code left out)."""
    node = xml.node(element)
    plain = plain_text(xml.scanned, node)
    if plain is not None:
        return plain
    return "".join(p.text for p in pieces(xml.scanned, node, opaque))


def is_protected(element: Any) -> bool:
    """A marker that says its content must not be translated (XLIFF ``mrk``)."""
    return element.get("mtype") == "protected" or element.get("translate") == "no"


def _opaque_names(xml: XmlFile, target: Any) -> frozenset[str]:
    if len(target) and any(isinstance(e.tag, str) and is_protected(e) for e in target.iter()):
        return OPAQUE | {"mrk"}
    return OPAQUE


def _parsed_text(element: Any, opaque: frozenset[str]) -> str:
    """What lxml reads as the element's text: inline tags left out, opaque content
    and unexpanded entities skipped (as ``pieces`` skips them in the file's text)."""
    if not len(element):
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and local_name(child.tag) not in opaque:
            parts.append(_parsed_text(child, opaque))
        parts.append(child.tail or "")
    return "".join(parts)


def _check_agrees(xml: XmlFile, target: Any, joined: str, opaque: frozenset[str]) -> None:
    """The text about to be edited (``joined``) is the text the parser reads, or the file is refused."""
    parsed = _parsed_text(target, opaque)
    if "\r" in joined or "\r" in parsed:
        joined, parsed = xml_newlines(joined), xml_newlines(parsed)
    if joined != parsed:
        raise disagreement(xml.path, target.sourceline)


def target_segment(xml: XmlFile, target: Any, source: str, ref: str) -> tuple[Segment, list[Piece]]:
    """The segment of one target element, and the pieces of the file's text it is made of.

    Linear in the target: its tokens are read once, and its line comes from the file's
    ``LineIndex`` (one bisection per piece), never from a count from the start.
    """
    node = xml.node(target)
    opaque = _opaque_names(xml, target)
    found = pieces(xml.scanned, node, opaque)
    if not xml.encoding.codec.startswith("utf"):
        found = [_encodable(p, xml.encoding.codec) for p in found]
    joined = found[0].text if len(found) == 1 else "".join(p.text for p in found)
    _check_agrees(xml, target, joined, opaque)
    line, column = xml.lines(found[0].start if found else node.content_start)
    segment = Segment(joined, source=source, ref=ref, line=line, column=column,
                      protected=cut_positions(found), anchors=_anchors(xml.lines, found))
    return segment, found


def _anchors(lines: LineIndex, found: list[Piece]) -> tuple[tuple[int, int, int], ...]:
    if len(found) < 2:
        return ()
    out, offset = [], 0
    for piece in found:
        out.append((offset, *lines(piece.start)))
        offset += len(piece.text)
    return tuple(out)


def document(xml: XmlFile, parts: list[tuple[Segment, list[Piece]]]) -> SpanDocument:
    return SpanDocument(xml.path, xml.text, xml.encoding, [s for s, _ in parts], [p for _, p in parts])
