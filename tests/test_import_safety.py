"""Import into a curated file that people edit: edits made meanwhile are never lost, two imports
never write one file, the file keeps its BOM and line ends, leftovers of killed runs are swept."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from dipterm.findings import DiptermError
from dipterm.glossary import read_file
from dipterm.importer import import_file
from tests.conftest import hanoi_csv

RECORD = (
    '[[concept]]\nid = "mine"\nen = [{ term = "my term", status = "preferred" }]\n'
    'vi = [{ term = "thuật ngữ của tôi", status = "preferred" }]\n'
)


def test_an_edit_made_while_importing_is_kept_and_nothing_written(tmp_path: Path):
    into = tmp_path / "glossary" / "imported.toml"
    into.parent.mkdir()
    into.write_text(RECORD, "utf-8")
    edited = RECORD + (
        '\n[[concept]]\nid = "typed-meanwhile"\n'
        'en = [{ term = "typed", status = "preferred" }]\n'
        'vi = [{ term = "gõ vào", status = "preferred" }]\n'
    )

    def curator_types(diff) -> bool:
        into.write_text(edited, "utf-8")  # the curator saves while the import waits for review
        return True

    with pytest.raises(DiptermError, match="changed while importing; nothing written"):
        import_file("csv", hanoi_csv(tmp_path), into, review=curator_types)
    assert into.read_text("utf-8") == edited
    assert not list(into.parent.glob(".imported.toml.*"))


def test_a_second_import_into_the_same_file_is_refused_while_the_first_runs(tmp_path: Path):
    into = tmp_path / "glossary" / "imported.toml"
    into.parent.mkdir()
    lock = into.parent / ".imported.toml.lock"
    first = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock.write_text(str(first.pid))
        with pytest.raises(DiptermError, match=r"another import into imported\.toml is running"):
            import_file("csv", hanoi_csv(tmp_path), into)
    finally:
        first.kill()
        first.wait()
    assert not into.exists() and lock.exists()


def test_a_lock_left_by_a_dead_import_is_taken_over(tmp_path: Path):
    into = tmp_path / "glossary" / "imported.toml"
    into.parent.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    (into.parent / ".imported.toml.lock").write_text(dead)
    assert import_file("csv", hanoi_csv(tmp_path), into).written
    assert not (into.parent / ".imported.toml.lock").exists()


def test_the_file_keeps_its_bom_and_crlf_and_leftovers_are_swept(tmp_path: Path):
    into = tmp_path / "glossary" / "imported.toml"
    into.parent.mkdir()
    into.write_bytes(codecs.BOM_UTF8 + RECORD.replace("\n", "\r\n").encode())
    leftover = into.parent / ".imported.toml.k1ll3d.tmp"
    leftover.write_text("half a file")
    other = into.parent / ".other.toml.x.tmp"  # another file's: not ours to remove
    other.write_text("x")
    assert import_file("csv", hanoi_csv(tmp_path), into).written
    data = into.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + RECORD.replace("\n", "\r\n").encode())
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert [c.id for c in read_file(into)[0]] == ["mine", "hanoi-capital"]
    assert not leftover.exists() and other.exists()
