"""Read the curated TOML files under ``glossary/`` into concepts, keeping every record's place.

Structural problems (syntax, unknown keys, missing fields, bad values: codes G1xx) are reported
as findings while reading; a record that cannot become a concept is skipped, never guessed at.
"""

from __future__ import annotations

import gc
import json
import marshal
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from dipterm._chars import REFUSED
from dipterm._fork import Helper, in_background, second_core
from dipterm._text import read_text
from dipterm._toml import TomlError, Unsplit, loads, record_pieces
from dipterm.cache import ConceptCache, packed, unpacked
from dipterm.findings import DiptermError, Finding, Severity
from dipterm.model import LANGUAGES, STATUSES, Concept, Glossary, Location, SourceRef, Term

CONCEPT_KEYS = {"id", "subject", "note", "sources", "references", "proposed", *LANGUAGES}
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$")
TERM_KEYS = {"term", "status", "pos", "case-sensitive", "inflect", "note"}
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*concept[ \t]*\]\]", re.M)
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


@lru_cache(maxsize=256)
def _key_line(key: str) -> re.Pattern[str]:
    """A line that sets ``key``: ``key =`` or ``[[concept.key]]`` at its start."""
    name = re.escape(key)
    return re.compile(rf"^[ \t]*(?:{name}[ \t]*=|\[\[[ \t]*concept\.{name}[ \t]*\]\])", re.M)


_LONE_CR = re.compile(r"\r(?!\n)")


@dataclass(slots=True)
class _Block:
    """One ``[[concept]]`` record's span of its file's text, for finding where its values are
    written: offsets into the text, turned into a line and column only for what is kept."""

    path: str
    text: str  # the whole file, a lone CR written as LF (the same offsets; lines as split_lines)
    start: int  # offset of the header line
    end: int
    line: int  # 1-based line of the header
    findings: list[Finding] = field(default_factory=list)

    def where(self, at: int, begin: int | None = None) -> Location:
        """The line and column of offset ``at`` (within the block; ``begin``: its line's start)."""
        if begin is None:
            begin = self.line_start(at)
        return Location(self.path, self.line + self.text.count("\n", self.start, at), at - begin + 1)

    def line_start(self, at: int) -> int:
        """The offset of the start of the line holding offset ``at``."""
        return self.text.rfind("\n", self.start, at) + 1 or self.start

    def find(self, needle: str, after: int) -> int:
        """The first offset at or after ``after`` where ``needle`` is written (-1: nowhere)."""
        if not needle:
            return -1
        forms = [needle]
        if _ESCAPED.search(needle):
            forms += dict.fromkeys(_toml_escaped(needle, case) for case in "xX")
        hits = [at for form in forms if (at := self.text.find(form, after, self.end)) >= 0]
        return min(hits, default=-1)

    def locate(self, needle: str, after: int | None = None) -> Location:
        """Where ``needle`` is first written at or after offset ``after`` (a line start; the header
        when None), else the start of that line."""
        after = self.start if after is None else after
        at = self.find(needle, after)
        return self.where(after if at < 0 else at)

    def key_at(self, key: str) -> int:
        """The offset of the first line that sets ``key`` (the header's when none does)."""
        found = _key_line(key).search(self.text, self.start, self.end)
        return found.start() if found else self.start

    def report(self, code: str, message: str, where: Location, concept: str | None = None) -> None:
        self.findings.append(
            Finding(where.path, where.line, where.column, code, message, Severity.ERROR, concept)
        )


def _blocks(path: str, text: str, count: int, start: int, end: int, line: int) -> list[_Block]:
    """Split ``text[start:end]`` (from line ``line``) into ``count`` concept blocks by their
    headers (one block for each when unsure)."""
    if not count:
        return []
    starts = [found.start() for found in _HEADER.finditer(text, start, end)]
    if len(starts) != count:
        return [_Block(path, text, start, end, line) for _ in range(count)]
    blocks, before = [], start
    for first, last in zip(starts, [*starts[1:], end], strict=True):
        line += text.count("\n", before, first)
        blocks.append(_Block(path, text, first, last, line))
        before = first
    return blocks


def _read_term(raw: object, lang: str, block: _Block, after: int, cid: str) -> tuple[Term | None, int]:
    """The term of entry ``raw``, looked for from offset ``after`` (a line start), and the start of
    the line where it is written (where to look for the next)."""
    if type(raw) is dict and len(raw) == 2:  # most entries: { term = "...", status = "..." }
        text, status = raw.get("term"), raw.get("status")
        if type(text) is str and text and type(status) is str and status in STATUSES:
            at = block.find(text, after)
            if at >= 0:
                line = block.line_start(at)
                origin = block.where(at, line)
                return Term(text, lang, STATUSES[status], None, False, lang == "en", None, origin), line
    where = block.where(after)
    if not isinstance(raw, dict):
        block.report(
            "G103", f"each '{lang}' entry must be a table like {{ term = ..., status = ... }}", where, cid
        )
        return None, after
    text = raw.get("term")
    if isinstance(text, str) and (at := block.find(text, after)) >= 0:
        where, after = block.where(at), block.line_start(at)
    for key in () if TERM_KEYS.issuperset(raw) else sorted(set(raw) - TERM_KEYS):
        block.report(
            "G101",
            f"unknown key '{key}' in a term; known: {', '.join(sorted(TERM_KEYS))}",
            block.locate(key, after),
            cid,
        )
    if not isinstance(text, str) or not text:
        block.report("G102", f"a '{lang}' term has no 'term' text", where, cid)
        return None, after
    status = raw.get("status")
    if status is None:
        block.report(
            "G102",
            f'term \'{text}\' has no status; add status = "preferred", "admitted" or "deprecated"',
            where,
            cid,
        )
        return None, after
    if not isinstance(status, str) or status not in STATUSES:
        block.report(
            "G103", f"term '{text}' has status '{status}'; use preferred, admitted or deprecated", where, cid
        )
        return None, after
    flags = {k: raw.get(k) for k in ("case-sensitive", "inflect") if k in raw}
    for key, value in flags.items():
        if not isinstance(value, bool):
            block.report("G103", f"'{key}' of term '{text}' must be true or false", where, cid)
            return None, after
    for key in ("pos", "note"):
        if key in raw and not isinstance(raw[key], str):
            block.report("G103", f"'{key}' of term '{text}' must be a string", where, cid)
            return None, after
    term = Term(
        text=text,
        lang=lang,
        status=STATUSES[status],
        pos=sys.intern(raw["pos"]) if "pos" in raw else None,  # one string for each part of speech
        case_sensitive=flags.get("case-sensitive", False),
        inflect=flags.get("inflect", lang == "en"),
        note=raw.get("note"),
        origin=where,
    )
    return term, after


def _read_concept(raw: dict, block: _Block) -> Concept | None:
    head = Location(block.path, block.line, 1)
    cid = raw.get("id")
    if not isinstance(cid, str):
        block.report(
            "G102" if cid is None else "G103",
            "concept has no 'id'; add id = \"kebab-case-id\"" if cid is None else "'id' must be a string",
            head,
        )
        return None
    if not ID_PATTERN.match(cid):
        where = block.locate(cid, block.key_at("id"))
        block.report("G103", f"id '{cid}' must be lower-case kebab-case (a-z, 0-9, '-')", where, cid)
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
                block.locate(key, block.key_at(key)),
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
            sources.append(SourceRef.parse(ref, block.locate(ref, block.key_at("sources"))))
        except ValueError as exc:
            block.report("G103", str(exc), block.locate(str(ref), block.key_at("sources")), cid)
    references: list[str] = []
    raw_references = raw.get("references", [])
    for url in raw_references if isinstance(raw_references, list) else [raw_references]:
        if not isinstance(url, str) or not _URL.match(url):
            where = block.locate(str(url), block.key_at("references"))
            block.report("G103", f"reference {url!r} must be an http(s) URL of a published page", where, cid)
        elif url in references:
            where = block.locate(url, block.key_at("references"))
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
        cursor = block.key_at(lang)
        for entry in entries:
            term, cursor = _read_term(entry, lang, block, cursor, cid)
            if term is not None:
                terms.append(term)
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
    large = len(text) >= TWO_CORES_FROM
    read = read_records(text, shown)
    del text  # before the heap is trimmed
    if large:
        _give_back()
    return read


def read_records(text: str, shown: str) -> tuple[list[Concept], list[Finding]]:
    """Concepts of the curated-format ``text`` of file ``shown`` and the structural findings (G1xx):
    the loader's own rules, which import applies to every record before it is written. The text is
    parsed a piece at a time and each piece's records are read before the next is parsed."""
    positions = _LONE_CR.sub("\n", text) if "\r" in text else text  # lines as split_lines counts
    try:
        try:
            half = _second_half(text)
            if half:
                return _read_in_two(text, positions, shown, half)
            return _read_pieces(positions, shown, record_pieces(text, "concept"))
        except Unsplit:
            return _read_pieces(positions, shown, [(0, len(text), loads(text))])
    except TomlError as exc:
        return [], [Finding(shown, exc.line, exc.column, "G100", exc.message, Severity.ERROR)]


def _give_back() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``): a large file's text
    and the parser's trees, freed once it is read, would otherwise stay resident (some 35 MB for
    22 MB of TOML). Nothing where the C library has no such call."""
    import ctypes  # only after a large file

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


TWO_CORES_FROM = 4 << 20  # characters from which a file is read on two cores, where there are two
_HALF_HEADER = "\n[[concept]]\n"


def _second_half(text: str) -> int:
    """Where a second process should start reading ``text`` (the first record header after 55% of
    it: the helper also packs what it read, which costs more than the caller's unpacking), or 0
    when one process reads it: a short file, or no second core to use (``_fork.second_core``)."""
    if len(text) < TWO_CORES_FROM or not second_core():
        return 0
    return text.find(_HALF_HEADER, len(text) * 11 // 20) + 1


def _read_in_two(text: str, positions: str, shown: str, half: int) -> tuple[list[Concept], list[Finding]]:
    """``_read_pieces`` of the file's two halves at once: a forked helper (``_fork.Helper``) reads
    the second and sends its concepts back in the cache's plain form (``cache.packed``), in records
    rebuilt one at a time. Unsplit when either half is not only records; a helper that fails or
    finds a problem leaves its half to be read here, so the findings and their order are those of
    one process."""
    helper = Helper(partial(_second_read, text, positions, shown))
    try:
        helper.send(half)
        first, findings = _read_pieces(positions, shown, record_pieces(text, "concept", 0, half), False)
        try:
            sent = helper.receive()
        except RuntimeError:  # the helper failed: its half is read here
            sent = None
    finally:
        helper.close()
    if sent == "unsplit":
        raise Unsplit
    if isinstance(sent, list):
        try:
            second: list[Concept] = []
            for at, record in enumerate(sent):  # a record at a time: its tuples never all live at once
                sent[at] = None
                second += unpacked(marshal.loads(record))
            return first + second, findings
        except (ValueError, TypeError, EOFError):
            pass
    second, more = _read_pieces(positions, shown, record_pieces(text, "concept", half), False)
    return first + second, findings + more


_SENT = 2000  # concepts in each record the helper sends back


def _second_read(text: str, positions: str, shown: str, half: int) -> list[bytes] | str | None:
    """In the helper: the concepts of ``text`` from offset ``half`` packed for ``marshal``, in records
    of ``_SENT``; "unsplit" when that half is not only records, None when it has findings."""
    try:
        concepts, findings = _read_pieces(positions, shown, record_pieces(text, "concept", half), False)
    except Unsplit:
        return "unsplit"
    if findings:
        return None
    return [marshal.dumps(packed(concepts[at : at + _SENT])) for at in range(0, len(concepts), _SENT)]


def _read_pieces(
    text: str, shown: str, pieces: Iterable[tuple[int, int, dict]], whole: bool = True
) -> tuple[list[Concept], list[Finding]]:
    """The concepts and findings of the ``pieces`` of ``text``; a part of a file (not ``whole``)
    must hold records only (Unsplit: another key must be read with the whole file)."""
    concepts: list[Concept] = []
    findings: list[Finding] = []
    others: set[str] = set()
    line, before = 1, 0
    for start, end, data in pieces:
        others.update(data.keys() - {"concept"})
        if others and not whole:
            raise Unsplit
        records = data.get("concept", [])
        if not isinstance(records, list):
            records = []
        line += text.count("\n", before, start)
        before = start
        blocks = _blocks(shown, text, len(records), start, end, line)
        for at, (raw, block) in enumerate(zip(records, blocks, strict=True)):
            try:
                concept = _read_concept(raw, block)
            except ValueError as exc:  # an integer too long to write in a message, and the like
                block.report("G103", f"a value of this record cannot be used: {exc}", block.locate(""))
                concept = None
            findings.extend(block.findings)
            if concept is not None:
                concepts.append(concept)
            records[at] = blocks[at] = None  # each record's data freed once read
    top = [
        Finding(
            shown,
            1,
            1,
            "G101",
            f"unknown top-level key '{key}'; a curated file holds only [[concept]] records",
            Severity.ERROR,
        )
        for key in sorted(others)
    ]
    return concepts, top + findings


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
                    write = partial(cache.put, key, path, cached)
                    if key[1] < TWO_CORES_FROM or not in_background(write):  # a large one: while we go on
                        write()
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
