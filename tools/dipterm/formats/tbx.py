"""TBX v3 (ISO 30042:2019), dialect TBX-Basic, DCA style, written one concept entry at a time.

``conceptEntry`` holds the ``subjectField`` and the seed references (``admin type="source"``);
the English ``langSec`` holds the definition; each term is a ``termSec`` with ``partOfSpeech``
(when it is one of TBX-Basic's values) and ``administrativeStatus`` preferredTerm-admn-sts /
admittedTerm-admn-sts / deprecatedTerm-admn-sts; a term's note is a ``note``. Valid against the
core structure RNG (TBXcoreStructV03.rng); the DCA Schematron's rules are followed.
An id must be an XML NCName, so a concept id starting with a digit is written ``_2030-agenda``
(import strips the ``_``; glossary ids never start with one). The same writer and reader serve
TBX 2008 (``martif``) through :mod:`dipterm.formats.tbx2008` with that dialect's element names.
The reader takes any TBX: v3 or 2008, DCA or DCT style, ``tig``, ``ntig/termGrp`` or ``termSec``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from dipterm import __version__
from dipterm._xml import forget
from dipterm.findings import DiptermError
from dipterm.formats._units import Entry, TermRecord
from dipterm.formats._xmltext import children, local, xml_elements, xml_lines
from dipterm.formats.base import ExportOptions, Format, selected
from dipterm.model import Concept, Glossary, Status
from dipterm.normalize import base_lang

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TERM_GROUPS = ("tig", "ntig", "termSec")
_DCA = ("termNote", "descrip", "admin", "termNoteGrp")
PARTS_OF_SPEECH = ("adjective", "adverb", "noun", "other", "verb")


@dataclass(frozen=True)
class Dialect:
    """Element names and the document's opening lines in one TBX generation."""

    root: str
    header: str
    entry: str
    lang: str
    term_group: str
    start: bytes  # everything up to and including the root start tag


TBX_V3 = Dialect(
    root="tbx",
    header="tbxHeader",
    entry="conceptEntry",
    lang="langSec",
    term_group="termSec",
    start=b"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng" \
type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/\
TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
""",
)


def xml_id(concept_id: str) -> str:
    """A concept id as an XML NCName (``_`` before a leading digit)."""
    return concept_id if concept_id[0].isalpha() else f"_{concept_id}"


def entry(concept: Concept, dialect: Dialect, options: ExportOptions) -> etree._Element:
    """The ``conceptEntry`` (or ``termEntry``) element of one concept, without a namespace: it is
    written inside the root element that declares the default namespace."""
    element = etree.Element(dialect.entry, id=xml_id(concept.id))
    if concept.subject:
        etree.SubElement(element, "descrip", type="subjectField").text = concept.subject
    for ref in (*map(str, concept.sources), *concept.references):
        etree.SubElement(element, "admin", type="source").text = ref
    for lang in ("en", "vi"):
        terms = concept.terms_in(lang)
        if not terms:
            continue
        section = etree.SubElement(element, dialect.lang, {XML_LANG: options.code(lang)})
        if lang == "en" and concept.note:
            etree.SubElement(section, "descrip", type="definition").text = concept.note
        for term in terms:
            group = etree.SubElement(section, dialect.term_group)
            etree.SubElement(group, "term").text = term.text
            if term.pos in PARTS_OF_SPEECH:
                etree.SubElement(group, "termNote", type="partOfSpeech").text = term.pos
            etree.SubElement(
                group, "termNote", type="administrativeStatus"
            ).text = f"{term.status}Term-admn-sts"
            if term.note:
                etree.SubElement(group, "note").text = term.note
    return element


def write_dialect(glossary: Glossary, stream: BinaryIO, options: ExportOptions, dialect: Dialect) -> None:
    """Stream a TBX document in ``dialect``, one concept entry at a time."""
    header = etree.Element(dialect.header)
    source = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(
        source, "p"
    ).text = f"English-Vietnamese diplomatic terminology exported by dipterm {__version__}"
    stream.write(dialect.start)
    stream.write(etree.tostring(header, encoding="UTF-8", pretty_print=True))
    stream.write(b"<text><body>\n")
    for concept in selected(glossary, options):
        stream.write(etree.tostring(entry(concept, dialect, options), encoding="UTF-8", pretty_print=True))
    stream.write(f"</body></text>\n</{dialect.root}>\n".encode())


def _category(holders: list[etree._Element], name: str) -> str | None:
    """The first value of data category ``name`` written on ``holders`` in either style: DCA
    (``<termNote type="name">``, ``<descrip type=...>``, ``<admin type=...>``, also inside a
    ``...Grp``) or DCT (an element named for the category, in any namespace)."""
    for holder in holders:
        for child in holder:
            kind = local(child)
            if kind == name or (child.get("type") == name and kind in _DCA):
                text = "".join(child.itertext()).strip()
                if text:
                    return text
            elif kind.endswith("Grp") and kind not in _TERM_GROUPS:
                found = _category([child], name)
                if found:
                    return found
    return None


def _term(group: etree._Element, lang: str, first: bool, shown: str) -> TermRecord | None:
    """The term of a ``tig``, ``ntig`` (its ``termGrp``) or ``termSec``, or None when it has no text.
    Without a status, the first term of a language is preferred and the others admitted."""
    holders = [group, *children(group, "termGrp")]
    term = next((e for h in holders for e in children(h, "term")), None)
    text = "".join(term.itertext()).strip() if term is not None else ""
    if not text:
        return None
    written = _category(holders, "administrativeStatus") or _category(holders, "normativeAuthorization")
    status = Status.parse(written) if written else Status.PREFERRED if first else Status.ADMITTED
    if status is None:
        raise DiptermError(
            f"administrative status {written!r} is none of preferred, admitted, deprecated "
            "(or their TBX names such as preferredTerm-admn-sts)",
            shown,
            group.sourceline,
        )
    note = next(("".join(e.itertext()).strip() for h in holders for e in children(h, "note")), None)
    return TermRecord(text, lang, status, _category(holders, "partOfSpeech"), note or None, term.sourceline)


def _entry(element: etree._Element, shown: str) -> Entry:
    """The entry of one ``conceptEntry`` (``termEntry``)."""
    terms: list[TermRecord] = []
    definition = _category([element], "definition")
    for section in (e for e in element if local(e) in ("langSet", "langSec")):
        lang = base_lang(section.get(XML_LANG) or section.get("lang"))
        definition = definition or _category([section], "definition")
        for group in (e for e in section if local(e) in _TERM_GROUPS):
            term = _term(group, lang, not any(t.lang == lang for t in terms), shown)
            if term is not None:
                terms.append(term)
    sources = tuple(
        value
        for child in element
        if local(child) == "admin" and child.get("type") == "source"
        for value in ["".join(child.itertext()).strip()]
        if value
    )
    return Entry(
        element.get("id") or "",
        tuple(terms),
        _category([element], "subjectField"),
        definition,
        sources,
        element.sourceline,
    )


def entries(path: Path) -> Iterator[Entry]:
    """The concept entries of a TBX document, v3 (``tbx``) or 2008 (``martif``), in the DCA or DCT
    style; term groups ``tig``, ``ntig/termGrp`` or ``termSec``. Streamed, one entry at a time."""
    shown = str(path)
    for element in xml_elements(shown, None, xml_lines(shown, None), ("tbx", "martif"), "TBX"):
        if local(element) in ("conceptEntry", "termEntry"):
            yield _entry(element, shown)
            forget(element)


def sniff(head: str) -> bool:
    """True when the file's first characters open a TBX v3 document."""
    return "<tbx" in head


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Write TBX v3 TBX-Basic (DCA)."""
    write_dialect(glossary, stream, options, TBX_V3)


FORMATS = (
    Format(
        "tbx",
        ".tbx",
        "TBX v3 (ISO 30042:2019), TBX-Basic DCA termbase",
        write=write,
        entries=entries,
        sniff=sniff,
    ),
)
