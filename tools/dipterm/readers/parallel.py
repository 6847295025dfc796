"""A parallel pair (``--source A --target B``): two plain files aligned line by line."""

from __future__ import annotations

from dipterm.findings import DiptermError
from dipterm.readers._model import Draft, Lines, Segment, Unit, text_lines
from dipterm.readers.text import file_lang


def read_pair(source: str, target: str) -> Draft:
    """Units of line n of ``source`` and line n of ``target``; reported against the target file."""
    source_lines = list(text_lines(source, None))
    target_lines = list(text_lines(target, None))
    if len(source_lines) != len(target_lines):
        raise DiptermError(f"{len(source_lines)} lines in {source} but {len(target_lines)} here; "
                           "parallel files must align line by line", target, 1)
    source_lang = file_lang(source, "\n".join(source_lines), None)
    target_lang = "vi" if source_lang == "en" else "en"
    units = [Unit(Segment(s, source_lang, n), Segment(t, target_lang, n))
             for n, (s, t) in enumerate(zip(source_lines, target_lines, strict=True), start=1)
             if s.strip() and t.strip()]
    return Draft(target, Lines(target_lines), units=units)
