"""Turn what a file holds (units of a bilingual file, entries of a termbase) into concepts for the
curated glossary: the one place where ids, languages, statuses, house style and the loader's own
record checks are applied, whatever the format.

* ids: a dipterm export's concept ids are kept; any other id (``eid-Oracle-67``, ``Concept_7``) or
  none becomes a kebab-case id made from it or from the English term;
* languages: English and Vietnamese terms are taken, others counted; a file with no Vietnamese (or
  no English) is refused;
* units: one concept per distinct English source (and msgctxt); a second translation is admitted;
* house style: NFC, single spaces, the glossary's tone placement and quote style;
* every record is read back through the loader (``glossary.read_records``) and checked as
  ``dipterm check`` checks it; what would not pass is skipped and counted by reason.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from dipterm._fork import Helper, second_core
from dipterm._spill import SpillStore, SpillTable, digest
from dipterm.config import Config
from dipterm.findings import DiptermError, Finding
from dipterm.formats import FORMATS, READABLE, Entry, TermRecord, Unit, read_draft
from dipterm.glossary import ID_PATTERN, read_records, toml_record
from dipterm.model import LANGUAGES, Concept, Glossary, SourceRef, Status, Term
from dipterm.normalize import fold_diacritics, match_key, nfc, to_tone_style
from dipterm.rules import RULES
from dipterm.validate import check_identity, check_sources, check_text

_SPACES = re.compile(r"\s+")
_STRAIGHT = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")
_LANG_NAMES = {"en": "English", "vi": "Vietnamese"}
# What neither cp1252 nor latin-1 writes: text holding one was not decoded through them (ệ, ư, đ).
_NOT_8BIT = re.compile(
    "[^\x00-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def slug(text: str) -> str:
    """A kebab-case concept id made from a term or a foreign id: ``Đối tác Chiến lược`` ->
    ``doi-tac-chien-luoc``, ``Concept_7`` -> ``concept-7``."""
    return re.sub(r"[^a-z0-9]+", "-", fold_diacritics(text).lower()).strip("-")[:80].strip("-") or "concept"


def mojibake(text: str) -> str | None:
    """The 8-bit encoding through which UTF-8 ``text`` was wrongly decoded (``Ä‘á»‘i`` for ``đối``),
    or None when the text does not read as such mojibake."""
    if text.isascii() or _NOT_8BIT.search(text):  # a character neither 8-bit codec has
        return None
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != text:
            return codec
    return None


@dataclass
class Intake:
    """What reading a file gave besides its concepts: the languages met (terms per language) and
    what was left out, by reason."""

    languages: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass
class _Draft:
    """A concept being assembled from one or more units or entries."""

    id: str
    subject: str | None = None
    note: str | None = None
    sources: list[str] = field(default_factory=list)  # seed lines and page URLs, as the file gives them
    terms: dict[tuple[str, str], TermRecord] = field(default_factory=dict)

    def add(self, term: TermRecord, where: str, demote: bool = False) -> None:
        """Add a term unless this concept already has its text in its language; ``demote``: a second
        preferred term of a language becomes admitted (another translation of one source)."""
        text = nfc(term.text.strip())
        codec = mojibake(text)
        if codec:
            raise DiptermError(
                f"term {text!r} looks like UTF-8 text decoded as {codec} (mojibake); fix the "
                "file's declared encoding and try again",
                where,
                term.line,
            )
        if not text or (term.lang, text) in self.terms:
            return
        if (
            demote
            and term.status is Status.PREFERRED
            and any(t.lang == term.lang and t.status is Status.PREFERRED for t in self.terms.values())
        ):
            term = replace(term, status=Status.ADMITTED)
        self.terms[(term.lang, text)] = TermRecord(
            text, term.lang, term.status, term.pos, term.note, term.line
        )


class HouseStyle:
    """Writes a text in the glossary's house style (what check's G301-G304 ask for)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._done: dict[str, str] = {}  # texts styled so far (subjects, parts of speech repeat)

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return None
        done = self._done.get(text)
        if done is None:
            if len(self._done) >= 65536:
                self._done.clear()
            done = self._done[text] = self._style(text)
        return done

    def _style(self, text: str) -> str:
        text = _SPACES.sub(" ", nfc(text)).strip()
        if not text.isascii():  # an ASCII text has no tone mark to move
            text = to_tone_style(text, self.config.tone_style)
        if self.config.quote_style == "straight":
            return text.translate(_STRAIGHT)
        parts = text.replace("'", "\u2019").split('"')  # quotes open and close in turn
        return (
            "".join(p + ("\u201c" if i % 2 == 0 else "\u201d") for i, p in enumerate(parts[:-1])) + parts[-1]
        )


def concept_id(written: str, fallback: str) -> str:
    """The id of an incoming concept: the file's own when it is a dipterm id (a TBX ``_`` before a
    leading digit removed), else one made from it or, with none, from ``fallback``."""
    own = written.strip().removeprefix("_")
    return own if ID_PATTERN.match(own) else slug(written or fallback)


class _Assembly:
    """Concepts assembled by id in bounded memory, with fresh ids for texts that share a slug."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.drafts: SpillStore[_Draft] = SpillStore(_Draft)
        self._owners = SpillTable()  # digest of what a concept was made from -> its id

    def draft(self, made_from: str, wanted: str) -> _Draft:
        """The draft of the concept made from ``made_from`` (a foreign id, a source text), created
        with id ``wanted`` (or ``wanted-2``, ``wanted-3`` ... when another concept has it)."""
        key = digest(made_from)
        cid = self._owners.get(key)
        if cid is None:
            cid, n = wanted, 1
            while cid in self.drafts:
                n += 1
                cid = f"{wanted}-{n}"
            self._owners.setdefault(key, cid)
        return self.drafts.get(cid)

    def close(self) -> None:
        self._owners.close()


def _unit_terms(unit: Unit) -> list[TermRecord]:
    """The English and Vietnamese terms of a unit, with dipterm's own properties' statuses."""
    props = dict(unit.props)
    en_status = Status.parse(props.get("status", "")) or Status.PREFERRED
    terms = []
    for segment in (unit.source, unit.target):
        status = en_status if segment.lang == "en" else Status.PREFERRED
        terms.append(TermRecord(segment.text, segment.lang, status, line=segment.line))
    for key, value in unit.props:
        kind, _, lang = key.partition(":")
        if lang and Status.parse(kind):
            terms.append(TermRecord(value, lang, Status.parse(kind), line=unit.target.line))
    return terms


def _from_units(fmt: str, path: Path, assembly: _Assembly, intake: Intake, include_fuzzy: bool) -> None:
    draft_file = read_draft(str(path), fmt, lazy=True, include_fuzzy=include_fuzzy)
    for unit in draft_file.stream():
        assert isinstance(unit, Unit)
        source = unit.source.text.strip()
        made_from = f"concept\0{unit.concept}" if unit.concept else f"{source}\0{unit.key}"
        wanted = unit.concept or concept_id("", source)
        draft = assembly.draft(made_from, wanted)
        for term in _unit_terms(unit):
            draft.add(term, assembly.shown, demote=not unit.concept)
            intake.languages[term.lang or "undeclared"] += bool(term.text.strip())
        props = dict(unit.props)
        draft.subject = draft.subject or props.get("subject")
        draft.note = draft.note or props.get("definition")
        draft.sources += [
            value
            for key, value in unit.props
            if key in ("source", "reference") and value not in draft.sources
        ]
    intake.skipped.update(draft_file.tally.skipped)
    intake.languages.update({lang: 0 for lang in draft_file.tally.languages if lang})


def _from_entries(entries: Iterable[Entry], assembly: _Assembly, intake: Intake) -> None:
    for entry in entries:
        english = next((t.text for t in entry.terms if t.lang == "en"), "")
        draft = assembly.draft(
            f"id\0{entry.id}" if entry.id else f"term\0{english}", concept_id(entry.id, english)
        )
        for term in entry.terms:
            draft.add(term, assembly.shown)
            intake.languages[term.lang or "undeclared"] += bool(term.text.strip())
        draft.subject = draft.subject or entry.subject
        draft.note = draft.note or entry.note
        draft.sources += [s for s in entry.sources if s not in draft.sources]


def _concept(draft: _Draft, style: HouseStyle, intake: Intake) -> Concept | None:
    """The finished concept in house style, or None (counted) when it lacks a language."""
    terms, seen = [], set()
    for term in draft.terms.values():
        text = style(term.text) if term.lang in LANGUAGES else None
        key = (term.lang, match_key(text, case_sensitive=True)) if text else None
        if key and key not in seen:  # "back-end" after "back end" is the same term (check's G204)
            seen.add(key)
            terms.append(
                Term(
                    text,
                    term.lang,
                    term.status,
                    style(term.pos),
                    inflect=term.lang == "en",
                    note=style(term.note),
                )
            )
    for lang in LANGUAGES:
        if not any(t.lang == lang for t in terms):
            intake.skipped[f"no {_LANG_NAMES[lang]} term"] += 1
            return None
        if not any(t.lang == lang and t.status is Status.PREFERRED for t in terms):
            first = (
                next(i for i, t in enumerate(terms) if t.lang == lang and t.status is Status.ADMITTED)
                if any(t.lang == lang and t.status is Status.ADMITTED for t in terms)
                else None
            )
            if first is None:
                intake.skipped[f"no preferred or admitted {_LANG_NAMES[lang]} term"] += 1
                return None
            terms[first] = replace(terms[first], status=Status.PREFERRED)
    sources, references = [], []
    for written in (w.strip() for w in draft.sources):
        if re.match(r"^https?://\S+$", written):
            references.append(written)
            continue
        try:
            sources.append(SourceRef.parse(written))
        except ValueError:
            intake.skipped["source reference not of the form seeds/FILE:LINE (dropped)"] += 1
    return Concept(
        draft.id,
        tuple(terms),
        style(draft.subject),
        style(draft.note),
        tuple(sources),
        references=tuple(dict.fromkeys(references)),
    )


_BATCH = 500  # records read back through the loader at once


def checked(concept: Concept, root: str, config: Config, shown: str, intake: Intake) -> Concept | None:
    """``concept`` as ``dipterm check`` would accept it (see ``checked_all``), or None (counted)."""
    return next(iter(checked_all([concept], root, config, shown, intake)), None)


def checked_all(
    concepts: Iterable[Concept], root: str, config: Config, shown: str, intake: Intake
) -> Iterator[Concept]:
    """The ``concepts`` that ``dipterm check`` would accept, in order: each read back through the
    loader (in batches: one parse for many records), its source references kept only where they
    resolve in the project at ``root``; the others left out, counted by their first finding's code.
    From the third batch on, where a second core may be used, three batches in four are read back
    by a forked helper while the next are made (``_fork.Helper``)."""
    helper: Helper | None = None
    waiting: deque[tuple[list[Concept], list[str | None] | None]] = deque()
    try:
        for n, batch in enumerate(_batches(concepts, root, intake)):
            job = ([toml_record(c) for c in batch], [c.id for c in batch])
            if n == 2 and second_core():
                helper = Helper(partial(_verdicts, config=config, shown=shown))
            if helper is not None and n % 4:
                helper.send(job)
                waiting.append((batch, None))
            else:
                waiting.append((batch, _verdicts(job, config, shown)))
            while waiting and (waiting[0][1] is not None or len(waiting) > _IN_FLIGHT):
                yield from _passed(*waiting.popleft(), helper, intake)
        while waiting:
            yield from _passed(*waiting.popleft(), helper, intake)
    finally:
        if helper is not None:
            helper.close()


_IN_FLIGHT = 4  # batches made ahead of the oldest one the helper has not answered yet


def _batches(concepts: Iterable[Concept], root: str, intake: Intake) -> Iterator[list[Concept]]:
    """``concepts`` in batches of ``_BATCH``, each without the source references that do not
    resolve in the project at ``root`` (counted)."""
    batch: list[Concept] = []
    for concept in concepts:
        if concept.sources:
            bad = {f.message for f in check_sources(Glossary([concept], root=root))}
            if bad:
                intake.skipped["source reference not found in this project (dropped)"] += len(concept.sources)
                concept = replace(concept, sources=())
        batch.append(concept)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _passed(
    batch: list[Concept], verdicts: list[str | None] | None, helper: Helper | None, intake: Intake
) -> Iterator[Concept]:
    """The concepts of ``batch`` whose verdict (the helper's when None) is to keep them."""
    if verdicts is None and helper is not None:
        verdicts = helper.receive()
    for concept, reason in zip(batch, verdicts or (), strict=True):
        if reason is None:
            yield concept
        else:
            intake.skipped[f"would not pass 'dipterm check' ({reason})"] += 1


def _verdicts(job: tuple[list[str], list[str]], config: Config, shown: str) -> list[str | None]:
    """For each record of a batch (its TOML text, its concept id): None when it reads back as one
    concept that passes the checks, else why not (its first finding's code and name)."""
    records, ids = job
    back, findings = read_records("\n".join(records), shown)
    if len(records) > 1 and (len(set(ids)) != len(ids) or any(f.concept not in ids for f in findings)):
        # a finding that names no record of the batch: find the record by reading each alone
        return [
            _verdicts(([record], [cid]), config, shown)[0] for record, cid in zip(records, ids, strict=True)
        ]
    found: dict[str, list[Finding]] = {}
    for finding in findings:  # alone, a record's findings are its own whatever they name
        found.setdefault(finding.concept if len(records) > 1 else ids[0], []).append(finding)
    read = {c.id: c for c in back} if len(back) <= len(records) else {}
    verdicts: list[str | None] = []
    for cid in ids:
        own, again = found.get(cid, []), read.get(cid)
        if again is not None and not own:
            alone = Glossary([again])
            own = [*check_identity(alone), *check_text(alone, config)]
        if own:
            verdicts.append(f"{own[0].code} {RULES[own[0].code].name}")
        else:
            verdicts.append(None if again is not None else "does not read back")
    return verdicts


def read_concepts(
    fmt: str, path: str | Path, root: str, config: Config, *, include_fuzzy: bool = False
) -> tuple[Iterator[Concept], Intake]:
    """The concepts of the file at ``path`` in format ``fmt``, each valid as a curated record, in id
    order; the ``Intake`` is complete once they have all been read. DiptermError when the file cannot
    be read or holds no Vietnamese or no English terms (raised before the first concept)."""
    if fmt not in READABLE:
        raise DiptermError(f"cannot import {fmt!r}; importable formats: {', '.join(READABLE)}")
    path, found = Path(path), FORMATS[fmt]
    shown, intake = str(path), Intake()
    assembly = _Assembly(shown)
    try:
        if found.entries is not None:
            _from_entries(found.entries(path), assembly, intake)
        else:
            _from_units(fmt, path, assembly, intake, include_fuzzy)
    finally:
        assembly.close()
    for lang in ("vi", "en"):
        if not intake.languages[lang]:
            found = ", ".join(sorted(intake.languages)) or "none"
            raise DiptermError(
                f"no {_LANG_NAMES[lang]} ({lang}) terms; languages found: {found}; nothing imported", shown, 1
            )
    return _finish(assembly, HouseStyle(config), intake, root, config, shown), intake


def _finish(
    assembly: _Assembly, style: HouseStyle, intake: Intake, root: str, config: Config, shown: str
) -> Iterator[Concept]:
    """The assembled concepts, finished and checked, in id order."""
    made = (_concept(draft, style, intake) for draft in assembly.drafts.values())
    yield from checked_all((c for c in made if c is not None), root, config, shown, intake)
