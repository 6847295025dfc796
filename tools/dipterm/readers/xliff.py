"""XLIFF 1.2 (``file/body/trans-unit``) and 2.x (``file/unit/segment``): source and target of each
unit, languages from ``source-language``/``target-language`` (1.2) or ``srcLang``/``trgLang`` (2.x).
The file is streamed: each unit is freed once read.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from dipterm._xml import forget
from dipterm.readers._model import Draft, Lines, Segment, Unit, normalise_lang
from dipterm.readers._xmltext import inline_text, local, text_start, xml_elements, xml_lines

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


def _units(unit: etree._Element, lines: Lines, lang: str | None) -> list[Unit]:
    """The units of a 1.2 ``trans-unit`` or of the segments of a 2.x ``unit``."""
    notes = "\n".join(e.text or "" for e in unit.iter() if local(e) == "note")
    parts = [unit] if local(unit) == "trans-unit" else [e for e in unit if local(e) == "segment"]
    found = []
    for part in parts:
        source = next((e for e in part if local(e) == "source"), None)
        target = next((e for e in part if local(e) == "target"), None)
        if source is None or target is None or not inline_text(target).strip():
            continue
        source_lang, target_lang = _langs(unit, lang)
        found.append(Unit(Segment(inline_text(source), source_lang, *text_start(source, lines)),
                          Segment(inline_text(target), target_lang, *text_start(target, lines)), notes))
    return found


def _stream(path: str, data: bytes | None, lines: Lines, lang: str | None) -> Iterator[Unit]:
    """The units, each yielded as soon as its element is parsed."""
    for element in xml_elements(path, data, lines):
        if local(element) in ("trans-unit", "unit"):
            yield from _units(element, lines, lang)
            forget(element)


def read(path: str, data: bytes | None = None, lang: str | None = None, *, lazy: bool = False) -> Draft:
    """A bilingual draft of the units with a non-empty target (``data``: the file's bytes, else it is
    read from ``path``; ``lazy``: read as ``Draft.stream()`` goes)."""
    lines = xml_lines(path, data)
    draft = Draft(path, lines, units=_stream(path, data, lines, lang))
    return draft if lazy else draft.loaded()
