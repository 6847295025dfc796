"""Fuzz `dipterm import omegat`: new records that read back, or a DiptermError with path and line."""

from __future__ import annotations

import atheris

with atheris.instrument_imports():
    from tests.fuzz._import import harness, seeds

SEEDS = seeds("omegat")
test_one_input = harness("omegat", "import.txt")
