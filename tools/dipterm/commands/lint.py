"""``dipterm lint``: check drafts and translations against the glossary."""

from __future__ import annotations

import sys

import click

from dipterm.commands._common import Context, output_format_option, pass_context, selection_options
from dipterm.findings import DiptermError, ExitCode
from dipterm.lint import LintOptions, lint_paths
from dipterm.readers import READERS
from dipterm.report import RENDERERS, render_sarif


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["en", "vi"]), default=None,
              help="Language of monolingual drafts, source language of bilingual ones "
                   "(default: detected).")
@click.option("--format", "fmt", type=click.Choice(["auto", *READERS]), default="auto",
              show_default=True, help="Draft format (default: by extension, then content).")
@click.option("--source", metavar="FILE", type=click.Path(dir_okay=False),
              help="Source file of a parallel pair aligned line by line (with --target).")
@click.option("--target", metavar="FILE", type=click.Path(dir_okay=False),
              help="Target file of a parallel pair (with --source).")
@output_format_option("text", "json", "sarif")
@selection_options
@pass_context
def command(obj: Context, paths: tuple[str, ...], lang: str | None, fmt: str, source: str | None,
            target: str | None, output_format: str, select: tuple[str, ...],
            ignore: tuple[str, ...]) -> int:
    """Lint drafts (.txt, .md) and translations (PO, TMX, XLIFF, TSV, a parallel pair) for terminology.

    Findings print as path:line:col: CODE message [concept-id]; `dipterm check --explain T201`
    explains a code. Exit 0 clean, 1 findings, 2 usage error or unreadable input (the other files
    are still linted).

    \b
    Example:
        dipterm lint report.en.md draft.vi.txt
        dipterm lint messages.po memory.tmx --output-format json
        dipterm lint --source speech.en.txt --target speech.vi.txt --select T2
    """
    if bool(source) != bool(target) or not (paths or source):
        raise click.UsageError("give PATH... and/or both --source and --target")
    config = obj.config
    options = LintOptions(lang, fmt, source, target, select or config.select, ignore or config.ignore)
    findings, errors = lint_paths(paths, obj.load(), options)
    for error in errors:
        click.echo(_error_line(error), err=True)
    if output_format == "sarif":
        render_sarif(findings, sys.stdout, errors=errors)
    else:
        RENDERERS[output_format](findings, sys.stdout, colour=sys.stdout.isatty())
    if errors:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if findings else ExitCode.CLEAN


def _error_line(error: DiptermError) -> str:
    where = f"{error.path}:{error.line or 1}: " if error.path else ""
    return f"{where}T100 {error.message}"
