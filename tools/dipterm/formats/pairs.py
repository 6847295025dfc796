"""Two-column pairs: source, tab, target (further columns ignored), one unit per non-blank row. A
first row naming the languages (``en<TAB>vi``, ``vi-VN<TAB>en-US``) declares them; otherwise the
source is English (or ``--lang``) and the target language is told from the first rows' text.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from dipterm.findings import DiptermError
from dipterm.formats._units import Draft, Lines, Segment, Tally, Unit, text_lines
from dipterm.formats.base import Format
from dipterm.normalize import LANG_WORDS, known_lang, lang_of

EXTENSIONS = (".tsv", ".tab")


def _cells(number: int, line: str, path: str) -> list[str]:
    cells = line.split("\t")
    if len(cells) < 2:
        raise DiptermError("expected two tab-separated columns (source, target)", path, number)
    return cells


def _units(path: str, lines: Lines, lang: str | None, tally: Tally) -> Iterator[Unit]:
    """One unit per non-blank row after the optional language row."""
    rows = ((n, line) for n, line in lines if line.strip())
    first = next(rows, None)
    if first is None:
        return
    header = [known_lang(c) for c in _cells(*first, path)[:2]]
    if all(header) and header[0] != header[1]:
        source_lang, target_lang = header
    else:
        rows = chain([first], rows)
        head, words = [], 0
        for number, line in rows:  # read ahead as far as telling the target language needs
            head.append((number, line))
            words += len(line[: LANG_WORDS * 30].split())
            if words >= LANG_WORDS:
                break
        source_lang = lang or "en"
        target_lang = lang_of("\n".join(_cells(n, line, path)[1] for n, line in head), "")
        rows = chain(head, rows)
    tally.languages.update(filter(None, (source_lang, target_lang)))
    for number, line in rows:
        cells = _cells(number, line, path)
        yield Unit(
            Segment(cells[0], source_lang, number), Segment(cells[1], target_lang, number, len(cells[0]) + 2)
        )


def read(
    path: str,
    data: bytes | None = None,
    lang: str | None = None,
    *,
    lazy: bool = False,
    include_fuzzy: bool = False,
) -> Draft:
    """A bilingual draft, one unit per non-blank row (``data``: the file's bytes, else it is read from
    ``path``; ``lazy``: read as ``Draft.stream()`` goes). Pairs have no fuzzy state."""
    lines, tally = Lines(text_lines(path, data)), Tally()
    draft = Draft(path, lines, units=_units(path, lines, lang, tally), tally=tally)
    return draft if lazy else draft.loaded()


FORMATS = (
    Format(
        "pairs", ".tsv", "two-column source<TAB>target pairs (read only)", units=read, extensions=EXTENSIONS
    ),
)
