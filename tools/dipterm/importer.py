"""Import concepts from another tool's file into a curated TOML file, never overwriting anything.

New concepts are appended as ``proposed = true`` records after the file's existing text, which
stays byte for byte; a concept whose id is already curated with other terms, or whose preferred
term is already preferred in another concept, is a conflict: reported, not written.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from dipterm._io import write_bytes_atomic
from dipterm._text import read_text
from dipterm.findings import DiptermError, Severity
from dipterm.formats import READABLE
from dipterm.glossary import display_path, read_file
from dipterm.model import LANGUAGES, Concept, Glossary, Location, Status
from dipterm.normalize import match_key


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
                glossary: Glossary | None = None) -> ImportReport:
    """Read ``path`` in format ``fmt`` and append its new concepts to ``into_file`` as proposed.

    Concepts are compared with ``glossary`` (when given) and with ``into_file``'s own records.
    With ``dry_run`` nothing is written; the report's diff shows what would change.
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
    new_text = old_text + separator + "\n".join(toml_record(c) for c in report.new)
    tomllib.loads(new_text)  # the records written must read back; a bug here must not reach the file
    shown = display_path(into)
    report.diff = "".join(difflib.unified_diff(old_text.splitlines(keepends=True),
                                               new_text.splitlines(keepends=True), shown, shown))
    if not dry_run:
        write_bytes_atomic(into, new_text.encode("utf-8"))
        report.written = True
    return report
