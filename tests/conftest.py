"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
GLOSSARY = ROOT / "glossary"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test: a user's clone has no ../shared."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (only CI and developer machines have ../shared)")
    return path


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the shipped glossary and seeds (the curated files stay untouched)."""
    shutil.copytree(GLOSSARY, tmp_path / "glossary")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


def hanoi_csv(folder: Path) -> Path:
    """A CSV import file with one new concept (hanoi-capital) not in the shipped glossary."""
    path = folder / "terms.csv"
    path.write_text(
        "concept,language,term,status\r\nhanoi-capital,en,Hanoi Capital,preferred\r\n"
        "hanoi-capital,vi,Thủ đô Hà Nội,preferred\r\n",
        "utf-8",
    )
    return path


@pytest.fixture(autouse=True, scope="session")
def _user_cache(tmp_path_factory) -> None:
    """A throw-away user cache folder (the per-user cache key lives there), not the real ~/.cache."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))


SMALL_GLOSSARY = textwrap.dedent("""\
    [[concept]]
    id = "peace"
    subject = "diplomacy"
    note = "The state of no war."
    sources = ["seeds/s.txt:1"]
    en = [
      { term = "peace", status = "preferred" },
      { term = "truce", status = "deprecated" },
    ]
    vi = [
      { term = "hòa bình", status = "preferred" },
    ]
    """)


def small_project(root: Path, glossary: str = SMALL_GLOSSARY, seed: str = "We want peace.\n") -> Path:
    """A project folder with ``glossary/terms.toml`` and ``seeds/s.txt``; returns the glossary folder."""
    (root / "glossary").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "glossary" / "terms.toml").write_text(glossary, "utf-8")
    (root / "seeds" / "s.txt").write_text(seed, "utf-8")
    return root / "glossary"


def formula_glossary():
    """One concept whose terms and note start as spreadsheet formulas do (= @ - +)."""
    from dipterm.model import Concept, Glossary, Status, Term

    terms = (
        Term('=HYPERLINK("http://x")', "en"),
        Term("@SUM(A1)", "vi"),
        Term("-1 dòng", "vi", Status.ADMITTED),
    )
    return Glossary([Concept("formula", terms, note="+cmd|' /C calc'!A0")])
