"""Fuzz the two-column pairs reader and the linter on what it reads: a draft or a documented error."""

from __future__ import annotations

import atheris

with atheris.instrument_imports():
    from tests.fuzz._common import drafts
    from tests.fuzz._lint import harness

SEEDS = drafts(".tsv")
test_one_input = harness("pairs", "draft.tsv")
