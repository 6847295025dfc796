"""Quick fixes and the "propose this phrase" command of the language server."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.uris import to_fs_path

from dipterm.findings import DiptermError
from dipterm.importer import import_concepts
from dipterm.incoming import HouseStyle, Intake, checked, slug
from dipterm.lsp.features import replacements
from dipterm.lsp.positions import split_lines, to_code_points
from dipterm.lsp.session import Session
from dipterm.model import Concept, SourceRef, Status, Term
from dipterm.normalize import lang_of, nfc, to_tone_style

if TYPE_CHECKING:
    from dipterm.lsp.server import DiptermServer

PROPOSE = "dipterm.propose"
PROPOSALS = "proposed.toml"  # the curated file proposals go to, as ``dipterm align --into`` writes
_OTHER = {"en": "Vietnamese", "vi": "English"}


def _edit(uri: str, where: types.Range, text: str) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: [types.TextEdit(where, text)]})


def _whole_line(ls: DiptermServer, lines: list[str], line: int) -> types.Range:
    return ls.range_of(lines, line, 0, len(lines[line]))


def code_actions(
    ls: DiptermServer, uri: str, text: str, params: types.CodeActionParams
) -> list[types.CodeAction]:
    """Fixes for the dipterm diagnostics in the request's context, then "propose" for a selection."""
    lines = split_lines(text)
    loaded = ls.session.current()
    found: list[types.CodeAction] = []
    whole = types.Range(types.Position(0, 0), ls.range_of(lines, len(lines) - 1, 0, len(lines[-1])).end)
    for diagnostic in params.context.diagnostics:
        if diagnostic.source != "dipterm" or not isinstance(diagnostic.data, dict):
            continue
        code, data = str(diagnostic.code), diagnostic.data
        written = data.get("found") or ""
        fixes = replacements(loaded, code, data.get("concept"), written, list(data.get("expected") or []))
        for n, term in enumerate(fixes):
            found.append(
                types.CodeAction(
                    f"Replace '{written}' with '{term}'",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=_edit(uri, diagnostic.range, term),
                    is_preferred=n == 0,
                )
            )
        line = diagnostic.range.start.line
        if code == "T104" and line < len(lines):
            found.append(
                types.CodeAction(
                    "Normalise this line to Unicode NFC",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=_edit(uri, _whole_line(ls, lines, line), nfc(lines[line])),
                    is_preferred=True,
                )
            )
            found.append(
                _document_action(uri, whole, "Normalise the document to Unicode NFC", nfc(text), diagnostic)
            )
        if code == "T105":
            style = ls.session.config.tone_style
            title = f"Write every word in the house tone placement ({style})"
            found.append(_document_action(uri, whole, title, to_tone_style(text, style), diagnostic))
    proposal = _proposal(ls, uri, lines, params.range)
    return found + ([proposal] if proposal else [])


def _document_action(
    uri: str, whole: types.Range, title: str, text: str, diagnostic: types.Diagnostic
) -> types.CodeAction:
    return types.CodeAction(
        title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], edit=_edit(uri, whole, text)
    )


def _proposal(ls: DiptermServer, uri: str, lines: list[str], where: types.Range) -> types.CodeAction | None:
    """ "Propose 'X' as a new concept" for a selection of whole words within one line that no
    concept has as a term."""
    if where.start.line != where.end.line or where.start.line >= len(lines):
        return None
    line = lines[where.start.line]
    start, end = (to_code_points(line, p.character, ls.encoding) for p in (where.start, where.end))
    phrase = " ".join(line[start:end].split())
    cut = line[start - 1 : start].isalnum() or line[end : end + 1].isalnum()
    if cut or len(phrase) < 3 or len(phrase) > 200 or not phrase[0].isalnum() or not phrase[-1].isalnum():
        return None
    loaded = ls.session.current()
    if loaded.every is None or loaded.every.whole(phrase, lang_of(phrase)) is not None:
        return None
    title = f"Propose '{phrase}' as a new glossary concept"
    command = types.Command(title, PROPOSE, arguments=[uri, phrase, where.start.line])
    return types.CodeAction(title, kind=types.CodeActionKind.RefactorRewrite, command=command)


def propose(session: Session, uri: str, text: str, line: int) -> dict[str, Any]:
    """Append ``text`` as a ``proposed = true`` concept (a term request in its one language) to the
    glossary's proposals file through the import path: house style, the checks of ``dipterm check``,
    the lock, the atomic write and the refusal of a term another concept prefers."""
    loaded = session.current()
    if loaded.glossary is None or session.folder is None:
        raise DiptermError("no glossary loaded: fix the glossary first")
    style = HouseStyle(session.config)
    phrase = style(" ".join(text.split())) or ""
    lang = lang_of(phrase)
    base = slug(phrase)
    cid = next(c for n in range(1, 1000) if (c := base if n == 1 else f"{base}-{n}") not in loaded.concepts)
    project = session.folder.parent
    path = Path(to_fs_path(uri) or "")
    sources: tuple[SourceRef, ...] = ()
    if path.is_absolute() and path.is_relative_to(project):
        sources = (SourceRef(path.relative_to(project).as_posix(), line + 1),)
    note = (
        f"Proposed in the editor; no {_OTHER[lang]} term yet: add one with a published source in "
        "references, then remove proposed."
    )
    term = Term(phrase, lang, Status.PREFERRED, inflect=lang == "en")
    concept = Concept(cid, (term,), None, note, sources, proposed=True)
    into = session.folder / PROPOSALS
    valid = checked(concept, str(project), session.config, str(into), Intake())
    if valid is None:
        raise DiptermError(f"'{phrase}' would not pass 'dipterm check'; nothing written", str(into))
    report = import_concepts([valid], into, glossary=loaded.glossary)
    if report.conflicts:
        message = f"nothing written: {report.conflicts[0]}"
    else:
        message = f"proposed '{phrase}' as concept '{cid}' in {into.name}"
    return {"message": message, "concept": cid if report.written else None, "file": str(into)}
