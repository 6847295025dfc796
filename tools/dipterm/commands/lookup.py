"""``dipterm lookup``: find glossary entries for a term in either language."""

from __future__ import annotations

import sys

import click

from dipterm._chars import escape
from dipterm.commands._common import Context, pass_context
from dipterm.findings import ExitCode
from dipterm.index import open_index
from dipterm.lookup import RENDERERS, lookup, suggest


@click.command("lookup")
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--from",
    "lang",
    type=click.Choice(["auto", "en", "vi"]),
    default="auto",
    show_default=True,
    help="Language of the query (auto: vi when it has Vietnamese letters, else both).",
)
@click.option("--subject", metavar="S", default=None, help="Only concepts with this subject.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most N hits.")
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(sorted(RENDERERS)),
    default="text",
    show_default=True,
    help="How to print hits.",
)
@pass_context
def command(
    obj: Context, query: tuple[str, ...], lang: str, subject: str | None, limit: int, output_format: str
) -> int:
    """Look a term up in both directions: exact, diacritic-blind, inside a sentence, partial, typos.

    Shows preferred terms in both languages, admitted and deprecated variants, subject, note and
    the seed sentences the sources point to. Exit 0 with hits, 1 without (with "did you mean"
    suggestions on stderr), 2 on unreadable input.

    \b
    Example:
        dipterm lookup "doi tac chien luoc toan dien"
        dipterm lookup Đổi mới
        dipterm lookup strategic --subject partnership-framework --format json
    """
    text = " ".join(query)
    index = open_index(obj.glossary_dir)
    hits = lookup(index, text, lang=lang, subject=subject, limit=limit)
    RENDERERS[output_format](hits, sys.stdout, colour=sys.stdout.isatty())
    if hits:
        return ExitCode.CLEAN
    close = suggest(index, text, lang=lang, subject=subject)
    hint = f"did you mean: {escape('; '.join(close))}?" if close else "no close terms either"
    click.echo(f"dipterm: no entry for {text!r}; {hint}", err=True)
    return ExitCode.FINDINGS
