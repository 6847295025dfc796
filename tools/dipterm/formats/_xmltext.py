"""What the XML formats share: the streamed elements and lines of a file checked for its root element,
the text of a segment element without inline codes (the one inline-code rule), and its place."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from lxml import etree

from dipterm._progress import CountingReader, progress
from dipterm._xml import iterparse_xml
from dipterm.findings import DiptermError
from dipterm.formats._units import Lines, file_lines, open_source, source_size

# Inline elements that hold native codes, not translatable text (TMX 1.4, XLIFF 1.2 and 2.x).
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut", "sc", "ec", "cp", "x", "bx", "ex"})
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def xml_codec(path: str, data: bytes | None) -> str | None:
    """The encoding the XML declaration names when it is neither UTF-8 nor UTF-16 (those are told by
    their byte order mark), else None; DiptermError for an unknown one, and for UTF-16 declared in a
    file whose declaration reads as 8-bit text (as memoQ writes it)."""
    with open_source(path, data) as stream:
        declared = _DECLARED.match(stream.read(200))
    if not declared:
        return None
    try:
        codec = codecs.lookup(declared.group(1).decode()).name
    except LookupError as exc:
        raise DiptermError(f"unknown encoding {declared.group(1).decode()!r} declared", path, 1) from exc
    if codec.startswith("utf-16"):
        raise DiptermError(
            "the XML declaration says UTF-16 but the file is 8-bit text (no UTF-16 byte "
            'order mark): change it to encoding="UTF-8", or save the file as UTF-16',
            path,
            1,
        )
    return None if codec == "utf-8" else codec


def xml_lines(path: str, data: bytes | None) -> Lines:
    """The lines of an XML file, decoded as its declaration says, read as the parser goes."""
    return Lines(file_lines(path, data, xml_codec(path, data)))


def xml_elements(
    path: str, data: bytes | None, lines: Lines, roots: tuple[str, ...], what: str
) -> Iterator[etree._Element]:
    """The elements of the file as each ends (see ``iterparse_xml``), with a progress bar, once its
    root element is known to be one of ``roots`` (local names; else a DiptermError saying the file is
    not a ``what`` document). When the parser fails, a byte the declared encoding cannot read is
    reported as such, with its line."""
    with (
        progress(source_size(path, data), f"reading {path}") as advance,
        CountingReader(open_source(path, data), advance) as stream,
    ):
        try:
            checked = False
            for element in iterparse_xml(stream, path):
                if not checked:
                    root = element.getroottree().getroot()
                    if local(root) not in roots:
                        raise DiptermError(
                            f"not a {what} document: the root element is <{local(root)}>, "
                            f"expected <{'> or <'.join(roots)}>",
                            path,
                            root.sourceline,
                        )
                    checked = True
                yield element
        except DiptermError:
            lines.directives()  # reads the rest: raises the encoding error if there is one
            raise


def local(element: etree._Element) -> str:
    """The element's name without namespace ('' for comments and processing instructions). Not
    ``etree.QName``: it rejects names libxml2 lets through, such as ``:eader``."""
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """The child elements called ``name``, in any namespace or none."""
    return (child for child in element if local(child) == name)


def inline_text(element: etree._Element) -> str:
    """The element's text with the content of inline code elements left out."""
    parts = [element.text or ""]
    for child in element:
        if local(child) and local(child) not in _CODES:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def text_start(element: etree._Element, lines: Lines) -> tuple[int, int]:
    """The 1-based line and column where the element's content starts (after its start tag)."""
    line = element.sourceline or 1
    raw = lines.get(line)
    tag = raw.find(f"<{element.prefix + ':' if element.prefix else ''}{local(element)}")
    close = raw.find(">", tag) if tag >= 0 else -1
    return line, (close + 2 if close >= 0 else 1)
