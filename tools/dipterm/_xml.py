"""The one place that builds lxml parsers: no entities resolved, no network, no DTD loading."""

from __future__ import annotations

from lxml import etree

from dipterm.findings import DiptermError


def safe_parser(**kwargs) -> etree.XMLParser:
    """An XMLParser with entity resolution, DTD loading and network access off."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, **kwargs,
    )


def parse_xml(data: bytes, path: str) -> etree._ElementTree:
    """Parse ``data`` safely; malformed or entity-laden input raises DiptermError with its line."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        raise DiptermError(f"malformed XML: {exc.msg}", path, line) from exc
    if tree.docinfo.internalDTD is not None and tree.docinfo.internalDTD.entities():
        raise DiptermError("refused: the document declares entities (possible XXE or entity bomb)",
                           path, 1)
    return tree
