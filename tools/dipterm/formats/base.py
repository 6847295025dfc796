"""What every format module shares: the Format record, export options and concept selection."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from dipterm.formats._units import Draft, Entry
from dipterm.model import Concept, Glossary

LANG_CODES = ("vi", "vi-VN")


@dataclass(frozen=True)
class ExportOptions:
    """Choices an export honours: subject filter, proposed concepts, the Vietnamese language code."""

    subjects: tuple[str, ...] = ()
    include_proposed: bool = False
    lang_code: str = "vi"

    def code(self, lang: str) -> str:
        """The language code written for ``lang`` (``vi`` or ``vi-VN``; English stays ``en``)."""
        return self.lang_code if lang == "vi" else lang


class UnitReader(Protocol):
    """A draft parser: the file at ``path`` (or its bytes ``data``) as segments or units."""

    def __call__(
        self,
        path: str,
        data: bytes | None = None,
        lang: str | None = None,
        *,
        lazy: bool = False,
        include_fuzzy: bool = False,
    ) -> Draft: ...


Writer = Callable[[Glossary, BinaryIO, ExportOptions], None]
EntryReader = Callable[[Path], Iterator[Entry]]  # a termbase parser, streamed


@dataclass(frozen=True)
class Format:
    """One file format: its name, extension, what it can do (``write`` an export, parse ``units``
        from a draft or bilingual file, parse termbase ``entries``), the other file name endings it
        owns, ``sniff``, which tells it from a file's first characters, whether its units are
    ``monolingual`` segments rather than translations, and the ``page`` a site export writes into
    the folder it is given (``-o DIR`` writes ``DIR/index.html``)."""

    name: str
    extension: str
    summary: str
    write: Writer | None = None
    units: UnitReader | None = None
    entries: EntryReader | None = None
    sniff: Callable[[str], bool] | None = None
    extensions: tuple[str, ...] = ()
    monolingual: bool = False
    page: str | None = None

    @property
    def filename(self) -> str:
        """The fixed file name used by ``export_all``: ``dipterm.tmx``, ``dipterm.tbx2008.tbx``,
        ``html/index.html``."""
        if self.page:
            return f"{self.name}/{self.page}"
        stem = "dipterm" if self.extension == f".{self.name}" else f"dipterm.{self.name}"
        return stem + self.extension


def selected(glossary: Glossary, options: ExportOptions) -> Iterator[Concept]:
    """Concepts to export, in id order: reviewed ones (unless asked) in the chosen subjects; a term
    request (a proposed concept in one language) never, as it has nothing to pair."""
    for concept in glossary:
        if concept.proposed and not (options.include_proposed and _paired(concept)):
            continue
        if options.subjects and concept.subject not in options.subjects:
            continue
        yield concept


def _paired(concept: Concept) -> bool:
    """True when the concept has a preferred term in both languages."""
    return concept.preferred("en") is not None and concept.preferred("vi") is not None
