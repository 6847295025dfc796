"""Gettext PO (via polib): msgid is the source, msgstr the target, placed at the msgstr line.

The target language comes from the ``Language`` header (default ``vi``); the source is the other
one. Obsolete and untranslated entries are skipped; translator comments are kept as the unit note.
"""

from __future__ import annotations

import re

import polib

from dipterm.findings import DiptermError
from dipterm.readers._model import Draft, Segment, Unit, normalise_lang

EXTENSIONS = (".po", ".pot")
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")


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


def read(path: str, content: str, lang: str | None = None) -> Draft:
    """A bilingual draft of the translated entries."""
    try:
        catalog = polib.pofile(content)
    except (OSError, ValueError) as exc:
        found = _SYNTAX_LINE.search(str(exc))
        raise DiptermError(f"malformed PO: {_SYNTAX_LINE.sub('', str(exc)).strip()}", path,
                           int(found.group(1)) if found else 1) from exc
    lines = content.splitlines()
    target_lang = normalise_lang(catalog.metadata.get("Language"), "vi")
    source_lang = lang or ("en" if target_lang == "vi" else "vi")
    units: list[Unit] = []
    for entry in catalog:
        target = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
        if entry.obsolete or not entry.msgid or not target:
            continue
        start = entry.linenum or 1
        line, column = _msgstr_place(lines, start)
        msgid_line = next((n for n in range(start, line + 1) if lines[n - 1].startswith("msgid")), start)
        notes = "\n".join(filter(None, (entry.tcomment, entry.comment)))
        units.append(Unit(Segment(entry.msgid, source_lang, msgid_line, 8),
                          Segment(target, target_lang, line, column), notes))
    return Draft(path, lines, units=units)
