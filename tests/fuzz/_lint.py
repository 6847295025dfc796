"""The lint-reader harness: read any bytes as one draft format and lint the result."""

from __future__ import annotations

from collections.abc import Callable

from tests.fuzz._common import ROOT, expect_documented

from dipterm.findings import DiptermError
from dipterm.formats import DRAFTS as DRAFT_FORMATS
from dipterm.glossary import load_glossary
from dipterm.lint import Terms, lint_draft

TERMS = Terms(load_glossary(ROOT / "glossary"))


def harness(fmt: str, name: str) -> Callable[[bytes], None]:
    """``test_one_input`` for the ``fmt`` reader, reporting against the file name ``name``."""
    reader = DRAFT_FORMATS[fmt]

    def test_one_input(data: bytes) -> None:
        try:
            draft = reader.units(name, data, None)
        except DiptermError as error:
            expect_documented(error, name)
            return
        for finding in lint_draft(draft, TERMS):
            assert finding.line >= 1 and finding.column >= 1, finding

    return test_one_input
