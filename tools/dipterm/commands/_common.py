"""What every command shares: the context object, shared options, exit-code handling."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from dipterm.config import Config, find_glossary, load_config

if TYPE_CHECKING:
    from dipterm.model import Glossary


class Context:
    """Settings and the ``--glossary`` option, resolved lazily."""

    def __init__(self, glossary: str | None) -> None:
        self.glossary_option = glossary
        self.config: Config = load_config()

    @property
    def glossary_dir(self) -> Path:
        """The glossary folder (option, environment, settings, or nearest glossary/)."""
        return find_glossary(self.glossary_option, self.config)

    def load(self) -> Glossary:
        """The loaded glossary; DiptermError (exit 2) if a curated file is unusable."""
        from dipterm.glossary import load_glossary  # not imported by commands that never load it

        return load_glossary(self.glossary_dir)


pass_context = click.make_pass_decorator(Context)


def output_format_option(*choices: str):
    """``--output-format`` for commands that render findings."""
    return click.option(
        "--output-format",
        type=click.Choice(choices),
        default="text",
        show_default=True,
        help="How to print findings.",
    )


def selection_options(func):
    """``--select`` / ``--ignore`` code prefixes."""
    func = click.option(
        "--ignore",
        multiple=True,
        metavar="CODE",
        help="Drop findings whose code starts with CODE (repeatable).",
    )(func)
    return click.option(
        "--select",
        multiple=True,
        metavar="CODE",
        help="Keep only findings whose code starts with CODE (repeatable).",
    )(func)
