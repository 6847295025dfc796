"""Two-column TSV: source, tab, target (further columns ignored). A first row naming the
languages (``en<TAB>vi``, ``vi-VN<TAB>en-US``) sets the direction; otherwise English to Vietnamese.
"""

from __future__ import annotations

from dipterm._text import decode_text
from dipterm.findings import DiptermError
from dipterm.readers._model import Draft, Segment, Unit, normalise_lang, text_content

EXTENSIONS = (".tsv", ".tab")


def read(path: str, data: bytes, lang: str | None = None) -> Draft:
    """A bilingual draft, one unit per non-blank row."""
    lines = text_content(decode_text(data, path), path).splitlines()
    source_lang, target_lang = (lang or "en"), ("vi" if (lang or "en") == "en" else "en")
    units: list[Unit] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            raise DiptermError("expected two tab-separated columns (source, target)", path, number)
        header = [normalise_lang(c.strip(), "") for c in cells[:2]]
        if not units and all(header) and header[0] != header[1]:
            source_lang, target_lang = header
            continue
        column = len(cells[0]) + 2
        units.append(Unit(Segment(cells[0], source_lang, number),
                          Segment(cells[1], target_lang, number, column)))
    return Draft(path, lines, units=units)
