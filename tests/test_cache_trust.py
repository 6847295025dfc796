"""The parsed-concept cache and the per-user key, attacked the way a shared clone or archive can."""

from __future__ import annotations

import stat
import tarfile
from dataclasses import replace
from pathlib import Path

import pytest

from dipterm.cache import MAGIC, ConceptCache, cache_path, user_key
from dipterm.cli import main
from dipterm.glossary import display_path, load_glossary, read_file
from dipterm.model import Status
from tests.conftest import small_project


@pytest.fixture
def user(tmp_path: Path, monkeypatch) -> Path:
    """A fresh user cache folder (so a fresh per-user key) for this test."""
    home = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def lint(capsys, folder: Path, draft: Path) -> int:
    code = main(["--glossary", str(folder), "lint", str(draft)])
    capsys.readouterr()
    return code


def test_symlinked_concepts_folder_is_never_pruned_written_or_read(tmp_path: Path, user: Path, capsys):
    folder = small_project(tmp_path / "clone")
    elsewhere = tmp_path / "victim"
    elsewhere.mkdir()
    victims = {
        "0123456789abcdef01234567.pickle": MAGIC + b"a dipterm-looking file\n",
        "holiday.pickle": b"photos",
        "notes.txt": b"notes",
    }
    for name, data in victims.items():
        (elsewhere / name).write_bytes(data)
    where = cache_path(folder, ".concepts")
    where.parent.mkdir()
    where.symlink_to(elsewhere, target_is_directory=True)
    draft = tmp_path / "draft.en.txt"
    draft.write_text("A truce was signed.\n", "utf-8")
    assert lint(capsys, folder, draft) == 1
    assert load_glossary(folder).get("peace") is not None
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == victims


def test_symlinked_cache_root_is_ignored(tmp_path: Path, user: Path):
    folder = small_project(tmp_path / "clone")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder.parent / ".dipterm-cache").symlink_to(elsewhere, target_is_directory=True)
    load_glossary(folder)
    assert list(elsewhere.iterdir()) == []


def test_prune_removes_only_entries_dipterm_wrote(tmp_path: Path, user: Path):
    folder = small_project(tmp_path / "project")
    (folder / "gone.toml").write_text(
        (folder / "terms.toml").read_text("utf-8").replace('"peace"', '"calm"', 1), "utf-8"
    )
    load_glossary(folder)
    where = cache_path(folder, ".concepts")
    ours = sorted(p.name for p in where.iterdir())
    assert len(ours) == 2
    kept = {"fedcba9876543210fedcba98.pickle": b"not written by dipterm", "mine.pickle": MAGIC}
    for name, data in kept.items():
        (where / name).write_bytes(data)
    outside = tmp_path / "outside.pickle"
    outside.write_bytes(MAGIC)
    (where / "0000000000000000aaaaaaaa.pickle").symlink_to(outside)
    (folder / "gone.toml").unlink()
    load_glossary(folder)
    left = {p.name for p in where.iterdir()}
    assert left == {*kept, "0000000000000000aaaaaaaa.pickle", *(set(ours) & left)}
    assert len(set(ours) & left) == 1 and outside.read_bytes() == MAGIC


def test_cache_from_an_archive_with_preserved_mtimes_is_not_believed(tmp_path: Path, monkeypatch, capsys):
    """The attacker signs a lie with their own key: deprecated terms dropped, so lint passes."""
    project = tmp_path / "project"
    folder = small_project(project)
    curated = folder / "terms.toml"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    honest, _ = read_file(curated)
    lie = [replace(c, terms=tuple(t for t in c.terms if t.status is not Status.DEPRECATED)) for c in honest]
    cache = ConceptCache(folder)
    cache.put(cache.key(curated, display_path(curated)), curated, lie)
    draft = tmp_path / "draft.en.txt"
    draft.write_text("A truce was signed.\n", "utf-8")
    assert lint(capsys, folder, draft) == 0  # the lie works for whoever holds the key that signed it
    archive = tmp_path / "clone.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(project, arcname="project")
    for path in sorted(project.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() or path.is_symlink() else path.rmdir()
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path, filter="tar")  # mtimes preserved
    assert (folder / "terms.toml").stat().st_mtime_ns // 10**9 == curated.stat().st_mtime_ns // 10**9
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim"))
    assert lint(capsys, folder, draft) == 1
    assert [t.text for t in load_glossary(folder).get("peace").terms] == ["peace", "truce", "hòa bình"]


def test_key_is_private_and_outside_the_project(tmp_path: Path, user: Path):
    folder = small_project(tmp_path / "project")
    key = user_key(folder.parent)
    path = user / "dipterm" / "key"
    assert key is not None and len(key) == 32 and path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert user_key(folder.parent) == key


def test_no_key_inside_the_project_and_nothing_cached(tmp_path: Path, monkeypatch):
    folder = small_project(tmp_path / "project")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent / "inside"))
    assert user_key(folder.parent) is None
    assert load_glossary(folder).get("peace") is not None
    assert not (folder.parent / "inside").exists()
    assert not cache_path(folder, ".concepts").exists()


def test_group_readable_key_is_refused(tmp_path: Path, user: Path):
    (user / "dipterm").mkdir(parents=True)
    (user / "dipterm" / "key").write_bytes(b"k" * 32)
    (user / "dipterm" / "key").chmod(0o644)
    assert user_key(tmp_path / "project") is None


def test_symlinked_key_is_refused(tmp_path: Path, user: Path):
    planted = tmp_path / "planted-key"
    planted.write_bytes(b"k" * 32)
    planted.chmod(0o600)
    (user / "dipterm").mkdir(parents=True)
    (user / "dipterm" / "key").symlink_to(planted)
    assert user_key(tmp_path / "project") is None
