"""``dipterm mine``: rank candidate terms in English texts for curation."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dipterm._io import write_bytes_atomic
from dipterm.commands._common import Context, pass_context
from dipterm.findings import DiptermError, ExitCode
from dipterm.mining import load_rejected, mine_paths
from dipterm.mining.render import RENDERERS
from dipterm.mining.text import find_inputs

PROGRESS_BYTES = 5_000_000  # show a progress bar on a terminal for inputs larger than this


@click.command("mine")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=150,
    show_default=True,
    help="Keep the N best candidates (0: all).",
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Drop candidates seen fewer than N times.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(RENDERERS)),
    default="text",
    show_default=True,
    help="text table, tsv review queue, or json.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to FILE (atomically) instead of standard output.",
)
@click.option(
    "--explain",
    metavar="TERM",
    default=None,
    help="Print why TERM scored as it did (generators, counts, C-value, bonuses, penalties, rank).",
)
@pass_context
def command(
    obj: Context,
    paths: tuple[str, ...],
    top: int,
    min_count: int,
    output_format: str,
    output: str | None,
    explain: str | None,
) -> int:
    """Mine candidate terms from English .txt/.md files, ranked best first.

    Candidates already in the glossary name their concept (in_glossary); candidates listed in
    glossary/rejected.txt are not proposed. Unreadable files are reported on stderr (exit 2) and
    the other files are still mined.

    \b
    Example:
        dipterm mine seeds/
        dipterm mine seeds/ --format tsv -o glossary/candidates.tsv
        dipterm mine report.txt --top 20 --format json
        dipterm mine seeds/ --explain "National Party Congress"
    """
    try:
        folder = obj.glossary_dir
    except DiptermError:
        folder = None
    glossary = obj.load() if folder is not None else None
    rejected = load_rejected(folder / "rejected.txt") if folder is not None else frozenset()
    files, _ = find_inputs(paths)
    size = sum(p.stat().st_size for p in files)
    if sys.stderr.isatty() and size > PROGRESS_BYTES:
        with click.progressbar(length=len(files), label="mining", file=sys.stderr) as bar:
            result = mine_paths(
                paths,
                glossary=glossary,
                rejected=rejected,
                min_count=min_count,
                top=top or None,
                progress=bar.update,
                explain=explain,
            )
    else:
        result = mine_paths(
            paths, glossary=glossary, rejected=rejected, min_count=min_count, top=top or None, explain=explain
        )
    for error in result.errors:
        click.echo(f"dipterm: error: {error}", err=True)
    text = (
        "\n".join(result.explanation) + "\n"
        if explain is not None
        else RENDERERS[output_format](result.candidates)
    )
    if output:
        write_bytes_atomic(Path(output), text.encode("utf-8"))
    else:
        click.echo(text, nl=False)
    return ExitCode.ERROR if result.errors else ExitCode.CLEAN
