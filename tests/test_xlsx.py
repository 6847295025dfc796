"""XLSX: the workbook's layout, formulas kept as text, deterministic bytes, LibreOffice reading it
(and writing one dipterm reads), hostile workbooks refused with exit 2."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dipterm.cli import main
from dipterm.config import Config
from dipterm.export import export
from dipterm.findings import DiptermError
from dipterm.formats import FORMATS, ExportOptions, detect_format
from dipterm.formats.csv import COLUMNS, term_rows
from dipterm.formats.xlsx import entries as xlsx_entries
from dipterm.glossary import load_glossary
from dipterm.incoming import read_concepts
from dipterm.model import Concept, Glossary, Term
from tests.conftest import GLOSSARY, formula_glossary

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) not installed: tools/setup.sh"
)


def _rows() -> list[list[str]]:
    """The header and the rows of the shipped glossary's table, as the writers take them."""
    return [list(COLUMNS), *term_rows(load_glossary(GLOSSARY), ExportOptions())]


def _concepts(path: Path, root: Path) -> list[Concept]:
    found, _ = read_concepts("xlsx", path, str(root), Config())
    return list(found)


def _soffice(source: Path, target_ext: str, out: Path) -> Path:
    """``soffice --headless --convert-to`` in its own profile folder; the converted file."""
    profile = out / "profile"
    filter_ = "csv:Text - txt - csv (StarCalc):44,34,76,1" if target_ext == "csv" else target_ext
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            *(["--infilter=CSV:44,34,76,1"] if source.suffix == ".csv" else []),
            "--convert-to",
            filter_,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out / f"{source.stem}.{target_ext}"


@pytest.fixture(scope="module")
def shipped_xlsx(tmp_path_factory) -> Path:
    return export(load_glossary(GLOSSARY), "xlsx", tmp_path_factory.mktemp("x") / "glossary.xlsx")


def test_one_sheet_with_a_bold_frozen_filtered_header(shipped_xlsx: Path):
    book = load_workbook(shipped_xlsx)
    assert book.sheetnames == ["glossary"]
    sheet = book["glossary"]
    header = [c.value for c in sheet[1]]
    assert header == list(COLUMNS) and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    terms = sum(len(c.terms) for c in load_glossary(GLOSSARY) if not c.proposed)
    assert sheet.max_row == terms + 1 and sheet.auto_filter.ref == f"A1:I{terms + 1}"
    rows = {(r[0], r[1], r[2], r[3]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert ("comprehensive-strategic-partnership", "vi", "Đối tác Chiến lược Toàn diện", "preferred") in rows


def test_same_glossary_same_bytes_and_the_csv_rows(shipped_xlsx: Path, tmp_path: Path):
    again = export(load_glossary(GLOSSARY), "xlsx", tmp_path / "again.xlsx")
    assert again.read_bytes() == shipped_xlsx.read_bytes()
    with zipfile.ZipFile(again) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    sheet = load_workbook(again, read_only=True)["glossary"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        [cell or None for cell in row] for row in _rows()
    ]


def test_formulas_are_text_cells_and_come_back_as_written(tmp_path: Path):
    evil = formula_glossary()
    first = export(evil, "xlsx", tmp_path / "first.xlsx")
    with zipfile.ZipFile(first) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(first)["glossary"]
    term = sheet["C2"]
    assert (term.value, term.data_type, term.quotePrefix) == ('=HYPERLINK("http://x")', "s", True)
    [back] = _concepts(first, tmp_path)
    assert [t.text for t in back.terms] == ['=HYPERLINK("http://x")', "@SUM(A1)", "-1 dòng"]
    assert back.note == "+cmd|' /C calc'!A0"
    assert export(Glossary([back]), "xlsx", tmp_path / "again.xlsx").read_bytes() == first.read_bytes()


def test_a_cell_longer_than_a_spreadsheet_holds_is_refused(tmp_path: Path):
    long = Glossary([Concept("long", (Term("long", "en"), Term("dài", "vi")), note="x" * 40_000)])
    with pytest.raises(DiptermError, match="a spreadsheet cell holds 32767"):
        export(long, "xlsx", tmp_path / "long.xlsx")
    assert not (tmp_path / "long.xlsx").exists()


def test_xlsx_is_told_by_its_extension_and_lint_refuses_it(shipped_xlsx: Path, capsys):
    assert detect_format("terms.XLSX", "PK\x03\x04") == "xlsx"
    assert FORMATS["xlsx"].units is None
    assert main(["--glossary", str(GLOSSARY), "lint", str(shipped_xlsx)]) == 2
    assert "an XLSX table of terms, not a draft" in capsys.readouterr().err


def test_a_plain_two_column_workbook_is_read(tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Terms"
    sheet.append(["English", "Vietnamese", "Comment"])
    sheet.append(["joint statement", "tuyên bố chung", "MOFA"])
    sheet.append(["strategic partnership", "đối tác chiến lược", None])
    sheet.append([2030, "năm 2030", None])
    book.save(tmp_path / "plain.xlsx")
    found = _concepts(tmp_path / "plain.xlsx", tmp_path)
    pairs = {tuple(t.text for t in c.terms) for c in found}
    assert ("joint statement", "tuyên bố chung") in pairs and ("2030", "năm 2030") in pairs


def _workbook_with(tmp_path: Path, name: str, part: str, data: bytes) -> Path:
    """A copy of a small valid workbook with ``part`` replaced by ``data``."""
    small = Glossary([Concept("x", (Term("joint statement", "en"), Term("tuyên bố chung", "vi")))])
    good = export(small, "xlsx", tmp_path / "good.xlsx")
    bad = tmp_path / name
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, data if info.filename == part else src.read(info))
    return bad


def _import(path: Path, tmp_path: Path, capsys) -> tuple[int, str, Path]:
    """``dipterm import xlsx`` of ``path``: the exit code, standard error, the --into file."""
    into = tmp_path / "glossary" / "in.toml"
    code = main(["--glossary", str(GLOSSARY), "import", "xlsx", str(path), "--into", str(into)])
    return code, capsys.readouterr().err, into


def test_entities_in_a_sheet_are_refused(tmp_path: Path, capsys):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'
    )
    bad = _workbook_with(tmp_path, "laughs.xlsx", "xl/worksheets/sheet1.xml", laughs)
    code, err, into = _import(bad, tmp_path, capsys)
    assert code == 2 and "unsafe XML in the workbook (EntitiesForbidden" in err and "laughs.xlsx:1" in err
    assert not into.exists()


def test_a_zip_bomb_and_a_file_that_is_no_workbook_are_refused(tmp_path: Path, monkeypatch, capsys):
    from dipterm.formats import xlsx

    monkeypatch.setattr(xlsx, "MAX_UNPACKED", 10_000)
    bomb = _workbook_with(tmp_path, "bomb.xlsx", "docProps/app.xml", b" " * 20_000)
    code, err, into = _import(bomb, tmp_path, capsys)
    assert code == 2 and "refused as a ZIP bomb" in err and not into.exists()
    text = tmp_path / "text.xlsx"
    text.write_text("concept,language,term,status\n", "utf-8")
    code, err, into = _import(text, tmp_path, capsys)
    assert code == 2 and "not an XLSX workbook" in err and not into.exists()


@needs_soffice
def test_libreoffice_reads_the_workbook_with_the_same_rows(shipped_xlsx: Path, tmp_path: Path):
    converted = _soffice(shipped_xlsx, "csv", tmp_path)
    theirs = list(csv.reader(io.StringIO(converted.read_text("utf-8"))))
    assert theirs == _rows() and len(theirs) > 4000


@needs_soffice
def test_a_workbook_libreoffice_wrote_is_imported_like_the_csv(tmp_path: Path):
    """LibreOffice writes shared strings and its own styles: the reader takes its workbook too."""
    shipped = load_glossary(GLOSSARY)
    options = ExportOptions(subjects=("partnership-framework",))
    table = export(shipped, "csv", tmp_path / "partners.csv", options)
    workbook = _soffice(table, "xlsx", tmp_path)
    from_xlsx = {c.id: c.terms for c in _concepts(workbook, tmp_path)}
    from_csv = {c.id: c.terms for c in read_concepts("csv", table, str(tmp_path), Config())[0]}
    assert from_xlsx == from_csv and len(from_xlsx) > 20


REAL = Path(__file__).parent / "data" / "real" / "xlsxwriter"


def test_workbooks_excel_wrote_give_entries_or_a_documented_error():
    """Excel's own workbooks (XlsxWriter's reference files): shared strings, rich text, a table part,
    empty rows; each reads as entries or stops with an error at its path and row."""
    results = {}
    for path in sorted(REAL.glob("*.xlsx")):
        try:
            results[path.stem] = [(tuple(t.text for t in e.terms), e.line) for e in xlsx_entries(path)]
        except DiptermError as error:
            assert error.path == str(path) and error.line >= 1
            results[path.stem] = error.message
    assert len(results) == 6
    table = results["autofilter01"]
    assert table[:2] == [(("Region", "Item"), 1), (("East", "Apple"), 2)] and len(table) == 51
    assert results["utf8_01"] == "expected columns source, target[, comment]"
    assert results["rich_string01"] == "expected columns source, target[, comment]"


def test_a_sheet_declaring_every_cell_is_read_by_its_data(tmp_path: Path, monkeypatch, capsys):
    """A sheet that claims A1:XFD1048576 and has a cell in its last row and column: read in well
    under a second (its size is not believed), and refused when its rows reach too many cells."""
    sparse = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>joint statement</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>tuyen bo chung</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    path = _workbook_with(tmp_path, "sparse.xlsx", "xl/worksheets/sheet1.xml", sparse)
    entries = list(xlsx_entries(path))
    assert [(tuple(t.text for t in e.terms), e.line) for e in entries] == [
        (("joint statement", "tuyen bo chung"), 1),
        (("", ""), 1048576),  # "far" is in column XFD, beyond source and target
    ]
    from dipterm.formats import xlsx

    monkeypatch.setattr(xlsx, "MAX_CELLS", 10_000)
    code, err, into = _import(path, tmp_path, capsys)
    assert code == 2 and "sparse.xlsx:1048576" in err and "cells" in err and not into.exists()
