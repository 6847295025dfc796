"""LSP positions: lines split where the protocol splits them (CR LF, CR or LF), columns in the code
units the client and server agreed on (UTF-16 unless the client offered another), while dipterm's
own columns count code points."""

from __future__ import annotations

import re

_LINE_END = re.compile(r"\r\n|\r|\n")
_WIDTH = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}
_UNIT = {"utf-8": 1, "utf-16": 2, "utf-32": 4}


def split_lines(text: str) -> list[str]:
    """The document's lines without their line ends (a last empty line after a final line end)."""
    return _LINE_END.split(text)


def to_units(line: str, column: int, encoding: str = "utf-16") -> int:
    """The client column of code point ``column`` of ``line``."""
    return len(line[:column].encode(_WIDTH[encoding], "surrogatepass")) // _UNIT[encoding]


def to_code_points(line: str, character: int, encoding: str = "utf-16") -> int:
    """The code point column of client column ``character`` of ``line`` (clamped to the line; a
    column inside a character counts as its start)."""
    units = 0
    for index, char in enumerate(line):
        units += len(char.encode(_WIDTH[encoding], "surrogatepass")) // _UNIT[encoding]
        if units > character:
            return index
    return len(line)
