"""What every format module shares: the Format record, export options and concept selection."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from dipterm._spill import SpillStore
from dipterm.findings import DiptermError
from dipterm.model import Concept, Glossary, SourceRef, Status, Term
from dipterm.normalize import fold_diacritics, nfc

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


Writer = Callable[[Glossary, BinaryIO, ExportOptions], None]
Reader = Callable[[Path], Iterator[Concept]]  # the file is read at once; concepts come in id order


@dataclass(frozen=True)
class Format:
    """One export format: its CLI name, file extension, writer and (where promised) reader."""

    name: str
    extension: str
    summary: str
    write: Writer
    read: Reader | None = None

    @property
    def filename(self) -> str:
        """The fixed file name used by ``export_all``: ``dipterm.tmx``, ``dipterm.tbx2008.tbx``."""
        stem = "dipterm" if self.extension == f".{self.name}" else f"dipterm.{self.name}"
        return stem + self.extension


def selected(glossary: Glossary, options: ExportOptions) -> Iterator[Concept]:
    """Concepts to export, in id order: reviewed ones (unless asked) in the chosen subjects."""
    for concept in glossary:
        if concept.proposed and not options.include_proposed:
            continue
        if options.subjects and concept.subject not in options.subjects:
            continue
        yield concept



def mojibake(text: str) -> str | None:
    """The 8-bit encoding through which UTF-8 ``text`` was wrongly decoded (``Ä‘á»‘i`` for ``đối``),
    or None when the text does not read as such mojibake."""
    if text.isascii():
        return None
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != text:
            return codec
    return None


def base_lang(code: str) -> str:
    """``vi-VN``, ``vi_VN``, ``VI`` -> ``vi``: the primary language subtag, lower-cased."""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


def slug(text: str) -> str:
    """A kebab-case concept id made from a term: ``Đối tác Chiến lược`` -> ``doi-tac-chien-luoc``."""
    return re.sub(r"[^a-z0-9]+", "-", fold_diacritics(text).lower()).strip("-") or "concept"


@dataclass
class ConceptDraft:
    """A concept being assembled by a reader from several units (TUs, rows, termSecs)."""

    id: str
    where: str | None = None  # the file read, for errors
    subject: str | None = None
    note: str | None = None
    sources: list[SourceRef] = field(default_factory=list)
    terms: dict[tuple[str, str], Term] = field(default_factory=dict)

    def add_term(self, lang: str, text: str, status: Status = Status.PREFERRED, pos: str | None = None,
                 note: str | None = None, line: int | None = None) -> None:
        """Add a term unless the concept already has this text in this language; a term that reads
        as mojibake (UTF-8 decoded as an 8-bit encoding) is an error at ``where:line``."""
        text = nfc(text.strip())
        codec = mojibake(text)
        if codec:
            raise DiptermError(f"term {text!r} looks like UTF-8 text decoded as {codec} (mojibake); fix the "
                               "file's declared encoding and try again", self.where, line)
        if text:
            self.terms.setdefault((lang, text), Term(text, lang, status, pos or None, inflect=lang == "en",
                                                     note=note or None))

    def add_source(self, text: str, where: str, line: int | None) -> None:
        """Add a ``seeds/<file>:<line>`` reference; a malformed one is an error at ``where:line``."""
        try:
            ref = SourceRef.parse(text.strip())
        except ValueError as exc:
            raise DiptermError(str(exc), where, line) from exc
        if ref not in self.sources:
            self.sources.append(ref)

    def build(self) -> Concept:
        """The finished concept."""
        return Concept(self.id, tuple(self.terms.values()), self.subject or None, self.note or None,
                       tuple(self.sources))


Drafts = SpillStore[ConceptDraft]


def concept_drafts(shown: str) -> Drafts:
    """Where a reader assembles the concepts of file ``shown`` by id, in bounded memory."""
    return SpillStore(lambda cid: ConceptDraft(cid, where=shown))


def built(drafts: Drafts) -> Iterator[Concept]:
    """The finished concepts, in id order."""
    return (draft.build() for draft in drafts.values())
