"""XLSX (Office Open XML workbook), one row per term under the CSV's columns, through openpyxl.

One sheet, ``glossary``: a bold header row, frozen below the header, an auto-filter over every
column (a spreadsheet filters by subject or language itself, and one sheet keeps the round trip
exact). Every cell is a string cell: a term that looks like a formula (``=``, ``+``, ``-``, ``@``)
is stored as text with Excel's quote prefix, never as a formula. The workbook's dates and the ZIP
entries' times are fixed, so the same glossary gives the same bytes.

Reading takes the sheet named ``glossary`` (else the first) and reads it as the CSV reader reads a
table: dipterm's columns, or any plain glossary (language-tag columns, or source, target[,
comment]). A workbook is refused before it is opened when its parts would unpack past
``MAX_UNPACKED`` bytes (a ZIP bomb), its XML is parsed with entities refused (defusedxml,
which openpyxl uses when it is installed), the size a sheet declares is ignored, and a sheet
whose rows reach over ``MAX_CELLS`` cells (a cell far to the right widens its row) is refused.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from dipterm.findings import DiptermError
from dipterm.formats._units import Entry
from dipterm.formats.base import ExportOptions, Format
from dipterm.formats.csv import COLUMNS, FORMULA_STARTS, table_entries, term_rows
from dipterm.model import Glossary

SHEET = "glossary"
MAX_UNPACKED = 1 << 30  # bytes a workbook's parts may unpack to
MAX_CELL = 32767  # characters a spreadsheet cell holds (Excel, LibreOffice)
MAX_CELLS = 20_000_000  # cells read from a sheet, the empty ones up to a row's last cell included
_FIXED = datetime.datetime(2000, 1, 1)  # the workbook's created and modified dates
_WIDTHS = {"A": 36, "B": 9, "C": 44, "D": 11, "E": 22, "F": 50, "G": 40, "H": 8, "I": 30}


def _workbook(glossary: Glossary, options: ExportOptions):
    """The write-only workbook of the export, its one sheet filled."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.worksheet.filters import AutoFilter

    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = _FIXED
    book.properties.creator = "dipterm"
    sheet = book.create_sheet(SHEET)
    sheet.freeze_panes = "A2"
    for column, width in _WIDTHS.items():
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)

    rows = [list(COLUMNS), *term_rows(glossary, options)]
    for row in rows:
        for value in row:
            if len(value) > MAX_CELL:
                raise DiptermError(
                    f"a cell of {len(value)} characters (a spreadsheet cell holds {MAX_CELL}): "
                    f"{value[:40]!r}…; shorten it, or export csv"
                )

    def cell(value: str, header: bool = False):
        made = WriteOnlyCell(sheet, value)
        made.data_type = "s"  # never a formula, whatever the text starts with
        if header:
            made.font = bold
        elif value[:1] in FORMULA_STARTS:
            made.quotePrefix = True
        return made

    sheet.append([cell(name, header=True) for name in rows[0]])
    for row in rows[1:]:
        sheet.append([cell(value) for value in row])
    sheet.auto_filter = AutoFilter(ref=f"A1:I{len(rows)}")
    return book


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """The workbook of ``glossary``, its ZIP entries dated 1980-01-01 (deterministic bytes)."""
    from openpyxl.writer.excel import ExcelWriter

    made, fixed = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(made, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(_workbook(glossary, options), archive).save()
    with zipfile.ZipFile(made) as packed, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as out:
        for info in packed.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            out.writestr(entry, packed.read(info))
    stream.write(fixed.getvalue())


def _check_archive(path: Path) -> None:
    """DiptermError unless ``path`` is a ZIP archive whose parts unpack to at most ``MAX_UNPACKED``."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise DiptermError(
            f"not an XLSX workbook ({exc}); save it as .xlsx, or export it as CSV", str(path), 1
        ) from exc
    if unpacked > MAX_UNPACKED:
        raise DiptermError(
            f"the workbook unpacks to {unpacked:,} bytes (limit {MAX_UNPACKED:,}): refused as a ZIP bomb",
            str(path),
            1,
        )


def _text(value: object) -> str:
    """A cell's value as the table reader takes it: text as it is, a number or date as written."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _refused(exc: Exception, shown: str, line: int) -> DiptermError:
    """The error for a workbook openpyxl could not read: entities refused (defusedxml), or why."""
    cause = exc.__cause__ or exc.__context__ or exc
    if type(cause).__module__.startswith("defusedxml"):
        return DiptermError(
            f"unsafe XML in the workbook ({type(cause).__name__}: {cause}): entities are refused", shown, line
        )
    return DiptermError(
        f"not a readable XLSX workbook: {exc}; save it again as .xlsx, or as CSV", shown, line
    )


def entries(path: Path) -> Iterator[Entry]:
    """One entry per row of the workbook's ``glossary`` sheet (else its first), read as a table
    (``csv.table_entries``); the line of an entry is its row number."""
    from openpyxl import load_workbook

    _check_archive(path)
    shown = str(path)
    with open(path, "rb") as stream:  # a stream: openpyxl judges a path by its extension
        try:
            book = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl wraps what a part's parser refused in a ValueError
            raise _refused(exc, shown, 1) from exc
        try:
            sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
            sheet.reset_dimensions()  # a declared size is not believed: a row is as wide as its last cell
            row_number = cells = 0

            def rows() -> Iterator[list[str]]:
                nonlocal row_number, cells
                for row_number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    cells += len(values)
                    if cells > MAX_CELLS:
                        raise DiptermError(
                            f"the sheet holds over {MAX_CELLS:,} cells, empty ones between its data "
                            "included: refused (a sparse sheet must not stall the import); copy its "
                            "columns into a new workbook, or export CSV",
                            shown,
                            row_number,
                        )
                    yield [_text(value) for value in values]

            try:
                yield from table_entries(rows(), lambda: row_number, shown)
            except DiptermError:
                raise
            except Exception as exc:  # a crafted or damaged sheet part
                raise _refused(exc, shown, max(row_number, 1)) from exc
        finally:
            book.close()


FORMATS = (
    Format(
        "xlsx",
        ".xlsx",
        "Excel workbook, one row per term (the CSV's columns; openpyxl)",
        write=write,
        entries=entries,
        extensions=(".xlsx",),
    ),
)
