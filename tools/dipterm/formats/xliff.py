"""XLIFF 1.2 (``file/body/trans-unit``) and 2.x (``file/unit/segment``): source and target of each
unit. Languages as declared: ``source-language``/``target-language`` on ``file`` (1.2),
``srcLang``/``trgLang`` on the root (2.x), ``xml:lang`` on ``source``/``target``; an undeclared
target language is told from its text. A 1.2 target whose ``state`` is ``new`` or ``needs-...``
and a 2.x segment in ``state="initial"`` are fuzzy. Inline codes are left out of the text. The
file is streamed: each unit is freed once read.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from dipterm._xml import forget
from dipterm.formats._units import Draft, Lines, Segment, Tally, Unit
from dipterm.formats._xmltext import children, inline_text, local, text_start, xml_elements, xml_lines
from dipterm.formats.base import Format
from dipterm.normalize import base_lang, lang_of

EXTENSIONS = (".xlf", ".xliff")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _declared(unit: etree._Element) -> tuple[str, str]:
    """Source and target language declared for a unit by its ``file`` (1.2) or the root (2.x)."""
    for holder in unit.iterancestors():
        source = holder.get("source-language") or holder.get("srcLang")
        if source:
            return base_lang(source), base_lang(holder.get("target-language") or holder.get("trgLang"))
    return "", ""


def _fuzzy(part: etree._Element, target: etree._Element) -> bool:
    state = target.get("state") or ""
    return state == "new" or state.startswith("needs-") or part.get("state") == "initial"


def _units(
    unit: etree._Element, lines: Lines, lang: str | None, include_fuzzy: bool, tally: Tally
) -> Iterator[Unit]:
    """The units of a 1.2 ``trans-unit`` or of the segments of a 2.x ``unit``."""
    notes = "\n".join(e.text or "" for e in unit.iter() if local(e) == "note")
    parts = [unit] if local(unit) == "trans-unit" else list(children(unit, "segment"))
    declared_source, declared_target = _declared(unit)
    for part in parts:
        source = next(children(part, "source"), None)
        target = next(children(part, "target"), None)
        if source is None:
            continue
        source_lang = lang or base_lang(source.get(_XML_LANG)) or declared_source or "en"
        tally.languages.add(source_lang)
        target_text = inline_text(target) if target is not None else ""
        if target is None or not target_text.strip():
            tally.skipped["untranslated"] += 1
            continue
        target_lang = base_lang(target.get(_XML_LANG)) or declared_target or lang_of(target_text, "")
        tally.languages.add(target_lang)
        if _fuzzy(part, target) and not include_fuzzy:
            tally.skipped["fuzzy"] += 1
            continue
        yield Unit(
            Segment(inline_text(source), source_lang, *text_start(source, lines)),
            Segment(target_text, target_lang, *text_start(target, lines)),
            notes,
            key=unit.get("id") or "",
            state="fuzzy" if _fuzzy(part, target) else "",
        )


def _stream(
    path: str, data: bytes | None, lines: Lines, lang: str | None, include_fuzzy: bool, tally: Tally
) -> Iterator[Unit]:
    """The units, each yielded as soon as its element is parsed."""
    for element in xml_elements(path, data, lines, ("xliff",), "XLIFF"):
        if local(element) in ("trans-unit", "unit"):
            yield from _units(element, lines, lang, include_fuzzy, tally)
            forget(element)


def read(
    path: str,
    data: bytes | None = None,
    lang: str | None = None,
    *,
    lazy: bool = False,
    include_fuzzy: bool = False,
) -> Draft:
    """A bilingual draft of the translated units (``data``: the file's bytes, else it is read from
    ``path``; ``lazy``: read as ``Draft.stream()`` goes; ``lang``: the source language)."""
    lines, tally = xml_lines(path, data), Tally()
    draft = Draft(path, lines, units=_stream(path, data, lines, lang, include_fuzzy, tally), tally=tally)
    return draft if lazy else draft.loaded()


def sniff(head: str) -> bool:
    """True when the file's first characters open an XLIFF document."""
    return "<xliff" in head


FORMATS = (
    Format(
        "xliff",
        ".xlf",
        "XLIFF 1.2 and 2.x bilingual files (read only)",
        units=read,
        sniff=sniff,
        extensions=EXTENSIONS,
    ),
)
