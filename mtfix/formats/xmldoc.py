"""What TMX and XLIFF share: a safely parsed XML file whose targets are edited in place."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from mtfix.errors import InputError
from mtfix.formats.base import Segment
from mtfix.formats.safexml import parse_xml
from mtfix.formats.spans import Piece, SpanDocument, cut_positions, line_and_column
from mtfix.formats.text import Encoding, read_file_bytes
from mtfix.formats.xmlscan import Node, Scan, aligned, decode_xml, local_name, pieces, scan

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
    return XmlFile(path, text, encoding, root, scanned, aligned(scanned, root, path))


def _encodable(piece: Piece, codec: str) -> Piece:
    if codec.startswith("utf"):
        return piece
    escape = piece.escape
    return replace(piece, escape=lambda t: escape(t).encode(codec, "xmlcharrefreplace").decode(codec))


def element_text(xml: XmlFile, element: Any, opaque: frozenset[str] = OPAQUE) -> str:
    """The text of an element without its inline tags (native code left out)."""
    return "".join(p.text for p in pieces(xml.scanned, xml.node(element), opaque))


def is_protected(element: Any) -> bool:
    """A marker that says its content must not be translated (XLIFF ``mrk``)."""
    return element.get("mtype") == "protected" or element.get("translate") == "no"


def _opaque_names(xml: XmlFile, target: Any) -> frozenset[str]:
    protected = {e for e in target.iter() if isinstance(e.tag, str) and is_protected(e)}
    return OPAQUE | ({"mrk"} if protected else frozenset())


def target_segment(xml: XmlFile, target: Any, source: str, ref: str) -> tuple[Segment, list[Piece]]:
    node = xml.node(target)
    found = [_encodable(p, xml.encoding.codec)
             for p in pieces(xml.scanned, node, _opaque_names(xml, target))]
    line, column = line_and_column(xml.text, found[0].start if found else node.content_start)
    segment = Segment("".join(p.text for p in found), source=source, ref=ref, line=line,
                      column=column, protected=cut_positions(found), anchors=_anchors(xml.text, found))
    return segment, found


def _anchors(text: str, found: list[Piece]) -> tuple[tuple[int, int, int], ...]:
    out, offset = [], 0
    for piece in found:
        out.append((offset, *line_and_column(text, piece.start)))
        offset += len(piece.text)
    return tuple(out) if len(out) > 1 else ()


def document(xml: XmlFile, parts: list[tuple[Segment, list[Piece]]]) -> SpanDocument:
    return SpanDocument(xml.path, xml.text, xml.encoding, [s for s, _ in parts], [p for _, p in parts])
