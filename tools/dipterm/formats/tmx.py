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

Reading: each ``<tu>`` is one unit of its English ``<tuv>`` (else the header's ``srclang``) and its
Vietnamese one (else the first other language, so that lint can say the target is not Vietnamese);
``xml:lang`` (or TMX 1.1 ``lang``) as BCP 47; elements in a namespace or none. Inline codes are
left out of the text. A dipterm export (``creationtool="dipterm"``) also gives each unit its
concept id and ``x-`` properties. The file is streamed: each ``<tu>`` is freed once read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import partial
from typing import BinaryIO

from lxml import etree

from dipterm import __version__
from dipterm._fork import Helper, second_core
from dipterm._xml import forget
from dipterm.formats._units import Draft, Lines, Segment, Tally, Unit
from dipterm.formats._xmltext import children, inline_text, local, text_start, xml_elements, xml_lines
from dipterm.formats.base import ExportOptions, Format, selected
from dipterm.glossary import ID_PATTERN
from dipterm.model import Concept, Glossary, Status, Term
from dipterm.normalize import base_lang, match_key

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


def units(concept: Concept, options: ExportOptions, preferred: frozenset[str] = frozenset()) -> str:
    """The TUs of one concept as TMX markup: the preferred pair, then one per admitted English term
    but those another concept prefers or admits too (``preferred``: their match keys), which are a
    prop of the first: a memory with two targets for one source would leave the CAT tool to pick."""
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
    shared = [t for t in en_admitted if match_key(t.text) in preferred]  # kept as a prop instead
    en_admitted = [t for t in en_admitted if t not in shared]
    vi_lang = _attribute(options.code("vi"))
    subject = _prop("x-subject", concept.subject) if concept.subject else ""
    result = []
    for n, term in enumerate([en, *en_admitted]):
        tuid = _attribute(f"{concept.id}:{n}" if n else concept.id)
        note = f"  <note>{_text(concept.note)}</note>\n" if concept.note and not n else ""
        status = _prop("x-status", "admitted" if n else "preferred")
        sources = (
            ""
            if n
            else "".join(
                [
                    *(_prop("x-source", str(ref)) for ref in concept.sources),
                    *(_prop("x-reference", url) for url in concept.references),
                ]
            )
        )
        result.append(
            f'<tu tuid="{tuid}">\n{note}{subject}{status}{sources}'
            f"{_tuv('en', term.text, [] if n else [*shared, *en_deprecated])}"
            f"{_tuv(vi_lang, vi.text, [] if n else vi_others)}</tu>\n"
        )
    markup = "".join(result)
    if _NOT_XML.search(markup):
        raise ValueError(_NOT_XML_MESSAGE)
    return markup


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Stream the TMX document for ``glossary`` to ``stream``, a piece of its TUs at a time: from
    ``TWO_CORES_FROM`` concepts, where a second core may be used (``_fork.second_core``), a forked
    helper makes the second half's while this process writes the first's."""
    stream.write(PREAMBLE)
    with etree.xmlfile(stream, encoding="UTF-8") as xf, xf.element("tmx", version="1.4"):
        xf.write("\n", etree.Element("header", HEADER), pretty_print=True)
        with xf.element("body"):
            xf.write("\n")
            xf.flush()  # the TUs go straight to the stream, after what xmlfile has buffered
            chosen = list(selected(glossary, options))
            ambiguous = _ambiguous(chosen)
            half = len(chosen) // 2 if len(chosen) >= TWO_CORES_FROM and second_core() else 0
            markup = partial(_markup, chosen, options, ambiguous)
            helper = Helper(lambda span: list(markup(*span))) if half else None
            try:
                if helper is not None:
                    helper.send((half, len(chosen)))
                stream.writelines(markup(0, half or len(chosen)))
                if helper is not None:
                    try:
                        rest = helper.receive()
                    except RuntimeError:  # the helper failed: its half is written here
                        rest = markup(half, len(chosen))
                    stream.writelines(rest)
            finally:
                if helper is not None:
                    helper.close()
        xf.write("\n")
    stream.write(b"\n")


TWO_CORES_FROM = 20_000  # concepts from which a forked helper writes the second half's TUs
_PIECE = 2000  # concepts whose TUs are encoded at once


def _ambiguous(chosen: list[Concept]) -> frozenset[str]:
    """The match keys of admitted English terms that are not only their concept's: another concept
    prefers or admits them too (``units`` makes those a prop). Nothing to look for, and no
    preferred term keyed, when no concept admits an English term."""
    sources = Counter(
        key for c in chosen for key in {match_key(t.text) for t in c.terms_in("en", Status.ADMITTED)}
    )
    if not sources:
        return frozenset()
    taken = {match_key(c.preferred("en").text) for c in chosen if c.preferred("en")}
    taken.update(key for key, n in sources.items() if n > 1)
    return frozenset(taken & sources.keys())


def _markup(
    chosen: list[Concept], options: ExportOptions, ambiguous: frozenset[str], start: int, end: int
) -> Iterator[bytes]:
    """The TUs of ``chosen[start:end]``, encoded ``_PIECE`` concepts at a time."""
    for at in range(start, end, _PIECE):
        yield "".join(units(c, options, ambiguous) for c in chosen[at : min(at + _PIECE, end)]).encode()


def _props(elements: Iterator[etree._Element], prefix: str = "") -> list[tuple[str, str]]:
    """dipterm's own ``<prop type="x-...">`` metadata as unit properties (``subject``, ``admitted:en``)."""
    found = []
    for prop in elements:
        kind = (prop.get("type") or "").removeprefix("x-")
        if prop.text and kind in ("subject", "status", "source", "reference", "admitted", "deprecated"):
            found.append((f"{kind}:{prefix}" if prefix else kind, prop.text.strip()))
    return found


def _unit(
    tu: etree._Element, srclang: str, lang: str | None, own: bool, lines: Lines, tally: Tally
) -> Unit | None:
    """The unit of one ``<tu>``: English (else the header's source language) and Vietnamese (else the
    first other language), or None when it has fewer than two languages or no target text."""
    segs: dict[str, tuple[etree._Element, etree._Element]] = {}
    for tuv in children(tu, "tuv"):
        code = base_lang(tuv.get(XML_LANG) or tuv.get("lang"))
        seg = next(children(tuv, "seg"), None)
        if code and seg is not None:
            segs.setdefault(code, (tuv, seg))
    tally.languages.update(segs)
    source = (
        lang
        if lang in segs
        else "en"
        if "en" in segs
        else srclang
        if srclang in segs
        else next(iter(segs), "")
    )
    others = [code for code in segs if code != source]
    target = ("en" if source == "vi" else "vi") if lang else "vi"
    target = target if target in others else others[0] if others else ""
    if not target or not inline_text(segs[target][1]).strip():
        tally.skipped["untranslated"] += 1
        return None
    source_seg, target_seg = segs[source][1], segs[target][1]
    note = "\n".join(e.text or "" for e in children(tu, "note"))
    stem = (tu.get("tuid") or "").partition(":")[0]
    props: list[tuple[str, str]] = []
    if own:
        props += _props(children(tu, "prop"))
        props += [("definition", note.strip())] if note.strip() and stem == tu.get("tuid") else []
        for code, (tuv, _) in segs.items():
            props += _props(children(tuv, "prop"), code)
    return Unit(
        Segment(inline_text(source_seg), source, *text_start(source_seg, lines)),
        Segment(inline_text(target_seg), target, *text_start(target_seg, lines)),
        note,
        concept=stem if own and ID_PATTERN.match(stem) else "",
        props=tuple(props),
    )


def _units(path: str, data: bytes | None, lines: Lines, lang: str | None, tally: Tally) -> Iterator[Unit]:
    """The units, each yielded as soon as its ``<tu>`` is parsed."""
    srclang, own = "en", False
    for element in xml_elements(path, data, lines, ("tmx",), "TMX"):
        parent = element.getparent()
        name = local(element)
        if name == "header":
            srclang = base_lang(element.get("srclang")) or "en"  # "*all*": any; English first
            own = element.get("creationtool") == "dipterm"
        elif name == "tu":
            unit = _unit(element, srclang, lang, own, lines, tally)
            if unit is not None:
                yield unit
            forget(element)
        elif parent is not None and local(parent) == "body":
            forget(element)


def read(
    path: str,
    data: bytes | None = None,
    lang: str | None = None,
    *,
    lazy: bool = False,
    include_fuzzy: bool = False,
) -> Draft:
    """The units of a TMX file (``data``: its bytes, else it is read from ``path``; ``lazy``: read as
    ``Draft.stream()`` goes; ``lang``: the source language to pair with English or Vietnamese). TMX
    has no fuzzy state: ``include_fuzzy`` changes nothing."""
    lines, tally = xml_lines(path, data), Tally()
    draft = Draft(path, lines, units=_units(path, data, lines, lang, tally), tally=tally)
    return draft if lazy else draft.loaded()


def sniff(head: str) -> bool:
    """True when the file's first characters open a TMX document."""
    return "<tmx" in head


FORMATS = (
    Format(
        "tmx",
        ".tmx",
        "TMX 1.4b translation memory (preferred pairs, admitted EN variants)",
        write=write,
        units=read,
        sniff=sniff,
        extensions=(".tmx",),
    ),
)
