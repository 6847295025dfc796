"""A parallel pair (``--source A --target B``): two plain files aligned line by line."""

from __future__ import annotations

from dipterm._text import read_text
from dipterm.findings import DiptermError
from dipterm.readers._model import Draft, Segment, Unit, text_content
from dipterm.readers.text import file_lang


def read_pair(source: str, target: str) -> Draft:
    """Units of line n of ``source`` and line n of ``target``; reported against the target file."""
    source_text = text_content(read_text(source), source)
    target_text = text_content(read_text(target), target)
    source_lines, target_lines = source_text.splitlines(), target_text.splitlines()
    if len(source_lines) != len(target_lines):
        raise DiptermError(f"{len(source_lines)} lines in {source} but {len(target_lines)} here; "
                           "parallel files must align line by line", target, 1)
    source_lang = file_lang(source, source_text, None)
    target_lang = "vi" if source_lang == "en" else "en"
    units = [Unit(Segment(s, source_lang, n), Segment(t, target_lang, n))
             for n, (s, t) in enumerate(zip(source_lines, target_lines, strict=True), start=1)
             if s.strip() and t.strip()]
    return Draft(target, target_lines, units=units)
