"""TBX 2008 (ISO 30042:2008, ``martif``), TBX-Basic: the form OmegaT, translate-toolkit and Weblate read.

``martif/text/body/termEntry/langSet[@xml:lang]/tig/term`` with ``termNote`` administrativeStatus
and partOfSpeech; same content and choices as the TBX v3 export (:mod:`dipterm.formats.tbx`).
No DOCTYPE: the 2008 DTD is not shipped and readers must not fetch it.
"""

from __future__ import annotations

from typing import BinaryIO

from dipterm.formats.base import ExportOptions, Format
from dipterm.formats.tbx import Dialect, entries, write_dialect
from dipterm.model import Glossary

MARTIF = Dialect(
    root="martif",
    header="martifHeader",
    entry="termEntry",
    lang="langSet",
    term_group="tig",
    start=b'<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en">\n',
)


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Write TBX 2008 (martif)."""
    write_dialect(glossary, stream, options, MARTIF)


def sniff(head: str) -> bool:
    """True when the file's first characters open a TBX 2008 (martif) document."""
    return "<martif" in head


FORMATS = (
    Format(
        "tbx2008",
        ".tbx",
        "TBX 2008 (martif) termbase for OmegaT, translate-toolkit, Weblate",
        write=write,
        entries=entries,
        sniff=sniff,
    ),
)
