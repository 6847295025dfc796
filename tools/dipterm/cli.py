"""The command line: a thin click layer over library functions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dipterm import __version__
from dipterm.config import Config, find_glossary, load_config
from dipterm.findings import DiptermError, ExitCode, select_findings
from dipterm.report import RENDERERS, explain
from dipterm.rules import RULES
from dipterm.validate import check_glossary


class Context:
    """What every command gets: settings and the glossary folder option."""

    def __init__(self, glossary: str | None) -> None:
        self.glossary_option = glossary
        self.config: Config = load_config()

    @property
    def glossary_dir(self) -> Path:
        return find_glossary(self.glossary_option, self.config)


def output_format_option(*choices: str):
    """``--output-format`` for commands that render findings."""
    return click.option("--output-format", type=click.Choice(choices), default="text",
                        show_default=True, help="How to print findings.")


def selection_options(func):
    """``--select`` / ``--ignore`` code prefixes."""
    func = click.option("--ignore", multiple=True, metavar="CODE",
                        help="Drop findings whose code starts with CODE (repeatable).")(func)
    return click.option("--select", multiple=True, metavar="CODE",
                        help="Keep only findings whose code starts with CODE (repeatable).")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dipterm")
@click.option("--glossary", "glossary", metavar="DIR", default=None,
              help="Glossary folder (default: $DIPTERM_GLOSSARY, or the nearest glossary/ above "
                   "the working directory).")
@click.pass_context
def cli(ctx: click.Context, glossary: str | None) -> None:
    """English-Vietnamese terminology for diplomatic texts: mine, curate, export, lint, look up."""
    ctx.obj = Context(glossary)


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--explain", "explain_code", metavar="CODE", help="Explain a finding code and exit.")
@click.option("--tone-style", type=click.Choice(["old", "new"]), default=None,
              help="House tone-mark placement: old (hòa, thủy) or new (hoà, thuỷ).")
@output_format_option("text", "json")
@selection_options
@click.pass_obj
def check(obj: Context, directory: str | None, explain_code: str | None, tone_style: str | None,
          output_format: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> int:
    """Check the curated glossary files: syntax, identity, Unicode, tone marks, sources.

    Exit 0 clean, 1 findings, 2 unreadable input.

    \b
    Example:
        dipterm check
        dipterm check glossary/ --select G3 --output-format json
        dipterm check --explain G302
    """
    if explain_code:
        if explain_code.upper() not in RULES:
            raise DiptermError(f"unknown code {explain_code}; known: {', '.join(sorted(RULES))}")
        click.echo(explain(explain_code))
        return ExitCode.CLEAN
    config = obj.config
    if tone_style:
        config = Config(**{**config.__dict__, "tone_style": tone_style})
    folder = Path(directory) if directory else obj.glossary_dir
    findings, unreadable = check_glossary(folder, config)
    findings = select_findings(findings, select or config.select, ignore or config.ignore)
    RENDERERS[output_format](findings, sys.stdout, colour=sys.stdout.isatty())
    if unreadable:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if findings else ExitCode.CLEAN


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
