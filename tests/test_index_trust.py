"""The look-up index, crafted the way a shared clone can carry it: a hostile schema, a corrupt
fingerprint, a signed lie with preserved file times, a symlink in its place."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from dipterm import index as index_module
from dipterm.cache import user_key
from dipterm.index import MAC_TAG, build_index, cache_file, open_index
from dipterm.lookup import lookup
from tests.conftest import small_project

HANG = 60  # seconds: a look-up that takes this long hangs


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    folder = small_project(tmp_path / "project")
    build_index(folder, cache_file(folder))
    return folder


def lookup_cli(folder: Path, query: str) -> subprocess.CompletedProcess:
    """``dipterm lookup`` in a child process, so that a hang fails the test instead of stalling it."""
    return subprocess.run(
        [sys.executable, "-m", "dipterm", "--glossary", str(folder), "lookup", query, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=HANG,
    )


def image(path: Path) -> bytes:
    """The SQLite image of an index file (without its signature)."""
    data = path.read_bytes()
    assert data[-32 - len(MAC_TAG) : -32] == MAC_TAG
    return data[: -32 - len(MAC_TAG)]


def craft(folder: Path, sql: str, sign: bool) -> Path:
    """The index of ``folder`` altered by ``sql``, signed with the user's key or left unsigned."""
    path = cache_file(folder)
    db = sqlite3.connect(":memory:")
    db.deserialize(image(path))
    db.executescript(sql)
    if sign:
        index_module._write(db, path, user_key(folder.parent))
    else:
        path.write_bytes(db.serialize())
    return path


RECURSIVE_META = """
DROP TABLE meta;
CREATE VIEW meta(key, value) AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
SELECT 'schema', n FROM r WHERE n < 0;
"""


@pytest.mark.parametrize("sign", [False, True], ids=["unsigned", "signed-with-the-users-key"])
def test_recursive_view_named_meta_does_not_hang_lookup(folder: Path, sign: bool):
    craft(folder, RECURSIVE_META, sign)
    started = time.monotonic()
    done = lookup_cli(folder, "peace")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["concept"] == "peace"
    assert time.monotonic() - started < HANG / 2
    db = sqlite3.connect(":memory:")
    db.deserialize(image(cache_file(folder)))
    assert db.execute("SELECT type FROM sqlite_master WHERE name = 'meta'").fetchone() == ("table",)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE meta SET value = 'not json' WHERE key = 'fingerprint'",
        "UPDATE meta SET value = '[]' WHERE key = 'fingerprint'",
        "UPDATE meta SET value = '{\"curated\": 5}' WHERE key = 'fingerprint'",
        "DELETE FROM meta WHERE key = 'fingerprint'",
        "UPDATE meta SET value = '{}' WHERE key = 'subjects'",
        "DELETE FROM meta",
        "CREATE TRIGGER t AFTER INSERT ON word BEGIN SELECT 1; END",
        "CREATE TABLE extra(x)",
        "CREATE VIEW v AS SELECT 1",
        "DROP INDEX gram_gram",
    ],
    ids=[
        "fingerprint-not-json",
        "fingerprint-list",
        "fingerprint-wrong-types",
        "fingerprint-missing",
        "subjects-not-a-list",
        "meta-empty",
        "trigger",
        "extra-table",
        "view",
        "index-missing",
    ],
)
def test_corrupt_index_signed_by_the_user_is_rebuilt_without_traceback(folder: Path, sql: str):
    path = craft(folder, sql, sign=True)
    done = lookup_cli(folder, "peace")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert json.loads(done.stdout)[0]["concept"] == "peace"
    assert index_module._open_file(path, user_key(folder.parent)) is not None  # rebuilt whole


def test_garbage_index_file_is_rebuilt(folder: Path):
    cache_file(folder).write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    assert lookup(open_index(folder), "peace")[0].concept == "peace"


def test_time_bound_interrupts_a_runaway_statement():
    db = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError), index_module._time_bound(db, 0.2):
        db.execute(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"
        ).fetchone()
    assert db.execute("SELECT 1").fetchone() == (1,)  # the bound ends with the block


def test_index_from_an_archive_with_preserved_mtimes_is_not_believed(tmp_path: Path, monkeypatch):
    """The attacker indexes a same-size file with a planted term, then restores the honest file with
    the same mtime; size and mtime match, only the signature can tell."""
    project = tmp_path / "project"
    folder = small_project(project)
    curated = folder / "terms.toml"
    honest = curated.read_text("utf-8")
    old = time.time_ns() - 3600 * 10**9
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    lie = honest.replace('"truce"', '"\\u001b[2Jx"')
    note = "The state of no war."
    curated.write_text(lie.replace(note, note[: len(honest) - len(lie)]), "utf-8")
    assert curated.stat().st_size == len(honest.encode())
    os.utime(curated, ns=(old, old))
    build_index(folder, cache_file(folder))
    curated.write_text(honest, "utf-8")
    os.utime(curated, ns=(old, old))
    [planted] = lookup(open_index(folder), "peace")
    assert planted.en["deprecated"] == ["\x1b[2Jx"]  # believed under the signing key
    archive = tmp_path / "clone.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(project, arcname="project")
    for path in sorted(project.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() or path.is_symlink() else path.rmdir()
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path, filter="tar")
    assert curated.stat().st_mtime_ns // 10**9 == old // 10**9
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim"))
    [hit] = lookup(open_index(folder), "peace")
    assert hit.en["deprecated"] == ["truce"]
    done = lookup_cli(folder, "truce")
    assert done.returncode == 0 and "2J" not in done.stdout


def test_symlink_in_place_of_the_index_is_never_followed(folder: Path, tmp_path: Path):
    path = cache_file(folder)
    target = tmp_path / "precious.db"
    target.write_bytes(b"precious")
    path.unlink()
    path.symlink_to(target)
    assert lookup(open_index(folder), "peace")[0].concept == "peace"
    assert path.is_symlink() and target.read_bytes() == b"precious"


def test_fifo_in_place_of_the_index_does_not_hang(folder: Path):
    path = cache_file(folder)
    path.unlink()
    os.mkfifo(path)
    done = lookup_cli(folder, "peace")
    assert done.returncode == 0, done.stderr
