"""``dipterm align``: propose Vietnamese equivalents of English terms from translations."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dipterm._io import write_bytes_atomic
from dipterm.commands._common import Context, pass_context
from dipterm.findings import ExitCode


@click.command("align")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--source",
    metavar="EN_FILE",
    type=click.Path(exists=True, dir_okay=False),
    help="English document of a document pair (with --target); aligned by sentences when "
    "its lines do not match the translation's.",
)
@click.option(
    "--target",
    metavar="VI_FILE",
    type=click.Path(exists=True, dir_okay=False),
    help="Vietnamese translation of --source.",
)
@click.option(
    "--terms",
    "terms_file",
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False),
    help="Align these English terms (one a line) instead of the mined ones.",
)
@click.option(
    "--top", default=3, show_default=True, type=click.IntRange(1, 20), help="Vietnamese candidates per term."
)
@click.option(
    "--max-terms",
    default=300,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Mined English terms to align (glossary concepts met are always added).",
)
@click.option("--no-glossary", is_flag=True, help="Statistics alone: do not use the glossary.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "tsv", "json"]),
    default="text",
    show_default=True,
    help="Aligned table, TSV review queue, or JSON.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (atomically).")
@click.option(
    "--into",
    metavar="GLOSSARY_FILE",
    type=click.Path(dir_okay=False),
    help="Append the top candidate of each new term as a proposed concept (the import path: "
    "diff first, conflicts reported, nothing overwritten).",
)
@click.option("--dry-run", is_flag=True, help="With --into: print the diff, write nothing.")
@click.option("--yes", "-y", is_flag=True, help="With --into: write without asking.")
@pass_context
def command(
    obj: Context,
    paths: tuple[str, ...],
    source: str | None,
    target: str | None,
    terms_file: str | None,
    top: int,
    max_terms: int,
    no_glossary: bool,
    output_format: str,
    output: str | None,
    into: str | None,
    dry_run: bool,
    yes: bool,
) -> int:
    """Propose Vietnamese equivalents of English terms from translations: TMX, XLIFF, PO, two-column
    pairs, or a document pair (--source/--target). For each English term (mined from the English
    side, plus every glossary concept met there, or --terms), ranked Vietnamese spans with score,
    support and evidence (path:line). Exit 0, or 2 on unreadable input or a file without English and
    Vietnamese sides.

    \b
    Example:
        dipterm align memory.tmx --top 3
        dipterm align --source speech.en.txt --target speech.vi.txt --format json
        dipterm align memory.tmx --into glossary/proposed.toml --dry-run
    """
    from dipterm.align import RENDERERS, align_pairs, english_terms, proposals, read_pairs

    if bool(source) != bool(target) or not (paths or source):
        raise click.UsageError("give PATH... and/or both --source and --target")
    glossary = None if no_glossary else obj.load()
    pairs, notes = read_pairs(paths, source, target)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if terms_file:
        from dipterm.formats._units import text_lines

        terms = [line.strip() for line in text_lines(terms_file, None) if line.strip()]
    else:
        terms = english_terms(pairs, glossary, max_terms)
    alignments = align_pairs(pairs, terms, glossary, top=top)
    text = RENDERERS[output_format](alignments)
    if output:
        write_bytes_atomic(Path(output), text.encode("utf-8"))
    elif not into:
        sys.stdout.write(text)
    if into:
        from dipterm.importer import import_concepts
        from dipterm.incoming import Intake, checked_all

        intake = Intake()
        root = glossary.root if glossary else str(Path(into).resolve().parent.parent)
        valid = list(checked_all(proposals(alignments), root, obj.config, into, intake))

        def review(diff) -> bool:
            for piece in diff:
                click.echo(piece, nl=False)
            interactive = sys.stdin.isatty() and sys.stdout.isatty()
            return not dry_run and (yes or not interactive or click.confirm("Write these changes?"))

        report = import_concepts(
            valid, into, glossary=glossary, review=review, dry_run=dry_run, skipped=intake.skipped
        )
        for conflict in report.conflicts:
            click.echo(f"conflict: {conflict}", err=True)
        for reason, count in sorted(report.skipped.items()):
            click.echo(f"skipped: {count} {reason}", err=True)
        click.echo(
            f"{report.new} proposed concept(s) {'written to' if report.written else 'for'} {into}, "
            f"{len(report.conflicts)} conflict(s)",
            err=True,
        )
    return ExitCode.CLEAN
