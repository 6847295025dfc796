"""The one place that builds lxml parsers: no entities resolved, no network, no DTD loading."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from dipterm.findings import DiptermError


def safe_parser(**kwargs) -> etree.XMLParser:
    """An XMLParser with entity resolution, DTD loading and network access off."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        **kwargs,
    )


def parse_xml(data: bytes, path: str) -> etree._ElementTree:
    """Parse ``data`` safely; malformed or entity-laden input raises DiptermError with its line."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as exc:
        raise DiptermError(f"malformed XML: {exc.msg}", path, _line(exc)) from exc
    _refuse_entities(tree.getroot(), path)
    return tree


def _line(exc: etree.XMLSyntaxError) -> int:
    """The 1-based line of a syntax error (libxml2 says 0 for an empty document)."""
    return max(exc.lineno or (exc.position[0] if exc.position else 0), 1)


def _refuse_entities(element: etree._Element, path: str) -> None:
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and dtd.entities():
        raise DiptermError("refused: the document declares entities (possible XXE or entity bomb)", path, 1)


def iterparse_xml(source: BinaryIO, path: str) -> Iterator[etree._Element]:
    """Stream the elements of a document as each one ends, with ``safe_parser``'s settings.

    The caller clears what it has read (bounded memory). A document declaring entities is refused
    before its first element is given; malformed input raises DiptermError with its line.
    """
    events = etree.iterparse(
        source,
        events=("end",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    first = True
    try:
        for _, element in events:
            if first:
                _refuse_entities(element, path)
                first = False
            yield element
    except etree.XMLSyntaxError as exc:
        raise DiptermError(f"malformed XML: {exc.msg}", path, _line(exc)) from exc


def forget(element: etree._Element) -> None:
    """Free a streamed element once read, with the siblings read before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
