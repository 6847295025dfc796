"""OmegaT glossary: tab-separated UTF-8 text, one ``source<TAB>target<TAB>comment`` row per line.

Rows: the preferred English term -> the preferred Vietnamese term, commented with the definition,
the admitted Vietnamese terms ("also: ...") and the deprecated ones ("avoid: ..."); then one row
per admitted English term -> the preferred Vietnamese term. OmegaT has no term status, so
deprecated terms are never a target. Tabs and line breaks inside a field become spaces.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from dipterm.formats.base import ExportOptions, Format, selected
from dipterm.model import Concept, Glossary, Status

_BREAKS = re.compile(r"[\t\r\n]+")


def _field(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


def rows(concept: Concept) -> list[tuple[str, str, str]]:
    """The glossary rows of one concept."""
    en, vi = concept.preferred("en"), concept.preferred("vi")
    if en is None or vi is None:
        return []
    comment = [concept.note] if concept.note else []
    for label, status in (("also", Status.ADMITTED), ("avoid", Status.DEPRECATED)):
        terms = concept.terms_in("vi", status)
        if terms:
            comment.append(f"{label}: " + "; ".join(t.text for t in terms))
    result = [(en.text, vi.text, " | ".join(comment))]
    result += [(t.text, vi.text, f"admitted variant of '{en.text}'")
               for t in concept.terms_in("en", Status.ADMITTED)]
    return result


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """Write the tab-separated glossary."""
    for concept in selected(glossary, options):
        for row in rows(concept):
            stream.write(("\t".join(_field(cell) for cell in row) + "\n").encode("utf-8"))


FORMATS = (Format("omegat", ".txt", "OmegaT glossary (tab-separated UTF-8: source, target, comment)",
                  write),)
