"""TMX 1.4b translation memory, streamed with ``lxml.etree.xmlfile`` (the TUs as prebuilt markup:
the bytes lxml would write for them, escaped and checked the same way).

Choices: ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``; header srclang="en", adminlang="en",
datatype="plaintext", segtype="phrase", creationtool/o-tmf "dipterm"; no dates (output is
byte-identical for the same glossary). One ``<tu tuid="CONCEPT-ID">`` per concept pairs the
preferred English and Vietnamese terms, with the definition as ``<note>`` and props x-subject,
x-status and x-source. Each admitted English term is a further TU ``CONCEPT-ID:N`` (N = 1, 2, ...
in file order) translated by the preferred Vietnamese term and marked x-status admitted.
Admitted and deprecated Vietnamese terms, and deprecated English ones, are never translations:
a TM with two targets for one source lets the CAT tool pick either. They travel as
``<prop type="x-admitted">`` / ``<prop type="x-deprecated">`` inside their language's ``<tuv>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from dipterm import __version__
from dipterm._spill import SpillTable, digest
from dipterm._xml import forget
from dipterm.findings import DiptermError
from dipterm.formats.base import (
    Drafts,
    ExportOptions,
    Format,
    base_lang,
    built,
    concept_drafts,
    selected,
    slug,
)
from dipterm.glossary import ID_PATTERN
from dipterm.model import Concept, Glossary, Status, Term
from dipterm.readers._xmltext import xml_elements, xml_lines

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREAMBLE = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
HEADER = {
    "creationtool": "dipterm",
    "creationtoolversion": __version__,
    "datatype": "plaintext",
    "segtype": "phrase",
    "adminlang": "en",
    "srclang": "en",
    "o-tmf": "dipterm",
}
# What libxml2 refuses to serialise (lxml raises this ValueError for such a string), and what its
# serialiser escapes in text and in attribute values: the TUs are written as prebuilt markup,
# byte for byte what ``xmlfile.write(tu, pretty_print=True)`` gives, at a fraction of the cost.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_XML_MESSAGE = "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"


def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _prop(kind: str, text: str, indent: str = "  ") -> str:
    return f'{indent}<prop type="{kind}">{_text(text)}</prop>\n'


def _tuv(lang: str, text: str, others: list[Term]) -> str:
    props = "".join(_prop(f"x-{term.status}", term.text, "    ") for term in others)
    return f'  <tuv xml:lang="{lang}">\n{props}    <seg>{_text(text)}</seg>\n  </tuv>\n'


def units(concept: Concept, options: ExportOptions) -> str:
    """The TUs of one concept as TMX markup: the preferred pair, then one per admitted English term."""
    en = vi = None
    en_admitted, en_deprecated, vi_others = [], [], []
    for term in concept.terms:  # one pass, file order: the first preferred term wins
        if term.status is Status.PREFERRED:
            if term.lang == "en" and en is None:
                en = term
            elif term.lang == "vi" and vi is None:
                vi = term
        elif term.lang == "vi":
            vi_others.append(term)
        elif term.lang == "en":
            (en_admitted if term.status is Status.ADMITTED else en_deprecated).append(term)
    if en is None or vi is None:
        return ""
    vi_lang = _attribute(options.code("vi"))
    subject = _prop("x-subject", concept.subject) if concept.subject else ""
    result = []
    for n, term in enumerate([en, *en_admitted]):
        tuid = _attribute(f"{concept.id}:{n}" if n else concept.id)
        note = f"  <note>{_text(concept.note)}</note>\n" if concept.note and not n else ""
        status = _prop("x-status", "admitted" if n else "preferred")
        sources = "" if n else "".join(_prop("x-source", str(ref)) for ref in concept.sources)
        result.append(f'<tu tuid="{tuid}">\n{note}{subject}{status}{sources}'
                      f'{_tuv("en", term.text, [] if n else en_deprecated)}'
                      f'{_tuv(vi_lang, vi.text, [] if n else vi_others)}</tu>\n')
    markup = "".join(result)
    if _NOT_XML.search(markup):
        raise ValueError(_NOT_XML_MESSAGE)
    return markup


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Stream the TMX document for ``glossary`` to ``stream``, one concept's TUs at a time."""
    stream.write(PREAMBLE)
    with etree.xmlfile(stream, encoding="UTF-8") as xf, xf.element("tmx", version="1.4"):
        xf.write("\n", etree.Element("header", HEADER), pretty_print=True)
        with xf.element("body"):
            xf.write("\n")
            xf.flush()  # the TUs go straight to the stream, after what xmlfile has buffered
            for concept in selected(glossary, options):
                stream.write(units(concept, options).encode())
        xf.write("\n")
    stream.write(b"\n")


def _segments(tu: etree._Element) -> dict[str, etree._Element]:
    found = {}
    for tuv in tu.iterfind("tuv"):
        lang = base_lang(tuv.get(XML_LANG) or tuv.get("lang") or "")
        if tuv.find("seg") is not None:
            found.setdefault(lang, tuv)
    return found


def read(path: Path) -> Iterator[Concept]:
    """Concepts from a TMX file: dipterm's own (grouped by tuid) or any TMX with en and vi segments.

    In other tools' TMX, each distinct English segment becomes a concept with an id made from it.
    The file is streamed, one ``<tu>`` at a time, and the concepts wait in bounded memory.
    """
    shown = str(path)
    drafts = concept_drafts(shown)
    by_source = SpillTable()  # digest of an English segment -> the id of its concept
    ours = body = False
    for element in xml_elements(shown, None, xml_lines(shown, None)):
        root = element.getroottree().getroot()
        if root.tag != "tmx":
            raise DiptermError(f"not a TMX document (root <{root.tag}>, expected <tmx> with <body>)",
                               shown, root.sourceline)
        parent = element.getparent()
        if element.tag == "header" and parent is root:
            ours = element.get("creationtool") == "dipterm"
        elif element.tag == "body" and parent is root:
            body = True
        elif parent is not None and parent.tag == "body":
            if element.tag == "tu":
                _read_tu(element, ours, drafts, by_source, shown)
            forget(element)
    by_source.close()
    if not body:
        raise DiptermError("not a TMX document (root <tmx> has no <body>)", shown, 1)
    return built(drafts)


def _read_tu(tu: etree._Element, ours: bool, drafts: Drafts, by_source: SpillTable,
             shown: str) -> None:
    """Add one ``<tu>`` with an English and a Vietnamese segment to its concept's draft."""
    tuvs = _segments(tu)
    if "en" not in tuvs or "vi" not in tuvs:
        return
    en_text = "".join(tuvs["en"].find("seg").itertext()).strip()
    vi_text = "".join(tuvs["vi"].find("seg").itertext()).strip()
    if not en_text or not vi_text:
        return
    props = [(p.get("type"), (p.text or "").strip()) for p in tu.iterfind("prop")]
    stem, _, variant = (tu.get("tuid") or "").partition(":")
    if ours and ID_PATTERN.match(stem):
        cid = stem
    else:
        key = digest(en_text)
        cid = by_source.get(key)
        if cid is None:
            cid = base = slug(en_text)
            while cid in drafts:
                cid = f"{base}-{len(drafts)}"
            by_source.setdefault(key, cid)
    draft = drafts.get(cid)
    status = next((v for k, v in props if k == "x-status"), "")
    en_status = Status.ADMITTED if status == "admitted" or variant else Status.PREFERRED
    draft.add_term("vi", vi_text, line=tuvs["vi"].sourceline)
    draft.add_term("en", en_text, en_status, line=tuvs["en"].sourceline)
    if en_status is Status.PREFERRED:
        note = tu.find("note")
        draft.note = draft.note or (note.text.strip() if note is not None and note.text else None)
        for kind, value in props:
            if kind == "x-subject":
                draft.subject = draft.subject or value
            elif kind == "x-source":
                draft.add_source(value, shown, tu.sourceline)
    for lang, tuv in tuvs.items():
        for prop in tuv.iterfind("prop"):
            kind = (prop.get("type") or "").removeprefix("x-")
            if kind in ("admitted", "deprecated") and lang in ("en", "vi") and prop.text:
                draft.add_term(lang, prop.text, Status(kind), line=prop.sourceline)


FORMATS = (Format("tmx", ".tmx", "TMX 1.4b translation memory (preferred pairs, admitted EN variants)",
                  write, read),)
