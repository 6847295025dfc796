"""Read the curated TOML files under ``glossary/`` into concepts, keeping every record's place.

Structural problems (syntax, unknown keys, missing fields, bad values: codes G1xx) are reported
as findings while reading; a record that cannot become a concept is skipped, never guessed at.
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dipterm._chars import REFUSED
from dipterm._text import read_text, split_lines
from dipterm._toml import TomlError, loads_records
from dipterm.cache import ConceptCache
from dipterm.findings import DiptermError, Finding, Severity
from dipterm.model import LANGUAGES, STATUSES, Concept, Glossary, Location, SourceRef, Term

CONCEPT_KEYS = {"id", "subject", "note", "sources", "references", "proposed", *LANGUAGES}
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$")
TERM_KEYS = {"term", "status", "pos", "case-sensitive", "inflect", "note"}
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADER = re.compile(r"^\s*\[\[\s*concept\s*\]\]")
_ESCAPED = re.compile(f'["\\\\{REFUSED}]')  # what a TOML writer escapes
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_escaped(text: str, case: str) -> str:
    """``text`` as a TOML basic string writes it, ``\\u`` escapes in hex of ``case`` (x or X)."""

    def one(found: re.Match[str]) -> str:
        code = ord(found.group())
        long = f"\\U{code:08{case}}" if code > 0xFFFF else f"\\u{code:04{case}}"
        return _SHORT_ESCAPES.get(found.group(), long)

    return _ESCAPED.sub(one, text)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when below it, else as given."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


_KEY_AT = re.compile(r"\s*(?:([^\s=]+?)\s*=|\[\[\s*concept\.(\S+?)\s*\]\])")  # ``key =``, ``[[concept.key]]``


@dataclass
class _Block:
    """The lines of one ``[[concept]]`` record, for finding where its values are written."""

    path: str
    lines: list[str]
    start: int  # 1-based line of the header
    findings: list[Finding] = field(default_factory=list)
    _key_lines: dict[str, int] | None = None

    def locate(self, needle: str, after: int = 0) -> Location:
        """The first place at or after block line ``after`` where ``needle`` is written."""
        if needle:
            forms = [needle]
            if _ESCAPED.search(needle):
                forms += dict.fromkeys(_toml_escaped(needle, case) for case in "xX")
            for i in range(after, len(self.lines)):
                for form in forms:
                    col = self.lines[i].find(form)
                    if col >= 0:
                        return Location(self.path, self.start + i, col + 1)
        return Location(self.path, self.start + after, 1)

    def key_line(self, key: str) -> int:
        """Block-relative index of the first line that sets ``key`` (0 when not found)."""
        if self._key_lines is None:  # one pass over the block for every key
            self._key_lines = {}
            for i, line in enumerate(self.lines):
                found = _KEY_AT.match(line)
                if found:
                    self._key_lines.setdefault(found.group(1) or found.group(2), i)
        return self._key_lines.get(key, 0)

    def report(self, code: str, message: str, where: Location, concept: str | None = None) -> None:
        self.findings.append(
            Finding(where.path, where.line, where.column, code, message, Severity.ERROR, concept)
        )


def _blocks(path: str, text: str, count: int) -> list[_Block]:
    """Split the file into ``count`` concept blocks by their headers (one block if unsure)."""
    lines = split_lines(text)
    starts = [i for i, line in enumerate(lines) if _HEADER.match(line)]
    if not count:
        return []
    if len(starts) != count:
        return [_Block(path, lines, 1) for _ in range(count)]
    ends = [*starts[1:], len(lines)]
    return [_Block(path, lines[s:e], s + 1) for s, e in zip(starts, ends, strict=True)]


def _read_term(raw: object, lang: str, block: _Block, after: int, cid: str) -> Term | None:
    where = block.locate("", after)
    if not isinstance(raw, dict):
        block.report(
            "G103", f"each '{lang}' entry must be a table like {{ term = ..., status = ... }}", where, cid
        )
        return None
    text = raw.get("term")
    if isinstance(text, str):
        where = block.locate(text, after)
    for key in () if TERM_KEYS.issuperset(raw) else sorted(set(raw) - TERM_KEYS):
        block.report(
            "G101",
            f"unknown key '{key}' in a term; known: {', '.join(sorted(TERM_KEYS))}",
            block.locate(key, where.line - block.start),
            cid,
        )
    if not isinstance(text, str) or not text:
        block.report("G102", f"a '{lang}' term has no 'term' text", where, cid)
        return None
    status = raw.get("status")
    if status is None:
        block.report(
            "G102",
            f'term \'{text}\' has no status; add status = "preferred", "admitted" or "deprecated"',
            where,
            cid,
        )
        return None
    if not isinstance(status, str) or status not in STATUSES:
        block.report(
            "G103", f"term '{text}' has status '{status}'; use preferred, admitted or deprecated", where, cid
        )
        return None
    flags = {k: raw.get(k) for k in ("case-sensitive", "inflect") if k in raw}
    for key, value in flags.items():
        if not isinstance(value, bool):
            block.report("G103", f"'{key}' of term '{text}' must be true or false", where, cid)
            return None
    for key in ("pos", "note"):
        if key in raw and not isinstance(raw[key], str):
            block.report("G103", f"'{key}' of term '{text}' must be a string", where, cid)
            return None
    return Term(
        text=text,
        lang=lang,
        status=STATUSES[status],
        pos=sys.intern(raw["pos"]) if "pos" in raw else None,  # one string for each part of speech
        case_sensitive=flags.get("case-sensitive", False),
        inflect=flags.get("inflect", lang == "en"),
        note=raw.get("note"),
        origin=where,
    )


def _read_concept(raw: dict, block: _Block) -> Concept | None:
    head = Location(block.path, block.start, 1)
    cid = raw.get("id")
    if not isinstance(cid, str):
        block.report(
            "G102" if cid is None else "G103",
            "concept has no 'id'; add id = \"kebab-case-id\"" if cid is None else "'id' must be a string",
            head,
        )
        return None
    id_at = block.locate(cid, block.key_line("id"))
    if not ID_PATTERN.match(cid):
        block.report("G103", f"id '{cid}' must be lower-case kebab-case (a-z, 0-9, '-')", id_at, cid)
    for key in () if CONCEPT_KEYS.issuperset(raw) else sorted(set(raw) - CONCEPT_KEYS):
        block.report(
            "G101",
            f"unknown key '{key}' in concept '{cid}'; known: {', '.join(sorted(CONCEPT_KEYS))}",
            block.locate(key),
            cid,
        )
    for key in ("subject", "note"):
        if key in raw and not isinstance(raw[key], str):
            block.report(
                "G103",
                f"'{key}' of concept '{cid}' must be a string",
                block.locate(key, block.key_line(key)),
                cid,
            )
    proposed = raw.get("proposed", False)
    if not isinstance(proposed, bool):
        block.report("G103", f"'proposed' of concept '{cid}' must be true or false", head, cid)
    sources = []
    raw_sources = raw.get("sources", [])
    if not isinstance(raw_sources, list):
        raw_sources = [raw_sources]
    for ref in raw_sources:
        try:
            if not isinstance(ref, str):
                raise ValueError(f"source reference {ref!r} must be a string")
            sources.append(SourceRef.parse(ref, block.locate(ref, block.key_line("sources"))))
        except ValueError as exc:
            block.report("G103", str(exc), block.locate(str(ref), block.key_line("sources")), cid)
    references: list[str] = []
    raw_references = raw.get("references", [])
    for url in raw_references if isinstance(raw_references, list) else [raw_references]:
        where = block.locate(str(url), block.key_line("references"))
        if not isinstance(url, str) or not _URL.match(url):
            block.report("G103", f"reference {url!r} must be an http(s) URL of a published page", where, cid)
        elif url in references:
            block.report("G103", f"reference {url!r} is listed twice", where, cid)
        else:
            references.append(url)
    terms: list[Term] = []
    request = proposed is True and any(raw.get(lang) for lang in LANGUAGES)
    for lang in LANGUAGES:
        entries = raw.get(lang)
        if not entries:
            if not request:  # a proposed concept may name one language: a term request
                block.report("G102", f"concept '{cid}' has no '{lang}' terms", head, cid)
            continue
        if not isinstance(entries, list):
            entries = [entries]
        cursor = block.key_line(lang)
        for entry in entries:
            term = _read_term(entry, lang, block, cursor, cid)
            if term is not None:
                terms.append(term)
                cursor = term.origin.line - block.start
    if not terms:
        return None
    return Concept(
        id=cid,
        terms=tuple(terms),
        subject=sys.intern(raw["subject"]) if isinstance(raw.get("subject"), str) else None,
        note=raw.get("note") if isinstance(raw.get("note"), str) else None,
        sources=tuple(sources),
        proposed=proposed is True,
        origin=head,
        references=tuple(references),
    )


def read_file(path: Path) -> tuple[list[Concept], list[Finding]]:
    """Concepts of one curated file and the structural findings (G1xx) met while reading it."""
    shown = display_path(path)
    if not path.is_file():  # a FIFO would hang the read, a device never end it
        return [], [
            Finding(
                shown,
                1,
                1,
                "G100",
                "not a regular file (a FIFO, device or folder named "
                "*.toml); a curated file must be a text file",
                Severity.ERROR,
            )
        ]
    try:
        text = read_text(path)
    except DiptermError as exc:
        return [], [Finding(shown, exc.line or 1, 1, "G100", exc.message, Severity.ERROR)]
    return read_records(text, shown)


def read_records(text: str, shown: str) -> tuple[list[Concept], list[Finding]]:
    """Concepts of the curated-format ``text`` of file ``shown`` and the structural findings (G1xx):
    the loader's own rules, which import applies to every record before it is written."""
    try:
        data = loads_records(text, "concept")
    except TomlError as exc:
        return [], [Finding(shown, exc.line, exc.column, "G100", exc.message, Severity.ERROR)]
    findings: list[Finding] = []
    for key in sorted(set(data) - {"concept"}):
        findings.append(
            Finding(
                shown,
                1,
                1,
                "G101",
                f"unknown top-level key '{key}'; a curated file holds only [[concept]] records",
                Severity.ERROR,
            )
        )
    records = data.get("concept", [])
    if not isinstance(records, list):
        records = []
    concepts = []
    blocks = _blocks(shown, text, len(records))
    for at, (raw, block) in enumerate(zip(records, blocks, strict=True)):
        try:
            concept = _read_concept(raw, block)
        except ValueError as exc:  # an integer too long to write in a message, and the like
            block.report("G103", f"a value of this record cannot be used: {exc}", block.locate(""))
            concept = None
        findings.extend(block.findings)
        if concept is not None:
            concepts.append(concept)
        records[at] = blocks[at] = None  # each record's data and lines freed once read
    return concepts, findings


_PLAIN = re.compile(r'[\x00-\x1f"\\\x7f]')  # what a TOML basic string must escape


def _toml_string(text: str) -> str:
    if not _PLAIN.search(text):  # most texts: nothing to escape
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_record(concept: Concept) -> str:
    """One ``[[concept]]`` record in the curated format (glossary/README.md): what ``read_records``
    reads back as the same concept."""
    q = _toml_string
    lines = ["[[concept]]", f"id = {q(concept.id)}"]
    if concept.subject:
        lines.append(f"subject = {q(concept.subject)}")
    if concept.note:
        lines.append(f"note = {q(concept.note)}")
    if concept.sources:
        lines.append(f"sources = [{', '.join(q(str(ref)) for ref in concept.sources)}]")
    if concept.references:
        lines.append(f"references = [{', '.join(q(url) for url in concept.references)}]")
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


def glossary_files(folder: Path) -> list[Path]:
    """The curated files of a glossary folder, sorted."""
    if not folder.is_dir():
        raise DiptermError(f"glossary folder {folder} does not exist")
    return sorted(folder.rglob("*.toml"))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees everything).

    Loading a large glossary or building a matcher over it allocates hundreds of thousands of small
    acyclic objects that live as long as the run; the collector's full passes over them would
    otherwise cost about a quarter to a third of it, for nothing to collect. On the way out they
    are moved to the collector's permanent generation (``gc.freeze``), so the passes that later
    work (a long draft's) triggers do not walk them either; reference counting still frees them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def read_glossary(folder: Path) -> tuple[Glossary, list[Finding]]:
    """All concepts under ``folder`` plus the structural findings; never raises for bad records."""
    concepts, findings = [], []
    with gc_paused():
        for path in glossary_files(folder):
            file_concepts, file_findings = read_file(path)
            concepts.extend(file_concepts)
            findings.extend(file_findings)
    return Glossary(concepts, root=str(folder.resolve().parent)), sorted(findings)


def load_glossary(folder: Path) -> Glossary:
    """The glossary for export, lint and look-up; raises DiptermError if a file is unusable.

    Concepts of a curated file unchanged since it was last parsed come from the cache
    (dipterm.cache); a file with findings is never cached, so its errors are raised as before.
    """
    paths = glossary_files(folder)
    cache = ConceptCache(folder)
    concepts: list[Concept] = []
    findings: list[Finding] = []
    with gc_paused():
        for path in paths:
            key = cache.key(path, display_path(path))
            cached = cache.get(key, path)
            if cached is None:
                cached, file_findings = read_file(path)
                findings.extend(file_findings)
                if not file_findings and cache.key(path, key[0]) == key:
                    cache.put(key, path, cached)
            concepts.extend(cached)
        glossary = Glossary(concepts, root=str(folder.resolve().parent))
    cache.prune(paths)
    errors = sorted(f for f in findings if f.severity is Severity.ERROR)
    if errors:
        first = errors[0]
        raise DiptermError(
            f"{first.code} {first.message} ({len(errors)} error(s); run 'dipterm check' for all)",
            first.path,
            first.line,
        )
    return glossary
