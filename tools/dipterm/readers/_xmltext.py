"""What the XML readers share: the text of a segment element without inline codes, and its place."""

from __future__ import annotations

from lxml import etree

# Inline elements that hold native codes, not translatable text (TMX 1.4, XLIFF 1.2 and 2.x).
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut", "sc", "ec", "cp", "x", "bx", "ex"})


def local(element: etree._Element) -> str:
    """The element's name without namespace ('' for comments and processing instructions)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


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
