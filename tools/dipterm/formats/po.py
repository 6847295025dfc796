"""Gettext catalogs (PO and POT) via polib: one entry per concept.

msgctxt = concept id, msgid = preferred English term, msgstr = preferred Vietnamese term (empty in
the POT). ``#.`` comments hold the definition, subject, status and the admitted/deprecated terms;
``#:`` the seed references. A proposed concept (exported only on request) is flagged fuzzy.
Header: Project-Id-Version, Language, Plural-Forms (Vietnamese has one form), UTF-8; no dates,
so the same glossary gives the same bytes (``msgfmt -c`` needs none of them).
Reading a translator's filled-in catalog takes every translated, non-fuzzy entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import polib

from dipterm import __version__
from dipterm.formats.base import ExportOptions, Format, built, concept_drafts, selected, slug
from dipterm.glossary import ID_PATTERN
from dipterm.model import Concept, Glossary, Status
from dipterm.readers._model import source_size, text_lines
from dipterm.readers.po import po_entries

HEADER_COMMENT = "dipterm glossary: English -> Vietnamese terms. Regenerate with `dipterm export po`."
_VARIANT_STATUSES = (Status.ADMITTED, Status.DEPRECATED)
_VARIANT_KEYS = {f"{status} {lang}": status for status in _VARIANT_STATUSES for lang in ("en", "vi")}
_FIELD_KEYS = {"definition", "subject", "status", *_VARIANT_KEYS}


def _comment(concept: Concept) -> str:
    lines = [f"definition: {concept.note}"] if concept.note else []
    if concept.subject:
        lines.append(f"subject: {concept.subject}")
    lines.append(f"status: {'proposed' if concept.proposed else 'preferred'}")
    for status in _VARIANT_STATUSES:
        for lang in ("en", "vi"):
            terms = concept.terms_in(lang, status)
            if terms:
                lines.append(f"{status} {lang}: " + "; ".join(t.text for t in terms))
    return "\n".join(lines)


def _comment_fields(comment: str) -> dict[str, str]:
    """``key: value`` lines of an extracted comment; lines wrapped by the writer are joined back."""
    fields: dict[str, str] = {}
    key = None
    for line in comment.splitlines():
        head, sep, value = line.partition(": ")
        if sep and head in _FIELD_KEYS:
            key, fields[head] = head, value
        elif key is not None:
            fields[key] += " " + line
    return fields


def catalog(glossary: Glossary, options: ExportOptions, template: bool = False) -> polib.POFile:
    """The catalog of the selected concepts; ``template`` leaves every msgstr empty (POT)."""
    po = polib.POFile(wrapwidth=0)  # unwrapped: wrapping splits hyphenated words in comments
    po.header = HEADER_COMMENT
    po.metadata = {
        "Project-Id-Version": f"dipterm {__version__}",
        "Language": options.lang_code.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for concept in selected(glossary, options):
        en, vi = concept.preferred("en"), concept.preferred("vi")
        if en is None or vi is None:
            continue
        po.append(polib.POEntry(
            msgctxt=concept.id, msgid=en.text, msgstr="" if template else vi.text,
            comment=_comment(concept), occurrences=[(ref.path, str(ref.line)) for ref in concept.sources],
            flags=["fuzzy"] if concept.proposed and not template else [],
        ))
    return po


def write_po(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Write the translated catalog."""
    stream.write(str(catalog(glossary, options)).encode("utf-8"))


def write_pot(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Write the template (every msgstr empty)."""
    stream.write(str(catalog(glossary, options, template=True)).encode("utf-8"))


def read(path: Path) -> Iterator[Concept]:
    """Concepts from a filled-in catalog: every translated entry that is neither fuzzy nor obsolete."""
    shown = str(path)
    drafts = concept_drafts(shown)
    lines = enumerate(text_lines(shown, None), start=1)
    for _, entry, _, _ in po_entries(lines, shown, source_size(shown, None)):
        if not entry.translated():
            continue
        cid = entry.msgctxt if entry.msgctxt and ID_PATTERN.match(entry.msgctxt) else slug(entry.msgid)
        draft = drafts.get(cid)
        draft.add_term("en", entry.msgid, line=entry.linenum)
        draft.add_term("vi", entry.msgstr, line=entry.linenum)
        fields = _comment_fields(entry.comment)
        draft.note = fields.get("definition") or draft.note
        draft.subject = fields.get("subject") or draft.subject
        for key, status in _VARIANT_KEYS.items():
            for text in filter(None, fields.get(key, "").split("; ")):
                draft.add_term(key[-2:], text, status, line=entry.linenum)
        for file, line in entry.occurrences:
            if file.startswith("seeds/") and line:
                draft.add_source(f"{file}:{line}", shown, entry.linenum)
    return built(drafts)


FORMATS = (
    Format("po", ".po", "gettext catalog: msgctxt = concept id, msgstr = preferred Vietnamese",
           write_po, read),
    Format("pot", ".pot", "gettext template (empty msgstr) for translators to fill in", write_pot),
)
