"""The parsed-glossary cache: load_glossary re-parses only curated files that changed."""

from __future__ import annotations

import os
import pickle
import tomllib
from pathlib import Path

import pytest

from dipterm import glossary as glossary_module
from dipterm.cache import MAGIC, cache_path
from dipterm.findings import DiptermError
from dipterm.glossary import load_glossary, read_glossary
from dipterm.model import Glossary
from tests.conftest import GLOSSARY


def snapshot(glossary: Glossary) -> list[str]:
    """Every concept with all its fields and origins (reprs include the origin locations)."""
    return [repr(c) for c in glossary]


def entries(folder: Path) -> list[Path]:
    return sorted(cache_path(folder, ".concepts").glob("*.marshal"))


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """Names of the curated files load_glossary parses from now on."""
    seen: list[str] = []
    real = glossary_module.read_file

    def spy(path: Path):
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(glossary_module, "read_file", spy)
    return seen


def test_cached_load_equals_a_fresh_parse_origins_included(project_copy: Path):
    folder = project_copy / "glossary"
    fresh, findings = read_glossary(folder)
    assert not findings and len(fresh) > 100
    cold = load_glossary(folder)
    assert len(entries(folder)) == len(list(folder.rglob("*.toml")))
    warm = load_glossary(folder)
    assert snapshot(cold) == snapshot(warm) == snapshot(fresh)
    assert [t.origin for c in warm for t in c.terms] == [t.origin for c in fresh for t in c.terms]
    assert warm.root == fresh.root


def test_cache_hit_does_not_parse_toml(project_copy: Path, monkeypatch):
    folder = project_copy / "glossary"
    expected = snapshot(load_glossary(folder))

    def no_parsing(text: str) -> dict:
        raise AssertionError("TOML parsed although the cache is fresh")

    monkeypatch.setattr(tomllib, "loads", no_parsing)
    assert snapshot(load_glossary(folder)) == expected


def test_editing_one_file_reparses_only_that_file(project_copy: Path, parsed: list[str]):
    folder = project_copy / "glossary"
    load_glossary(folder)
    assert len(parsed) == len(list(folder.rglob("*.toml")))
    parsed.clear()
    path = folder / "diplomacy.toml"
    before = path.stat()
    text = path.read_text("utf-8")
    assert 'term = "three pillars"' in text
    path.write_text(text.replace('term = "three pillars"', 'term = "three columns"'), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime: only the hash
    glossary = load_glossary(folder)
    assert parsed == ["diplomacy.toml"]
    assert "three columns" in {t.text for c in glossary for t in c.terms}
    assert snapshot(glossary) == snapshot(read_glossary(folder)[0])
    parsed.clear()
    load_glossary(folder)
    assert parsed == []


def test_removed_file_drops_its_concepts_and_its_entry(project_copy: Path):
    folder = project_copy / "glossary"
    load_glossary(folder)
    count = len(entries(folder))
    (folder / "diplomacy.toml").unlink()
    assert snapshot(load_glossary(folder)) == snapshot(read_glossary(folder)[0])
    assert len(entries(folder)) == count - 1


def test_corrupt_or_foreign_cache_files_are_ignored_and_rewritten(project_copy: Path, parsed: list[str]):
    folder = project_copy / "glossary"
    expected = snapshot(load_glossary(folder))
    files = entries(folder)
    marker = project_copy / "pwned"

    class Payload:  # what a hostile cache file could carry: a call to an arbitrary function
        def __reduce__(self):
            return Path.touch, (marker,)

    good = files[0].read_bytes()
    header = good[: good.index(b"\n", len(MAGIC)) + 1]
    files[0].write_bytes(header + pickle.dumps([Payload()]))
    files[1].write_bytes(good[: len(good) // 2])  # truncated
    files[2].write_bytes(b"\x00garbage\n{not json\n")
    files[3].write_bytes(MAGIC + b'{"format": 0}\n' + good[len(header) :])  # other format version
    files[4].write_bytes(header + pickle.dumps("not a list of concepts"))
    parsed.clear()
    assert snapshot(load_glossary(folder)) == expected
    assert not marker.exists()
    assert len(parsed) == 5
    parsed.clear()
    assert snapshot(load_glossary(folder)) == expected
    assert parsed == []


def test_errors_are_raised_as_without_cache(project_copy: Path):
    folder = project_copy / "glossary"
    load_glossary(folder)
    path = folder / "diplomacy.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('status = "preferred"', 'status = "favoured"', 1), "utf-8")
    first = read_glossary(folder)[1][0]
    for _ in range(2):  # a file with findings is never cached
        with pytest.raises(DiptermError) as caught:
            load_glossary(folder)
        assert (caught.value.path, caught.value.line) == (first.path, first.line)
        assert caught.value.message.startswith(f"{first.code} {first.message} (")


def test_unwritable_cache_location_falls_back_to_parsing(project_copy: Path, parsed: list[str]):
    folder = project_copy / "glossary"
    (project_copy / ".dipterm-cache").write_text("a file where the cache folder would go", "utf-8")
    expected = snapshot(read_glossary(folder)[0])
    parsed.clear()
    assert snapshot(load_glossary(folder)) == expected
    assert snapshot(load_glossary(folder)) == expected
    assert len(parsed) == 2 * len(list(folder.rglob("*.toml")))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_cache_folder_falls_back_to_parsing(project_copy: Path, parsed: list[str]):
    folder = project_copy / "glossary"
    expected = snapshot(load_glossary(folder))
    where = cache_path(folder, ".concepts")
    for entry in entries(folder):
        entry.chmod(0)
    where.chmod(0o500)
    try:
        parsed.clear()
        assert snapshot(load_glossary(folder)) == expected
        assert len(parsed) == len(list(folder.rglob("*.toml")))
    finally:
        where.chmod(0o700)


def test_a_cached_payload_of_other_types_is_refused_field_by_field():
    """Even behind a valid HMAC, only the model's types are rebuilt: a code object, a number for
    a text or a missing field is a cache miss (an exception ``get`` turns into None)."""
    import marshal

    from dipterm.cache import packed, unpacked

    concepts = load_glossary(GLOSSARY).concepts[:50]
    rows = packed(concepts)
    assert unpacked(marshal.loads(marshal.dumps(rows))) == concepts
    term = rows[0][1][0]
    bad_rows = [
        (compile("1", "x", "eval"), *rows[0][1:]),  # a code object for the id
        (rows[0][0], ((42, *term[1:]),), *rows[0][2:]),  # a number for a term's text
        (rows[0][0], ((*term[:2], "favoured", *term[3:]),), *rows[0][2:]),  # an unknown status
        rows[0][:-1],  # a field missing
    ]
    for row in bad_rows:
        with pytest.raises((ValueError, TypeError, KeyError)):
            unpacked([row])
    with pytest.raises(ValueError):
        unpacked("not a list")
