"""Readers turn a draft file into segments with 1-based positions; one module per format.

Every format module defines ``EXTENSIONS`` and ``read(path, text, lang) -> Draft``; ``READERS``
maps a format name to its module. ``detect_format`` picks one by extension, then by content.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from dipterm._text import read_text
from dipterm.readers import po, text, tmx, tsv, xliff
from dipterm.readers._model import Draft, Segment, Unit, lang_of

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


def read_draft(path: str, fmt: str = "auto", lang: str | None = None) -> Draft:
    """Read one draft; DiptermError (with its line) when it cannot be read."""
    content = read_text(path)
    name = detect_format(path, content) if fmt == "auto" else fmt
    return READERS[name].read(path, content, lang)
