"""Import concepts from another tool's file into a curated TOML file, never overwriting anything.

New concepts are appended as ``proposed = true`` records after the file's existing text, which
stays byte for byte; a concept whose id is already curated with other terms, or whose preferred
term is already preferred in another concept, is a conflict: reported, not written. The diff is
made before anything is written and handed to ``review``; the file is replaced atomically.
Memory stays bounded whatever the size of the file imported (see ``import_file``).
"""

from __future__ import annotations

import codecs
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from dipterm._io import atomic_write, exclusive_lock, file_stamp, sweep_temporaries
from dipterm._spill import SpillTable, digest
from dipterm._text import read_text
from dipterm._toml import TomlError
from dipterm._toml import loads as toml_loads
from dipterm.config import Config
from dipterm.findings import DiptermError, Severity
from dipterm.glossary import display_path, read_file, toml_record
from dipterm.incoming import read_concepts
from dipterm.model import Concept, Glossary, Location, Status
from dipterm.normalize import match_key

_WRITE_CHARS = 1 << 20


@dataclass(frozen=True)
class Conflict:
    """An incoming concept that clashes with a curated one."""

    concept: str
    message: str
    where: Location | None = None

    def __str__(self) -> str:
        place = f"{self.where.path}:{self.where.line}: " if self.where else ""
        return f"{place}{self.concept}: {self.message}"


@dataclass
class ImportReport:
    """What an import found and did (counts, so that an import of any size stays small)."""

    new: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # left out, by reason
    written: bool = False


class Diff:
    """The unified diff of appending the new records to the curated file, made without comparing
    texts (linear in its size, as ``difflib.unified_diff`` gives it for text split at line breaks).
    Iterate for its text in pieces, or ``str()`` it; readable only while ``review`` runs."""

    def __init__(
        self, old_text: str, added: Callable[[], Iterable[str]], count: int, shown: str, context: int = 3
    ) -> None:
        self._old, self._added, self._count = old_text, added, count
        self._shown, self._context = shown, context

    def __iter__(self) -> Iterator[str]:
        old_lines, context = self._old.splitlines(keepends=True), self._context
        if old_lines and not old_lines[-1].endswith("\n"):  # the last line changes: it gains a break
            kept, removed = old_lines[-context - 1 : -1], old_lines[-1:]
        else:
            kept, removed = old_lines[-context:], []
        start = len(old_lines) - len(kept) - len(removed)
        yield (
            f"--- {self._shown}\n+++ {self._shown}\n@@ -{_range(start, len(kept) + len(removed))} "
            f"+{_range(start, len(kept) + self._count)} @@\n"
        )
        yield from (" " + line for line in kept)
        yield from ("-" + line for line in removed)
        prefix, piece, size = removed[0] if removed else "", [], 0
        for line in self._added():
            piece.append("+" + prefix + line)
            prefix, size = "", size + len(line) + 1
            if size >= 1 << 16:  # pieces of about 64 KB: few writes for a large diff
                yield "".join(piece)
                piece, size = [], 0
        yield "".join(piece)

    def __str__(self) -> str:
        return "".join(self)


def _terms(concept: Concept) -> set[tuple[str, str, str]]:
    return {(t.lang, t.text, str(t.status)) for t in concept.terms}


def _difference(old: Concept, new: Concept) -> str:
    def show(items: set[tuple[str, str, str]]) -> str:
        return ", ".join(f"{lang} '{text}' ({status})" for lang, text, status in sorted(items))

    parts = []
    if _terms(new) - _terms(old):
        parts.append(f"the file has {show(_terms(new) - _terms(old))}")
    if _terms(old) - _terms(new):
        parts.append(f"the glossary has {show(_terms(old) - _terms(new))}")
    return "; ".join(parts)


def _curated_file(into: Path) -> tuple[str, list[Concept]]:
    if not into.exists():
        return "", []
    text = read_text(into)
    concepts, findings = read_file(into)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise DiptermError(
            f"{errors[0].code} {errors[0].message}; fix the file before importing into it",
            errors[0].path,
            errors[0].line,
        )
    return text, concepts


def _owner_key(lang: str, text: str) -> int:
    return digest(f"{lang}\0{match_key(text)}")


class _Records:
    """The records to append, written aside to a temporary file as they come. Each was read back
    through the loader before it came (``incoming.checked_all``); the first is read back again
    joined to the file's text, so that the two read as one file."""

    def __init__(self, old_text: str, shown: str) -> None:
        self.file: IO[str] = tempfile.TemporaryFile(  # noqa: SIM115 - import_file closes it
            "w+", encoding="utf-8", newline=""
        )
        self.lines = 0
        self._old, self._shown = old_text, shown
        self._separator = "" if not old_text else ("\n" if old_text.endswith("\n") else "\n\n")

    def add(self, concept: Concept) -> None:
        record = toml_record(concept)
        text = (self._separator if not self.lines else "\n") + record
        if not self.lines:  # the first record must also read back joined to the file
            self._check(self._old + text)
        self.file.write(text)
        self.lines += text.count("\n")

    def _check(self, text: str) -> None:
        try:
            toml_loads(text)
        except TomlError as exc:
            raise DiptermError(
                f"refused: the records to append would not read back ({exc})", self._shown
            ) from exc

    def read(self) -> Iterator[str]:
        """The appended text, line by line with line ends."""
        self.file.seek(0)
        yield from self.file

    def chunks(self) -> Iterator[bytes]:
        """The appended text as UTF-8, a megabyte at a time."""
        self.file.seek(0)
        while chunk := self.file.read(_WRITE_CHARS):
            yield chunk.encode("utf-8")


def import_file(
    fmt: str,
    path: str | Path,
    into_file: str | Path,
    dry_run: bool = False,
    glossary: Glossary | None = None,
    review: Callable[[Diff], bool] | None = None,
    config: Config | None = None,
    include_fuzzy: bool = False,
) -> ImportReport:
    """Read ``path`` in format ``fmt`` and append its new concepts to ``into_file`` as proposed.

    Concepts come through ``dipterm.incoming`` (valid records in the house style of ``config``) and
    are compared with ``glossary`` (when given) and with ``into_file``'s own records. ``review`` is
    called with the diff before anything is written; the file changes only if it returns True (no
    ``review``: the caller has asked for the write), and never with ``dry_run``. Memory stays
    bounded: incoming concepts come in id order from disk, new records wait in a temporary file.
    """
    into = Path(into_file)
    root = glossary.root if glossary else str(into.resolve().parent.parent)
    incoming, intake = read_concepts(fmt, path, root, config or Config(), include_fuzzy=include_fuzzy)
    return import_concepts(
        incoming, into, glossary=glossary, review=review, dry_run=dry_run, skipped=intake.skipped
    )


def import_concepts(
    incoming: Iterable[Concept],
    into_file: str | Path,
    *,
    glossary: Glossary | None = None,
    review: Callable[[Diff], bool] | None = None,
    dry_run: bool = False,
    skipped: Counter[str] | None = None,
) -> ImportReport:
    """Append ``incoming`` (concepts that passed ``incoming.checked_all``, in id order) to
    ``into_file`` as proposed concepts, with every guarantee of ``import_file``: what ``dipterm
    align --into`` writes through."""
    into = Path(into_file)
    if dry_run:
        return _import(into, incoming, skipped or Counter(), glossary, review, dry_run)
    with exclusive_lock(into):
        sweep_temporaries(into)
        return _import(into, incoming, skipped or Counter(), glossary, review, dry_run)


def _import(
    into: Path,
    incoming: Iterable[Concept],
    skipped: Counter[str],
    glossary: Glossary | None,
    review: Callable[[Diff], bool] | None,
    dry_run: bool,
) -> ImportReport:
    """``import_concepts`` (and, to write, the lock held)."""
    before = file_stamp(into)
    old_text, into_concepts = _curated_file(into)
    curated = {c.id: c for c in (glossary.concepts if glossary else [])}
    curated.update((c.id, c) for c in into_concepts)
    owners = {
        _owner_key(t.lang, t.text): c
        for c in curated.values()
        for t in c.terms
        if t.status is Status.PREFERRED
    }
    new_owners = SpillTable()  # preferred terms of the new concepts -> their concept id
    report = ImportReport(skipped=skipped)
    shown = display_path(into)
    records = _Records(old_text, shown)
    with records.file:
        for concept in incoming:
            old = curated.get(concept.id)
            if old is not None:
                if _terms(old) == _terms(concept):
                    report.unchanged += 1
                else:
                    report.conflicts.append(
                        Conflict(
                            concept.id,
                            "already curated with other terms: " + _difference(old, concept),
                            old.origin,
                        )
                    )
                continue
            preferred = [
                (t, _owner_key(t.lang, t.text)) for t in concept.terms if t.status is Status.PREFERRED
            ]
            clash = next(
                ((t, owners[key].id, owners[key].origin) for t, key in preferred if key in owners),
                None,
            ) or next(
                ((t, owner, None) for t, key in preferred if (owner := new_owners.get(key)) is not None),
                None,
            )
            if clash is not None:
                term, owner, where = clash
                report.conflicts.append(
                    Conflict(
                        concept.id,
                        f"preferred {term.lang} term '{term.text}' is already preferred in concept '{owner}'",
                        where,
                    )
                )
                continue
            for _, key in preferred:
                new_owners.setdefault(key, concept.id)
            records.add(_proposed(concept))
            report.new += 1
        new_owners.close()
        if not report.new:
            return report
        confirmed = review is None or review(Diff(old_text, records.read, records.lines, shown))
        if dry_run or not confirmed:
            return report
        raw_start = _first_bytes(into) if before else b""
        crlf = "\r\n" in old_text[: 1 << 16]
        with atomic_write(into) as stream:
            stream.write(codecs.BOM_UTF8 if raw_start == codecs.BOM_UTF8 else b"")  # the file's own form
            stream.write(old_text.encode("utf-8"))
            for chunk in records.chunks():
                stream.write(chunk.replace(b"\n", b"\r\n") if crlf else chunk)
            if file_stamp(into) != before:  # a curator's edit since it was read must not be lost
                raise DiptermError(
                    f"{display_path(into)} changed while importing; nothing written: run the import again",
                    display_path(into),
                )
    report.written = True
    return report


def _proposed(c: Concept) -> Concept:
    """``c`` marked proposed (what ``dataclasses.replace`` gives, at a fraction of its cost)."""
    return Concept(c.id, c.terms, c.subject, c.note, c.sources, True, c.origin, c.references)


def _first_bytes(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(3)


def _range(start: int, length: int) -> str:
    """A unified-diff range, as ``difflib`` writes it."""
    return f"{start + 1}" if length == 1 else f"{start + (1 if length else 0)},{length}"
