"""The file formats, one module each, and the one registry built from them: never keep a second list.

A module owns everything about its format: ``sniff`` (its first characters), its only parser (units
of a draft or bilingual file, or entries of a termbase) and its writer. ``detect_format`` picks a
format by extension, then by content; ``read_draft`` gives the units lint and import read, and
refuses what is no draft (a termbase, a table of terms).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from dipterm.findings import DiptermError
from dipterm.formats import csv, html, omegat, pairs, po, tbx, tbx2008, text, tmx, xliff, xlsx
from dipterm.formats._units import Draft, Entry, Lines, Segment, TermRecord, Unit, open_source
from dipterm.formats.base import ExportOptions, Format

_MODULES = (tmx, po, tbx, tbx2008, omegat, csv, xlsx, html, xliff, pairs, text)
FORMATS: dict[str, Format] = {f.name: f for module in _MODULES for f in module.FORMATS}
WRITABLE: dict[str, Format] = {name: f for name, f in FORMATS.items() if f.write is not None}
READABLE: dict[str, Format] = {
    name: f
    for name, f in FORMATS.items()  # what import reads
    if f.entries is not None or (f.units is not None and not f.monolingual)
}
DRAFTS: dict[str, Format] = {name: f for name, f in FORMATS.items() if f.units is not None}  # what lint reads
_TERMBASES = ("tbx", "tbx2008")

__all__ = [
    "DRAFTS",
    "FORMATS",
    "READABLE",
    "WRITABLE",
    "Draft",
    "Entry",
    "ExportOptions",
    "Format",
    "Lines",
    "Segment",
    "TermRecord",
    "Unit",
    "detect_format",
    "head_of",
    "read_draft",
]


def head_of(path: str) -> str:
    """The first characters of a file, leniently decoded, for sniffing."""
    with open_source(path, None) as stream:
        head = stream.read(4000)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8-sig", errors="replace")


def detect_format(path: str, head: str) -> str:
    """The format of a file from its name and first characters ``head``: its extension where one
    format owns it (``.tbx`` and ``.tsv`` are told apart by content), else the first format whose
    ``sniff`` accepts the content, else plain text."""
    suffix = Path(path).suffix.lower()
    start = head.lstrip()[:1000]
    if suffix == ".tbx":
        return "tbx2008" if tbx2008.sniff(start) else "tbx"
    if suffix in (".tsv", ".tab"):
        return "tsv" if csv.is_term_table(head.partition("\n")[0]) else "pairs"
    for name, fmt in FORMATS.items():
        if suffix in fmt.extensions:
            return name
    for name, fmt in FORMATS.items():
        if fmt.sniff is not None and fmt.sniff(start):
            return name
    return "text"


def _article(initialism: str) -> str:
    """The article an initialism read letter by letter takes: "an XLSX", "a CSV", "an SRX"."""
    return "an" if initialism[:1] in "AEFHILMNORSX" else "a"


def read_draft(
    path: str, fmt: str = "auto", lang: str | None = None, *, lazy: bool = False, include_fuzzy: bool = False
) -> Draft:
    """Read one draft or bilingual file; DiptermError (with its line) when it cannot be read or is
    no draft. ``lazy``: units are read from the file as ``Draft.stream()`` yields them (bounded
    memory), so a DiptermError may come from there instead."""
    if fmt == "auto":
        fmt = detect_format(path, head_of(path))
    found = FORMATS[fmt]
    if found.units is None:
        kind = (
            "a TBX termbase" if fmt in _TERMBASES else f"{_article(fmt.upper())} {fmt.upper()} table of terms"
        )
        raise DiptermError(
            f"{kind}, not a draft: lint reads drafts and translations; to use its terms, "
            f"run 'dipterm import {fmt} {path} --into glossary/FILE.toml'",
            path,
            1,
        )
    return found.units(path, None, lang, lazy=lazy, include_fuzzy=include_fuzzy)
