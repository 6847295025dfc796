"""What the XML readers share: the text of a segment element without inline codes, and its place."""

from __future__ import annotations

import codecs
import re

from lxml import etree

from dipterm._text import decode_text
from dipterm.findings import DiptermError

# Inline elements that hold native codes, not translatable text (TMX 1.4, XLIFF 1.2 and 2.x).
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut", "sc", "ec", "cp", "x", "bx", "ex"})
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def xml_text(data: bytes, path: str) -> str:
    """The text of an XML file, decoded as its declaration says (UTF-8, UTF-16 with BOM by default);
    DiptermError naming the encoding problem and the line of the first byte that does not fit."""
    declared = _DECLARED.match(data[:200])
    try:
        codec = codecs.lookup(declared.group(1).decode()).name if declared else "utf-8"
    except LookupError as exc:
        raise DiptermError(f"unknown encoding {declared.group(1).decode()!r} declared", path, 1) from exc
    if codec == "utf-8" or codec.startswith("utf-16"):
        return decode_text(data, path)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DiptermError(f"byte 0x{data[exc.start]:02X} is not {codec} as the XML declaration says",
                           path, data[:exc.start].count(b"\n") + 1) from exc


def xml_lines(data: bytes, path: str) -> list[str]:
    """The lines of an XML file (see ``xml_text``)."""
    return xml_text(data, path).splitlines()


def local(element: etree._Element) -> str:
    """The element's name without namespace ('' for comments and processing instructions). Not
    ``etree.QName``: it rejects names libxml2 lets through, such as ``:eader``."""
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def inline_text(element: etree._Element) -> str:
    """The element's text with the content of inline code elements left out."""
    parts = [element.text or ""]
    for child in element:
        if local(child) and local(child) not in _CODES:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def text_start(element: etree._Element, lines: list[str]) -> tuple[int, int]:
    """The 1-based line and column where the element's content starts (after its start tag)."""
    line = element.sourceline or 1
    raw = lines[line - 1] if line <= len(lines) else ""
    tag = raw.find(f"<{element.prefix + ':' if element.prefix else ''}{local(element)}")
    close = raw.find(">", tag) if tag >= 0 else -1
    return line, (close + 2 if close >= 0 else 1)
