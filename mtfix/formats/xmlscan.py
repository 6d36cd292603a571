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
from dataclasses import dataclass, field
from functools import lru_cache
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


@dataclass(slots=True)
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
    # (token index, label) of each element, comment and PI: what lxml's ``iter()`` yields
    marks: list[tuple[int, str]] = field(default_factory=list)


@lru_cache(maxsize=4096)
def local_name(name: str) -> str:
    """``{ns}name``, ``prefix:name`` and ``name`` -> ``name`` (element names repeat: cached)."""
    return name[max(name.rfind(":"), name.rfind("}")) + 1:]


def scan(text: str) -> Scan:
    """Every token and element of ``text`` in one pass over it (the loop is the hot
    path of reading a big XML file: the kind of a markup is read from its ends)."""
    scanned = Scan(text, [], [])
    tokens, nodes, marks = scanned.tokens, scanned.nodes, scanned.marks
    add, name_at = tokens.append, _NAME.match
    stack: list[Node] = []
    pos = 0
    for m in _MARKUP.finditer(text):
        start, end = m.span()
        if start > pos:
            add((pos, start, "text"))
        pos, index, second = end, len(tokens), text[start + 1]
        if second == "/":
            add((start, end, "end"))
            if stack:
                node = stack.pop()
                node.content_end, node.end, node.close = start, end, index
        elif second == "!" and text.startswith("<![CDATA[", start):
            add((start, end, "cdata"))
        elif second == "!" or second == "?":
            add((start, end, "other"))
            marks.append((index, "<!--" if text.startswith("<!--", start) else "<?"))
        else:
            empty = text[end - 2] == "/"
            add((start, end, "empty" if empty else "start"))
            name = local_name(name_at(text, start).group(1))  # type: ignore[union-attr]
            node = Node(name, start, end, end, end, index, index)
            nodes.append(node)
            marks.append((index, name))
            if not empty:
                stack.append(node)
    if pos < len(text):
        add((pos, len(text), "text"))
    return scanned


def aligned(scanned: Scan, root: Any, path: str) -> dict[Any, Node]:
    """lxml element -> its node in the text; raises if the two walks disagree.

    Edits land where the scanner says, so it must agree with the parser on the
    order of elements, comments and PIs and on every element's text and tail;
    one difference and the file is refused rather than edited in the wrong place.
    One pass over each walk: the cost is that of reading the file once more.
    """
    elements, parsed = _parsed_markup(root)
    if not scanned.nodes or len(scanned.nodes) != len(elements) or parsed != _scanned_markup(scanned):
        raise InputError("cannot locate the elements of this XML file in its text "
                         "(unusual markup); it was left as it is", path)
    nodes = dict(zip(elements, scanned.nodes, strict=True))
    for element, node in nodes.items():
        # A self-closing element has no text, and the root no tail.
        if not ((_agree(element.text, scanned, node.token) if node.close > node.token else not element.text)
                and (_agree(element.tail, scanned, node.close) if element is not root else not element.tail)):
            raise disagreement(path, element.sourceline)
    return nodes


def disagreement(path: str, line: int | None) -> InputError:
    return InputError("the XML parser and mtfix's scanner read this file's text differently "
                      "(unusual DOCTYPE, comment or CDATA markup); it was left as it is", path, line)


def _parsed_markup(root: Any) -> tuple[list[Any], list[str]]:
    """The elements inside the root, and their names with the comments and PIs among
    them, in document order, as lxml sees them."""
    from lxml import etree

    marks = {etree.Comment: "<!--", etree.ProcessingInstruction: "<?"}
    elements, names = [], []
    for e in root.iter():
        tag = e.tag
        if isinstance(tag, str):
            elements.append(e)
            names.append(local_name(tag))
        elif tag in marks:
            names.append(marks[tag])
    return elements, names


def _scanned_markup(scanned: Scan) -> list[str]:
    root = scanned.nodes[0]
    return [label for index, label in scanned.marks if root.token <= index <= root.close]


def _agree(parsed: str | None, scanned: Scan, after: int) -> bool:
    """lxml's ``.text``/``.tail`` equals the character data after token ``after``,
    up to the next markup or custom entity reference."""
    tokens, text = scanned.tokens, scanned.text
    index = after + 1
    kind = tokens[index][2] if index < len(tokens) else ""
    if kind != "text" and kind != "cdata":  # markup follows at once: no character data
        return not parsed
    if kind == "text" and (index + 1 == len(tokens) or tokens[index + 1][2] not in ("text", "cdata")):
        start, end, _ = tokens[index]
        if text.find("&", start, end) < 0 and text.find("\r", start, end) < 0:
            # The usual case, a run without references or CRs, compared where it lies.
            return parsed is not None and len(parsed) == end - start and text.startswith(parsed, start)
    return _agree_slowly(parsed, scanned, index)


def _agree_slowly(parsed: str | None, scanned: Scan, index: int) -> bool:
    found = []
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
    if text.find("&", start, end) < 0:  # no reference: the run is its own text
        raw = text[start:end]
        yield Piece(start, end, raw, Respell(raw, raw))
        return
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


def plain_text(scanned: Scan, node: Node) -> str | None:
    """The content of ``node`` when it is one run of text without references, else None
    (the usual source element: read without making pieces)."""
    index = node.token + 1
    if node.close != index + 1 or scanned.tokens[index][2] != "text":
        return "" if node.close <= index else None  # empty (or self-closing): no text
    start, end, _ = scanned.tokens[index]
    return scanned.text[start:end] if scanned.text.find("&", start, end) < 0 else None


def pieces(scanned: Scan, node: Node, opaque: frozenset[str]) -> list[Piece]:
    """The text pieces of ``node``'s content; inline tags separate pieces, and the
    content of ``opaque`` elements (native code such as ``<bpt>``) is skipped."""
    text, tokens = scanned.text, scanned.tokens
    index = node.token + 1
    if node.close == index + 1 and tokens[index][2] == "text":  # the usual target: one run of text
        return list(_text_pieces(text, tokens[index][0], tokens[index][1]))
    out: list[Piece] = []
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
