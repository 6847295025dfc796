"""``dipterm import``: add concepts from a TMX, TBX, CSV/TSV or PO file to a curated file."""

from __future__ import annotations

import sys

import click

from dipterm.commands._common import Context, pass_context
from dipterm.findings import ExitCode
from dipterm.formats import READABLE
from dipterm.importer import Diff, import_file


@click.command("import")
@click.argument("fmt", type=click.Choice(list(READABLE)))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="GLOSSARY_FILE",
    help="Curated TOML file that receives the new concepts (created if missing).",
)
@click.option("--dry-run", is_flag=True, help="Show the diff and the report; change nothing.")
@click.option("--yes", "-y", is_flag=True, help="Write without asking (the diff is still printed first).")
@click.option(
    "--include-fuzzy", is_flag=True, help="Also import fuzzy entries (PO fuzzy, XLIFF needs-review)."
)
@pass_context
def command(
    obj: Context, fmt: str, file: str, into: str, dry_run: bool, yes: bool, include_fuzzy: bool
) -> int:
    """Import concepts from FILE: new ones are appended to --into as proposed.

    The diff of the curated file is always printed before anything is written; at a terminal
    you are asked to confirm unless --yes is given. Conflicts with curated concepts
    (same id with other terms, or a preferred term already preferred elsewhere) are reported and
    never written. Every new record is one `dipterm check` accepts: foreign ids become kebab-case,
    texts take the house style, and what cannot pass (no English or no Vietnamese term ...) is
    skipped and counted on stderr. A file with no Vietnamese (or no English) is refused. Fuzzy and
    obsolete entries are skipped (--include-fuzzy takes the fuzzy ones). Exit 0 when nothing
    conflicts, 1 with conflicts, 2 on unreadable or refused input.

    \b
    Example:
        dipterm import tbx colleague.tbx --into glossary/imported.toml --dry-run
        dipterm import po vi-filled.po --into glossary/imported.toml
    """

    def review(diff: Diff) -> bool:
        for piece in diff:
            click.echo(piece, nl=False)
        if dry_run:
            return False
        interactive = sys.stdin.isatty() and sys.stdout.isatty()
        return yes or not interactive or click.confirm("Write these changes?", default=False)

    report = import_file(
        fmt,
        file,
        into,
        dry_run=dry_run,
        glossary=obj.load(),
        review=review,
        config=obj.config,
        include_fuzzy=include_fuzzy,
    )
    for reason, count in sorted(report.skipped.items()):
        click.echo(f"skipped: {count} {reason}", err=True)
    for conflict in report.conflicts:
        click.echo(f"conflict: {conflict}", err=True)
    action = (
        "written to"
        if report.written
        else "not written (--dry-run) to"
        if dry_run
        else "not written to"
        if report.new
        else "for"
    )
    click.echo(
        f"{report.new} new concept(s) {action} {into}, {report.unchanged} unchanged, "
        f"{len(report.conflicts)} conflict(s)",
        err=True,
    )
    return ExitCode.FINDINGS if report.conflicts else ExitCode.CLEAN
