"""Gettext PO (via polib): msgid is the source, msgstr the target, placed at the msgstr line.

The target language comes from the ``Language`` header (default ``vi``); the source is the other
one. Obsolete and untranslated entries are skipped; translator comments are kept as the unit note.
Large catalogs are read line by line and parsed a few thousand entries at a time (``po_entries``),
so neither the file nor polib's catalog is ever held whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import polib

from dipterm._progress import progress
from dipterm.findings import DiptermError
from dipterm.readers._model import (
    Draft,
    Lines,
    Segment,
    Unit,
    normalise_lang,
    source_size,
    text_lines,
)

EXTENSIONS = (".po", ".pot")
CHUNK_ENTRIES = 2000
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
_ENTRY_END = ("msgstr", '"', "#~ msgstr", '#~ "')
_ENTRY_START = ("#", "msgctxt", "msgid")


class _Piece(str):
    """Catalog text for polib that splits into the lines it was made of: polib splits a string with
    ``str.splitlines``, which also breaks at U+2028 or U+0085 inside a message."""

    lines: list[str]

    def __new__(cls, lines: list[str]) -> _Piece:
        piece = super().__new__(cls, "\n".join(lines) + "\n")
        piece.lines = lines
        return piece

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        return [line + "\n" for line in self.lines] if keepends else self.lines


class Entry(NamedTuple):
    """One catalog entry with the header's metadata and the piece of the catalog it was read from."""

    metadata: dict[str, str]
    entry: polib.POEntry
    lines: list[str]  # the piece's lines
    offset: int  # line number of the piece's first line, minus one


def _pieces(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
    """(offset, lines) pieces of a catalog, cut only before an entry that follows a blank line after a
    msgstr, so that each piece is a whole catalog of its own."""
    piece: list[str] = []
    offset, entries, last, blank = 0, 0, "", False
    for number, line in lines:
        if not line.strip():
            blank = True
        else:
            if blank and last.startswith(_ENTRY_END) and line.startswith(_ENTRY_START):
                entries += 1
                if entries >= CHUNK_ENTRIES:
                    yield offset, piece
                    piece, offset, entries = [], number - 1, 0
            last, blank = line, False
        piece.append(line)
    yield offset, piece


def po_entries(lines: Iterable[tuple[int, str]], path: str, size: int) -> Iterator[Entry]:
    """Every entry of the numbered catalog ``lines`` (``size`` bytes, for the progress bar), a few
    thousand at a time so that polib never holds the whole catalog; line numbers are the file's."""
    metadata: dict[str, str] | None = None
    with progress(size, f"reading {path}") as advance:
        for offset, piece in _pieces(lines):
            try:
                catalog = polib.pofile(_Piece(piece), encoding="utf-8")
            except (OSError, ValueError) as exc:
                found = _SYNTAX_LINE.search(str(exc))
                raise DiptermError(f"malformed PO: {_SYNTAX_LINE.sub('', str(exc)).strip()}", path,
                                   offset + int(found.group(1)) if found else offset + 1) from exc
            if metadata is None:
                metadata = dict(catalog.metadata)
            for entry in catalog:
                entry.linenum = offset + (entry.linenum or 1)
                yield Entry(metadata, entry, piece, offset)
            advance(sum(map(len, piece)) + len(piece))


def _msgstr_place(lines: list[str], offset: int, start: int) -> tuple[int, int]:
    """Line and column where the msgstr text of the entry beginning at line ``start`` starts
    (``lines``: the piece holding it, whose first line is ``offset + 1``)."""
    for number in range(max(start, offset + 1), offset + len(lines) + 1):
        line = lines[number - offset - 1]
        if line.startswith("msgstr"):
            quote = line.find('"')
            following = lines[number - offset] if number - offset < len(lines) else ""
            if line[quote:].strip() == '""' and following.startswith('"'):
                return number + 1, 2
            return number, quote + 2
    return max(start, 1), 1


def _units(path: str, lines: Lines, size: int, lang: str | None) -> Iterator[Unit]:
    """The translated entries as units, a piece of the catalog at a time."""
    for metadata, entry, piece, offset in po_entries(lines, path, size):
        target = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
        if entry.obsolete or not entry.msgid or not target:
            continue
        target_lang = normalise_lang(metadata.get("Language"), "vi")
        source_lang = lang or ("en" if target_lang == "vi" else "vi")
        start = entry.linenum
        line, column = _msgstr_place(piece, offset, start)
        msgid_line = next((n for n in range(start, line + 1) if piece[n - offset - 1].startswith("msgid")),
                          start)
        notes = "\n".join(filter(None, (entry.tcomment, entry.comment)))
        yield Unit(Segment(entry.msgid, source_lang, msgid_line, 8),
                   Segment(target, target_lang, line, column), notes)


def read(path: str, data: bytes | None = None, lang: str | None = None, *, lazy: bool = False) -> Draft:
    """A bilingual draft of the translated entries (``data``: the file's bytes, else it is read from
    ``path``; ``lazy``: read as ``Draft.stream()`` goes)."""
    lines = Lines(text_lines(path, data))
    draft = Draft(path, lines, units=_units(path, lines, source_size(path, data), lang))
    return draft if lazy else draft.loaded()
