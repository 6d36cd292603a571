"""Which format an XML file is, from its root element and namespace, whatever its name.

CAT tools give XLIFF their own extensions (Trados ``.sdlxliff``, memoQ
``.mqxliff``) and many files are just ``.xml``: the root element decides. A file
is taken for XML when it starts with an XML declaration, or, unless it has a
plain-text extension, with a start tag that has an XML extension or declares a
namespace; then it is never processed as text. XML that is neither XLIFF nor
TMX is refused (``load``) when named, and skipped by folder walks. A compressed
file (``x.sdlxliff.gz``, ``x.xml.zst``) is judged by its decompressed head.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

from mtfix.errors import InputError, MtfixError
from mtfix.files import open_regular, special_kind

# Extensions of XML files that no extension handler claims, looked into by folder walks.
XML_EXTENSIONS = frozenset({".xml", ".sdlxliff", ".mqxliff"})
PLAIN_EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".text"})
UNKNOWN_XML = "XML that mtfix does not understand"
XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:"
_BY_ROOT = {"xliff": "mtfix.formats.xliff", "tmx": "mtfix.formats.tmx"}
_HEAD = 1 << 16  # a root start tag lies within the first 64 KiB (a DOCTYPE may come first)
_DECLARATION = re.compile(r"<\?xml[\s?]")
_START_TAG = re.compile(r"<[A-Za-z_][\w.:-]*(\s[^<>]*)?/?>")


def _head(path: str) -> bytes | None:
    """The file's first bytes, decompressed for ``x.xml.gz`` or ``x.sdlxliff.zst``."""
    from mtfix.formats.compression import codec_of, decompressing

    if special_kind(path) is not None:
        return None
    try:
        with open_regular(path) as handle:
            codec = codec_of(path)
            if codec is None:
                return handle.read(_HEAD)
            with decompressing(handle, codec) as stream:
                return stream.read(_HEAD)  # at most 64 KiB, whatever the file claims
    except (MtfixError, OSError, EOFError, ValueError):
        return None  # processing the file reports why it cannot be read
    except Exception:  # noqa: BLE001 - a codec's own error (zstandard.ZstdError): the same
        return None


def _markup(head: bytes) -> str:
    """The head's first characters after a BOM and white space, decoded as well as they can be."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(codec, "ignore").lstrip()
    if head[:2] in (b"<\0", b"\0<"):
        return head.decode("utf-16-le" if head[0] else "utf-16-be", "ignore").lstrip()
    return head.decode("utf-8", "ignore").lstrip()


def is_xml(path: str, head: bytes) -> bool:
    from mtfix.formats.compression import inner_name

    text = _markup(head)
    if _DECLARATION.match(text):
        return True
    suffix = Path(inner_name(path)).suffix.lower()
    if suffix in PLAIN_EXTENSIONS or not text.startswith("<"):
        return False
    if suffix in XML_EXTENSIONS:
        return True
    tag = _START_TAG.match(text)
    return tag is not None and "xmlns" in (tag.group(1) or "")


def root_of(head: bytes) -> tuple[str, str] | None:
    """(namespace, local name) of the root element, or None when the head does not parse that far."""
    from lxml import etree

    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False)
    try:
        parser.feed(head)
        for _, element in parser.read_events():
            qname = etree.QName(element)
            return qname.namespace or "", qname.localname
    except etree.XMLSyntaxError:
        return None
    return None


def format_of(root: tuple[str, str] | None) -> str | None:
    """The module for a root element; None when mtfix does not understand it."""
    if root is None:
        return None
    namespace, name = root
    if name == "xliff" and (not namespace or namespace.startswith(XLIFF_NAMESPACE)):
        return _BY_ROOT[name]
    if name == "tmx" and not namespace:
        return _BY_ROOT[name]
    return None


def handler_by_content(path: str) -> str | None:
    """The format module for an XML file without a known extension: XLIFF or TMX by its
    root, this module (which refuses it) for other XML; None when it is not XML."""
    head = _head(path)
    if head is None or not is_xml(path, head):
        return None
    return format_of(root_of(head)) or __name__


def unknown_reason(path: str) -> str | None:
    """Why a folder walk leaves ``path`` out (XML mtfix does not understand), or None."""
    head = _head(path)
    if head is None or not is_xml(path, head):
        return None
    root = root_of(head)
    if format_of(root) is not None:
        return None
    return f"{UNKNOWN_XML} (root element {_named(root)})" if root else f"{UNKNOWN_XML} (malformed)"


def _named(root: tuple[str, str]) -> str:
    namespace, name = root
    return f"<{name} xmlns={namespace!r}>" if namespace else f"<{name}>"


def load(path: str) -> NoReturn:
    """Refuse an XML file that is neither XLIFF nor TMX: rewriting it as text would damage it."""
    from mtfix.formats.safexml import parse_xml
    from mtfix.formats.text import read_file_bytes

    root = parse_xml(read_file_bytes(path), path)  # a malformed file says where
    from lxml import etree

    qname = etree.QName(root)
    raise InputError(f"{UNKNOWN_XML} (root element {_named((qname.namespace or '', qname.localname))}); "
                     "mtfix reads XLIFF and TMX; the file was left as it is", path)
