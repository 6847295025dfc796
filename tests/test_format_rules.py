"""The rules the format modules and the shared import place apply to what other tools write: declared
charsets and languages, fuzzy entries, msgctxt, plurals, TBX layouts and statuses, foreign ids,
refusals, and acronyms among Vietnamese words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dipterm.cli import main
from dipterm.config import Config
from dipterm.export import export
from dipterm.findings import DiptermError
from dipterm.formats import FORMATS, read_draft
from dipterm.glossary import load_glossary, read_file, read_records, toml_record
from dipterm.importer import import_file
from dipterm.incoming import read_concepts, slug
from dipterm.lint import Terms, lint_draft
from dipterm.model import Concept, Glossary, Status, Term
from dipterm.normalize import base_lang, is_vietnamese_syllable, lang_of, lang_tag
from tests.conftest import DATA, GLOSSARY, formula_glossary

REAL = DATA / "real"


def concepts(fmt: str, path: Path, root: Path, **options) -> list:
    found, _ = read_concepts(fmt, path, str(root), Config(), **options)
    return list(found)


def test_language_tags_are_read_as_bcp47():
    assert [lang_tag(t) for t in ("VI_vn", "en_us", "zh-hant-tw", "*all*", "")] == [
        "vi-VN",
        "en-US",
        "zh-Hant-TW",
        "",
        "",
    ]
    assert [base_lang(t) for t in ("vi-VN", "VI", "En-uS", "de_DE")] == ["vi", "vi", "en", "de"]


def test_content_tells_vietnamese_from_french_and_german():
    assert lang_of("Bộ Ngoại giao Việt Nam") == "vi"
    assert lang_of("Le ministre des affaires étrangères est arrivé à Paris") == "fr"
    assert lang_of("Die Bundesrepublik und das Land") == "de"
    assert lang_of("Vietnam", "") == ""  # a name alone says nothing


def test_a_declared_charset_is_honoured():
    draft = read_draft(str(REAL / "omegat" / "file-POFilter-be.cp1251.po"))
    assert {u.target.lang for u in draft.units} == {"be"}  # from Language-Team: belarusian
    assert any("\u0400" <= ch <= "\u04ff" for u in draft.units for ch in u.target.text)


def test_fuzzy_and_obsolete_entries_are_skipped_and_counted_unless_asked(tmp_path: Path):
    path = REAL / "iso-codes" / "iso_4217.vi.po"
    draft = read_draft(str(path))
    assert draft.tally.skipped["fuzzy"] == 24
    with_fuzzy = read_draft(str(path), include_fuzzy=True)
    assert len(with_fuzzy.units) == len(draft.units) + 24
    assert {u.state for u in with_fuzzy.units} == {"", "fuzzy"}
    assert len(concepts("po", path, tmp_path, include_fuzzy=True)) > len(concepts("po", path, tmp_path))


def test_entries_sharing_a_msgctxt_are_separate_concepts(tmp_path: Path):
    po = tmp_path / "ui.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n#comment with no space\nmsgctxt "menu"\n'
        'msgid "File"\nmsgstr "Tệp"\n\nmsgctxt "menu"\nmsgid "Edit"\nmsgstr "Sửa"\n\n'
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d tệp"\n',
        "utf-8",
    )
    found = {c.id: [(t.lang, t.text, t.status) for t in c.terms] for c in concepts("po", po, tmp_path)}
    assert found == {
        "file": [("en", "File", "preferred"), ("vi", "Tệp", "preferred")],
        "edit": [("en", "Edit", "preferred"), ("vi", "Sửa", "preferred")],
        "d-file": [("en", "%d file", "preferred"), ("vi", "%d tệp", "preferred")],
    }


TBX_2008 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc>
</martifHeader><text><body>
<termEntry id="eid-Oracle-67">
  <descrip type="subjectField">diplomacy</descrip>
  <langSet xml:lang="en-US"><ntig><termGrp><term>strategic partnership</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig></langSet>
  <langSet xml:lang="vi-VN"><ntig><termGrp><term>Đối tác Chiến lược</term></termGrp>
    <descrip type="context">x</descrip></ntig>
    <ntig><termGrp><term>đối tác chiến lược</term>
    <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termGrp></ntig></langSet>
  <langSet xml:lang="fr"><ntig><termGrp><term>partenariat stratégique</term></termGrp></ntig></langSet>
</termEntry>
<termEntry id="Concept_7">
  <langSet xml:lang="en"><tig><term>joint  statement</term></tig></langSet>
  <langSet xml:lang="vi"><tig><term>Tuyên bố chung</term>
    <termNote type="normativeAuthorization">admittedTerm</termNote></tig></langSet>
</termEntry>
<termEntry id="c3"><langSet xml:lang="en"><tig><term>only English</term></tig></langSet></termEntry>
</body></text></martif>
"""


def test_tbx_2008_ntig_termgrp_statuses_and_foreign_ids(tmp_path: Path):
    path = tmp_path / "sdl.tbx"
    path.write_text(TBX_2008, "utf-8")
    found, intake = read_concepts("tbx2008", path, str(tmp_path), Config())
    by_id = {c.id: c for c in found}
    assert sorted(by_id) == ["concept-7", "eid-oracle-67"]
    partnership = by_id["eid-oracle-67"]
    assert partnership.subject == "diplomacy"
    assert [(t.lang, t.text, t.status) for t in partnership.terms] == [
        ("en", "strategic partnership", Status.PREFERRED),
        ("vi", "Đối tác Chiến lược", Status.PREFERRED),
        ("vi", "đối tác chiến lược", Status.DEPRECATED),
    ]
    # an only-admitted Vietnamese term becomes the preferred one; spaces take the house style
    assert [(t.text, t.status) for t in by_id["concept-7"].terms] == [
        ("joint statement", Status.PREFERRED),
        ("Tuyên bố chung", Status.PREFERRED),
    ]
    assert intake.skipped == {"no Vietnamese term": 1}
    assert intake.languages["fr"] == 1


def test_tbx_v3_dct_reads_as_its_dca_twin():
    dca = list(FORMATS["tbx"].entries(REAL / "tbx-basic" / "Example_Astronomy_DCA_VALID.tbx"))
    dct = list(FORMATS["tbx"].entries(REAL / "tbx-basic" / "Example_Astronomy_DCT_VALID.tbx"))
    assert len(dca) == 45
    strip = [(e.id, e.subject, [(t.lang, t.text, t.status, t.pos) for t in e.terms]) for e in dca]
    assert strip == [(e.id, e.subject, [(t.lang, t.text, t.status, t.pos) for t in e.terms]) for e in dct]
    assert any(t.status is Status.DEPRECATED for e in dca for t in e.terms)


def test_ids_become_kebab_case():
    assert [slug(x) for x in ("eid-Oracle-67", "Concept_7", "Đối tác Chiến lược", "%d file")] == [
        "eid-oracle-67",
        "concept-7",
        "doi-tac-chien-luoc",
        "d-file",
    ]


def test_an_imported_catalog_passes_check_with_plurals_and_house_style(project_copy: Path):
    into = project_copy / "glossary" / "imported.toml"
    report = import_file(
        "po",
        REAL / "debian-vi" / "apt.vi.po",
        into,
        glossary=load_glossary(project_copy / "glossary"),
        config=Config(),
    )
    assert report.written and report.new > 250
    imported, findings = read_file(into)
    assert findings == []
    assert all(c.proposed and c.preferred("en") and c.preferred("vi") for c in imported)
    assert main(["check", str(project_copy / "glossary")]) == 0


def test_import_refuses_a_file_without_vietnamese(tmp_path: Path, capsys):
    into = tmp_path / "glossary" / "x.toml"
    path = REAL / "xz" / "de.po"
    assert main(["--glossary", str(GLOSSARY), "import", "po", str(path), "--into", str(into)]) == 2
    assert (
        f"{path}:1: no Vietnamese (vi) terms; languages found: de, en; nothing imported"
        in capsys.readouterr().err
    )
    assert not into.exists()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("okapi/ibm_tbx.tbx", "a TBX termbase, not a draft"),
        ("okapi/table-test2cols.csv", "a CSV table of terms"),
    ],
)
def test_lint_refuses_glossary_files(name: str, reason: str, capsys):
    assert main(["lint", str(REAL / name)]) == 2
    assert reason in capsys.readouterr().err


def test_lint_refuses_an_html_file_named_tmx(tmp_path: Path, capsys):
    page = tmp_path / "memory.tmx"
    page.write_text("<html><body><p>Viet Nam</p></body></html>\n", "utf-8")
    assert main(["lint", str(page)]) == 2
    assert "not a TMX document: the root element is <html>, expected <tmx>" in capsys.readouterr().err


def test_acronyms_do_not_fire_on_vietnamese_words(tmp_path: Path):
    assert all(map(is_vietnamese_syllable, ["Ai", "Cập", "Eu", "rô", "ngoại", "nghiêng"]))
    assert not any(map(is_vietnamese_syllable, ["Asean", "Apec", "Wto", "Brics"]))
    pairs = tmp_path / "d.tsv"
    pairs.write_text(
        "Egypt and the EU\tAi Cập và EU\nthe euro\tđồng Eu-rô\nAI rules\tquy tắc về Ai\n", "utf-8"
    )
    findings = lint_draft(read_draft(str(pairs)), Terms(load_glossary(GLOSSARY)))
    assert [f for f in findings if f.code == "T103"] == []
    english = tmp_path / "e.en.txt"
    english.write_text("The Eu and Asean met.\n", "utf-8")
    found = lint_draft(read_draft(str(english)), Terms(load_glossary(GLOSSARY)))
    assert {f.found for f in found if f.code == "T103"} == {"Eu", "Asean"}  # English text: still found


def test_a_copy_of_the_shipped_glossary_stays_untouched(project_copy: Path):
    """Import never rewrites what is curated: the shipped files' bytes are unchanged."""
    before = {p.name: p.read_bytes() for p in (project_copy / "glossary").glob("*.toml")}
    shutil.copy(REAL / "debian-vi" / "sed.vi.po", project_copy / "sed.po")
    import_file(
        "po",
        project_copy / "sed.po",
        project_copy / "glossary" / "imported.toml",
        glossary=load_glossary(project_copy / "glossary"),
    )
    after = {p.name: p.read_bytes() for p in (project_copy / "glossary").glob("*.toml") if p.name in before}
    assert before == after


def test_a_pairs_file_declares_languages_only_with_language_tags(tmp_path: Path):
    declared = tmp_path / "a.tsv"
    declared.write_text("vi-VN\ten-US\nBộ Ngoại giao\tMinistry of Foreign Affairs\n", "utf-8")
    [unit] = read_draft(str(declared)).units
    assert (unit.source.lang, unit.target.lang) == ("vi", "en")
    data = tmp_path / "b.tsv"
    data.write_text("UN\tLHQ\nthe Ministry\tBộ Ngoại giao\n", "utf-8")
    units = read_draft(str(data)).units
    assert [(u.source.text, u.target.lang) for u in units] == [("UN", "vi"), ("the Ministry", "vi")]


def test_utf16_declared_on_8_bit_text_is_named(tmp_path: Path):
    """memoQ writes encoding="utf-16" on UTF-8 bytes: the error says so and how to fix it."""
    path = tmp_path / "memoq.tmx"
    path.write_bytes(
        b'<?xml version="1.0" encoding="utf-16"?>\r\n<tmx version="1.4"><header srclang="en"/>'
        b"<body/></tmx>\r\n"
    )
    with pytest.raises(DiptermError, match=r'says UTF-16 but the file is 8-bit text.*encoding="UTF-8"'):
        read_draft(str(path))


def test_variants_of_one_written_form_become_one_term(tmp_path: Path):
    """A termbase listing "back end" and "back-end" gives one term: check's G204 never fires."""
    path = tmp_path / "kde.tbx"
    both = "<term>joint statement</term></tig><tig><term>joint-statement</term></tig>"
    path.write_text(TBX_2008.replace("<term>joint  statement</term></tig>", both), "utf-8")
    by_id = {c.id: c for c in concepts("tbx2008", path, tmp_path)}
    assert [t.text for t in by_id["concept-7"].terms_in("en")] == ["joint statement"]


def test_spreadsheet_formulas_are_neutralised_and_round_trip(tmp_path: Path):
    """Cells a spreadsheet would run (= + - @ TAB CR first) get a leading ' in CSV/TSV; import
    removes it, so export -> import -> export is exact."""
    evil = formula_glossary()
    for fmt in ("csv", "tsv"):
        first = export(evil, fmt, tmp_path / f"first.{fmt}")
        data = first.read_text("utf-8")
        assert "'=HYPERLINK" in data and "'@SUM(A1)" in data and "'+cmd" in data and "'-1 dòng" in data
        [back] = concepts(fmt, first, tmp_path)
        assert [t.text for t in back.terms] == ['=HYPERLINK("http://x")', "@SUM(A1)", "-1 dòng"]
        assert back.note == "+cmd|' /C calc'!A0"
        again = export(Glossary([back]), fmt, tmp_path / f"again.{fmt}")
        assert again.read_bytes() == first.read_bytes()


def test_a_csv_field_longer_than_the_csv_module_default_is_data(tmp_path: Path):
    path = tmp_path / "long.csv"
    note = "word " * 40_000  # 200,000 characters: over the csv module's 131,072 default
    path.write_text(
        f"concept,language,term,status,note\r\nx,en,long note,preferred,{note}\r\n"
        "x,vi,ghi chú dài,preferred,\r\n",
        "utf-8",
    )
    [concept] = concepts("csv", path, tmp_path)
    assert len(concept.note) == len(note.strip())


def test_references_are_checked_written_and_read_back(tmp_path: Path):
    """A concept's references (URLs of published pages) pass the loader's checks, travel through
    TMX, PO and TBX and come back on import; a malformed or repeated one is G103."""
    url = "https://baochinhphu.vn/viet-nam-singapore-nang-cap-quan-he.htm"
    concept = Concept(
        "csp-test",
        (Term("test partnership", "en"), Term("đối tác thử", "vi", inflect=False)),
        references=(url, "https://en.baochinhphu.vn/x.htm"),
    )
    back, findings = read_records(toml_record(concept), "x.toml")
    assert findings == [] and back[0].references == concept.references
    second = "https://en.baochinhphu.vn/x.htm"
    bad = toml_record(concept).replace(second, "ftp://x") + toml_record(concept).replace(
        '"csp-test"', '"csp-two"'
    ).replace(second, url)
    _, findings = read_records(bad, "x.toml")
    assert [f.code for f in findings] == ["G103", "G103"]
    assert "must be an http(s) URL" in findings[0].message and "listed twice" in findings[1].message
    for fmt in ("tmx", "po", "tbx", "tbx2008"):
        path = export(Glossary([concept]), fmt, tmp_path / f"c.{fmt}")
        assert url in path.read_text("utf-8")
        [again] = concepts(fmt, path, tmp_path)
        assert again.references == concept.references, fmt
