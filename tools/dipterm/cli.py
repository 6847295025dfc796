"""The command line: a click group over the commands in ``dipterm.commands``."""

from __future__ import annotations

import click

from dipterm import __version__
from dipterm.commands import check
from dipterm.commands._common import Context
from dipterm.findings import DiptermError, ExitCode

COMMANDS = [check.command]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dipterm")
@click.option("--glossary", "glossary", metavar="DIR", default=None,
              help="Glossary folder (default: $DIPTERM_GLOSSARY, or the nearest glossary/ above "
                   "the working directory).")
@click.pass_context
def cli(ctx: click.Context, glossary: str | None) -> None:
    """English-Vietnamese terminology for diplomatic texts: mine, curate, export, lint, look up."""
    ctx.obj = Context(glossary)


for _command in COMMANDS:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; library errors become one line on stderr and exit 2."""
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
    return int(result or 0)
