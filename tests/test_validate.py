"""Every glossary check code, proven on a planted-defect fixture under tests/data/glossary/."""

from pathlib import Path

import pytest

from dipterm.config import Config
from dipterm.rules import RULES
from dipterm.validate import check_glossary
from tests.conftest import DATA, GLOSSARY

FIXTURES = DATA / "glossary"

# code -> the (line, column) of each finding the fixture must produce, and nothing else
EXPECTED = {
    "G100": [(15, 1)],
    "G101": [(7, 23)],
    "G102": [(10, 13)],
    "G103": [(10, 13)],
    "G201": [(13, 1)],
    "G202": [(18, 13), (21, 13)],
    "G203": [(2, 1)],
    "G204": [(11, 13)],
    "G301": [(10, 13)],
    "G302": [(12, 31)],
    "G303": [(7, 13)],
    "G304": [(7, 13)],
    "G305": [(2, 1), (8, 13), (9, 13), (9, 13), (12, 13)],
    "G401": [(5, 13), (5, 36)],
    "G402": [(5, 13)],
    "G403": [(5, 30), (5, 70)],
}


def test_every_glossary_rule_has_a_fixture_and_an_explanation():
    codes = {c for c in RULES if c.startswith("G")}
    assert codes == set(EXPECTED)
    for code in codes:
        assert (FIXTURES / code / "glossary").is_dir()
        assert "## What it does" in RULES[code].explanation


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_planted_defect_is_found_at_its_place(code):
    findings, unreadable = check_glossary(FIXTURES / code / "glossary", Config())
    assert [(f.code, f.line, f.column) for f in findings] == [
        (code, line, col) for line, col in EXPECTED[code]
    ]
    assert all(f.path.endswith("terms.toml") for f in findings)
    assert unreadable is (code == "G100")


def test_clean_fixture_and_shipped_glossary_have_no_findings():
    assert check_glossary(FIXTURES / "clean" / "glossary", Config()) == ([], False)
    assert check_glossary(GLOSSARY, Config()) == ([], False)


def test_new_tone_style_flags_the_old_one(tmp_path: Path):
    findings, _ = check_glossary(FIXTURES / "G302" / "glossary", Config(tone_style="new"))
    assert [f.found for f in findings] == ["Ủy"]


def test_typographic_house_style_flags_straight_quotes():
    findings, _ = check_glossary(FIXTURES / "G304" / "glossary", Config(quote_style="typographic"))
    assert findings == []


def test_legacy_encoded_glossary_file_is_g100_with_line(tmp_path: Path):
    (tmp_path / "vni.toml").write_bytes(
        b'[[concept]]\nid = "doi-moi"\nen = [{ term = "doi moi", status = "preferred" }]\n'
        + 'vi = [{ term = "Ñoåi môùi vaø hoäi nhaäp", status = "preferred" }]\n'.encode("cp1252")
    )
    findings, unreadable = check_glossary(tmp_path, Config())
    assert unreadable and [(f.code, f.line) for f in findings] == [("G100", 4)]
    assert "VNI-Windows" in findings[0].message


def test_a_proposed_concept_may_name_one_language_a_reviewed_one_may_not(tmp_path: Path):
    from dipterm.export import export_all
    from dipterm.findings import DiptermError
    from dipterm.formats.base import ExportOptions
    from dipterm.glossary import load_glossary

    folder = tmp_path / "glossary"
    folder.mkdir()
    record = (
        '[[concept]]\nid = "diaspora-council"\nproposed = {proposed}\n'
        'en = [\n  {{ term = "diaspora council", status = "preferred" }},\n]\nvi = [\n]\n'
    )
    (folder / "p.toml").write_text(record.format(proposed="true"), "utf-8")
    assert check_glossary(folder, Config()) == ([], False)  # a term request awaiting its translation
    glossary = load_glossary(folder)
    assert [t.lang for t in glossary.concepts[0].terms] == ["en"]
    with pytest.raises(DiptermError, match="no reviewed concept to export"):  # nothing to pair
        export_all(glossary, tmp_path, ExportOptions(include_proposed=True))
    (folder / "p.toml").write_text(record.format(proposed="false"), "utf-8")
    findings, _ = check_glossary(folder, Config())
    assert [(f.code, f.message) for f in findings] == [
        ("G102", "concept 'diaspora-council' has no 'vi' terms")
    ]
