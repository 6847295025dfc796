"""Fuzz the tsv lint reader (and the linter on what it reads): a draft or a DiptermError with its line."""

from __future__ import annotations

import atheris

with atheris.instrument_imports():
    from tests.fuzz._common import drafts
    from tests.fuzz._lint import harness

SEEDS = drafts(".tsv")
test_one_input = harness("tsv", "draft.tsv")
