"""What readers produce: segments of text with positions, and source/target units."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from dipterm.findings import DiptermError
from dipterm.normalize import fold_diacritics


@dataclass(frozen=True)
class Segment:
    """Text in one language starting at a 1-based ``line``/``column`` of its file."""

    text: str
    lang: str
    line: int
    column: int = 1

    @cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based file line and column of ``offset`` into ``text``."""
        before = bisect.bisect_left(self._newlines, offset)
        if before == 0:
            return self.line, self.column + offset
        return self.line + before, offset - self._newlines[before - 1]


@dataclass(frozen=True)
class Unit:
    """A source segment and its translation; ``note`` holds comments the file attaches to it."""

    source: Segment
    target: Segment
    note: str = ""


class Draft:
    """One file's segments: ``segments`` for a monolingual draft, ``units`` for a bilingual one.

    ``lines`` are the raw lines of the file, for inline suppression comments. A reader may give
    ``segments``/``units`` as a lazy iterable: ``stream()`` then yields them once as they are read
    (what the linter does, in bounded memory), while the ``segments``/``units`` lists read them all.
    """

    def __init__(self, path: str, lines: list[str], segments: Iterable[Segment] = (),
                 units: Iterable[Unit] = ()) -> None:
        self.path, self.lines = path, lines
        self._segments, self._units = segments, units

    @property
    def segments(self) -> list[Segment]:
        """Every segment (read now if the reader gave them lazily)."""
        if not isinstance(self._segments, list):
            self._segments = list(self._segments)
        return self._segments

    @property
    def units(self) -> list[Unit]:
        """Every unit (read now if the reader gave them lazily)."""
        if not isinstance(self._units, list):
            self._units = list(self._units)
        return self._units

    def loaded(self) -> Draft:
        """This draft with every segment and unit read (a DiptermError in the file raises here)."""
        return Draft(self.path, self.lines, self.segments, self.units)

    def stream(self) -> Iterator[Segment | Unit]:
        """The segments then the units; lazy ones are read as they are yielded, once, and not kept."""
        yield from self._segments
        yield from self._units


_VI_LETTERS = frozenset("ăâđêôơư")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def text_content(content: str, path: str) -> str:
    """``content`` when it is text; DiptermError at the first control character (a binary file, or
    one in an encoding that stores text as bytes such as NUL)."""
    found = _CONTROL.search(content)
    if found:
        line = content.count("\n", 0, found.start()) + 1
        column = found.start() - content.rfind("\n", 0, found.start())
        raise DiptermError(f"control character U+{ord(found.group()):04X} at column {column}: not a text "
                           "file (binary, or an encoding other than UTF-8/UTF-16)", path, line)
    return content


def lang_of(text: str) -> str:
    """``vi`` when at least a fifth of the words carry Vietnamese letters or tone marks, else ``en``."""
    words = text.split()[:5000]
    if not words:
        return "en"
    marked = sum(1 for w in words if fold_diacritics(w) != w or _VI_LETTERS & set(w.lower()))
    return "vi" if marked * 5 >= len(words) else "en"


def normalise_lang(code: str | None, default: str) -> str:
    """``en``/``vi`` from a language tag such as ``en-US`` or ``vi_VN``; ``default`` when unknown."""
    base = (code or "").replace("_", "-").split("-")[0].lower()
    return base if base in ("en", "vi") else default
