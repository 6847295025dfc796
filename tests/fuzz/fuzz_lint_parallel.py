"""Fuzz the parallel-pair lint reader: two files aligned line by line, or a DiptermError with its line."""

from __future__ import annotations

import atheris

with atheris.instrument_imports():
    from tests.fuzz._common import drafts, expect_documented, scratch_file

    from dipterm.findings import DiptermError
    from dipterm.formats.text import read_pair

SEEDS = [a + b"\0" + b for a, b in zip(drafts("pair.en.txt"), drafts("pair.vi.txt"), strict=True)]


def test_one_input(data: bytes) -> None:
    left, _, right = data.partition(b"\0")
    source, target = scratch_file("pair.en.txt", left), scratch_file("pair.vi.txt", right)
    try:
        draft = read_pair(str(source), str(target))
    except DiptermError as error:
        expect_documented(error, error.path if error.path in (str(source), str(target)) else target)
        return
    assert all(u.source.line == u.target.line for u in draft.units)
