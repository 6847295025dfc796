"""TBX 2008 (ISO 30042:2008, ``martif``), TBX-Basic: the form OmegaT, translate-toolkit and Weblate read.

``martif/text/body/termEntry/langSet[@xml:lang]/tig/term`` with ``termNote`` administrativeStatus
and partOfSpeech; same content and choices as the TBX v3 export (:mod:`dipterm.formats.tbx`).
No DOCTYPE: the 2008 DTD is not shipped and readers must not fetch it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from dipterm.formats.base import ExportOptions, Format
from dipterm.formats.tbx import Dialect, read_dialect, write_dialect
from dipterm.model import Concept, Glossary

MARTIF = Dialect(namespace=None, root="martif", header="martifHeader", entry="termEntry", lang="langSet",
                 term_group="tig",
                 start=b'<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en">\n')


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Write TBX 2008 (martif)."""
    write_dialect(glossary, stream, options, MARTIF)


def read(path: Path) -> Iterator[Concept]:
    """Concepts from a TBX 2008 (martif) document."""
    return read_dialect(path, MARTIF)


FORMATS = (Format("tbx2008", ".tbx", "TBX 2008 (martif) termbase for OmegaT, translate-toolkit, Weblate",
                  write, read),)
