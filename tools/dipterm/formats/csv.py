"""CSV (RFC 4180: comma, CRLF, minimal quoting) and TSV, UTF-8, one row per term.

Columns: concept, language, term, status, subject, note, sources, pos, term-note. ``note`` is the
concept's definition and ``sources`` its seed references separated by ``; `` — both repeated on
every row of the concept so that a spreadsheet can sort and filter rows freely. Reading needs
the columns concept, language, term and status; the others are optional. A term table is a
glossary, not a draft: lint refuses it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from dipterm.findings import DiptermError
from dipterm.formats._units import Entry, TermRecord, text_lines
from dipterm.formats.base import ExportOptions, Format, selected
from dipterm.model import Glossary, Status
from dipterm.normalize import base_lang

COLUMNS = ("concept", "language", "term", "status", "subject", "note", "sources", "pos", "term-note")
REQUIRED = COLUMNS[:4]


def _writer(delimiter: str, lineterminator: str):
    def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
        table = csv.writer(text, delimiter=delimiter, lineterminator=lineterminator)
        table.writerow(COLUMNS)
        for concept in selected(glossary, options):
            sources = "; ".join(str(ref) for ref in concept.sources)
            for term in concept.terms:
                table.writerow((concept.id, options.code(term.lang), term.text, term.status,
                                concept.subject or "", concept.note or "", sources, term.pos or "",
                                term.note or ""))
        text.detach()
    return write


def is_term_table(header: str) -> bool:
    """True when a first row names the columns a term table needs (concept, language, term, status)."""
    names = {cell.strip().strip('"').lower() for cell in header.replace("\t", ",").split(",")}
    return names.issuperset(REQUIRED)


def _reader(delimiter: str):
    def entries(path: Path) -> Iterator[Entry]:
        """One entry per row (the importer joins the rows of one concept id)."""
        shown = str(path)
        rows = (line + "\n" for line in text_lines(shown, None))
        table = csv.DictReader(rows, delimiter=delimiter)
        missing = [c for c in REQUIRED if c not in (table.fieldnames or ())]
        if missing:
            raise DiptermError(f"missing column(s) {', '.join(missing)}; the header must name "
                               f"{', '.join(REQUIRED)}", shown, 1)
        for row in table:
            written = row["status"] or ""
            status = Status.parse(written)
            if status is None:
                raise DiptermError(f"status {written!r}: use preferred, admitted or deprecated", shown,
                                   table.line_num)
            sources = tuple(filter(None, (row.get("sources") or "").split("; ")))
            term = TermRecord(row["term"] or "", base_lang(row["language"]), status, row.get("pos") or None,
                              row.get("term-note") or None, table.line_num)
            yield Entry(row["concept"] or "", (term,), row.get("subject") or None, row.get("note") or None,
                        sources, table.line_num)
    return entries


FORMATS = (
    Format("csv", ".csv", "CSV, one row per term (RFC 4180, UTF-8)", write=_writer(",", "\r\n"),
           entries=_reader(","), extensions=(".csv",)),
    Format("tsv", ".tsv", "tab-separated, one row per term (UTF-8)", write=_writer("\t", "\n"),
           entries=_reader("\t")),
)
