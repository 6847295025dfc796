"""Fuzz `dipterm import xliff`: new records that read back, or a DiptermError with path and line."""

from __future__ import annotations

import atheris

with atheris.instrument_imports():
    from tests.fuzz._common import drafts
    from tests.fuzz._import import harness

SEEDS = drafts(".xlf", ".xliff")
test_one_input = harness("xliff", "import.xlf")
