"""``dipterm export``: write the glossary in a CAT-tool format, or every format into a folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dipterm.commands._common import Context, pass_context
from dipterm.export import export, export_all, export_stream
from dipterm.findings import DiptermError, ExitCode
from dipterm.formats import WRITABLE, ExportOptions
from dipterm.formats.base import LANG_CODES


@click.command("export")
@click.argument("fmt", type=click.Choice([*WRITABLE, "all"]))
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="Output file (default: standard output); for html and with 'all', the output folder.",
)
@click.option(
    "--subject",
    "subjects",
    multiple=True,
    metavar="S",
    help="Export only concepts with this subject (repeatable).",
)
@click.option(
    "--lang-code",
    type=click.Choice(LANG_CODES),
    default="vi",
    show_default=True,
    help="Language code written for Vietnamese.",
)
@click.option("--include-proposed", is_flag=True, help="Also export concepts marked proposed (not reviewed).")
@pass_context
def command(
    obj: Context,
    fmt: str,
    output: str | None,
    subjects: tuple[str, ...],
    lang_code: str,
    include_proposed: bool,
) -> int:
    """Export the glossary in one format (the choices above), or in every format with 'all'.

    Output is deterministic (same glossary, same bytes) and files are written atomically.

    \b
    Example:
        dipterm export tmx -o glossary.tmx
        dipterm export po --subject partnership-framework --lang-code vi-VN -o vi.po
        dipterm export all -o tmx/
    """
    glossary = obj.load()
    options = ExportOptions(subjects=subjects, include_proposed=include_proposed, lang_code=lang_code)
    if fmt == "all":
        if output is None:
            raise DiptermError("'dipterm export all' needs -o FOLDER")
        for path in export_all(glossary, output, options):
            click.echo(f"wrote {path}", err=True)
    elif output is None:
        export_stream(glossary, fmt, sys.stdout.buffer, options)
    else:
        click.echo(f"wrote {export(glossary, fmt, Path(output), options)}", err=True)
    return ExitCode.CLEAN
