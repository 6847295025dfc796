"""OmegaT glossary: tab-separated UTF-8 text, one ``source<TAB>target<TAB>comment`` row per line.

Rows: the preferred English term -> the preferred Vietnamese term, commented with the definition,
the admitted Vietnamese terms ("also: ...") and the deprecated ones ("avoid: ..."); then one row
per admitted English term -> the preferred Vietnamese term. OmegaT has no term status, so
deprecated terms are never a target. Tabs and line breaks inside a field become spaces.
Reading takes any OmegaT glossary, and dipterm's own back with its statuses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO

from dipterm.findings import DiptermError
from dipterm.formats._units import Entry, TermRecord, join_terms, split_terms, text_lines
from dipterm.formats.base import ExportOptions, Format, selected
from dipterm.model import Concept, Glossary, Status
from dipterm.normalize import lang_of

_BREAKS = re.compile(r"[\t\r\n]+")


def _field(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


def rows(concept: Concept) -> list[tuple[str, str, str]]:
    """The glossary rows of one concept."""
    en, vi = concept.preferred("en"), concept.preferred("vi")
    if en is None or vi is None:
        return []
    comment = [concept.note] if concept.note else []
    for label, status in (("also", Status.ADMITTED), ("avoid", Status.DEPRECATED)):
        terms = concept.terms_in("vi", status)
        if terms:
            comment.append(f"{label}: " + join_terms(t.text for t in terms))
    result = [(en.text, vi.text, " | ".join(comment))]
    result += [
        (t.text, vi.text, f"admitted variant of '{en.text}'") for t in concept.terms_in("en", Status.ADMITTED)
    ]
    return result


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Write the tab-separated glossary."""
    for concept in selected(glossary, options):
        for row in rows(concept):
            stream.write(("\t".join(_field(cell) for cell in row) + "\n").encode("utf-8"))


_ADMITTED_OF = re.compile(r"^admitted variant of '(.*)'$")


def _entry(number: int, cells: list[str], target_lang: str) -> Entry:
    """One row as an entry; dipterm's own comments ("also: ...", "avoid: ...", "admitted variant
    of '...'") give back the statuses they stand for, and rows of one concept one id."""
    source, target, comment = [*cells, "", ""][:3]
    variant = _ADMITTED_OF.match(comment.strip())
    if variant:
        return Entry(
            variant.group(1),
            (
                TermRecord(source.strip(), "en", Status.ADMITTED, line=number),
                TermRecord(target.strip(), target_lang, line=number),
            ),
            line=number,
        )
    terms = [
        TermRecord(source.strip(), "en", line=number),
        TermRecord(target.strip(), target_lang, line=number),
    ]
    notes = []
    for part in filter(None, (p.strip() for p in comment.split(" | "))):
        label, _, rest = part.partition(": ")
        status = {"also": Status.ADMITTED, "avoid": Status.DEPRECATED}.get(label)
        if status is None:
            notes.append(part)
        else:
            terms += [TermRecord(t, target_lang, status, line=number) for t in split_terms(rest)]
    return Entry(source.strip(), tuple(terms), note=" | ".join(notes) or None, line=number)


def entries(path: Path) -> Iterator[Entry]:
    """The rows of an OmegaT glossary (English source terms; the target language is told from the
    first rows' text, OmegaT glossaries declare none)."""
    shown = str(path)
    rows = (
        (n, line.split("\t"))
        for n, line in enumerate(text_lines(shown, None), start=1)
        if line.strip() and not line.startswith("#")
    )
    head = list(islice(rows, 2000))
    target_lang = lang_of("\n".join(cells[1] for _, cells in head if len(cells) > 1), "")
    for number, cells in chain(head, rows):
        if len(cells) < 2:
            raise DiptermError("expected tab-separated columns source, target[, comment]", shown, number)
        yield _entry(number, cells, target_lang)


FORMATS = (
    Format(
        "omegat",
        ".txt",
        "OmegaT glossary (tab-separated UTF-8: source, target, comment)",
        write=write,
        entries=entries,
    ),
)
