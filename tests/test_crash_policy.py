"""One crash policy: crafted TOML and settings are `path:line: message`, exit 2; an unexpected
exception is one line and exit 2 (the traceback only on request); exit 1 only ever means findings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dipterm import validate
from dipterm.cli import main
from dipterm.config import load_config
from dipterm.findings import DiptermError
from dipterm.glossary import read_file
from tests.conftest import SMALL_GLOSSARY, small_project

DEEP = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"
HUGE = "x = " + "7" * 100_000 + "\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        (f'[[concept]]\nid = "a"\n{DEEP}', 3, 5, "nested too deeply"),
        (f'[[concept]]\nid = "a"\n{HUGE}', 3, 5, "digits"),
        (
            f"# a note\n[[concept]]\nid = {{ a = {{ b = {'{ c = ' * 60_000}1{' }' * 60_000} }} }}\n",
            3,
            6,
            "nested",
        ),
    ],
    ids=["deep-arrays", "100000-digit-integer", "deep-inline-tables"],
)
def test_crafted_curated_file_is_g100_with_its_place(
    tmp_path: Path, text: str, line: int, column: int, words: str
):
    path = tmp_path / "terms.toml"
    path.write_text(text, "utf-8")
    concepts, [finding] = read_file(path)
    assert concepts == []
    assert (finding.code, finding.line, finding.column) == ("G100", line, column)
    assert words in finding.message


def test_huge_hex_integer_where_a_string_belongs_is_g103(tmp_path: Path):
    path = tmp_path / "terms.toml"
    path.write_text(f'# x\n[[concept]]\nid = "a"\nsources = [0x{"f" * 100_000}]\n', "utf-8")
    concepts, findings = read_file(path)
    assert concepts == [] and [(f.code, f.line) for f in findings] == [("G103", 2)]


def test_fifo_or_device_named_toml_is_g100_and_never_opened(tmp_path: Path):
    folder = small_project(tmp_path)
    os.mkfifo(folder / "pipe.toml")
    if Path("/dev/zero").exists():
        (folder / "zero.toml").symlink_to("/dev/zero")
    done = subprocess.run(
        [sys.executable, "-m", "dipterm", "check", str(folder)], capture_output=True, text=True, timeout=60
    )  # reading the FIFO would block until the timeout
    assert done.returncode == 2 and "pipe.toml:1:1: G100 not a regular file" in done.stdout


def test_check_and_lint_of_a_deep_file_exit_2_without_traceback(tmp_path: Path):
    folder = small_project(tmp_path)
    (folder / "deep.toml").write_text(DEEP, "utf-8")
    draft = tmp_path / "d.en.txt"
    draft.write_text("peace\n", "utf-8")
    for args in (["check", str(folder)], ["--glossary", str(folder), "lint", str(draft)]):
        done = subprocess.run(
            [sys.executable, "-m", "dipterm", *args], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        assert re.search(
            r"deep\.toml:1(:5)?: G100 arrays or tables nested too deeply", done.stdout + done.stderr
        )


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("select = 5", "select = 5: must be a list"),
        ('ignore = ["T1", 2]', "ignore = ['T1', 2]: must be a list"),
        ("tone-style = []", "tone-style = []: must be 'old'"),
        ('quote-style = "curly"', "quote-style = 'curly': must be 'straight'"),
        ("glossary = 1", "glossary = 1: must be a folder path"),
        (f"select = 0x{'f' * 100_000}", "select = a 100000-hex-digit integer: must be a list"),
        ("stauts = 1", "unknown key(s) in [tool.dipterm]: stauts"),
    ],
)
def test_wrong_setting_types_are_path_line_exit_2_in_every_command(
    tmp_path: Path, monkeypatch, capsys, setting: str, words: str
):
    folder = small_project(tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f'[project]\nname = "x"\n\n[tool.dipterm]\n# house style\n{setting}\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DiptermError) as raised:
        load_config()
    assert (raised.value.path, raised.value.line) == (str(pyproject), 6)
    for command in (["check"], ["lookup", "peace"], ["export", "tmx"], ["lint", "x.txt"], ["mine", "seeds"]):
        code, out, err = run(capsys, "--glossary", str(folder), *command)
        assert code == 2 and out == ""
        assert err.startswith(f"dipterm: error: {pyproject}:6: ") and words in err
        assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[tool]\ndipterm = 5\n", 1),
        ('tool = "x"\n', 1),
        ("[tool.dipterm]\n" + HUGE.replace("x", "select"), 2),
        ("[tool.dipterm]\n" + DEEP.replace("x", "select"), 2),
        ("[tool.dipterm]\nselect = [\n", 2),
    ],
)
def test_unreadable_settings_are_path_line(tmp_path: Path, text: str, line: int):
    (tmp_path / "pyproject.toml").write_text(text, "utf-8")
    with pytest.raises(DiptermError) as raised:
        load_config(tmp_path)
    assert (raised.value.path, raised.value.line) == (str(tmp_path / "pyproject.toml"), line)


def test_unexpected_exception_is_one_line_exit_2(tmp_path: Path, monkeypatch, capsys):
    folder = small_project(tmp_path)

    def bug(*args):
        raise ZeroDivisionError("a bug \x1b[2J")

    monkeypatch.setattr(validate, "check_sources", bug)
    monkeypatch.delenv("DIPTERM_DEBUG", raising=False)
    code, out, err = run(capsys, "check", str(folder))
    assert (code, out) == (2, "")
    assert err.startswith("dipterm: internal error: ZeroDivisionError: 'a bug \\x1b[2J'")
    assert "--debug" in err and "DIPTERM_DEBUG=1" in err and err.count("\n") == 1
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "check", str(folder)])
    monkeypatch.setenv("DIPTERM_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["check", str(folder)])


def test_exit_1_is_findings_only(tmp_path: Path, capsys):
    folder = small_project(tmp_path, SMALL_GLOSSARY.replace('term = "peace"', 'term = "peace "'))
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 1 and "G303" in out
