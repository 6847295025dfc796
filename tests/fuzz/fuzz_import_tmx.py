"""Fuzz `dipterm import tmx`: new records that read back, or a DiptermError with path and line."""

from __future__ import annotations

import atheris

with atheris.instrument_imports():
    from tests.fuzz._import import harness, seeds

SEEDS = seeds("tmx")
test_one_input = harness("tmx", "import.tmx")
