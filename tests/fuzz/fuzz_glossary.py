"""Fuzz the curated-glossary TOML reader: any bytes give concepts and findings, never an exception."""

from __future__ import annotations

import atheris

with atheris.instrument_imports():
    from tests.fuzz._common import ROOT, scratch_file
    from tests.fuzz._crafted import crafted

    from dipterm.glossary import read_file

SEEDS = [
    *(path.read_bytes() for path in sorted((ROOT / "glossary").glob("*.toml"))[:3]),
    *(b'[[concept]]\nid = "a"\n' + seed for seed in crafted("note")),
    *crafted("concept"),
    b'[[concept]]\nid = "a"\nsources = [0x' + b"f" * 100_000 + b"]\n",
]


def test_one_input(data: bytes) -> None:
    _, findings = read_file(scratch_file("fuzz.toml", data))
    for finding in findings:
        assert finding.line >= 1 and finding.code.startswith("G1"), finding
