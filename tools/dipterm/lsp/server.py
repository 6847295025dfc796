"""``dipterm lsp``: a Language Server Protocol server over stdio (pygls), giving the lint engine's
findings as diagnostics while a draft is typed, the glossary entry of a term on hover, quick fixes
and completion of glossary terms."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from dipterm import __version__
from dipterm.findings import DiptermError, Severity
from dipterm.lsp import actions
from dipterm.lsp.features import Completions, Located, checked_name, concept_at, diagnose, hover_markdown
from dipterm.lsp.positions import split_lines, to_code_points, to_units
from dipterm.lsp.session import Session
from dipterm.rules import RULES

DEBOUNCE = 0.05  # seconds of quiet after an edit before the document is checked again
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


class DiptermServer(LanguageServer):
    """The server and what it keeps between messages: the session, the findings last published for
    each document, pending re-checks and the glossary file an error was last shown on."""

    def __init__(self) -> None:
        super().__init__(
            "dipterm", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.session = Session(None)
        self.found: dict[str, list[Located]] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.error_uri: str | None = None
        self.error_shown: tuple | None = None  # the glossary error last sent to the client
        self.glossary_option: str | None = None
        self._completions: tuple[object, Completions] | None = None

    @property
    def encoding(self) -> str:
        """The position encoding agreed with the client (``utf-16`` unless it offered another)."""
        kind = self.workspace.position_encoding
        return str(getattr(kind, "value", kind) or "utf-16")

    def completions(self) -> Completions:
        """The completion table of the current glossary (rebuilt after a reload)."""
        loaded = self.session.current()
        if self._completions is None or self._completions[0] is not loaded:
            self._completions = (loaded, Completions(loaded))
        return self._completions[1]

    def range_of(self, lines: list[str], line: int, start: int, end: int) -> types.Range:
        """A code point range of one line in the client's units."""
        text = lines[line] if line < len(lines) else ""
        return types.Range(
            types.Position(line, to_units(text, start, self.encoding)),
            types.Position(line, to_units(text, end, self.encoding)),
        )

    def check(self, uri: str) -> None:
        """Lint the open document ``uri`` and publish its diagnostics (and the glossary's error)."""
        self.pending.pop(uri, None)
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        name = checked_name(to_fs_path(uri) or uri, document.language_id or "")
        if name is None:
            return
        text = document.source
        lines = split_lines(text)
        found, error = diagnose(name, text, lines, self.session)
        self.found[uri] = found
        diagnostics = [self.diagnostic(lines, item) for item in found]
        if error is not None:
            line = min(max((error.line or 1) - 1, 0), len(lines) - 1)
            diagnostics.append(
                types.Diagnostic(
                    self.range_of(lines, line, 0, len(lines[line])),
                    error.message,
                    severity=types.DiagnosticSeverity.Error,
                    code="T100",
                    source="dipterm",
                )
            )
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri, diagnostics, version=document.version)
        )
        self.show_glossary_error()

    def diagnostic(self, lines: list[str], item: Located) -> types.Diagnostic:
        finding = item.finding
        return types.Diagnostic(
            self.range_of(lines, item.line, item.start, item.end),
            finding.message,
            severity=_SEVERITY[finding.severity],
            code=finding.code,
            source="dipterm",
            data={"concept": finding.concept, "expected": list(finding.expected), "found": finding.found},
        )

    def show_glossary_error(self) -> None:
        """One diagnostic on the curated file that stops the glossary loading; cleared once it loads.
        Sent when the error changes, not at every check."""
        error = self.session.loaded.error
        shown = (error.message, error.path, error.line) if error else None
        if shown == self.error_shown:
            return
        self.error_shown = shown
        uri = from_fs_path(str(Path(error.path).resolve())) if error and error.path else None
        if self.error_uri and self.error_uri != uri:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(self.error_uri, []))
        self.error_uri = uri
        if error is None or uri is None:
            if error is not None:
                self.window_show_message(
                    types.ShowMessageParams(types.MessageType.Error, f"dipterm: {error}")
                )
            return
        line = max((error.line or 1) - 1, 0)
        where = types.Range(types.Position(line, 0), types.Position(line + 1, 0))
        message = f"{error.message} (dipterm keeps the glossary as it was last loaded)"
        diagnostic = types.Diagnostic(
            where, message, severity=types.DiagnosticSeverity.Error, code="G100", source="dipterm"
        )
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, [diagnostic]))

    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        """Check ``uri`` once no edit has come for ``delay`` seconds."""
        if (handle := self.pending.pop(uri, None)) is not None:
            handle.cancel()
        self.pending[uri] = asyncio.get_running_loop().call_later(delay, self.check, uri)

    def check_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.check(uri)


server = DiptermServer()


@server.feature(types.INITIALIZE)
def initialize(ls: DiptermServer, params: types.InitializeParams) -> None:
    root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
    path = to_fs_path(root) if root else None
    ls.session = Session(Path(path) if path else None, ls.glossary_option)


@server.feature(types.INITIALIZED)
def initialized(ls: DiptermServer, params: types.InitializedParams) -> None:
    ls.session.current()
    ls.show_glossary_error()
    watching = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if watching and watching.dynamic_registration:
        watchers = [types.FileSystemWatcher("**/*.toml"), types.FileSystemWatcher("**/pyproject.toml")]
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers)
        registration = types.Registration(
            "dipterm-glossary", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options
        )
        ls.client_register_capability(types.RegistrationParams([registration]))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: DiptermServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.check(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: DiptermServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: DiptermServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.check(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: DiptermServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    if (handle := ls.pending.pop(uri, None)) is not None:
        handle.cancel()
    ls.found.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched_files(ls: DiptermServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.check_all()


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: DiptermServer, params: types.HoverParams) -> types.Hover | None:
    document = ls.workspace.get_text_document(params.text_document.uri)
    lines = split_lines(document.source)
    if params.position.line >= len(lines):
        return None
    line = lines[params.position.line]
    column = to_code_points(line, params.position.character, ls.encoding)
    parts, span = [], None
    for item in ls.found.get(params.text_document.uri, []):
        if item.line == params.position.line and item.start <= column <= item.end:
            rule = RULES[item.finding.code]
            parts.append(f"**{rule.code} {rule.name}**: {rule.summary}")
            span = span or (item.start, item.end)
    hit = concept_at(ls.session.current(), line, column)
    if hit is not None:
        match, concept = hit
        parts.insert(0, hover_markdown(concept))
        span = (match.start, match.end)
    if not parts or span is None:
        return None
    contents = types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(parts))
    return types.Hover(contents, ls.range_of(lines, params.position.line, *span))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite]
    ),
)
def code_action(ls: DiptermServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    document = ls.workspace.get_text_document(params.text_document.uri)
    return actions.code_actions(ls, document.uri, document.source, params)


@server.command(actions.PROPOSE)
def propose(ls: DiptermServer, uri: str, text: str, line: int) -> dict[str, Any]:
    try:
        result = actions.propose(ls.session, uri, text, line)
    except DiptermError as exc:
        result = {"message": f"nothing written: {exc.message}", "concept": None, "file": exc.path}
    kind = types.MessageType.Info if result["concept"] else types.MessageType.Warning
    ls.window_show_message(types.ShowMessageParams(kind, f"dipterm: {result['message']}"))
    ls.check_all()
    return result


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" "]))
def completion(ls: DiptermServer, params: types.CompletionParams) -> types.CompletionList:
    document = ls.workspace.get_text_document(params.text_document.uri)
    lines = split_lines(document.source)
    line = lines[params.position.line] if params.position.line < len(lines) else ""
    column = to_code_points(line, params.position.character, ls.encoding)
    items = []
    for size, term, concept, lang in ls.completions().complete(line[:column]):
        edit = types.TextEdit(ls.range_of(lines, params.position.line, column - size, column), term)
        items.append(
            types.CompletionItem(
                term,
                kind=types.CompletionItemKind.Text,
                detail=f"{concept} ({lang})",
                filter_text=line[column - size : column],
                text_edit=edit,
            )
        )
    return types.CompletionList(is_incomplete=False, items=items)


def serve(glossary: str | None = None) -> None:
    """Run the server on standard input and output until the client says exit; ``glossary``: the
    ``--glossary`` option, else the folder is found from the workspace root."""
    server.glossary_option = glossary
    server.start_io()
