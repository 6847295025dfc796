"""``dipterm lsp`` end to end: a real LSP client (pytest-lsp) drives the server process over stdio,
on a project with the shipped glossary (a throw-away copy) or a small one of its own."""

from __future__ import annotations

import ast
import asyncio
import shutil
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp not installed (tools/setup.sh installs it)")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from dipterm.glossary import load_glossary  # noqa: E402
from tests.conftest import GLOSSARY, SMALL_GLOSSARY, small_project  # noqa: E402

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "dipterm", "lsp"])


def _project(root: Path, shipped: bool) -> Path:
    """A project with settings and a copy of the shipped glossary, or conftest's small one."""
    (root / "pyproject.toml").write_text('[tool.dipterm]\ntone-style = "old"\n', "utf-8")
    if shipped:
        shutil.copytree(GLOSSARY, root / "glossary")
    else:
        small_project(root)
    return root


def _registrations(client: LanguageClient) -> list[types.Registration]:
    """Answer the server's dynamic registrations as an editor does, keeping them for the tests."""
    found: list[types.Registration] = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        found.extend(params.registrations)

    return found


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    root = _project(tmp_path, True)
    lsp_client.registrations = _registrations(lsp_client)
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri()
    )
    lsp_client.root = root
    lsp_client.init_result = await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def small(lsp_client: LanguageClient, tmp_path: Path):
    root = _project(tmp_path, False)
    params = types.InitializeParams(capabilities=client_capabilities("neovim"), root_uri=root.as_uri())
    lsp_client.registrations = _registrations(lsp_client)
    lsp_client.root = root
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def _until(
    client: LanguageClient, uri: str, wanted: Callable[[Sequence[types.Diagnostic]], bool]
) -> list[types.Diagnostic]:
    """The document's diagnostics once they satisfy ``wanted`` (or fail after 20 s)."""
    for _ in range(1000):
        found = client.diagnostics.get(uri)
        if found is not None and wanted(found):
            return list(found)
        await asyncio.sleep(0.02)
    raise AssertionError(f"diagnostics of {uri}: {client.diagnostics.get(uri)}")


def _open(client: LanguageClient, name: str, text: str, language: str = "markdown") -> str:
    uri = (client.root / name).as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
    )
    return uri


def _replace(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text)],
        )
    )


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """The text after one-line edits (UTF-16 columns), applied from the last."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = edit.range.start, edit.range.end
        if start.line != end.line:
            assert (start.line, start.character) == (0, 0)
            return edit.new_text
        units = lines[start.line].encode("utf-16-le")
        before = units[: 2 * start.character].decode("utf-16-le")
        after = units[2 * end.character :].decode("utf-16-le")
        lines[start.line] = before + edit.new_text + after
    return "\n".join(lines)


@pytest.mark.asyncio
async def test_capabilities_and_deprecated_term_with_exact_utf16_range_fixed_by_its_action(client):
    caps = client.init_result.capabilities
    assert caps.hover_provider and caps.code_action_provider and caps.completion_provider
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    for _ in range(100):  # the server asks to be told of changes to curated files and settings
        if client.registrations:
            break
        await asyncio.sleep(0.02)
    assert [r.method for r in client.registrations] == ["workspace/didChangeWatchedFiles"]
    # the flag is two astral characters: four UTF-16 units before the term, two code points
    text = "# Quan hệ\n\n🇻🇳 Hai nước thiết lập Quan hệ đối tác chiến lược toàn diện năm 2023.\n"
    uri = _open(client, "draft.vi.md", text)
    found = await _until(client, uri, lambda d: any(x.code == "T101" for x in d))
    t101 = next(x for x in found if x.code == "T101")
    assert (t101.range.start.line, t101.range.start.character) == (2, 24)
    assert t101.range.end.character == 24 + len("Quan hệ đối tác chiến lược toàn diện")
    assert t101.source == "dipterm" and t101.severity == types.DiagnosticSeverity.Warning
    assert "Đối tác Chiến lược Toàn diện" in t101.message
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            t101.range,
            types.CodeActionContext([t101]),
        )
    )
    fixes = [a for a in actions if a.edit]
    # one action per preferred Vietnamese term of the concept: the glossary has one
    assert [a.title for a in fixes] == [
        "Replace 'Quan hệ đối tác chiến lược toàn diện' with 'Đối tác Chiến lược Toàn diện'"
    ]
    fixed = _apply(text, fixes[0].edit.changes[uri])
    assert "🇻🇳 Hai nước thiết lập Đối tác Chiến lược Toàn diện năm 2023." in fixed
    _replace(client, uri, 2, fixed)
    after = await _until(client, uri, lambda d: True)
    assert not [x for x in after if x.code == "T101"]


@pytest.mark.asyncio
async def test_hover_shows_the_concept_in_both_languages_and_the_rule(client):
    text = "Viet Nam and Malaysia upgraded ties to a Comprehensive Strategic Partnership in 2024.\n"
    uri = _open(client, "note.en.txt", text, "plaintext")
    await _until(client, uri, lambda d: True)
    column = text.index("Strategic")
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, column))
    )
    value = hover.contents.value
    assert "**Comprehensive Strategic Partnership** — **Đối tác Chiến lược Toàn diện**" in value
    assert "~~Quan hệ đối tác chiến lược toàn diện~~" in value
    assert "`comprehensive-strategic-partnership`" in value and "Highest tier" in value
    assert "<https://vietnamnet.vn/en/vietnam-and-malaysia" in value
    start = text.index("Comprehensive")
    assert (hover.range.start.character, hover.range.end.character) == (
        start,
        start + len("Comprehensive Strategic Partnership"),
    )
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, text.index("ties")))
    )
    assert nothing is None


@pytest.mark.asyncio
async def test_nfd_text_gets_t104_and_the_nfc_fix_clears_it(client):
    text = unicodedata.normalize("NFD", "Chính sách đối ngoại độc lập, tự chủ.\n")
    uri = _open(client, "nfd.vi.txt", text, "plaintext")
    found = await _until(client, uri, lambda d: any(x.code == "T104" for x in d))
    t104 = next(x for x in found if x.code == "T104")
    assert t104.severity == types.DiagnosticSeverity.Error
    assert (t104.range.start.line, t104.range.start.character) == (0, 2)  # the decomposed "í"
    assert t104.range.end.character == 4  # "i" and its combining acute: two units
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), t104.range, types.CodeActionContext([t104]))
    )
    line_fix = next(a for a in actions if a.title == "Normalise this line to Unicode NFC")
    fixed = _apply(text, line_fix.edit.changes[uri])
    assert fixed == "Chính sách đối ngoại độc lập, tự chủ.\n"
    _replace(client, uri, 2, fixed)
    assert await _until(client, uri, lambda d: True) == []


@pytest.mark.asyncio
async def test_mixed_tone_placement_is_converted_to_the_house_style(client):
    text = "Hòa bình và hợp tác.\n\nCác bên hoà giải bất đồng.\n"
    uri = _open(client, "tone.vi.md", text)
    found = await _until(client, uri, lambda d: any(x.code == "T105" for x in d))
    t105 = next(x for x in found if x.code == "T105")
    assert (t105.range.start.line, t105.range.start.character, t105.range.end.character) == (2, 8, 11)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), t105.range, types.CodeActionContext([t105]))
    )
    titles = [a.title for a in actions]
    assert titles[:2] == ["Replace 'hoà' with 'hòa'", "Write every word in the house tone placement (old)"]
    fixed = _apply(text, actions[1].edit.changes[uri])
    assert fixed == "Hòa bình và hợp tác.\n\nCác bên hòa giải bất đồng.\n"


@pytest.mark.asyncio
async def test_a_translation_file_is_checked_at_its_target_line(client):
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'
        'msgid "the Comprehensive Strategic Partnership"\n'
        'msgstr "Quan hệ đối tác chiến lược toàn diện"\n'
    )
    uri = _open(client, "messages.po", po, "po")
    found = await _until(client, uri, lambda d: any(x.code == "T202" for x in d))
    t202 = next(x for x in found if x.code == "T202")
    assert (t202.range.start.line, t202.range.start.character) == (6, 8)
    assert t202.range.end.character == 8 + len("Quan hệ đối tác chiến lược toàn diện")


@pytest.mark.asyncio
async def test_completion_offers_the_preferred_form_diacritic_blind(client):
    text = "Hai nước là doi tac chien luoc toan d\n"
    uri = _open(client, "c.vi.txt", text, "plaintext")
    await _until(client, uri, lambda d: True)
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(0, len(text) - 1))
    )
    labels = [item.label for item in result.items]
    assert "Đối tác Chiến lược Toàn diện" in labels
    item = next(i for i in result.items if i.label == "Đối tác Chiến lược Toàn diện")
    assert item.text_edit.range.start.character == text.index("doi tac")
    assert item.detail == "comprehensive-strategic-partnership (vi)"


@pytest.mark.asyncio
async def test_glossary_edits_on_disk_are_picked_up_and_a_broken_file_gives_one_diagnostic(small):
    client = small
    text = "The truce held and the armistice line stayed quiet.\n"
    uri = _open(client, "draft.en.md", text)
    found = await _until(client, uri, lambda d: len(d) == 1)
    assert found[0].code == "T101" and found[0].range.start.character == text.index("truce")
    curated = client.root / "glossary" / "terms.toml"
    # a curator deprecates another word for the concept: the draft is checked again and shows it
    more = '{ term = "armistice", status = "deprecated" },\n  { term = "truce"'
    curated.write_text(SMALL_GLOSSARY.replace('{ term = "truce"', more), "utf-8")
    client.diagnostics.pop(uri, None)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(curated.as_uri(), types.FileChangeType.Changed)])
    )
    found = await _until(client, uri, lambda d: len(d) == 2)
    assert {x.code for x in found} == {"T101"}
    # a broken curated file: one diagnostic on it, the server lives on with the last good glossary
    curated.write_text(SMALL_GLOSSARY + "[[concept]\n", "utf-8")
    _replace(client, uri, 2, text + "\nA truce again.\n")
    broken = await _until(client, curated.as_uri(), lambda d: len(d) == 1)
    assert broken[0].code == "G100" and broken[0].range.start.line == len(SMALL_GLOSSARY.splitlines())
    assert len(await _until(client, uri, lambda d: len(d) == 3)) == 3
    curated.write_text(SMALL_GLOSSARY, "utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(curated.as_uri(), types.FileChangeType.Changed)])
    )
    assert await _until(client, curated.as_uri(), lambda d: not d) == []


@pytest.mark.asyncio
async def test_propose_a_selected_phrase_through_the_import_path(small):
    client = small
    text = "The Vietnamese diaspora council met the ambassador.\n"
    (client.root / "p.en.md").write_text(text, "utf-8")  # a saved draft: the proposal cites its line
    uri = _open(client, "p.en.md", text)
    await _until(client, uri, lambda d: True)
    start = text.index("Vietnamese diaspora council")
    where = types.Range(
        types.Position(0, start), types.Position(0, start + len("Vietnamese diaspora council"))
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), where, types.CodeActionContext([]))
    )
    proposal = next(a for a in actions if a.title.startswith("Propose"))
    assert proposal.title == "Propose 'Vietnamese diaspora council' as a new glossary concept"
    # the server sends a CodeAction holding a Command; lsprotocol's client-side hook reads any
    # object with a "command" key as a Command, so the nested one arrives as its repr
    command = ast.literal_eval(proposal.command)
    assert command["command"] == "dipterm.propose"
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command["command"], command["arguments"])
    )
    assert result["concept"] == "vietnamese-diaspora-council"
    written = client.root / "glossary" / "proposed.toml"
    glossary = load_glossary(client.root / "glossary")  # what dipterm check loads: it passes
    concept = next(c for c in glossary if c.id == "vietnamese-diaspora-council")
    assert concept.proposed and [t.text for t in concept.terms] == ["Vietnamese diaspora council"]
    assert [str(s) for s in concept.sources] == ["p.en.md:1"]
    assert "no Vietnamese term yet" in concept.note
    # the same phrase again: now a glossary term, so no proposal is offered
    again = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), where, types.CodeActionContext([]))
    )
    assert not [a for a in again or [] if a.title.startswith("Propose")]
    assert written.read_text("utf-8").count("[[concept]]") == 1


@pytest.mark.asyncio
async def test_clean_text_clears_diagnostics_and_shutdown_exits(small):
    client = small
    uri = _open(client, "x.en.md", "A truce.\n")
    await _until(client, uri, lambda d: len(d) == 1)
    _replace(client, uri, 2, "Peace.\n")
    assert await _until(client, uri, lambda d: True) == []
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


@pytest.mark.asyncio
async def test_shutdown_and_exit_end_the_server_process(tmp_path: Path):
    root = _project(tmp_path, False)
    client = await SERVER.start()
    params = types.InitializeParams(capabilities=client_capabilities("neovim"), root_uri=root.as_uri())
    await client.initialize_session(params)
    await client.shutdown_session()
    assert client._server.returncode == 0
    await client.stop()


@pytest.mark.asyncio
async def test_settings_select_and_ignore_are_honoured_and_picked_up(small):
    client = small
    uri = _open(client, "s.en.md", "A truce.\n")
    await _until(client, uri, lambda d: len(d) == 1)
    settings = client.root / "pyproject.toml"
    settings.write_text('[tool.dipterm]\ntone-style = "old"\nignore = ["T101"]\n', "utf-8")
    client.diagnostics.pop(uri, None)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(settings.as_uri(), types.FileChangeType.Changed)])
    )
    assert await _until(client, uri, lambda d: True) == []


@pytest.mark.asyncio
async def test_a_missing_glossary_is_told_once_not_at_every_keystroke(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.dipterm]\ntone-style = "old"\n', "utf-8")
    client = await SERVER.start()
    params = types.InitializeParams(capabilities=client_capabilities("neovim"), root_uri=tmp_path.as_uri())
    await client.initialize_session(params)
    client.root = tmp_path
    uri = _open(client, "d.en.md", "A truce.\n")
    for version in (2, 3, 4):
        _replace(client, uri, version, f"A truce {version}.\n")
        assert await _until(client, uri, lambda d: True) == []  # no glossary: nothing to check
    errors = [m for m in client.messages if m.type == types.MessageType.Error]
    assert len(errors) == 1 and "no glossary/ folder found" in errors[0].message
    await client.shutdown_session()
    await client.stop()
