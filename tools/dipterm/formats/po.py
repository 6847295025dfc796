"""Gettext catalogs (PO and POT) via polib: one entry per concept when written, a unit per entry when read.

Writing: msgctxt = concept id, msgid = preferred English term, msgstr = preferred Vietnamese term
(empty in the POT). ``#.`` comments hold the definition, subject, status and the admitted/deprecated
terms ("; " between terms, a term's own ";" written "\\;"); ``#:`` the seed references. A proposed
concept (exported only on request) is flagged fuzzy.
Header: Project-Id-Version, Language, Plural-Forms (Vietnamese has one form), UTF-8; no dates,
so the same glossary gives the same bytes (``msgfmt -c`` needs none of them).

Reading: msgid is the source, msgstr (``msgstr[0]`` of a plural entry) the target, placed at the
msgstr line. The target language is the ``Language`` header's, else told from the translations; the
declared ``charset`` is honoured. Fuzzy entries are skipped unless asked for, obsolete and
untranslated ones always (counted in the draft's tally). Translator comments are the unit's note; a
foreign msgctxt tells apart units with one msgid. What ``msgfmt`` accepts is read, ``#comment``
without a space included. Large catalogs are read line by line and parsed a few thousand entries at
a time, so neither the file nor polib's catalog is ever held whole.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO, NamedTuple

import polib

from dipterm import __version__
from dipterm._progress import progress
from dipterm.findings import DiptermError
from dipterm.formats._units import (
    Draft,
    Lines,
    Segment,
    Tally,
    Unit,
    join_terms,
    open_source,
    source_size,
    split_terms,
    text_lines,
)
from dipterm.formats.base import ExportOptions, Format, selected
from dipterm.glossary import ID_PATTERN
from dipterm.model import Concept, Glossary, Status
from dipterm.normalize import LANGUAGE_NAMES, base_lang, lang_of

EXTENSIONS = (".po", ".pot")
CHUNK_ENTRIES = 2000
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
_ENTRY_END = ("msgstr", '"', "#~ msgstr", '#~ "')
_ENTRY_START = ("#", "msgctxt", "msgid")


_BARE_COMMENT = re.compile(r"^#(?=[^\s.:,|~])")  # "#comment": msgfmt reads it, polib does not


class _Piece(str):
    """Catalog text for polib that splits into the lines it was made of: polib splits a string with
    ``str.splitlines``, which also breaks at U+2028 or U+0085 inside a message. A comment written
    without a space after ``#`` gets one, as msgfmt reads it."""

    lines: list[str]

    def __new__(cls, lines: list[str]) -> _Piece:
        lines = [_BARE_COMMENT.sub("# ", line) if line.startswith("#") else line for line in lines]
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
                raise DiptermError(
                    f"malformed PO: {_SYNTAX_LINE.sub('', str(exc)).strip()}",
                    path,
                    offset + int(found.group(1)) if found else offset + 1,
                ) from exc
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


HEADER_COMMENT = "dipterm glossary: English -> Vietnamese terms. Regenerate with `dipterm export po`."
_VARIANT_STATUSES = (Status.ADMITTED, Status.DEPRECATED)
_VARIANT_KEYS = {f"{status} {lang}": status for status in _VARIANT_STATUSES for lang in ("en", "vi")}
_FIELD_KEYS = {"definition", "subject", "status", "reference", *_VARIANT_KEYS}


def _comment(concept: Concept) -> str:
    lines = [f"definition: {concept.note}"] if concept.note else []
    if concept.subject:
        lines.append(f"subject: {concept.subject}")
    lines.append(f"status: {'proposed' if concept.proposed else 'preferred'}")
    for status in _VARIANT_STATUSES:
        for lang in ("en", "vi"):
            terms = concept.terms_in(lang, status)
            if terms:
                lines.append(f"{status} {lang}: " + join_terms(t.text for t in terms))
    lines += [f"reference: {url}" for url in concept.references]
    return "\n".join(lines)


def _comment_fields(comment: str) -> dict[str, str]:
    """``key: value`` lines of an extracted comment; lines wrapped by the writer are joined back."""
    fields: dict[str, str] = {}
    key = None
    for line in comment.splitlines():
        head, sep, value = line.partition(": ")
        if sep and head == "reference" and head in fields:
            key, fields[head] = head, f"{fields[head]} {value}"
        elif sep and head in _FIELD_KEYS:
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
        po.append(
            polib.POEntry(
                msgctxt=concept.id,
                msgid=en.text,
                msgstr="" if template else vi.text,
                comment=_comment(concept),
                occurrences=[(ref.path, str(ref.line)) for ref in concept.sources],
                flags=["fuzzy"] if concept.proposed and not template else [],
            )
        )
    return po


def write_po(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Write the translated catalog."""
    stream.write(str(catalog(glossary, options)).encode("utf-8"))


def write_pot(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Write the template (every msgstr empty)."""
    stream.write(str(catalog(glossary, options, template=True)).encode("utf-8"))


_CHARSET = re.compile(rb"charset=\s*([A-Za-z0-9._-]+)")
_SAMPLE = 200  # translations looked at to tell an undeclared target language


def declared_codec(path: str, data: bytes | None) -> str | None:
    """The codec the header's ``charset=`` names when it is not UTF-8 (nor the POT placeholder
    ``CHARSET``), else None; DiptermError for an unknown one."""
    with open_source(path, data) as stream:
        head = stream.read(8192)
    found = _CHARSET.search(head)
    if not found or found.group(1).upper() == b"CHARSET":
        return None
    name = found.group(1).decode()
    try:
        codec = codecs.lookup(name).name
    except LookupError as exc:
        raise DiptermError(
            f"unknown charset {name!r} declared in the header; declare one Python "
            "knows (UTF-8, CP1251, ISO-8859-1 ...)",
            path,
            head[: found.start()].count(b"\n") + 1,
        ) from exc
    return None if codec == "utf-8" else codec


def team_lang(team: str) -> str:
    """The language a ``Language-Team`` header names, as a tag (``ru_RU``) or in English
    (``Vietnamese <...>``, ``belarusian``), else ""; the template's ``LANGUAGE`` is none."""
    first = team.split("<")[0].strip()
    if first.upper() == "LANGUAGE":
        return ""
    if (len(first) <= 6 and "_" in first) or len(first) == 2:
        return base_lang(first)
    return LANGUAGE_NAMES.get(first.split()[0].lower(), "") if first else ""


def _target(entry: polib.POEntry) -> str:
    return entry.msgstr or (entry.msgstr_plural or {}).get(0, "")


def _skip(entry: polib.POEntry, include_fuzzy: bool) -> str | None:
    """Why an entry gives no unit, or None."""
    if entry.obsolete:
        return "obsolete"
    if not entry.msgid or not _target(entry):
        return "untranslated"
    if "fuzzy" in entry.flags and not include_fuzzy:
        return "fuzzy"
    return None


def _comment_props(entry: polib.POEntry) -> tuple[tuple[str, str], ...]:
    """dipterm's own metadata from the ``#.`` comment and the ``#:`` seed references."""
    props = []
    for key, value in _comment_fields(entry.comment).items():
        if key in _VARIANT_KEYS:
            props += [(key.replace(" ", ":"), text) for text in split_terms(value)]
        elif key == "reference":
            props += [("reference", url) for url in value.split()]
        elif key != "status":
            props.append((key, value))
    props += [
        ("source", f"{file}:{line}") for file, line in entry.occurrences if file.startswith("seeds/") and line
    ]
    return tuple(props)


def _units(
    path: str, lines: Lines, size: int, lang: str | None, include_fuzzy: bool, tally: Tally
) -> Iterator[Unit]:
    """The entries as units, a piece of the catalog at a time."""
    target_lang = own = None
    for metadata, entry, piece, offset in po_entries(lines, path, size):
        if target_lang is None:
            own = metadata.get("Project-Id-Version", "").startswith("dipterm")
            target_lang = (
                base_lang(metadata.get("Language"))
                or team_lang(metadata.get("Language-Team", ""))
                or lang_of("\n".join(_target(e.entry) for e in _first(piece, offset, path)), "")
            )
        reason = _skip(entry, include_fuzzy)
        if reason:
            tally.skipped[reason] += 1
            continue
        source_lang = lang or ("en" if target_lang != "en" else "")
        tally.languages.update(filter(None, (source_lang, target_lang)))
        start = entry.linenum
        line, column = _msgstr_place(piece, offset, start)
        msgid_line = next(
            (n for n in range(start, line + 1) if piece[n - offset - 1].startswith("msgid")), start
        )
        notes = "\n".join(filter(None, (entry.tcomment, entry.comment)))
        context = entry.msgctxt or ""
        ours = own or bool(_comment_fields(entry.comment))  # a catalog dipterm wrote, filled in
        yield Unit(
            Segment(entry.msgid, source_lang, msgid_line, 8),
            Segment(_target(entry), target_lang, line, column),
            notes,
            concept=context if ours and ID_PATTERN.match(context) else "",
            key="" if ours else context,
            state="fuzzy" if "fuzzy" in entry.flags else "",
            props=_comment_props(entry) if ours else (),
        )


def _first(piece: list[str], offset: int, path: str) -> list[Entry]:
    """Up to ``_SAMPLE`` entries of the first piece, to tell the translations' language."""
    found = []
    for item in po_entries(enumerate(piece, start=offset + 1), path, 0):
        if not item.entry.obsolete and _target(item.entry):
            found.append(item)
            if len(found) >= _SAMPLE:
                break
    return found


def read(
    path: str,
    data: bytes | None = None,
    lang: str | None = None,
    *,
    lazy: bool = False,
    include_fuzzy: bool = False,
) -> Draft:
    """A bilingual draft of the translated entries (``data``: the file's bytes, else it is read from
    ``path``; ``lazy``: read as ``Draft.stream()`` goes; ``lang``: the source language)."""
    lines, tally = Lines(text_lines(path, data, declared_codec(path, data))), Tally()
    units = _units(path, lines, source_size(path, data), lang, include_fuzzy, tally)
    draft = Draft(path, lines, units=units, tally=tally)
    return draft if lazy else draft.loaded()


def sniff(head: str) -> bool:
    """True when the file's first characters read as a gettext catalog."""
    return head.startswith(("msgid", "#", "msgctxt")) and "msgstr" in head


FORMATS = (
    Format(
        "po",
        ".po",
        "gettext catalog: msgctxt = concept id, msgstr = preferred Vietnamese",
        write=write_po,
        units=read,
        sniff=sniff,
        extensions=EXTENSIONS,
    ),
    Format("pot", ".pot", "gettext template (empty msgstr) for translators to fill in", write=write_pot),
)
