"""Fuzz the settings loader: any pyproject.toml gives settings or a `pyproject.toml:LINE` error."""

from __future__ import annotations

import atheris

with atheris.instrument_imports():
    from tests.fuzz._common import ROOT, SCRATCH, expect_documented, scratch_file
    from tests.fuzz._crafted import crafted

    from dipterm.config import Config, load_config
    from dipterm.findings import DiptermError

SEEDS = [
    (ROOT / "pyproject.toml").read_bytes(),
    b'[tool.dipterm]\ntone-style = "new"\nquote-style = "typographic"\nselect = ["T1"]\nignore = ["T102"]\n'
    b'glossary = "glossary"\n',
    b"[tool.dipterm]\nselect = 5\n",
    b"[tool]\ndipterm = []\n",
    *(b"[tool.dipterm]\n" + seed for seed in crafted("select")),
]


def test_one_input(data: bytes) -> None:
    path = scratch_file("pyproject.toml", data)
    try:
        config = load_config(SCRATCH)
    except DiptermError as error:
        expect_documented(error, path.resolve())
        return
    assert isinstance(config, Config)
    assert all(isinstance(code, str) for code in (*config.select, *config.ignore)), config
    assert config.tone_style in ("old", "new") and config.quote_style in ("straight", "typographic"), config
