"""TMX 1.4: each ``<tu>`` with an English and a Vietnamese ``<tuv>``; the header's ``srclang``
(``*all*`` means English) names the source. Positions are those of the ``<seg>`` elements.
The file is streamed: each ``<tu>`` is freed once read.
"""

from __future__ import annotations

from collections.abc import Iterator

from dipterm._xml import forget
from dipterm.readers._model import Draft, Lines, Segment, Unit, normalise_lang
from dipterm.readers._xmltext import inline_text, local, text_start, xml_elements, xml_lines

EXTENSIONS = (".tmx",)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _units(path: str, data: bytes | None, lines: Lines, lang: str | None) -> Iterator[Unit]:
    """The units with a non-empty target, each yielded as soon as its ``<tu>`` is parsed."""
    srclang: str | None = None
    for element in xml_elements(path, data, lines):
        name = local(element)
        if name == "header":
            srclang = element.get("srclang")
        elif name == "tu":
            segs: dict[str, Segment] = {}
            for tuv in (e for e in element if local(e) == "tuv"):
                code = normalise_lang(tuv.get(_XML_LANG) or tuv.get("lang"), "")
                seg = next((e for e in tuv if local(e) == "seg"), None)
                if code and seg is not None and code not in segs:
                    segs[code] = Segment(inline_text(seg), code, *text_start(seg, lines))
            source_lang = lang or normalise_lang(srclang, "en")
            target_lang = "vi" if source_lang == "en" else "en"
            if source_lang in segs and target_lang in segs and segs[target_lang].text.strip():
                notes = "\n".join(e.text or "" for e in element if local(e) == "note")
                yield Unit(segs[source_lang], segs[target_lang], notes)
            forget(element)


def read(path: str, data: bytes | None = None, lang: str | None = None, *, lazy: bool = False) -> Draft:
    """A bilingual draft of the units with both languages (``data``: the file's bytes, else it is read
    from ``path``; ``lazy``: read as ``Draft.stream()`` goes)."""
    lines = xml_lines(path, data)
    draft = Draft(path, lines, units=_units(path, data, lines, lang))
    return draft if lazy else draft.loaded()
