"""The format contract, one parametrised test over the writable formats: deterministic bytes, faithful
read-back through the import path."""

import io
import zipfile
from pathlib import Path

import pytest

from dipterm.config import Config
from dipterm.export import export, export_all, export_stream
from dipterm.findings import DiptermError
from dipterm.formats import FORMATS, READABLE, WRITABLE, ExportOptions, detect_format, head_of
from dipterm.glossary import load_glossary
from dipterm.incoming import read_concepts
from dipterm.model import Concept, Glossary, SourceRef, Status, Term
from tests.conftest import GLOSSARY, ROOT


def term(text: str, lang: str, status: str = "preferred", **kw) -> Term:
    return Term(text, lang, Status(status), inflect=lang == "en", **kw)


# Planted hazards: XML specials, quotes, a tab and a newline in notes, an id starting with a digit,
# a deprecated English term, a proposed concept and a second subject.
EDGE = Glossary(
    [
        Concept(
            "2030-agenda",
            (
                term("2030 Agenda", "en"),
                term("Agenda 2030", "en", "deprecated"),
                term("Chương trình nghị sự 2030", "vi"),
            ),
            subject="multilateral",
            note='UN "Transforming our world" <A/RES/70/1> & SDGs',
            sources=(SourceRef("seeds/x.txt", 3),),
        ),
        Concept(
            "people-s-diplomacy",
            (
                term("people's diplomacy", "en", pos="noun"),
                term("ngoại giao nhân dân", "vi", pos="noun", note="tab\there"),
                term("đối ngoại nhân dân", "vi", "admitted", pos="noun"),
            ),
            subject="party-state",
            note="One of the three pillars;\nsecond line.",
        ),
        Concept("draft-term", (term("draft term", "en"), term("thuật ngữ nháp", "vi")), proposed=True),
    ]
)


def shipped() -> Glossary:
    return load_glossary(GLOSSARY)


def render(glossary: Glossary, fmt: str, options: ExportOptions | None = None) -> bytes:
    stream = io.BytesIO()
    export_stream(glossary, fmt, stream, options)
    return stream.getvalue()


def summary(concept: Concept) -> tuple:
    return (
        concept.id,
        concept.subject,
        " ".join((concept.note or "").split()),
        concept.sources,
        sorted((t.lang, t.text, str(t.status)) for t in concept.terms),
    )


def omegat_terms(concept: Concept) -> tuple:
    """What an OmegaT glossary carries of a concept: its terms, but for deprecated English ones."""
    return tuple(
        sorted(
            (t.lang, t.text, str(t.status))
            for t in concept.terms
            if not (t.lang == "en" and t.status is Status.DEPRECATED)
        )
    )


@pytest.mark.parametrize("fmt", WRITABLE)
@pytest.mark.parametrize("glossary", [shipped, lambda: EDGE], ids=["shipped", "edge"])
def test_contract(fmt: str, glossary, tmp_path: Path):
    glossary = glossary()
    root = ROOT if glossary is not EDGE else tmp_path  # where the source references resolve
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "x.txt").write_text("one\ntwo\nthe 2030 Agenda\n", "utf-8")
    first = export(glossary, fmt, tmp_path / "a", ExportOptions())
    second = export(glossary, fmt, tmp_path / "b", ExportOptions())
    data = first.read_bytes()
    assert data == second.read_bytes() == render(glossary, fmt)
    if fmt == "xlsx":  # a ZIP archive: its text is the sheet's XML
        data = zipfile.ZipFile(first).read("xl/worksheets/sheet1.xml")
    data.decode("utf-8")
    assert b"draft term" not in data, "proposed concepts are exported only when asked"
    if fmt in READABLE:
        back = list(read_concepts(fmt, first, str(root), Config())[0])
        expected = [c for c in glossary if not c.proposed]
        key = omegat_terms if fmt == "omegat" else summary
        assert sorted(map(key, back)) == sorted(map(key, expected))


def test_every_format_has_a_distinct_file_name():
    names = [f.filename for f in WRITABLE.values()]
    assert len(set(names)) == len(names)
    assert FORMATS["tmx"].filename == "dipterm.tmx" and FORMATS["tbx2008"].filename == "dipterm.tbx2008.tbx"


def test_options_filter_and_relabel():
    options = ExportOptions(subjects=("party-state",), include_proposed=True, lang_code="vi-VN")
    tmx = render(EDGE, "tmx", options).decode()
    assert '<tu tuid="people-s-diplomacy">' in tmx and "2030" not in tmx
    assert '<tuv xml:lang="vi-VN">' in tmx
    assert "draft term" in render(EDGE, "csv", ExportOptions(include_proposed=True)).decode()
    po = render(EDGE, "po", ExportOptions(include_proposed=True, lang_code="vi-VN")).decode()
    assert '"Language: vi_VN\\n"' in po
    assert '#, fuzzy\nmsgctxt "draft-term"' in po


def test_tmx_never_offers_a_deprecated_or_admitted_term_as_translation():
    tmx = render(EDGE, "tmx").decode()
    assert "<seg>Agenda 2030</seg>" not in tmx
    assert '<prop type="x-deprecated">Agenda 2030</prop>' in tmx
    assert "<seg>đối ngoại nhân dân</seg>" not in tmx
    assert '<prop type="x-admitted">đối ngoại nhân dân</prop>' in tmx


def test_tmx_admitted_english_terms_are_further_units(tmp_path: Path):
    glossary = shipped()
    concept = next(c for c in glossary if len(c.terms_in("en", Status.ADMITTED)) >= 2)
    tmx = render(glossary, "tmx").decode()
    vi = concept.preferred("vi").text
    for n, variant in enumerate(concept.terms_in("en", Status.ADMITTED), 1):
        unit = tmx[tmx.index(f'<tu tuid="{concept.id}:{n}">') :]
        unit = unit[: unit.index("</tu>")]
        assert f"<seg>{variant.text}</seg>" in unit and f"<seg>{vi}</seg>" in unit
        assert '<prop type="x-status">admitted</prop>' in unit


def test_tbx_ids_are_ncnames_and_read_back_unchanged():
    tbx = render(EDGE, "tbx").decode()
    assert '<conceptEntry id="_2030-agenda">' in tbx
    assert "&lt;A/RES/70/1&gt; &amp; SDGs" in tbx


def test_omegat_rows_have_three_tab_separated_fields():
    rows = render(EDGE, "omegat").decode().splitlines()
    assert all(row.count("\t") == 2 for row in rows)
    assert rows[0].startswith("2030 Agenda\tChương trình nghị sự 2030\tUN ")
    assert rows[1] == (
        "people's diplomacy\tngoại giao nhân dân\tOne of the three pillars; second line. | "
        "also: đối ngoại nhân dân"
    )


def test_csv_is_rfc4180():
    data = render(EDGE, "csv")
    assert data.startswith(b"concept,language,term,status,subject,note,sources,pos,term-note\r\n")
    assert b'"UN ""Transforming our world"" <A/RES/70/1> & SDGs"' in data


def test_export_all_writes_every_format(tmp_path: Path):
    paths = export_all(EDGE, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == sorted(
        f.filename for f in WRITABLE.values()
    )


def test_nothing_selected_is_an_error(tmp_path: Path):
    with pytest.raises(DiptermError, match="no reviewed concept with subject nowhere"):
        export(EDGE, "tbx", tmp_path / "x.tbx", ExportOptions(subjects=("nowhere",)))
    assert not (tmp_path / "x.tbx").exists()


SAMPLES = {
    "tmx": "tmx/dipterm.tmx",
    "po": "tmx/dipterm.po",
    "tbx": "tmx/dipterm.tbx",
    "tbx2008": "tmx/dipterm.tbx2008.tbx",
    "csv": "tmx/dipterm.csv",
    "tsv": "tmx/dipterm.tsv",
    "xlsx": "tmx/dipterm.xlsx",
    "html": "tmx/html/index.html",
    "xliff": "tests/data/drafts/T201.xlf",
    "pairs": "tests/data/drafts/T201.tsv",
    "text": "tests/data/drafts/clean.en.md",
    "omegat": "tmx/dipterm.omegat.txt",
    "pot": "tmx/dipterm.pot",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_module_owns_its_files(fmt: str):
    """Each format reads or writes; a file of it is told by name and content (OmegaT glossaries and
    POT templates share an extension with text and PO, so they are named on the command line)."""
    found = FORMATS[fmt]
    assert found.write or found.units or found.entries
    path = str(ROOT / SAMPLES[fmt])
    expected = {"omegat": "text", "pot": "po", "html": "text"}.get(fmt, fmt)
    assert detect_format(path, head_of(path)) == expected
    if found.units is not None:
        draft = found.units(path)
        items = draft.segments or draft.units
        assert items and all(getattr(i, "source", i).line >= 1 for i in items)
    if found.entries is not None:
        assert all(e.terms for e in found.entries(Path(path)))


def test_a_term_with_a_semicolon_survives_the_term_lists_of_po_and_omegat():
    # The 14th Congress theme (glossary/slogan.toml) has a deprecated wording with "; " inside it.
    from dipterm.formats._units import join_terms, split_terms

    theme = next(c for c in shipped() if c.id == "14th-congress-theme")
    deprecated = [t.text for t in theme.terms_in("vi", Status.DEPRECATED)]
    assert any("; " in text for text in deprecated)
    assert split_terms(join_terms(deprecated)) == deprecated
    assert split_terms("hòa bình; ổn định") == ["hòa bình", "ổn định"]  # as older files wrote it
    assert split_terms(join_terms(["a\\b", "c;d"])) == ["a\\b", "c;d"]
