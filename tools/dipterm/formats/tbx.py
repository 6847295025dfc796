"""TBX v3 (ISO 30042:2019), dialect TBX-Basic, DCA style, written one concept entry at a time.

``conceptEntry`` holds the ``subjectField`` and the seed references (``admin type="source"``);
the English ``langSec`` holds the definition; each term is a ``termSec`` with ``partOfSpeech``
(when it is one of TBX-Basic's values) and ``administrativeStatus`` preferredTerm-admn-sts /
admittedTerm-admn-sts / deprecatedTerm-admn-sts; a term's note is a ``note``. Valid against the
core structure RNG (TBXcoreStructV03.rng); the DCA Schematron's rules are followed.
An id must be an XML NCName, so a concept id starting with a digit is written ``_2030-agenda``
(readers strip the ``_``; glossary ids never start with one). The same writer and reader serve
TBX 2008 (``martif``) through :mod:`dipterm.formats.tbx2008` with that dialect's element names.
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
from dipterm.formats.base import Drafts, ExportOptions, Format, base_lang, built, concept_drafts, selected
from dipterm.model import Concept, Glossary, Status
from dipterm.readers._xmltext import xml_elements, xml_lines

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PARTS_OF_SPEECH = ("adjective", "adverb", "noun", "other", "verb")


@dataclass(frozen=True)
class Dialect:
    """Element names and the document's opening lines in one TBX generation."""

    namespace: str | None
    root: str
    header: str
    entry: str
    lang: str
    term_group: str
    start: bytes  # everything up to and including the root start tag

    def tag(self, name: str) -> str:
        """``name`` in this dialect's namespace (Clark notation), for reading."""
        return f"{{{self.namespace}}}{name}" if self.namespace else name


TBX_V3 = Dialect(
    namespace="urn:iso:std:iso:30042:ed-2", root="tbx", header="tbxHeader", entry="conceptEntry",
    lang="langSec", term_group="termSec",
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
    for ref in concept.sources:
        etree.SubElement(element, "admin", type="source").text = str(ref)
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
            etree.SubElement(group, "termNote", type="administrativeStatus").text = (
                f"{term.status}Term-admn-sts")
            if term.note:
                etree.SubElement(group, "note").text = term.note
    return element


def write_dialect(glossary: Glossary, stream: BinaryIO, options: ExportOptions, dialect: Dialect) -> None:
    """Stream a TBX document in ``dialect``, one concept entry at a time."""
    header = etree.Element(dialect.header)
    source = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(source, "p").text = (
        f"English-Vietnamese diplomatic terminology exported by dipterm {__version__}")
    stream.write(dialect.start)
    stream.write(etree.tostring(header, encoding="UTF-8", pretty_print=True))
    stream.write(b"<text><body>\n")
    for concept in selected(glossary, options):
        stream.write(etree.tostring(entry(concept, dialect, options), encoding="UTF-8", pretty_print=True))
    stream.write(f"</body></text>\n</{dialect.root}>\n".encode())


def read_dialect(path: Path, dialect: Dialect) -> Iterator[Concept]:
    """Concepts from a TBX document in ``dialect``; every term keeps its administrative status.
    The file is streamed, one entry at a time, and the concepts wait in bounded memory."""
    shown, tag = str(path), dialect.tag
    drafts = concept_drafts(shown)
    for element in xml_elements(shown, None, xml_lines(shown, None)):
        root = element.getroottree().getroot()
        if root.tag != tag(dialect.root):
            raise DiptermError(f"not a {dialect.root} document: root element is {root.tag}", shown,
                               root.sourceline)
        if element.tag == tag(dialect.entry):
            _entry(element, dialect, shown, drafts)
            forget(element)
    return built(drafts)


def _entry(element: etree._Element, dialect: Dialect, shown: str, drafts: Drafts) -> None:
    """Add one ``conceptEntry`` (``termEntry``) to the draft of its concept."""
    tag = dialect.tag
    cid = (element.get("id") or "").removeprefix("_")
    if not cid:
        raise DiptermError(f"<{dialect.entry}> without an id", shown, element.sourceline)
    draft = drafts.get(cid)
    draft.subject = draft.subject or element.findtext(f"{tag('descrip')}[@type='subjectField']")
    for ref in element.iterfind(f"{tag('admin')}[@type='source']"):
        draft.add_source(ref.text or "", shown, ref.sourceline)
    for section in element.iterfind(tag(dialect.lang)):
        lang = base_lang(section.get(XML_LANG) or "")
        draft.note = draft.note or section.findtext(f"{tag('descrip')}[@type='definition']")
        for group in section.iterfind(tag(dialect.term_group)):
            status = group.findtext(f"{tag('termNote')}[@type='administrativeStatus']") or "preferred"
            status = status.removesuffix("-admn-sts").removesuffix("Term").replace("superseded",
                                                                                   "deprecated")
            if status not in Status.__members__.values():
                raise DiptermError(f"administrativeStatus {status!r} is not preferred, admitted or "
                                   "deprecated", shown, group.sourceline)
            draft.add_term(lang, group.findtext(tag("term")) or "", Status(status),
                           group.findtext(f"{tag('termNote')}[@type='partOfSpeech']"),
                           group.findtext(tag("note")), line=group.sourceline)


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Write TBX v3 TBX-Basic (DCA)."""
    write_dialect(glossary, stream, options, TBX_V3)


def read(path: Path) -> Iterator[Concept]:
    """Concepts from a TBX v3 document."""
    return read_dialect(path, TBX_V3)


FORMATS = (Format("tbx", ".tbx", "TBX v3 (ISO 30042:2019), TBX-Basic DCA termbase", write, read),)
