"""``dipterm check``: validate the curated glossary files."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from dipterm.commands._common import Context, output_format_option, pass_context, selection_options
from dipterm.findings import DiptermError, ExitCode, select_findings
from dipterm.report import RENDERERS, explain
from dipterm.rules import RULES
from dipterm.validate import check_glossary


@click.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--explain", "explain_code", metavar="CODE", help="Explain a finding code and exit.")
@click.option(
    "--tone-style",
    type=click.Choice(["old", "new"]),
    default=None,
    help="House tone-mark placement: old (hòa, thủy) or new (hoà, thuỷ).",
)
@output_format_option("text", "json")
@selection_options
@pass_context
def command(
    obj: Context,
    directory: str | None,
    explain_code: str | None,
    tone_style: str | None,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> int:
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
        config = dataclasses.replace(config, tone_style=tone_style)
    folder = Path(directory) if directory else obj.glossary_dir
    findings, unreadable = check_glossary(folder, config)
    findings = select_findings(findings, select or config.select, ignore or config.ignore)
    RENDERERS[output_format](findings, sys.stdout, colour=sys.stdout.isatty())
    if unreadable:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if findings else ExitCode.CLEAN
