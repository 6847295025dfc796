"""Gettext PO (via polib): msgid is the source, msgstr the target, placed at the msgstr line.

The target language comes from the ``Language`` header (default ``vi``); the source is the other
one. Obsolete and untranslated entries are skipped; translator comments are kept as the unit note.
Large catalogs are parsed a few thousand entries at a time (``po_entries``), so polib never holds
the whole catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polib

from dipterm._progress import progress
from dipterm._text import decode_text
from dipterm.findings import DiptermError
from dipterm.readers._model import Draft, Segment, Unit, normalise_lang, text_content

EXTENSIONS = (".po", ".pot")
CHUNK_ENTRIES = 2000
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
_ENTRY_END = ("msgstr", '"', "#~ msgstr", '#~ "')
_ENTRY_START = ("#", "msgctxt", "msgid")


def _chunks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(offset, lines) pieces of a catalog, cut only at a blank line between a msgstr and the next
    entry, so that each piece is a whole catalog of its own."""
    start, entries, last = 0, 0, ""
    for number, line in enumerate(lines):
        if line.strip():
            last = line
            continue
        nxt = lines[number + 1] if number + 1 < len(lines) else ""
        if last.startswith(_ENTRY_END) and nxt.startswith(_ENTRY_START):
            entries += 1
            if entries >= CHUNK_ENTRIES:
                yield start, lines[start:number + 1]
                start, entries = number + 1, 0
    yield start, lines[start:]


def po_entries(lines: list[str], path: str) -> Iterator[tuple[dict[str, str], polib.POEntry]]:
    """(header metadata, entry) for every entry, line numbers counted in the whole file."""
    metadata: dict[str, str] | None = None
    with progress(sum(map(len, lines)) + len(lines), f"reading {path}") as advance:
        for offset, piece in _chunks(lines):
            try:
                catalog = polib.pofile("\n".join(piece) + "\n", encoding="utf-8")
            except (OSError, ValueError) as exc:
                found = _SYNTAX_LINE.search(str(exc))
                raise DiptermError(f"malformed PO: {_SYNTAX_LINE.sub('', str(exc)).strip()}", path,
                                   offset + int(found.group(1)) if found else offset + 1) from exc
            if metadata is None:
                metadata = dict(catalog.metadata)
            for entry in catalog:
                entry.linenum = offset + (entry.linenum or 1)
                yield metadata, entry
            advance(sum(map(len, piece)) + len(piece))


def _msgstr_place(lines: list[str], start: int) -> tuple[int, int]:
    """Line and column where the msgstr text of the entry beginning at line ``start`` starts."""
    for number in range(max(start, 1), len(lines) + 1):
        line = lines[number - 1]
        if line.startswith("msgstr"):
            quote = line.find('"')
            if line[quote:].strip() == '""' and number < len(lines) and lines[number].startswith('"'):
                return number + 1, 2
            return number, quote + 2
    return max(start, 1), 1


def _units(path: str, lines: list[str], lang: str | None) -> Iterator[Unit]:
    """The translated entries as units, a chunk of the catalog at a time."""
    for metadata, entry in po_entries(lines, path):
        target = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
        if entry.obsolete or not entry.msgid or not target:
            continue
        target_lang = normalise_lang(metadata.get("Language"), "vi")
        source_lang = lang or ("en" if target_lang == "vi" else "vi")
        start = entry.linenum
        line, column = _msgstr_place(lines, start)
        msgid_line = next((n for n in range(start, line + 1) if lines[n - 1].startswith("msgid")), start)
        notes = "\n".join(filter(None, (entry.tcomment, entry.comment)))
        yield Unit(Segment(entry.msgid, source_lang, msgid_line, 8),
                   Segment(target, target_lang, line, column), notes)


def read(path: str, data: bytes, lang: str | None = None, *, lazy: bool = False) -> Draft:
    """A bilingual draft of the translated entries (``lazy``: read as ``Draft.stream()`` goes)."""
    lines = text_content(decode_text(data, path), path).splitlines()
    draft = Draft(path, lines, units=_units(path, lines, lang))
    return draft if lazy else draft.loaded()
