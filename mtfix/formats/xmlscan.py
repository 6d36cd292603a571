"""Where each XML element sits in the file's text, and the text pieces inside one.

lxml says what a document means (safely, see ``safexml``) but not where its
nodes are in the file. This scanner walks the same, already validated, text
and records every element's span in document order, so the n-th element lxml
yields is the n-th element here. Targets are then edited in the original
text, and bytes outside the changed text never move.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mtfix.errors import InputError
from mtfix.formats.charrefs import Respell
from mtfix.formats.spans import Piece
from mtfix.formats.text import Encoding, sniff_encoding

_LITERAL = r""""[^"]*"|'[^']*'"""
# The internal subset: declarations whose quoted literals, comments and PIs may hold "]" or ">".
_SUBSET = rf"""\[(?:{_LITERAL}|<!--.*?-->|<\?.*?\?>|[^\]"'<]|<(?!!--|\?))*\]"""
_DOCTYPE = rf"""<!DOCTYPE(?:{_LITERAL}|{_SUBSET}|[^\[\]"'>])*>"""
_MARKUP = re.compile(rf"""<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|{_DOCTYPE}"""
                     r"""|</[^>]*>|<(?:"[^"]*"|'[^']*'|[^'">])*>""", re.S)
_NAME = re.compile(r"</?([^\s/>]+)")
_REF = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[\w.:-]+);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_DECLARED = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass
class Node:
    name: str  # local name, without prefix
    start: int  # "<" of the start tag
    content_start: int  # just after the start tag
    content_end: int  # "<" of the end tag (== content_start when empty)
    end: int  # just after the end tag
    token: int  # index of the start tag in ``Scan.tokens``
    close: int  # index of the end tag (== token when self-closing)


@dataclass
class Scan:
    text: str
    tokens: list[tuple[int, int, str]]  # (start, end, kind): kind is text/start/end/empty/cdata/other
    nodes: list[Node]


def _kind(markup: str) -> str:
    if markup.startswith("</"):
        return "end"
    if markup.startswith("<![CDATA["):
        return "cdata"
    if markup.startswith(("<!", "<?")):
        return "other"
    return "empty" if markup.endswith("/>") else "start"


def _tokens(text: str) -> Iterator[tuple[int, int, str]]:
    pos = 0
    for m in _MARKUP.finditer(text):
        if m.start() > pos:
            yield pos, m.start(), "text"
        yield m.start(), m.end(), _kind(m.group())
        pos = m.end()
    if pos < len(text):
        yield pos, len(text), "text"


def local_name(name: str) -> str:
    return name.rsplit(":", 1)[-1].rsplit("}", 1)[-1]


def scan(text: str) -> Scan:
    tokens = list(_tokens(text))
    nodes: list[Node] = []
    stack: list[Node] = []
    for index, (start, end, kind) in enumerate(tokens):
        if kind in ("start", "empty"):
            name = local_name(_NAME.match(text, start).group(1))  # type: ignore[union-attr]
            node = Node(name, start, end, end, end, index, index)
            nodes.append(node)
            if kind == "start":
                stack.append(node)
        elif kind == "end" and stack:
            node = stack.pop()
            node.content_end, node.end, node.close = start, end, index
    return Scan(text, tokens, nodes)


def aligned(scanned: Scan, root: Any, path: str) -> dict[Any, Node]:
    """lxml element -> its node in the text; raises if the two walks disagree.

    Edits land where the scanner says, so it must agree with the parser on the
    order of elements, comments and PIs and on every element's text and tail;
    one difference and the file is refused rather than edited in the wrong place.
    """
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    if not scanned.nodes or _parsed_markup(root) != _scanned_markup(scanned):
        raise InputError("cannot locate the elements of this XML file in its text "
                         "(unusual markup); it was left as it is", path)
    nodes = dict(zip(elements, scanned.nodes, strict=True))
    for element, node in nodes.items():
        tail = node.close if element is not root else None
        if not (_agree(element.text, scanned, node.token if node.close > node.token else None)
                and _agree(element.tail, scanned, tail)):
            raise disagreement(path, element.sourceline)
    return nodes


def disagreement(path: str, line: int | None) -> InputError:
    return InputError("the XML parser and mtfix's scanner read this file's text differently "
                      "(unusual DOCTYPE, comment or CDATA markup); it was left as it is", path, line)


def _parsed_markup(root: Any) -> list[str]:
    """Element names, comments and PIs inside the root, in document order, as lxml sees them."""
    from lxml import etree

    marks = {etree.Comment: "<!--", etree.ProcessingInstruction: "<?"}
    return [local_name(e.tag) if isinstance(e.tag, str) else marks[e.tag]
            for e in root.iter() if isinstance(e.tag, str) or e.tag in marks]


def _scanned_markup(scanned: Scan) -> list[str]:
    root = scanned.nodes[0]
    out = []
    for start, _, kind in scanned.tokens[root.token:root.close + 1]:
        if kind in ("start", "empty"):
            out.append(local_name(_NAME.match(scanned.text, start).group(1)))  # type: ignore[union-attr]
        elif kind == "other":
            out.append("<!--" if scanned.text.startswith("<!--", start) else "<?")
    return out


def _agree(parsed: str | None, scanned: Scan, after: int | None) -> bool:
    """lxml's ``.text``/``.tail`` equals the character data after token ``after``
    (nothing when None), up to the next markup or custom entity reference."""
    found = []
    index = len(scanned.tokens) if after is None else after + 1
    while index < len(scanned.tokens) and scanned.tokens[index][2] in ("text", "cdata"):
        start, end, kind = scanned.tokens[index]
        index += 1
        if kind == "cdata":
            found.append(xml_newlines(scanned.text[start + 9:end - 3]))
            continue
        raw = xml_newlines(scanned.text[start:end])
        entity = next((m.start() for m in _REF.finditer(raw)
                       if m.group(1)[0] != "#" and m.group(1) not in _PREDEFINED), None)
        found.append(decode_text(raw[:entity])[0])
        if entity is not None:  # lxml stops at an entity it did not expand
            break
    return "".join(found) == (parsed or "")


def xml_newlines(raw: str) -> str:
    """XML's end-of-line handling, done by the parser before anything else."""
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(raw: str) -> tuple[str, bool]:
    """Character data with references decoded; False if it holds an entity mtfix must not expand."""
    plain = True

    def one(m: re.Match[str]) -> str:
        nonlocal plain
        ref = m.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        if ref in _PREDEFINED:
            return _PREDEFINED[ref]
        plain = False
        return m.group()

    return _REF.sub(one, raw), plain


def escape_cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text_pieces(text: str, start: int, end: int) -> Iterator[Piece]:
    """Pieces of one run of character data; a custom entity reference is a cut."""
    pos = start
    for m in _REF.finditer(text, start, end):
        if m.group(1)[0] != "#" and m.group(1) not in _PREDEFINED:
            if m.start() > pos:
                yield _run(text, pos, m.start())
            pos = m.end()
    if end > pos:
        yield _run(text, pos, end)


def _run(text: str, start: int, end: int) -> Piece:
    """A piece of character data whose unchanged words are written back as they were read."""
    decoded = decode_text(text[start:end])[0]
    return Piece(start, end, decoded, Respell(text[start:end], decoded))


def pieces(scanned: Scan, node: Node, opaque: frozenset[str]) -> list[Piece]:
    """The text pieces of ``node``'s content; inline tags separate pieces, and the
    content of ``opaque`` elements (native code such as ``<bpt>``) is skipped."""
    out: list[Piece] = []
    text, tokens = scanned.text, scanned.tokens
    index = node.token + 1
    while index < node.close:
        start, end, kind = tokens[index]
        if kind == "text":
            out.extend(_text_pieces(text, start, end))
        elif kind == "cdata":
            out.append(Piece(start, end, text[start + 9:end - 3], escape_cdata))
        elif kind == "start" and local_name(_NAME.match(text, start).group(1)) in opaque:  # type: ignore[union-attr]
            index = _matching_end(tokens, index)
        index += 1
    return _merged(out)


def _matching_end(tokens: list[tuple[int, int, str]], index: int) -> int:
    depth = 0
    for i in range(index, len(tokens)):
        kind = tokens[i][2]
        depth += (kind == "start") - (kind == "end")
        if depth == 0:
            return i
    return len(tokens) - 1


def _merged(found: list[Piece]) -> list[Piece]:
    """Adjacent pieces of plain text (split only by a reference) are one piece."""
    out: list[Piece] = []
    for piece in found:
        last = out[-1] if out else None
        if last and last.end == piece.start and isinstance(last.escape, Respell) and isinstance(piece.escape, Respell):
            out[-1] = Piece(last.start, piece.end, last.text + piece.text, last.escape.joined(piece.escape))
        else:
            out.append(piece)
    return out


def decode_xml(data: bytes, path: str) -> tuple[str, Encoding]:
    """The text of an XML file and the encoding to write it back with."""
    encoding = sniff_encoding(data[:4])
    if encoding.codec == "utf-8" and not encoding.bom:
        declared = _DECLARED.match(data[:200])
        if declared:
            try:
                encoding = Encoding(codecs.lookup(declared.group(1).decode()).name)
            except LookupError:
                raise InputError(f"unknown encoding {declared.group(1).decode()!r}", path, 1) from None
    body = data[len(encoding.bom):]
    try:
        return body.decode(encoding.codec), encoding
    except UnicodeDecodeError as exc:
        line = body[:exc.start].count(b"\n") + 1
        raise InputError(f"cannot decode as {encoding.codec}", path, line) from None
