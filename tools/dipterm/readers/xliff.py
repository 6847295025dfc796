"""XLIFF 1.2 (``file/body/trans-unit``) and 2.x (``file/unit/segment``): source and target of each
unit, languages from ``source-language``/``target-language`` (1.2) or ``srcLang``/``trgLang`` (2.x).
"""

from __future__ import annotations

from lxml import etree

from dipterm._xml import parse_xml
from dipterm.readers._model import Draft, Segment, Unit, normalise_lang
from dipterm.readers._xmltext import inline_text, local, text_start

EXTENSIONS = (".xlf", ".xliff")


def _langs(element: etree._Element, lang: str | None) -> tuple[str, str]:
    """Source and target language for a unit, from its ``file`` (1.2) or the root (2.x)."""
    for holder in element.iterancestors():
        source = holder.get("source-language") or holder.get("srcLang")
        if source:
            src = lang or normalise_lang(source, "en")
            return src, normalise_lang(holder.get("target-language") or holder.get("trgLang"),
                                       "vi" if src == "en" else "en")
    src = lang or "en"
    return src, "vi" if src == "en" else "en"


def _notes(unit: etree._Element) -> str:
    holder = unit.getparent() if local(unit) == "segment" else unit
    return "\n".join(e.text or "" for e in holder.iter() if local(e) == "note") if holder is not None else ""


def read(path: str, content: str, lang: str | None = None) -> Draft:
    """A bilingual draft of the units that have a non-empty target."""
    root = parse_xml(content.encode("utf-8"), path).getroot()
    lines = content.splitlines()
    units: list[Unit] = []
    for unit in (e for e in root.iter() if local(e) in ("trans-unit", "segment")):
        source = next((e for e in unit if local(e) == "source"), None)
        target = next((e for e in unit if local(e) == "target"), None)
        if source is None or target is None or not inline_text(target).strip():
            continue
        source_lang, target_lang = _langs(unit, lang)
        units.append(Unit(Segment(inline_text(source), source_lang, *text_start(source, lines)),
                          Segment(inline_text(target), target_lang, *text_start(target, lines)),
                          _notes(unit)))
    return Draft(path, lines, units=units)
