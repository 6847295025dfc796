"""TMX 1.4: each ``<tu>`` with an English and a Vietnamese ``<tuv>``; the header's ``srclang``
(``*all*`` means English) names the source. Positions are those of the ``<seg>`` elements.
"""

from __future__ import annotations

from dipterm._xml import parse_xml
from dipterm.readers._model import Draft, Segment, Unit, normalise_lang
from dipterm.readers._xmltext import inline_text, local, text_start

EXTENSIONS = (".tmx",)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read(path: str, content: str, lang: str | None = None) -> Draft:
    """A bilingual draft of the translation units that have both languages."""
    root = parse_xml(content.encode("utf-8"), path).getroot()
    lines = content.splitlines()
    header = next((e for e in root.iter() if local(e) == "header"), None)
    source_lang = lang or normalise_lang(header.get("srclang") if header is not None else None, "en")
    target_lang = "vi" if source_lang == "en" else "en"
    units: list[Unit] = []
    for tu in (e for e in root.iter() if local(e) == "tu"):
        segs: dict[str, Segment] = {}
        for tuv in (e for e in tu if local(e) == "tuv"):
            code = normalise_lang(tuv.get(_XML_LANG) or tuv.get("lang"), "")
            seg = next((e for e in tuv if local(e) == "seg"), None)
            if code and seg is not None and code not in segs:
                segs[code] = Segment(inline_text(seg), code, *text_start(seg, lines))
        if source_lang in segs and target_lang in segs and segs[target_lang].text.strip():
            notes = "\n".join(e.text or "" for e in tu if local(e) == "note")
            units.append(Unit(segs[source_lang], segs[target_lang], notes))
    return Draft(path, lines, units=units)
