"""TMX 1.4b translation memory, streamed with ``lxml.etree.xmlfile``.

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

from pathlib import Path
from typing import BinaryIO

from lxml import etree

from dipterm import __version__
from dipterm._xml import parse_xml
from dipterm.findings import DiptermError
from dipterm.formats.base import ConceptDraft, ExportOptions, Format, base_lang, selected, slug
from dipterm.glossary import ID_PATTERN
from dipterm.model import Concept, Glossary, Status, Term

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
_PROPS = {kind: {"type": kind}
          for kind in ("x-subject", "x-status", "x-source", "x-admitted", "x-deprecated")}
_EN = {XML_LANG: "en"}
SubElement = etree.SubElement


def _tuv(tu: etree._Element, lang: dict[str, str], text: str, others: list[Term]) -> None:
    tuv = SubElement(tu, "tuv", lang)
    for term in others:
        SubElement(tuv, "prop", _PROPS[f"x-{term.status}"]).text = term.text
    SubElement(tuv, "seg").text = text


def units(concept: Concept, options: ExportOptions) -> list[etree._Element]:
    """The TUs of one concept: the preferred pair, then one per admitted English term."""
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
        return []
    vi_lang = {XML_LANG: options.code("vi")}
    result = []
    for n, term in enumerate([en, *en_admitted]):
        tu = etree.Element("tu", tuid=f"{concept.id}:{n}" if n else concept.id)
        if concept.note and not n:
            SubElement(tu, "note").text = concept.note
        if concept.subject:
            SubElement(tu, "prop", _PROPS["x-subject"]).text = concept.subject
        SubElement(tu, "prop", _PROPS["x-status"]).text = "admitted" if n else "preferred"
        for ref in () if n else concept.sources:
            SubElement(tu, "prop", _PROPS["x-source"]).text = str(ref)
        _tuv(tu, _EN, term.text, [] if n else en_deprecated)
        _tuv(tu, vi_lang, vi.text, [] if n else vi_others)
        result.append(tu)
    return result


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Stream the TMX document for ``glossary`` to ``stream``, one TU at a time."""
    stream.write(PREAMBLE)
    with etree.xmlfile(stream, encoding="UTF-8") as xf, xf.element("tmx", version="1.4"):
        xf.write("\n", etree.Element("header", HEADER), pretty_print=True)
        with xf.element("body"):
            xf.write("\n")
            for concept in selected(glossary, options):
                for tu in units(concept, options):
                    xf.write(tu, pretty_print=True)
        xf.write("\n")
    stream.write(b"\n")


def _segments(tu: etree._Element) -> dict[str, etree._Element]:
    found = {}
    for tuv in tu.iterfind("tuv"):
        lang = base_lang(tuv.get(XML_LANG) or tuv.get("lang") or "")
        if tuv.find("seg") is not None:
            found.setdefault(lang, tuv)
    return found


def read(path: Path) -> list[Concept]:
    """Concepts from a TMX file: dipterm's own (grouped by tuid) or any TMX with en and vi segments.

    In other tools' TMX, each distinct English segment becomes a concept with an id made from it.
    """
    shown = str(path)
    root = parse_xml(Path(path).read_bytes(), shown).getroot()
    if root.tag != "tmx" or root.find("body") is None:
        raise DiptermError(f"not a TMX document (root <{root.tag}>, expected <tmx> with <body>)",
                           shown, root.sourceline)
    header = root.find("header")
    ours = header is not None and header.get("creationtool") == "dipterm"
    drafts: dict[str, ConceptDraft] = {}
    by_source: dict[str, str] = {}
    for tu in root.find("body").iterfind("tu"):
        tuvs = _segments(tu)
        if "en" not in tuvs or "vi" not in tuvs:
            continue
        en_text = "".join(tuvs["en"].find("seg").itertext()).strip()
        vi_text = "".join(tuvs["vi"].find("seg").itertext()).strip()
        if not en_text or not vi_text:
            continue
        props = [(p.get("type"), (p.text or "").strip()) for p in tu.iterfind("prop")]
        stem, _, variant = (tu.get("tuid") or "").partition(":")
        if ours and ID_PATTERN.match(stem):
            cid = stem
        elif en_text in by_source:
            cid = by_source[en_text]
        else:
            cid = base = slug(en_text)
            while cid in drafts:
                cid = f"{base}-{len(drafts)}"
            by_source[en_text] = cid
        draft = drafts.setdefault(cid, ConceptDraft(cid))
        status = next((v for k, v in props if k == "x-status"), "")
        en_status = Status.ADMITTED if status == "admitted" or variant else Status.PREFERRED
        draft.add_term("vi", vi_text)
        draft.add_term("en", en_text, en_status)
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
                    draft.add_term(lang, prop.text, Status(kind))
    return [draft.build() for draft in drafts.values()]


FORMATS = (Format("tmx", ".tmx", "TMX 1.4b translation memory (preferred pairs, admitted EN variants)",
                  write, read),)
