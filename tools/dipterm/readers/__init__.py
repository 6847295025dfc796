"""Readers turn a draft file into segments with 1-based positions; one module per format.

Every format module defines ``EXTENSIONS`` and ``read(path, data, lang, *, lazy) -> Draft`` over the
file at ``path`` (or its bytes ``data``, as tests give them), streamed: text formats decode it with
``dipterm._text.stream_lines``; XML ones give it to lxml, which honours the declared encoding, and
read its lines alongside for columns. ``READERS`` maps a format name to its module. ``detect_format``
picks one by extension, then by content. Any input gives a Draft or a DiptermError.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from types import ModuleType

from dipterm.readers import po, text, tmx, tsv, xliff
from dipterm.readers._model import Draft, Segment, Unit, lang_of, open_source

READERS: dict[str, ModuleType] = {"text": text, "po": po, "tmx": tmx, "xliff": xliff, "tsv": tsv}

__all__ = ["READERS", "Draft", "Segment", "Unit", "detect_format", "lang_of", "read_draft"]


def detect_format(path: str, content: str) -> str:
    """The format of a draft: by extension, else by its first characters, else plain text."""
    suffix = Path(path).suffix.lower()
    for name, module in READERS.items():
        if suffix in module.EXTENSIONS:
            return name
    head = content.lstrip()[:400]
    if "<tmx" in head:
        return "tmx"
    if "<xliff" in head:
        return "xliff"
    if head.startswith(("msgid", "#")) and "\nmsgstr" in content[:4000]:
        return "po"
    return "text"


def _head(head: bytes) -> str:
    """The first bytes of a file, leniently decoded, for ``detect_format``."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8-sig", errors="replace")


def read_draft(path: str, fmt: str = "auto", lang: str | None = None, *, lazy: bool = False) -> Draft:
    """Read one draft; DiptermError (with its line) when it cannot be read. ``lazy``: units are read
    from the file as ``Draft.stream()`` yields them (bounded memory), so a DiptermError may come from
    there instead."""
    if fmt == "auto":
        with open_source(path, None) as stream:
            fmt = detect_format(path, _head(stream.read(4000)))
    return READERS[fmt].read(path, None, lang, lazy=lazy)
