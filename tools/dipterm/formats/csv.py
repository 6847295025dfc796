"""CSV (RFC 4180: comma, CRLF, minimal quoting) and TSV, UTF-8, one row per term.

Columns: concept, language, term, status, subject, note, sources, pos, term-note. ``note`` is the
concept's definition and ``sources`` its seed references and then its reference URLs, separated by
``; `` (a URL read there is a reference again) — both repeated on
every row of the concept so that a spreadsheet can sort and filter rows freely. Reading needs
the columns concept, language, term and status; the others are optional. Any other glossary table
is read too: columns headed by language tags (en, vi, ...), or source, target[, comment] as
OmegaT and CAT tools export them. A term table is a glossary, not a draft: lint refuses it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO

from dipterm.findings import DiptermError
from dipterm.formats._units import Entry, TermRecord, text_lines
from dipterm.formats.base import ExportOptions, Format, selected
from dipterm.model import Glossary, Status
from dipterm.normalize import base_lang, known_lang, lang_of

COLUMNS = ("concept", "language", "term", "status", "subject", "note", "sources", "pos", "term-note")
REQUIRED = COLUMNS[:4]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
csv.field_size_limit(1 << 30)  # a long note is data, not an error; lines are read in bounded work


def term_rows(glossary: Glossary, options: ExportOptions) -> Iterator[list[str]]:
    """The table of the export, one row per term under ``COLUMNS`` (the header not included): what
    the CSV, TSV and XLSX writers write."""
    for concept in selected(glossary, options):
        sources = "; ".join([*map(str, concept.sources), *concept.references])
        for term in concept.terms:
            yield [
                concept.id,
                options.code(term.lang),
                term.text,
                term.status,
                concept.subject or "",
                concept.note or "",
                sources,
                term.pos or "",
                term.note or "",
            ]


def _writer(delimiter: str, lineterminator: str):
    def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
        table = csv.writer(text, delimiter=delimiter, lineterminator=lineterminator)
        table.writerow(COLUMNS)
        for row in term_rows(glossary, options):
            table.writerow([_cell(value) for value in row])
        text.detach()

    return write


def is_term_table(header: str) -> bool:
    """True when a first row names the columns a term table needs (concept, language, term, status)."""
    names = {cell.strip().strip('"').lower() for cell in header.replace("\t", ",").split(",")}
    return names.issuperset(REQUIRED)


_HEADER_WORDS = {
    "source",
    "target",
    "term",
    "terms",
    "comment",
    "comments",
    "note",
    "notes",
    "english",
    "vietnamese",
    "translation",
    "definition",
}
_LOOK_AHEAD = 2000  # rows read to tell the target language of a plain glossary


def _plain_entries(
    header: list[str], rows: Iterator[list[str]], line: Callable[[], int], shown: str
) -> Iterator[Entry]:
    """Entries of a glossary table that is not dipterm's: columns named by language tags (``en``,
    ``vi``, ``fr-FR``), or source, target[, comment] as OmegaT and most CAT tools write them, with or
    without a header row (the target language told from the text)."""
    langs = [known_lang(cell) for cell in header]
    if sum(1 for lang in langs if lang) >= 2 and len(set(langs)) == len(langs):
        for row in rows:
            terms = tuple(
                TermRecord(cell.strip(), lang, line=line())
                for lang, cell in zip(langs, row, strict=False)
                if lang and cell.strip()
            )
            yield Entry("", terms, line=line())
        return
    named = {cell.strip().lower() for cell in header} & _HEADER_WORDS
    first = [] if named else [(1, header)]
    head = first + [(line(), row) for row in islice(rows, _LOOK_AHEAD)]
    target_lang = lang_of("\n".join(row[1] for _, row in head if len(row) > 1), "")
    for number, row in chain(head, ((line(), row) for row in rows)):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2:
            raise DiptermError("expected columns source, target[, comment]", shown, number)
        terms = (
            TermRecord(row[0].strip(), "en", line=number),
            TermRecord(row[1].strip(), target_lang, line=number),
        )
        yield Entry("", terms, note=row[2].strip() if len(row) > 2 and row[2].strip() else None, line=number)


def _cell(value: str) -> str:
    """A cell as written for a spreadsheet: one that a spreadsheet would run as a formula (``=``,
    ``+``, ``-``, ``@``, TAB, CR first) gets a leading ``'``, which ``_uncell`` removes on import."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _uncell(value: str) -> str:
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value


class _Rows:
    """The rows of a table with spreadsheet-neutralised cells restored, the reader's line number
    and a table the csv module refuses (``csv.Error``) as a DiptermError at its line."""

    def __init__(self, path: str, delimiter: str) -> None:
        self.path = path
        self.reader = csv.reader((line + "\n" for line in text_lines(path, None)), delimiter=delimiter)

    def line(self) -> int:
        return self.reader.line_num

    def __iter__(self) -> Iterator[list[str]]:
        try:
            for row in self.reader:
                yield [_uncell(cell) for cell in row]
        except csv.Error as exc:
            raise DiptermError(f"malformed table: {exc}", self.path, max(self.reader.line_num, 1)) from exc


def table_entries(rows: Iterator[list[str]], line: Callable[[], int], shown: str) -> Iterator[Entry]:
    """The entries of a table's rows (its header first; ``line``: the row being read): one entry
    per row under dipterm's columns (the importer joins the rows of one concept id), else the
    table is read as a plain glossary (``_plain_entries``). What the CSV, TSV and XLSX readers read."""
    header = next(rows, [])
    if not all(c in header for c in REQUIRED):
        yield from _plain_entries(header, rows, line, shown)
        return
    for row in (dict(zip(header, row, strict=False)) for row in rows if any(c.strip() for c in row)):
        written = row.get("status") or ""
        status = Status.parse(written)
        if status is None:
            raise DiptermError(f"status {written!r}: use preferred, admitted or deprecated", shown, line())
        sources = tuple(filter(None, (row.get("sources") or "").split("; ")))
        term = TermRecord(
            row.get("term") or "",
            base_lang(row.get("language")),
            status,
            row.get("pos") or None,
            row.get("term-note") or None,
            line(),
        )
        yield Entry(
            row.get("concept") or "",
            (term,),
            row.get("subject") or None,
            row.get("note") or None,
            sources,
            line(),
        )


def _reader(delimiter: str):
    def entries(path: Path) -> Iterator[Entry]:
        """One entry per row of a CSV or TSV file (``table_entries``)."""
        rows = _Rows(str(path), delimiter)
        yield from table_entries(iter(rows), rows.line, str(path))

    return entries


FORMATS = (
    Format(
        "csv",
        ".csv",
        "CSV, one row per term (RFC 4180, UTF-8)",
        write=_writer(",", "\r\n"),
        entries=_reader(","),
        extensions=(".csv",),
    ),
    Format(
        "tsv",
        ".tsv",
        "tab-separated, one row per term (UTF-8)",
        write=_writer("\t", "\n"),
        entries=_reader("\t"),
    ),
)
