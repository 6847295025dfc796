"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import shutil
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
    path.write_text("concept,language,term,status\r\nhanoi-capital,en,Hanoi Capital,preferred\r\n"
                    "hanoi-capital,vi,Thủ đô Hà Nội,preferred\r\n", "utf-8")
    return path
