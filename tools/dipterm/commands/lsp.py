"""``dipterm lsp``: the language server, for editors."""

from __future__ import annotations

import click

from dipterm.commands._common import Context, pass_context


@click.command("lsp")
@pass_context
def command(obj: Context) -> int:
    """Run the Language Server Protocol server on standard input and output (for editors).

    Diagnostics of the lint engine while a draft (.md, .txt, .po, .xlf, .tmx, .tsv) is typed, the
    glossary entry of a term on hover, quick fixes (preferred term, NFC, tone placement), completion
    of glossary terms and "propose this phrase as a new concept". The glossary is found from the
    workspace root as the CLI finds it from the working directory, and reloaded when it changes.
    See the README for VS Code, Neovim and Helix.

    \b
    Example:
        dipterm lsp                      # started by the editor, speaks LSP on stdin/stdout
        dipterm --glossary ~/g lsp       # with a glossary folder of its own
    """
    from dipterm.lsp.server import serve  # pygls is imported only when the server runs

    serve(obj.glossary_option)
    return 0
