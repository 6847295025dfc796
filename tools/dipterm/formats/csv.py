"""CSV (RFC 4180: comma, CRLF, minimal quoting) and TSV, UTF-8, one row per term.

Columns: concept, language, term, status, subject, note, sources, pos, term-note. ``note`` is the
concept's definition and ``sources`` its seed references separated by ``; `` — both repeated on
every row of the concept so that a spreadsheet can sort and filter rows freely. Reading needs
the columns concept, language, term and status; the others are optional.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from dipterm.findings import DiptermError
from dipterm.formats.base import ExportOptions, Format, base_lang, built, concept_drafts, selected
from dipterm.glossary import ID_PATTERN
from dipterm.model import LANGUAGES, Concept, Glossary, Status
from dipterm.readers._model import text_lines

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


def _reader(delimiter: str):
    def read(path: Path) -> Iterator[Concept]:
        shown = str(path)
        rows = (line + "\n" for line in text_lines(shown, None))
        table = csv.DictReader(rows, delimiter=delimiter)
        missing = [c for c in REQUIRED if c not in (table.fieldnames or ())]
        if missing:
            raise DiptermError(f"missing column(s) {', '.join(missing)}; the header must name "
                               f"{', '.join(REQUIRED)}", shown, 1)
        drafts = concept_drafts(shown)
        for row in table:
            cid, lang, status = row["concept"] or "", base_lang(row["language"] or ""), row["status"] or ""
            if not ID_PATTERN.match(cid):
                raise DiptermError(f"concept id {cid!r} must be lower-case kebab-case", shown, table.line_num)
            if lang not in LANGUAGES or status not in Status.__members__.values():
                raise DiptermError(f"language {row['language']!r} / status {status!r}: use en or vi and "
                                   "preferred, admitted or deprecated", shown, table.line_num)
            draft = drafts.get(cid)
            draft.subject = draft.subject or row.get("subject")
            draft.note = draft.note or row.get("note")
            for ref in filter(None, (row.get("sources") or "").split("; ")):
                draft.add_source(ref, shown, table.line_num)
            draft.add_term(lang, row["term"] or "", Status(status), row.get("pos"), row.get("term-note"),
                           line=table.line_num)
        return built(drafts)
    return read


FORMATS = (
    Format("csv", ".csv", "CSV, one row per term (RFC 4180, UTF-8)", _writer(",", "\r\n"), _reader(",")),
    Format("tsv", ".tsv", "tab-separated, one row per term (UTF-8)", _writer("\t", "\n"), _reader("\t")),
)
