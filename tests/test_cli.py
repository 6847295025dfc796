"""The command line, driven through dipterm.cli.main on copies of the shipped data."""

import re
import unicodedata
from pathlib import Path

import pytest

from dipterm.cli import cli, main
from tests.conftest import ROOT


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_shipped_glossary_is_clean(capsys):
    assert run(capsys, "check", str(ROOT / "glossary")) == (0, "", "")


def test_check_finds_nfd_copy(capsys, project_copy: Path):
    for path in (project_copy / "glossary").glob("*.toml"):
        path.write_text(unicodedata.normalize("NFD", path.read_text("utf-8")), "utf-8")
    code, out, _ = run(capsys, "check", str(project_copy / "glossary"))
    assert code == 1
    assert re.search(
        r"party-state\.toml:\d+:\d+: G301 'Đổi mới' is not in Unicode NFC", unicodedata.normalize("NFC", out)
    )


def test_check_finds_duplicated_record(capsys, project_copy: Path):
    path = project_copy / "glossary" / "diplomacy.toml"
    text = path.read_text("utf-8")
    record = text[text.index("[[concept]]") :]
    path.write_text(text + "\n" + record, "utf-8")
    dup_line = text.count("\n") + 2
    code, out, _ = run(capsys, "check", str(project_copy / "glossary"))
    assert code == 1
    assert f"diplomacy.toml:{dup_line}:1: G201 concept id 'three-pillars-of-diplomacy'" in out


def test_check_names_unparsable_line_and_exits_2(capsys, project_copy: Path):
    path = project_copy / "glossary" / "party-state.toml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[5] = 'subject = "party-state\n'  # unterminated string on line 6
    path.write_text("".join(lines), "utf-8")
    code, out, _ = run(capsys, "check", str(project_copy / "glossary"))
    assert code == 2
    assert re.search(r"party-state\.toml:6:\d+: G100 TOML syntax error", out)


def test_check_json_output_and_select(capsys):
    fixture = ROOT / "tests/data/glossary/G401/glossary"
    code, out, _ = run(capsys, "check", str(fixture), "--output-format", "json")
    assert code == 1 and '"code": "G401"' in out and '"concept": "doi-moi"' in out
    assert run(capsys, "check", str(fixture), "--ignore", "G4")[:2] == (0, "")


def test_explain_known_and_unknown_code(capsys):
    code, out, _ = run(capsys, "check", "--explain", "G302")
    assert code == 0 and "## Why it matters" in out
    code, _, err = run(capsys, "check", "--explain", "X999")
    assert code == 2 and "unknown code X999" in err


def test_missing_glossary_folder_is_exit_2(capsys, tmp_path: Path):
    code, _, err = run(capsys, "--glossary", str(tmp_path / "nope"), "check")
    assert code == 2 and "does not exist" in err


def test_glossary_found_from_environment(capsys, monkeypatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DIPTERM_GLOSSARY", str(ROOT / "glossary"))
    assert run(capsys, "check")[0] == 0


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("dipterm, version ")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_example_and_is_in_readme(name):
    command = cli.commands[name]
    assert command.help and "Example:" in command.help
    assert f"dipterm {name}" in (ROOT / "README.md").read_text("utf-8")
