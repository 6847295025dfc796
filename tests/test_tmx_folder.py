"""The committed tmx/ folder holds every export of the live shipped glossary, byte for byte."""

from pathlib import Path

from dipterm.export import export_all
from dipterm.glossary import load_glossary
from tests.conftest import GLOSSARY, ROOT

REGENERATE = "regenerate with: .venv/bin/dipterm export all -o tmx/"


def test_committed_exports_are_current(tmp_path: Path):
    fresh = {
        path.relative_to(tmp_path).as_posix(): path.read_bytes()
        for path in export_all(load_glossary(GLOSSARY), tmp_path)
    }
    committed_dir = ROOT / "tmx"
    committed = {
        path.relative_to(committed_dir).as_posix(): path.read_bytes()
        for path in committed_dir.rglob("*")
        if path.is_file()
    }
    assert sorted(committed) == sorted(fresh), f"tmx/ has other files than the exports; {REGENERATE}"
    stale = sorted(name for name in fresh if committed[name] != fresh[name])
    assert not stale, f"tmx/{', tmx/'.join(stale)} stale against glossary/; {REGENERATE}"
