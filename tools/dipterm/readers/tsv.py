"""Two-column TSV: source, tab, target (further columns ignored). A first row naming the
languages (``en<TAB>vi``, ``vi-VN<TAB>en-US``) sets the direction; otherwise English to Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterator

from dipterm.findings import DiptermError
from dipterm.readers._model import Draft, Lines, Segment, Unit, normalise_lang, text_lines

EXTENSIONS = (".tsv", ".tab")


def _units(path: str, lines: Lines, lang: str | None) -> Iterator[Unit]:
    """One unit per non-blank row after the optional language row."""
    source_lang, target_lang = (lang or "en"), ("vi" if (lang or "en") == "en" else "en")
    started = False
    for number, line in lines:
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            raise DiptermError("expected two tab-separated columns (source, target)", path, number)
        header = [normalise_lang(c.strip(), "") for c in cells[:2]]
        if not started and all(header) and header[0] != header[1]:
            source_lang, target_lang = header
            continue
        started = True
        yield Unit(Segment(cells[0], source_lang, number),
                   Segment(cells[1], target_lang, number, len(cells[0]) + 2))


def read(path: str, data: bytes | None = None, lang: str | None = None, *, lazy: bool = False) -> Draft:
    """A bilingual draft, one unit per non-blank row (``data``: the file's bytes, else it is read from
    ``path``; ``lazy``: read as ``Draft.stream()`` goes)."""
    lines = Lines(text_lines(path, data))
    draft = Draft(path, lines, units=_units(path, lines, lang))
    return draft if lazy else draft.loaded()
