"""One safe XML parser for every XML format (TMX, XLIFF, TBX).

No DTD or external entity is ever loaded or fetched, entities are not
expanded (so no billion laughs and no ``file:///etc/passwd`` in the output),
and libxml2's size limits stay on. Errors become ``FILE:LINE: message``.
"""

from __future__ import annotations

from typing import Any

from mtfix.errors import InputError


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_blank_text=False,
                           strip_cdata=False)


def parse_xml(data: bytes, path: str) -> Any:
    """Parse ``data`` into an lxml tree; malformed or unsafe input raises ``InputError``."""
    from lxml import etree

    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        message = exc.msg.split(", line ")[0] if exc.msg else "malformed XML"
        raise InputError(f"malformed XML: {message}", path, line) from None
    return root
