"""Real files from other tools' test suites and Debian's Vietnamese catalogs (tests/data/real, origins
in its SOURCES.md): every format module reads them as translate-toolkit does, with the languages they
declare; lint checks only what it can and says so; import takes only valid Vietnamese records."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest

from dipterm.cli import main
from dipterm.config import Config
from dipterm.findings import DiptermError
from dipterm.formats import FORMATS, READABLE, detect_format, head_of, read_draft
from dipterm.glossary import load_glossary
from dipterm.importer import import_file
from dipterm.incoming import read_concepts
from dipterm.lint import Terms, lint_draft
from dipterm.normalize import base_lang
from tests.conftest import DATA, GLOSSARY, SEEDS

REAL = DATA / "real"
MANIFEST = json.loads((REAL / "manifest.json").read_text("utf-8"))
IDS = [m["path"] for m in MANIFEST]
# Files that are not well-formed XML as shipped (their own suites use them as negative cases).
MALFORMED = {"tbx-test-files/poorly_formed_xml.tbx", "xliff-tc/xliff22-Good-pgs_plural.xlf"}


def fmt_of(path: Path) -> str:
    return detect_format(str(path), head_of(str(path)))


@cache
def terms() -> Terms:
    return Terms(load_glossary(GLOSSARY))


def tt_count(path: Path, fmt: str) -> int | None:
    """How many units translate-toolkit reads (headers left out), or None where it cannot read it."""
    factory = pytest.importorskip("translate.storage.factory")
    try:
        store = factory.getobject(str(path))
    except Exception:  # translate-toolkit refuses the file: nothing to compare with
        return None
    if fmt == "po":  # an empty header is no unit either
        return len([u for u in store.units if not u.isheader() and u.source])
    return len([u for u in store.units if not u.isheader()]) if fmt != "tbx2008" else len(store.units)


def expected_langs(item: dict) -> set[str]:
    return {base_lang(tag) for tag in [item["source_lang"] or "", *item["target_langs"]]} - {""}


@pytest.mark.parametrize("item", MANIFEST, ids=IDS)
def test_every_real_file_reads_like_translate_toolkit(item: dict):
    path = REAL / item["path"]
    fmt = fmt_of(path)
    assert fmt == item["format"] or (item["format"], fmt) == ("tbx", "tbx2008"), fmt
    try:
        if FORMATS[fmt].units is not None:
            draft = read_draft(str(path), fmt)
            count = len(draft.units) + sum(draft.tally.skipped.values())
            ours = draft.tally.languages - {""}
            texts = [s.text for u in draft.units for s in (u.source, u.target)]
        else:
            entries = list(FORMATS[fmt].entries(path))
            count = len(entries)
            ours = {t.lang for e in entries for t in e.terms} - {""}
            texts = [t.text for e in entries for t in e.terms]
    except DiptermError as error:
        assert item["path"] in MALFORMED or fmt == "csv", (error.path, error.line, error.message)
        assert error.path == str(path) and error.line
        return
    assert item["path"] not in MALFORMED
    theirs = tt_count(path, fmt) if fmt in ("tmx", "po", "xliff", "tbx2008") else None
    if theirs is not None:
        assert count == theirs
    if item["target_langs"]:  # declared: read as declared; else told from the text
        assert ours - {"en"} <= expected_langs(item), (ours, item["target_langs"])
    assert ("vi" in ours) == item["has_vi"]
    if fmt in ("tmx", "xliff"):
        assert set(texts) <= text_without_codes(path), "inline codes are not text"


CODES = ("bpt", "ept", "ph", "it", "ut", "sc", "ec", "cp", "x", "bx", "ex")


def text_without_codes(path: Path) -> set[str]:
    """The text of every segment element of an XML file with its inline code elements cut out by
    lxml itself (``strip_elements``): what a reader of the one inline-code rule must give."""
    from lxml import etree

    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    found = set()
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname in ("seg", "source", "target"):
            copy = etree.fromstring(etree.tostring(element))
            etree.strip_elements(copy, *[f"{{*}}{c}" for c in CODES], *CODES, with_tail=False)
            found.add("".join(copy.itertext()))
    return found


DRAFT_FILES = [m for m in MANIFEST if m["format"] in ("po", "tmx", "xliff") and m["path"] not in MALFORMED]


@pytest.mark.parametrize(
    "item",
    [m for m in DRAFT_FILES if not m["has_vi"]],
    ids=[m["path"] for m in DRAFT_FILES if not m["has_vi"]],
)
def test_lint_of_a_foreign_target_checks_only_the_english_side_and_says_so(item: dict):
    path = REAL / item["path"]
    draft = read_draft(str(path), lazy=False)
    notes: list[str] = []
    findings = lint_draft(draft, terms(), notes)
    if draft.units:
        assert any(note.startswith(f"{path}: ") and "was checked" in note for note in notes), notes
    assert not [f for f in findings if f.code.startswith("T2")]
    sources = "\n".join(u.source.text for u in draft.units if u.source.lang == "en")
    assert all(f.found is None or f.found in sources for f in findings), findings


def test_the_german_iso_codes_catalog_is_not_read_as_vietnamese(capsys):
    """The issue's own case: 'Viet Nam' against the German 'Vietnam' is no finding, and stderr says why."""
    path = REAL / "iso-codes" / "iso_3166-1.de.po"
    code = main(["lint", "--select", "T2", str(path)])
    err = capsys.readouterr().err
    assert code == 0
    assert (
        f"note: {path}: target language 'de' is not Vietnamese (vi); only the English side was checked"
    ) in err


def test_a_multilingual_tmx_without_vietnamese_lists_its_languages(capsys):
    path = REAL / "omegat" / "test-multiple-tuv.tmx"
    main(["lint", str(path)])
    err = capsys.readouterr().err
    assert "not Vietnamese (vi); only the English side was checked" in err
    assert "(languages found: de, en, es, fr)" in err


def test_debian_vietnamese_catalogs_give_no_acronym_noise():
    """T103 on Vietnamese words spelt like an acronym ('Ai', 'Eu') never fires on real translations."""
    for path in sorted((REAL / "debian-vi").glob("*.po")):
        findings = lint_draft(read_draft(str(path)), terms())
        assert not [f for f in findings if f.code == "T103"], path


VI_FILES = [m["path"] for m in MANIFEST if m["has_vi"] and m["format"] in READABLE]


@pytest.mark.parametrize("name", VI_FILES)
def test_import_of_a_vietnamese_file_passes_check(name: str, tmp_path: Path):
    shutil.copytree(GLOSSARY, tmp_path / "glossary")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    path = REAL / name
    into = tmp_path / "glossary" / "imported.toml"
    report = import_file(
        fmt_of(path), path, into, glossary=load_glossary(tmp_path / "glossary"), config=Config()
    )
    assert report.new > 0 and report.written
    assert main(["check", str(tmp_path / "glossary")]) == 0


@pytest.mark.parametrize(
    "item",
    [m for m in MANIFEST if not m["has_vi"] and m["format"] in READABLE and m["path"] not in MALFORMED],
    ids=[
        m["path"]
        for m in MANIFEST
        if not m["has_vi"] and m["format"] in READABLE and m["path"] not in MALFORMED
    ],
)
def test_import_of_a_file_without_vietnamese_is_refused(item: dict, tmp_path: Path):
    path = REAL / item["path"]
    with pytest.raises(DiptermError, match=r"no Vietnamese \(vi\) terms; languages found: ") as info:
        concepts, _ = read_concepts(fmt_of(path), path, str(tmp_path), Config())
        list(concepts)
    assert info.value.path == str(path)
