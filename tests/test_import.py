"""Imports: round trips, a translator's PO, conflicts never written, dry runs, hostile XML."""

import shutil
from pathlib import Path

import click
import pytest

from dipterm.cli import main
from dipterm.export import export
from dipterm.findings import DiptermError
from dipterm.formats import ExportOptions
from dipterm.glossary import load_glossary, read_file
from dipterm.importer import import_file
from tests.conftest import GLOSSARY, SEEDS, hanoi_csv

FILLED_PO = """\
msgid ""
msgstr ""
"Language: vi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. definition: Agreement between two states.
#. subject: treaty
msgctxt "bilateral-agreement"
msgid "bilateral agreement"
msgstr "hiệp định song phương"

msgctxt "doi-moi"
msgid "doi moi"
msgstr "Đổi mới"

#, fuzzy
msgctxt "memorandum-of-understanding"
msgid "memorandum of understanding"
msgstr "bản ghi nhớ"

msgctxt "joint-statement"
msgid "joint statement"
msgstr ""
"""


@pytest.mark.parametrize("fmt", ["tbx", "csv", "xlsx"])
def test_round_trip_through_an_empty_glossary(fmt: str, tmp_path: Path):
    shipped = load_glossary(GLOSSARY)
    first = export(shipped, fmt, tmp_path / f"first.{fmt}")
    shutil.copytree(SEEDS, tmp_path / "seeds")  # the project the source references resolve in
    into = tmp_path / "glossary" / "imported.toml"
    report = import_file(fmt, first, into)
    assert report.written and not report.conflicts and not report.unchanged
    assert report.new == len([c for c in shipped if not c.proposed])
    imported = load_glossary(tmp_path / "glossary")
    assert all(c.proposed for c in imported)
    kept = {c.id: c.references for c in shipped if not c.proposed}
    assert {c.id: c.references for c in imported} == kept and sum(map(len, kept.values())) > 100
    second = export(imported, fmt, tmp_path / f"second.{fmt}", ExportOptions(include_proposed=True))
    assert second.read_bytes() == first.read_bytes()
    again = import_file(fmt, first, into)
    assert (again.new, again.conflicts, again.unchanged) == (0, [], report.new)


def test_filled_in_po_catalog(project_copy: Path):
    po = project_copy / "vi.po"
    po.write_text(FILLED_PO, "utf-8")
    into = project_copy / "glossary" / "imported.toml"
    report = import_file("po", po, into, glossary=load_glossary(project_copy / "glossary"))
    assert report.new == 1
    assert report.conflicts[0].concept == "doi-moi" and "the glossary has en 'Doi Moi' (admitted)" in str(
        report.conflicts[0]
    )
    concepts, findings = read_file(into)
    assert findings == []
    [concept] = concepts
    assert (concept.proposed, concept.subject) == (True, "treaty")
    assert concept.note == "Agreement between two states."
    assert [(t.lang, t.text, t.status) for t in concept.terms] == [
        ("en", "bilateral agreement", "preferred"),
        ("vi", "hiệp định song phương", "preferred"),
    ]


def test_conflicts_are_reported_and_never_written(project_copy: Path):
    csv = project_copy / "terms.csv"
    csv.write_text(
        "concept,language,term,status\r\n"
        "doi-moi,en,renewal,preferred\r\ndoi-moi,vi,Đổi mới,preferred\r\n"
        "reform,en,Doi moi,preferred\r\nreform,vi,cải cách,preferred\r\n",
        "utf-8",
    )
    into = project_copy / "glossary" / "party-state.toml"
    before = into.read_bytes()
    report = import_file("csv", csv, into, glossary=load_glossary(project_copy / "glossary"))
    assert report.new == 0 and not report.written
    assert [c.concept for c in report.conflicts] == ["doi-moi", "reform"]
    assert "party-state.toml:" in str(report.conflicts[0])
    assert "preferred en term 'Doi moi' is already preferred in concept 'doi-moi'" in str(report.conflicts[1])
    assert into.read_bytes() == before


def test_new_records_are_appended_after_the_untouched_text(project_copy: Path):
    csv = project_copy / "terms.csv"
    csv.write_text(
        "concept,language,term,status,note\r\n"
        'hanoi-capital,en,Hanoi Capital,preferred,"a ""q"""\r\n'
        "hanoi-capital,vi,Thủ đô Hà Nội,preferred,\r\n",
        "utf-8",
    )
    into = project_copy / "glossary" / "party-state.toml"
    before = into.read_bytes()
    report = import_file("csv", csv, into, glossary=load_glossary(project_copy / "glossary"))
    after = into.read_bytes()
    assert after.startswith(before) and report.written
    assert after[len(before) :].decode() == (
        '\n[[concept]]\nid = "hanoi-capital"\nnote = "a \\"q\\""\nproposed = true\n'
        'en = [\n  { term = "Hanoi Capital", status = "preferred" },\n]\n'
        'vi = [\n  { term = "Thủ đô Hà Nội", status = "preferred" },\n]\n'
    )
    assert load_glossary(project_copy / "glossary").get("hanoi-capital").proposed


def test_dry_run_shows_the_diff_and_changes_nothing(project_copy: Path, capsys):
    csv = hanoi_csv(project_copy)
    into = project_copy / "glossary" / "party-state.toml"
    before = into.read_bytes()
    code = main(
        [
            "--glossary",
            str(project_copy / "glossary"),
            "import",
            "csv",
            str(csv),
            "--into",
            str(into),
            "--dry-run",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0 and into.read_bytes() == before
    assert out.startswith("--- ") and "\n+++ " in out
    assert '\n+id = "hanoi-capital"\n+proposed = true\n' in out
    assert "1 new concept(s) not written (--dry-run)" in err


def test_importing_the_glossary_own_export_changes_nothing(project_copy: Path, capsys):
    tbx = export(load_glossary(GLOSSARY), "tbx", project_copy / "all.tbx")
    into = project_copy / "new.toml"
    code = main(
        ["--glossary", str(project_copy / "glossary"), "import", "tbx", str(tbx), "--into", str(into)]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (0, "") and not into.exists()
    reviewed = len([c for c in load_glossary(GLOSSARY) if not c.proposed])  # what the export holds
    assert f"0 new concept(s) for {into}, {reviewed} unchanged, 0 conflict(s)" in err


def test_cli_reports_conflicts_with_exit_1(project_copy: Path, capsys):
    po = project_copy / "vi.po"
    po.write_text(FILLED_PO, "utf-8")
    into = project_copy / "glossary" / "imported.toml"
    code = main(["--glossary", str(project_copy / "glossary"), "import", "po", str(po), "--into", str(into)])
    out, err = capsys.readouterr()
    assert code == 1
    assert '+id = "bilateral-agreement"' in out
    assert "conflict: " in err and "doi-moi: already curated with other terms" in err
    assert "1 new concept(s) written to" in err


def test_malformed_xml_names_path_and_line_and_changes_nothing(project_copy: Path, capsys):
    bad = project_copy / "bad.tmx"
    bad.write_bytes(b'<?xml version="1.0"?>\n<tmx version="1.4"><header/>\n<body><tu>\n</body></tmx>\n')
    into = project_copy / "glossary" / "party-state.toml"
    before = into.read_bytes()
    code = main(
        ["--glossary", str(project_copy / "glossary"), "import", "tmx", str(bad), "--into", str(into)]
    )
    _, err = capsys.readouterr()
    assert code == 2 and f"{bad}:4: malformed XML" in err
    assert into.read_bytes() == before


@pytest.mark.parametrize("fmt", ["tmx", "tbx"])
def test_entity_files_are_refused(fmt: str, tmp_path: Path):
    evil = tmp_path / f"evil.{fmt}"
    evil.write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY s SYSTEM "file:///etc/passwd">]>\n'
        b'<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&s;</seg></tuv>'
        b'<tuv xml:lang="vi"><seg>x</seg></tuv></tu></body></tmx>'
    )
    into = tmp_path / "into.toml"
    with pytest.raises(DiptermError, match="refused") as info:
        import_file(fmt, evil, into)
    assert info.value.path == str(evil) and info.value.line
    assert not into.exists()


def test_foreign_tmx_gets_ids_from_its_english_segments(tmp_path: Path):
    tmx = tmp_path / "other.tmx"
    tmx.write_text(
        '<?xml version="1.0"?>\n'
        '<tmx version="1.4"><header srclang="en-US" creationtool="X"/><body>'
        '<tu tuid="1"><tuv xml:lang="en-US"><seg>Foreign Minister</seg></tuv>'
        '<tuv xml:lang="vi-VN"><seg>Bộ trưởng Ngoại giao</seg></tuv></tu>'
        '<tu><tuv xml:lang="EN"><seg>Foreign Minister</seg></tuv>'
        '<tuv xml:lang="vi"><seg>Bộ trưởng Bộ Ngoại giao</seg></tuv></tu>'
        '<tu><tuv xml:lang="en"><seg>only English</seg></tuv></tu></body></tmx>',
        "utf-8",
    )
    report = import_file("tmx", tmx, tmp_path / "into.toml")
    [concept], _ = read_file(tmp_path / "into.toml")
    assert report.new == 1
    assert concept.id == "foreign-minister"
    assert [t.text for t in concept.terms_in("vi")] == ["Bộ trưởng Ngoại giao", "Bộ trưởng Bộ Ngoại giao"]


def test_cli_prints_the_diff_before_the_file_changes(project_copy: Path, capsys, monkeypatch):
    csv = hanoi_csv(project_copy)
    into = project_copy / "glossary" / "party-state.toml"
    before = into.read_bytes()
    seen_at_echo: list[bytes] = []
    real_echo = click.echo

    def spy(message=None, *args, **kwargs):
        if message and str(message).startswith("--- "):
            seen_at_echo.append(into.read_bytes())
        return real_echo(message, *args, **kwargs)

    monkeypatch.setattr("dipterm.commands.import_.click.echo", spy)
    code = main(
        ["--glossary", str(project_copy / "glossary"), "import", "csv", str(csv), "--into", str(into)]
    )
    out, err = capsys.readouterr()
    assert code == 0 and seen_at_echo == [before]
    assert into.read_bytes() != before and "1 new concept(s) written to" in err
    assert '\n+id = "hanoi-capital"\n' in out


@pytest.mark.parametrize("helper", [False, True], ids=["one process", "with a forked helper"])
def test_records_are_read_back_in_batches_and_one_bad_record_costs_only_itself(helper, monkeypatch):
    """4,000 concepts read back through the loader 500 at a time (from the third batch on, three
    in four by a forked helper where there is a second core): the three whose term holds a control
    character and the one with no Vietnamese term are left out, each counted by its own finding;
    every other passes, in order, whichever process read it back."""
    import os

    from dipterm import _fork, incoming
    from dipterm.config import Config
    from dipterm.incoming import Intake, checked_all
    from dipterm.model import Concept, Status, Term

    if helper and not hasattr(os, "fork"):
        pytest.skip("no os.fork on this platform")
    monkeypatch.setattr(incoming, "second_core", lambda: helper)
    started = []
    monkeypatch.setattr(incoming, "Helper", lambda work: started.append(1) or _fork.Helper(work))
    bad, one_language = {700, 2100, 2600}, 3900  # batches 1 and 4 read here, 5 and 7 by the helper
    concepts = []
    for n in range(4000):
        english = "joint\x07statement" if n in bad else f"joint statement number {n}"
        terms = [
            Term(english, "en", Status.PREFERRED),
            Term(f"tuyên bố chung số {n}", "vi", Status.PREFERRED),
        ]
        concepts.append(Concept(f"c{n:04d}", tuple(terms[:1] if n == one_language else terms)))
    intake = Intake()
    passed = list(checked_all(concepts, ".", Config(), "imported.toml", intake))
    assert passed == [c for n, c in enumerate(concepts) if n not in bad | {one_language}]
    assert intake.skipped == {
        "would not pass 'dipterm check' (G305 control-character)": 3,
        "would not pass 'dipterm check' (G102 missing-field)": 1,
    }
    assert started == ([1] if helper else [])
