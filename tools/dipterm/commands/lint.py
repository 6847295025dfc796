"""``dipterm lint``: check drafts and translations against the glossary."""

from __future__ import annotations

import sys

import click

from dipterm.commands._common import Context, output_format_option, pass_context, selection_options
from dipterm.findings import DiptermError, ExitCode
from dipterm.formats import DRAFTS
from dipterm.lint import LintOptions, lint_paths
from dipterm.report import RENDERERS, render_sarif


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--lang",
    type=click.Choice(["en", "vi"]),
    default=None,
    help="Language of monolingual drafts, source language of bilingual ones (default: detected).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", *DRAFTS]),
    default="auto",
    show_default=True,
    help="Draft format (default: by extension, then content).",
)
@click.option(
    "--include-fuzzy",
    is_flag=True,
    help="Also check fuzzy entries (PO fuzzy, XLIFF needs-review); obsolete ones never.",
)
@click.option(
    "--source",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Source file of a parallel pair aligned line by line (with --target).",
)
@click.option(
    "--target",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Target file of a parallel pair (with --source).",
)
@output_format_option("text", "json", "sarif")
@selection_options
@pass_context
def command(
    obj: Context,
    paths: tuple[str, ...],
    lang: str | None,
    fmt: str,
    include_fuzzy: bool,
    source: str | None,
    target: str | None,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> int:
    """Lint drafts (.txt, .md) and translations (PO, TMX, XLIFF, TSV, a parallel pair) for terminology.

    Findings print as path:line:col: CODE message [concept-id]; `dipterm check --explain T201`
    explains a code. Languages are read as the files declare them: where a target is not Vietnamese
    (or a source not English) only the other side is checked, and a note on stderr says so. Exit 0
    clean, 1 findings, 2 usage error or unreadable input (the other files are still linted); a
    glossary file (TBX, a CSV/TSV term table) is refused.

    \b
    Example:
        dipterm lint report.en.md draft.vi.txt
        dipterm lint messages.po memory.tmx --output-format json
        dipterm lint --source speech.en.txt --target speech.vi.txt --select T2
    """
    if bool(source) != bool(target) or not (paths or source):
        raise click.UsageError("give PATH... and/or both --source and --target")
    config = obj.config
    options = LintOptions(
        lang, fmt, source, target, select or config.select, ignore or config.ignore, include_fuzzy
    )
    result = lint_paths(paths, obj.load(), options)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for error in result.errors:
        click.echo(_error_line(error), err=True)
    if output_format == "sarif":
        render_sarif(result.findings, sys.stdout, errors=result.errors)
    else:
        RENDERERS[output_format](result.findings, sys.stdout, colour=sys.stdout.isatty())
    if result.errors:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if result.findings else ExitCode.CLEAN


def _error_line(error: DiptermError) -> str:
    where = f"{error.path}:{error.line or 1}: " if error.path else ""
    return f"{where}T100 {error.message}"
