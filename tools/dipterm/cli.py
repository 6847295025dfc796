"""The command line: a click group over the commands in ``dipterm.commands``."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from importlib import import_module

import click

from dipterm import __version__
from dipterm.commands._common import Context
from dipterm.findings import DiptermError, ExitCode

# name -> "module:attribute"; a command's module is imported only when that command runs.
COMMANDS = {
    name: f"dipterm.commands.{module}:command"
    for name, module in [
        ("check", "check"),
        ("lint", "lint"),
        ("lookup", "lookup"),
        ("export", "export"),
        ("import", "import_"),
        ("mine", "mine"),
        ("align", "align"),
        ("lsp", "lsp"),
    ]
}


class LazyCommands(Mapping[str, click.Command]):
    """``cli.commands``: command name -> click command, importing its module on first access."""

    def __init__(self, paths: dict[str, str]) -> None:
        self._paths = paths
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, _, attribute = self._paths[name].partition(":")
            self._loaded[name] = getattr(import_module(module), attribute)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


@click.group(commands=LazyCommands(COMMANDS), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dipterm")
@click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    help="Show the traceback of an unexpected error (or set DIPTERM_DEBUG=1).",
)
@click.option(
    "--glossary",
    "glossary",
    metavar="DIR",
    default=None,
    help="Glossary folder (default: $DIPTERM_GLOSSARY, or the nearest glossary/ above "
    "the working directory).",
)
@click.pass_context
def cli(ctx: click.Context, glossary: str | None) -> None:
    """English-Vietnamese terminology for diplomatic texts: mine, curate, export, lint, look up."""
    ctx.obj = Context(glossary)


def _debugging(argv: list[str] | None) -> bool:
    """True with ``--debug`` before the command name or with DIPTERM_DEBUG=1."""
    args = sys.argv[1:] if argv is None else argv
    command = next((i for i, arg in enumerate(args) if arg in COMMANDS), len(args))
    return os.environ.get("DIPTERM_DEBUG") == "1" or "--debug" in args[:command]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; library errors become one line on stderr and exit 2, and so does any unexpected
    exception (a bug: with ``--debug`` or DIPTERM_DEBUG=1 its traceback is shown instead)."""
    try:
        result = cli.main(args=argv, prog_name="dipterm", standalone_mode=False)
    except DiptermError as exc:
        click.echo(f"dipterm: error: {exc}", err=True)
        return ExitCode.ERROR
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return ExitCode.ERROR
    except click.ClickException as exc:
        exc.show()
        return ExitCode.ERROR
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except Exception as exc:
        if _debugging(argv):
            raise
        click.echo(
            f"dipterm: internal error: {type(exc).__name__}: {str(exc)[:200]!r}; this is a bug. "
            "Run again with --debug (or DIPTERM_DEBUG=1) for the traceback",
            err=True,
        )
        return ExitCode.ERROR
    return int(result or 0)
