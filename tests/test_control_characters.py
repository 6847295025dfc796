"""Control characters and non-characters planted in a shared glossary: a check finding (G305),
refused by every export (old file untouched), escaped in text output."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from dipterm._chars import REFUSED, invalid_fields
from dipterm.cli import main
from dipterm.formats import WRITABLE
from dipterm.model import Concept, Location, Term
from dipterm.validate import check_characters
from tests.conftest import SMALL_GLOSSARY, small_project

OSC_TITLE = "\\u001b]0;pwned\\u0007"  # as written in TOML: sets the terminal's title


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def planted(tmp_path: Path, old: str = 'term = "truce"', new: str = f'term = "truce{OSC_TITLE}"') -> Path:
    assert old in SMALL_GLOSSARY
    return small_project(tmp_path / "clone", SMALL_GLOSSARY.replace(old, new))


@pytest.mark.parametrize(
    ("escaped", "code"),
    [
        ("\\u001b", 0x1B),
        ("\\u0007", 7),
        ("\\t", 9),
        ("\\n", 10),
        ("\\r", 13),
        ("\\u0000", 0),
        ("\\u007f", 0x7F),
        ("\\u0085", 0x85),
        ("\\u009b", 0x9B),
        ("\\uFFFE", 0xFFFE),
        ("\\uffff", 0xFFFF),
        ("\\uFDD0", 0xFDD0),
        ("\\U0010FFFF", 0x10FFFF),
        ("\\U0001fffe", 0x1FFFE),
    ],
)
def test_refused_characters_in_a_term_are_g305(tmp_path: Path, capsys, escaped: str, code: int):
    folder = planted(tmp_path, 'term = "truce"', f'term = "tru{escaped}ce"')
    exit_code, out, _ = run(capsys, "check", str(folder), "--output-format", "json")
    [found] = [f for f in json.loads(out) if f["code"] == "G305"]
    assert exit_code == 1 and (found["line"], found["column"]) == (8, 13)
    assert found["message"].startswith(f"en term 'tru{repr(chr(code))[1:-1]}ce' holds U+{code:04X} (a ")


def test_notes_may_hold_tab_and_line_breaks_but_not_escapes(tmp_path: Path, capsys):
    folder = planted(tmp_path, 'note = "The state of no war."', 'note = """The state\tof\nno war."""')
    assert run(capsys, "check", str(folder)) == (0, "", "")
    folder = planted(tmp_path / "2", 'note = "The state of no war."', 'note = "The state \\u001b[2J"')
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 1 and "G305 note holds U+001B (a control character) at offset 10" in out


def test_lone_surrogate_in_a_concept_is_g305():
    concept = Concept(
        "a", (Term("x\ud800", "en", origin=Location("t.toml", 3, 13)),), origin=Location("t.toml")
    )
    [finding] = check_characters(concept)
    assert finding.code == "G305" and "U+D800 (a lone surrogate)" in finding.message
    assert (finding.line, finding.column) == (3, 13)


def test_check_text_output_never_writes_a_raw_control_character(tmp_path: Path, capsys):
    folder = planted(tmp_path, 'term = "peace"', f'term = "peace{OSC_TITLE}  x"')
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 1 and "G305" in out and "G303" in out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]0;pwned\\x07" in out


@pytest.mark.parametrize("fmt", sorted(WRITABLE))
def test_export_refuses_and_leaves_the_old_file(tmp_path: Path, capsys, fmt: str):
    folder = planted(tmp_path)
    out_file = tmp_path / f"out.{fmt}"
    out_file.write_bytes(b"the previous export")
    code, out, err = run(capsys, "--glossary", str(folder), "export", fmt, "-o", str(out_file))
    assert (code, out) == (2, "")
    assert (
        err.startswith("dipterm: error: ")
        and "terms.toml:8: concept 'peace': en term 'truce\\x1b]0;pwned\\x07'" in err
    )
    assert "U+001B (a control character); nothing written" in err and err.count("\n") == 1
    assert out_file.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_export_all_and_to_stdout_write_nothing(tmp_path: Path, capsys):
    folder = planted(tmp_path)
    code, out, _ = run(capsys, "--glossary", str(folder), "export", "all", "-o", str(tmp_path / "tmx"))
    assert (code, out) == (2, "") and not (tmp_path / "tmx").exists()
    code, out, _ = run(capsys, "--glossary", str(folder), "export", "tmx")
    assert (code, out) == (2, "")


def test_term_ending_in_a_newline_is_refused_before_a_po_is_written(tmp_path: Path, capsys):
    folder = planted(tmp_path, 'term = "hòa bình"', 'term = "hòa bình\\n"')
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 1 and "G305 vi term 'hòa bình\\n' holds U+000A" in out
    code, out, err = run(capsys, "--glossary", str(folder), "export", "po", "-o", str(tmp_path / "vi.po"))
    assert code == 2 and "vi term 'hòa bình\\n'" in err and not (tmp_path / "vi.po").exists()


def test_lookup_text_output_escapes_control_characters(tmp_path: Path, capsys):
    folder = planted(tmp_path)
    (folder / "terms.toml").write_text(
        (folder / "terms.toml").read_text("utf-8").replace("The state of no war.", "War \\u009b2J over."),
        "utf-8",
    )
    code, out, _ = run(capsys, "--glossary", str(folder), "lookup", "peace")
    assert code == 0
    assert "deprecated  en: truce\\x1b]0;pwned\\x07" in out and "War \\x9b2J over." in out
    assert not any(ch in out for ch in "\x1b\x07\x9b")
    code, out, _ = run(capsys, "--glossary", str(folder), "lookup", "peace", "--format", "json")
    assert json.loads(out)[0]["en"]["deprecated"] == ["truce\x1b]0;pwned\x07"]  # JSON escapes it itself


def test_no_refused_character_is_printable():
    """``invalid_fields`` skips a printable batch unsearched: that rests on this."""
    refused = re.compile(f"[{REFUSED}]")
    found = [code for code in range(sys.maxunicode + 1) if refused.match(chr(code))]
    assert len(found) == 32 + 33 + 2048 + 32 + 34  # C0, DEL and C1, surrogates, non-characters
    assert not any(chr(code).isprintable() for code in found)


@pytest.mark.parametrize("where", ["term", "note", "subject"])
def test_invalid_fields_finds_one_string_among_thousands(where: str):
    terms = [(Term(f"term {n}", "en", note="a\tnote\n"),) for n in range(3000)]
    concepts = [Concept(f"c{n}", terms[n], subject="ngoại giao") for n in range(3000)]
    assert list(invalid_fields(concepts)) == []
    bad = concepts[1500]
    if where == "term":
        bad = Concept(bad.id, (Term("te\x1brm", "en"),))
    elif where == "note":
        bad = Concept(bad.id, (Term("term", "en", note="bell\x07"),))
    else:
        bad = Concept(bad.id, bad.terms, subject="sub\ufffe")
    concepts[1500] = bad
    [(concept, name, _, _, at)] = invalid_fields(concepts)
    assert concept is bad and at in (2, 3, 4)
    assert name.startswith({"term": "en term", "note": "note of en term", "subject": "subject"}[where])
