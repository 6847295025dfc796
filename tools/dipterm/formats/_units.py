"""What the format modules' parsers produce and how they read a file.

A draft file gives ``Segment``s (monolingual text) or ``Unit``s (a source and its translation, with
the file's state and properties); a termbase gives ``Entry``s (a concept with its ``TermRecord``s).
Every text carries its 1-based place in the file and the language the file declares for it (the
primary subtag: ``en``, ``vi``, ``de``). Files are read as a stream of bytes and a forward window of
their lines, never whole (but for the two files of a parallel pair, whose line counts are compared
first)."""

from __future__ import annotations

import bisect
import io
import os
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import BinaryIO

from dipterm._text import stream_lines
from dipterm.findings import DiptermError
from dipterm.model import Status

SEGMENT_CAP = 1 << 20  # characters of a unit's side checked as a translation; longer: side by side
PIECE = 1 << 16  # characters of a segment checked at once; longer ones are cut (``Segment.pieces``)
_SENTENCE_ENDS = (". ", ".\n", "? ", "?\n", "! ", "!\n")


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

    def pieces(self, cap: int = PIECE) -> Iterator[Segment]:
        """The segment itself, or when longer than ``cap`` characters, pieces of it cut after a
        sentence's end in the second half of a piece, else at white space (at ``cap`` where a piece
        has none), each starting at its own place in the file: what is checked at once, and the
        memory it takes (some forty times its size), is bounded whatever the length of a paragraph."""
        text = self.text
        if len(text) <= cap:
            yield self
            return
        start = 0
        while start < len(text):
            end = min(start + cap, len(text))
            if end < len(text):
                sentence = max(text.rfind(mark, start + cap // 2, end - 1) for mark in _SENTENCE_ENDS)
                space = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
                end = sentence + 2 if sentence >= 0 else space + 1 if space > start else end
            yield Segment(text[start:end], self.lang, *self.position(start))
            start = end

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based file line and column of ``offset`` into ``text``."""
        before = bisect.bisect_left(self._newlines, offset)
        if before == 0:
            return self.line, self.column + offset
        return self.line + before, offset - self._newlines[before - 1]


Props = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Unit:
    """A source segment and its translation. ``note``: comments the file attaches to it; ``concept``:
    the concept id a dipterm export wrote (TMX tuid, PO msgctxt), else ""; ``key``: what tells apart
    units with one source text (a foreign msgctxt), else ""; ``state``: "" or "fuzzy"; ``props``:
    (key, value) pairs of dipterm's own metadata (``subject``, ``status``, ``source``, ``definition``,
    ``admitted:en``, ``deprecated:vi`` ...)."""

    source: Segment
    target: Segment
    note: str = ""
    concept: str = ""
    key: str = ""
    state: str = ""
    props: Props = ()


@dataclass(frozen=True)
class TermRecord:
    """A term as a termbase writes it."""

    text: str
    lang: str
    status: Status = Status.PREFERRED
    pos: str | None = None
    note: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Entry:
    """A concept as a termbase writes it (a TBX concept entry, the CSV rows of one concept id)."""

    id: str
    terms: tuple[TermRecord, ...]
    subject: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    line: int | None = None


class Lines:
    """A file's lines read forward once and looked up by 1-based number, for the columns of segments
    and for the lines holding ``dipterm:`` directives (suppression comments), which are kept. The
    last ``KEEP`` lines stay at hand for a segment that starts a little before the line read last;
    nothing else is kept, so a file of any size is read in bounded memory."""

    KEEP = 64

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._recent: deque[str] = deque(maxlen=self.KEEP)
        self._directives: list[tuple[int, str]] = []
        self.count = 0  # lines read so far

    def _advance(self) -> bool:
        line = next(self._lines, None)
        if line is None:
            return False
        self.count += 1
        self._recent.append(line)
        if "dipterm:" in line:
            self._directives.append((self.count, line))
        return True

    def __iter__(self) -> Iterator[tuple[int, str]]:
        """(number, line) for each line not read yet."""
        while self._advance():
            yield self.count, self._recent[-1]

    def get(self, number: int) -> str:
        """Line ``number`` (reading up to it); "" past the end or too far back."""
        while self.count < number and self._advance():
            pass
        back = self.count - number
        return self._recent[-1 - back] if 0 <= back < len(self._recent) else ""

    def directives(self) -> list[tuple[int, str]]:
        """(number, line) of every line holding ``dipterm:``, the file read to its end."""
        while self._advance():
            pass
        return self._directives


@dataclass
class Tally:
    """What a reader met as it read: the languages the file holds and the units it left out by
    reason (fuzzy, obsolete, untranslated)."""

    languages: set[str] = field(default_factory=set)
    skipped: Counter[str] = field(default_factory=Counter)


class Draft:
    """One file's segments: ``segments`` for a monolingual draft, ``units`` for a bilingual one.

    ``lines`` reads the file's lines alongside (columns, suppression comments). A reader may give
    ``segments``/``units`` as a lazy iterable: ``stream()`` then yields them once as they are read
    (what the linter does, in bounded memory), while the ``segments``/``units`` lists read them all.
    ``tally`` (the reader's ``Tally``) is complete once all is read.
    """

    def __init__(
        self,
        path: str,
        lines: Lines,
        segments: Iterable[Segment] = (),
        units: Iterable[Unit] = (),
        tally: Tally | None = None,
    ) -> None:
        self.path, self.lines = path, lines
        self._segments, self._units = segments, units
        self.tally = tally or Tally()

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
        return Draft(self.path, self.lines, self.segments, self.units, self.tally)

    def stream(self) -> Iterator[Segment | Unit]:
        """The segments then the units; lazy ones are read as they are yielded, once, and not kept."""
        yield from self._segments
        yield from self._units


def open_source(path: str, data: bytes | None) -> BinaryIO:
    """A binary stream of the input: ``data`` when given (tests, fuzzing), else the file at ``path``."""
    if data is not None:
        return io.BytesIO(data)
    try:
        return open(path, "rb")
    except OSError as exc:
        raise DiptermError(f"cannot read: {exc.strerror}", path) from exc


def file_lines(path: str, data: bytes | None, codec: str | None = None) -> Iterator[str]:
    """The input's lines as ``dipterm._text.stream_lines`` reads them (``codec``: a declared encoding)."""
    with open_source(path, data) as stream:
        yield from stream_lines(stream, path, codec)


def source_size(path: str, data: bytes | None) -> int:
    """The input's size in bytes, for the progress bar."""
    return len(data) if data is not None else os.stat(path).st_size


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def text_lines(path: str, data: bytes | None, codec: str | None = None) -> Iterator[str]:
    """The lines of a text input (see ``file_lines``); DiptermError at the first control character (a
    binary file, or one in an encoding that stores text as bytes such as NUL)."""
    for number, line in enumerate(file_lines(path, data, codec), start=1):
        found = _CONTROL.search(line)
        if found:
            raise DiptermError(
                f"control character U+{ord(found.group()):04X} at column {found.start() + 1}: "
                "remove it, or this is not a text file (binary, or an encoding other than "
                "UTF-8/UTF-16)",
                path,
                number,
            )
        yield line


def join_terms(texts: Iterable[str]) -> str:
    """Terms as one comment value: "; " between them, a backslash before a term's own "\\" or ";"."""
    return "; ".join(text.replace("\\", "\\\\").replace(";", "\\;") for text in texts)


def split_terms(value: str) -> list[str]:
    """The terms of a ``join_terms`` value (a plain "; " list, as older files write it, too)."""
    terms, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            terms.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    terms.append("".join(current).strip())
    return [term for term in terms if term]
