"""The import harness: any bytes as one import format, imported (dry run) into a scratch TOML file."""

from __future__ import annotations

import io
import tomllib
from collections.abc import Callable

from tests.fuzz._common import ROOT, SCRATCH, expect_documented, scratch_file

from dipterm.findings import DiptermError
from dipterm.formats import FORMATS, ExportOptions
from dipterm.glossary import load_glossary
from dipterm.importer import import_file
from dipterm.model import Glossary
from dipterm.normalize import nfc


def seeds(fmt: str) -> list[bytes]:
    """Exports of a few shipped concepts in ``fmt``, as seed inputs."""
    stream = io.BytesIO()
    FORMATS[fmt].write(Glossary(list(load_glossary(ROOT / "glossary"))[:6]), stream, ExportOptions())
    return [stream.getvalue()]


def harness(fmt: str, name: str) -> Callable[[bytes], None]:
    """``test_one_input`` importing ``fmt`` from a file called ``name``."""

    def test_one_input(data: bytes) -> None:
        path = scratch_file(name, data)
        diffs: list[str] = []
        try:
            report = import_file(
                fmt,
                path,
                SCRATCH / "into.toml",
                dry_run=True,
                review=lambda diff: diffs.append(str(diff)) or True,
            )
        except DiptermError as error:
            expect_documented(error, path)
            return
        added = "".join(
            line[1:] for line in "".join(diffs).splitlines(keepends=True)[3:] if line.startswith("+")
        )
        records = tomllib.loads(added)["concept"] if report.new else []
        assert len(records) == report.new
        for record in records:
            for term in record["en"] + record["vi"]:
                assert term["term"] == nfc(term["term"]) and term["term"].strip()

    return test_one_input
