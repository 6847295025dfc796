"""Import concepts from another tool's file into a curated TOML file, never overwriting anything.

New concepts are appended as ``proposed = true`` records after the file's existing text, which
stays byte for byte; a concept whose id is already curated with other terms, or whose preferred
term is already preferred in another concept, is a conflict: reported, not written. The diff is
made before anything is written and handed to ``confirm``; the file is replaced atomically.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dipterm._io import atomic_write
from dipterm._text import read_text
from dipterm.findings import DiptermError, Severity
from dipterm.formats import READABLE
from dipterm.glossary import display_path, read_file
from dipterm.model import LANGUAGES, Concept, Glossary, Location, Status
from dipterm.normalize import match_key

_RECORD = re.compile(r"^\[\[concept\]\]$", re.MULTILINE)
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
    """What an import found and did."""

    new: list[Concept] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    diff: str = ""
    written: bool = False


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_record(concept: Concept) -> str:
    """One ``[[concept]]`` record in the curated format (glossary/README.md)."""
    q = _toml_string
    lines = ["[[concept]]", f"id = {q(concept.id)}"]
    if concept.subject:
        lines.append(f"subject = {q(concept.subject)}")
    if concept.note:
        lines.append(f"note = {q(concept.note)}")
    if concept.sources:
        lines.append(f"sources = [{', '.join(q(str(ref)) for ref in concept.sources)}]")
    lines.append(f"proposed = {'true' if concept.proposed else 'false'}")
    for lang in LANGUAGES:
        lines.append(f"{lang} = [")
        for term in concept.terms_in(lang):
            parts = [f"term = {q(term.text)}", f"status = {q(str(term.status))}"]
            parts += [f"pos = {q(term.pos)}"] if term.pos else []
            parts += ["case-sensitive = true"] if term.case_sensitive else []
            parts += [f"inflect = {str(term.inflect).lower()}"] if term.inflect != (lang == "en") else []
            parts += [f"note = {q(term.note)}"] if term.note else []
            lines.append(f"  {{ {', '.join(parts)} }},")
        lines.append("]")
    return "\n".join(lines) + "\n"


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
        raise DiptermError(f"{errors[0].code} {errors[0].message}; fix the file before importing into it",
                           errors[0].path, errors[0].line)
    return text, concepts


def import_file(fmt: str, path: str | Path, into_file: str | Path, dry_run: bool = False,
                glossary: Glossary | None = None,
                confirm: Callable[[str], bool] | None = None) -> ImportReport:
    """Read ``path`` in format ``fmt`` and append its new concepts to ``into_file`` as proposed.

    Concepts are compared with ``glossary`` (when given) and with ``into_file``'s own records.
    The report's diff shows what changes. With ``dry_run`` nothing is written; with ``confirm``,
    the diff is passed to it before anything is written and the file changes only if it says yes
    (``None``: the caller has asked for the write).
    """
    if fmt not in READABLE:
        raise DiptermError(f"cannot import {fmt!r}; importable formats: {', '.join(READABLE)}")
    into = Path(into_file)
    incoming = READABLE[fmt].read(Path(path))
    old_text, into_concepts = _curated_file(into)
    curated = {c.id: c for c in (glossary.concepts if glossary else [])}
    curated.update((c.id, c) for c in into_concepts)
    owners = {(t.lang, match_key(t.text)): c for c in curated.values() for t in c.terms
              if t.status is Status.PREFERRED}
    report = ImportReport()
    for concept in sorted(incoming, key=lambda c: c.id):
        old = curated.get(concept.id)
        if old is not None:
            if _terms(old) == _terms(concept):
                report.unchanged.append(concept.id)
            else:
                report.conflicts.append(Conflict(concept.id, "already curated with other terms: "
                                                 + _difference(old, concept), old.origin))
            continue
        clash = next(((t, owners[(t.lang, match_key(t.text))]) for t in concept.terms
                      if t.status is Status.PREFERRED and (t.lang, match_key(t.text)) in owners), None)
        if clash is not None:
            term, owner = clash
            report.conflicts.append(Conflict(concept.id, f"preferred {term.lang} term '{term.text}' is "
                                             f"already preferred in concept '{owner.id}'", owner.origin))
            continue
        concept = dataclasses.replace(concept, proposed=True)
        curated[concept.id] = concept
        owners.update(((t.lang, match_key(t.text)), concept) for t in concept.terms
                      if t.status is Status.PREFERRED)
        report.new.append(concept)
    if not report.new:
        return report
    separator = "" if not old_text else ("\n" if old_text.endswith("\n") else "\n\n")
    added = separator + "\n".join(toml_record(c) for c in report.new)
    shown = display_path(into)
    _check_records(old_text, added, shown)
    report.diff = append_diff(old_text, added, shown)
    if dry_run or (confirm is not None and not confirm(report.diff)):
        return report
    with atomic_write(into) as stream:
        stream.write(old_text.encode("utf-8"))
        for start in range(0, len(added), _WRITE_CHARS):
            stream.write(added[start:start + _WRITE_CHARS].encode("utf-8"))
    report.written = True
    return report


def _check_records(old_text: str, added: str, shown: str, batch: int = 500) -> None:
    """The file with the first record, and every record, must read back (a few hundred at a time):
    a bug in the writer must never reach the curated file."""
    starts = [m.start() for m in _RECORD.finditer(added)]
    try:
        tomllib.loads(old_text + added[:starts[1] if len(starts) > 1 else len(added)])
        for first in range(0, len(starts), batch):
            end = starts[first + batch] if first + batch < len(starts) else len(added)
            tomllib.loads(added[starts[first]:end])
    except tomllib.TOMLDecodeError as exc:
        raise DiptermError(f"refused: the records to append would not read back ({exc})", shown) from exc


def _range(start: int, length: int) -> str:
    """A unified-diff range, as ``difflib`` writes it."""
    return f"{start + 1}" if length == 1 else f"{start + (1 if length else 0)},{length}"


def append_diff(old_text: str, added: str, shown: str, context: int = 3) -> str:
    """The unified diff of appending ``added`` to ``old_text`` (as ``difflib.unified_diff`` gives it
    for text split at line breaks), made without comparing the texts: linear in the result."""
    old_lines = old_text.splitlines(keepends=True)
    if old_lines and not old_lines[-1].endswith("\n"):  # the last line changes: it gains a line break
        kept, removed, inserted = old_lines[-context - 1:-1], old_lines[-1:], old_lines[-1] + added
    else:
        kept, removed, inserted = old_lines[-context:], [], added
    start = len(old_lines) - len(kept) - len(removed)
    count = inserted.count("\n") + (not inserted.endswith("\n"))
    old_count, new_count = len(kept) + len(removed), len(kept) + count
    head = [f"--- {shown}\n", f"+++ {shown}\n",
            f"@@ -{_range(start, old_count)} +{_range(start, new_count)} @@\n",
            *(" " + line for line in kept), *("-" + line for line in removed)]
    breaks = inserted.count("\n") - inserted.endswith("\n")  # no "+" after the final line break
    return "".join([*head, "+", inserted.replace("\n", "\n+", breaks)])
