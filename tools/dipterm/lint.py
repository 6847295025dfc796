"""The terminology linter: drafts (read by ``dipterm.formats``) checked against the glossary.

Every term search goes through the shared ``Matcher``; the terms are data from the glossary. Each
check is a small function yielding findings: per segment (deprecated, case, NFC, missing target
term) or per document (variants, tone placement, inconsistent translations). A unit is checked as
a translation when one side is English and the other Vietnamese; otherwise its English or
Vietnamese side alone is checked, and a note says so once per file.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from dipterm._fork import Helper, second_core
from dipterm._spill import SpillTable, digest
from dipterm.findings import DiptermError, Finding, select_findings
from dipterm.formats import Draft, Segment, Unit, read_draft
from dipterm.formats._units import SEGMENT_CAP
from dipterm.formats.text import read_pair
from dipterm.matcher import Match, Matcher
from dipterm.model import LANGUAGES, Glossary, Status
from dipterm.normalize import (
    is_nfc,
    is_vietnamese_syllable,
    loose_key,
    nfc,
    segment_key,
    segment_tone_words,
    to_tone_style,
    token_texts,
    tokens,
)
from dipterm.rules import RULES

_SUPPRESS = re.compile(r"dipterm:\s*ignore(-next-line)?(?:\[([A-Za-z0-9,\s]*)\])?")

_LINK = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+")


@dataclass(frozen=True)
class LintOptions:
    """What to read and which codes to keep (``source``/``target``: a parallel pair)."""

    lang: str | None = None
    fmt: str = "auto"
    source: str | None = None
    target: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    include_fuzzy: bool = False


class Terms:
    """The glossary as the linter needs it: one matcher and the terms of each reviewed concept (a
    ``proposed`` one is a candidate nobody has confirmed yet: drafts are not held to it)."""

    def __init__(self, glossary: Glossary) -> None:
        reviewed = [c for c in glossary if not c.proposed]
        self.matcher = Matcher((c.id, t) for c in reviewed for t in c.terms)
        self._concepts = {c.id: c for c in reviewed}

    def find(self, segment: Segment, *, every: bool = False) -> list[Match]:
        """Glossary terms in the segment's language, outside URLs and e-mail addresses: the longest
        ones as written, or ``every`` occurrence, nested ones included (``Matcher.find``)."""
        found = self.matcher.find(segment.text, segment.lang, every=every)
        if "://" not in segment.text and "www." not in segment.text and "@" not in segment.text:
            return found
        links = [m.span() for m in _LINK.finditer(segment.text)]
        return [m for m in found if not any(a <= m.start < b for a, b in links)]

    def accepted(self, concept: str, lang: str) -> tuple[str, ...]:
        """Preferred then admitted terms of ``concept`` in ``lang``."""
        found = self._concepts[concept]
        return tuple(
            t.text for t in (*found.terms_in(lang, Status.PREFERRED), *found.terms_in(lang, Status.ADMITTED))
        )


def _finding_at(
    path: str,
    line: int,
    column: int,
    code: str,
    message: str,
    *,
    concept: str | None = None,
    expected: Iterable[str] = (),
    found: str | None = None,
) -> Finding:
    return Finding(path, line, column, code, message, RULES[code].severity, concept, tuple(expected), found)


def _finding(path: str, segment: Segment, offset: int, code: str, message: str, **details: Any) -> Finding:
    """``_finding_at`` the place of ``offset`` into ``segment``."""
    return _finding_at(path, *segment.position(offset), code, message, **details)


def _quoted(terms: Iterable[str]) -> str:
    return ", ".join(f"'{t}'" for t in terms)


def check_nfc(path: str, segment: Segment) -> Iterator[Finding]:
    """T104: the first decomposed letter of a segment that is not in NFC."""
    if is_nfc(segment.text):
        return
    text = segment.text
    mark = next(
        (
            i
            for i, ch in enumerate(text)
            if unicodedata.combining(ch) and not is_nfc(text[max(i - 1, 0) : i + 1])
        ),
        0,
    )
    start = end = max(mark - 1, 0)
    while end < len(text) and (end == start or unicodedata.combining(text[end])):
        end += 1
    letter = nfc(text[start:end])
    yield _finding(
        path,
        segment,
        start,
        "T104",
        f"text is not in Unicode NFC (decomposed '{letter}'); save the file as NFC",
        found=letter,
    )


def _as_written(m: Match) -> bool:
    """False for a case-sensitive term met in another case ("apt" is not 'APT'): it is that term
    only for T103, which reports the case."""
    return not m.term.case_sensitive or m.case_matches()


def check_deprecated(
    path: str, segment: Segment, matches: list[Match], terms: Terms, code: str = "T101"
) -> Iterator[Finding]:
    """T101 (T202 in a translation): a term the glossary marks deprecated."""
    for m in matches:
        if m.candidates[0].term.status is Status.DEPRECATED and _as_written(m):
            expected = terms.accepted(m.concept, segment.lang)
            advice = f"; use {_quoted(expected)}" if expected else ""
            yield _finding(
                path,
                segment,
                m.start,
                code,
                f"deprecated term '{m.text}'{advice}",
                concept=m.concept,
                expected=expected,
                found=m.text,
            )


def _vietnamese_word(segment: Segment, m: Match) -> bool:
    """True when an acronym matched in a Vietnamese segment is written as a Vietnamese word: not all
    capitals, and spelt as Vietnamese syllables ("Ai Cập", "Eu-rô" are not 'AI', 'EU')."""
    return (
        segment.lang == "vi"
        and m.term.text.isupper()
        and not m.text.isupper()
        and all(is_vietnamese_syllable(w) for w in m.text.replace("-", " ").split())
    )


# common short English words that an acronym may spell (US, WHO, IT, AIDS)
_COMMON_WORDS = """
a am an as at be by do go he if in is it me my no of on or so to up us we aid aim air all and
any are arm art ask bad ban bar bed big bit box bus buy can car cut day did due ear eat end eye
fan far fee few fit fly for fun gas got gun had has hat her him his hit hot how ice ill its job
key law lay leg let lie lot low man map may men met mix net new nor not now off oil old one our
out own pay pen per pop put raw red rid row run saw say sea see set she sit six sum sun tax tea
ten the tie tip too top try two use via war was way web wet who why win yes yet you aids
"""
_ENGLISH_WORDS = frozenset(_COMMON_WORDS.split())


def _english_word(segment: Segment, m: Match) -> bool:
    """True when an acronym matched in an English segment is written as the common English word it
    spells ("us" and "who" are not 'US', 'WHO'; "Asean" is still 'ASEAN' miswritten)."""
    return segment.lang == "en" and m.term.text.isupper() and m.text.lower() in _ENGLISH_WORDS


def check_case(path: str, segment: Segment, matches: list[Match]) -> Iterator[Finding]:
    """T103: a case-sensitive term written in another case."""
    for m in matches:
        if (
            m.candidates[0].term.case_sensitive
            and not m.case_matches()
            and not _vietnamese_word(segment, m)
            and not _english_word(segment, m)
        ):
            yield _finding(
                path,
                segment,
                m.start,
                "T103",
                f"'{m.text}' should be written '{m.term.text}' (case-sensitive term)",
                concept=m.concept,
                expected=(m.term.text,),
                found=m.text,
            )


def _written_form(term: str) -> str:
    return loose_key(term).replace(" ", "")


def same_written_form(a: str, b: str) -> bool:
    """True when two terms are one word written two ways: case, diacritics, spacing or hyphens
    (Doi Moi / doi moi / Đổi Mới, Viet Nam / Vietnam) or a spelling variant at most two letters
    apart (defence / defense). Synonyms, glosses and acronym/expansion pairs are not."""
    x, y = _written_form(a), _written_form(b)
    if x == y:
        return True
    if min(len(x), len(y)) < 6 or abs(len(x) - len(y)) > 2:
        return False
    previous = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        current = [i]
        for j, cy in enumerate(y, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (cx != cy)))
        previous = current
    return previous[-1] <= 2


def written_otherwise(text: str, expected: Iterable[str]) -> tuple[str, str] | None:
    """(what ``text`` writes, the expected term) where ``text`` holds an expected term in another
    form than the matcher forgives: without its diacritics (``Lien hop quoc``) or spelt a letter or
    two apart (``Liên hiệp quốc``); None when it holds none."""
    spans = tokens(text)
    folded = [loose_key(text[a:b]) for a, b in spans]
    for term in expected:
        wanted = [loose_key(w) for w in token_texts(term)]
        size = len(wanted)
        for i in range(len(spans) - size + 1):
            surface = text[spans[i][0] : spans[i + size - 1][1]]
            if folded[i : i + size] == wanted or same_written_form(surface, term):
                return surface, term
    return None


def check_missing_target(
    path: str, unit: Unit, source_matches: list[Match], target_every: list[Match], terms: Terms
) -> Iterator[Finding]:
    """T201: a source term none of whose concept's target terms occurs in the translation, inside a
    longer term included (``target_every``: every occurrence); where one is written in another form,
    the finding says so."""
    present = {concept for m in target_every for concept in m.concepts}
    reported: set[str] = set()
    for m in source_matches:
        expected = terms.accepted(m.concept, unit.target.lang)
        if not expected or not _as_written(m) or present.intersection(m.concepts) or m.concept in reported:
            continue
        reported.add(m.concept)
        other = written_otherwise(unit.target.text, expected)
        if other:
            surface, term = other
            yield _finding(
                path,
                unit.target,
                unit.target.text.find(surface),
                "T201",
                f"'{m.text}' in the source is translated '{surface}', another form of the "
                f"glossary's '{term}' (diacritics or spelling); write '{term}'",
                concept=m.concept,
                expected=(term,),
                found=surface,
            )
            continue
        yield _finding(
            path,
            unit.target,
            0,
            "T201",
            f"'{m.text}' in the source has no glossary translation here; looked for {_quoted(expected)}",
            concept=m.concept,
            expected=expected,
            found=m.text,
        )


def _excerpt(text: str, size: int = 120) -> str:
    """``text``, cut at ``size`` characters with an ellipsis: what a table keeps to quote later."""
    return text if len(text) <= size else text[: size - 1] + "…"


TermUse = tuple[str, str, str, int, int]  # concept, its term's text, the text as written, line, column
ToneUse = tuple[str, str, int, int]  # tone style, word, line, column


def term_uses(segment: Segment, matches: list[Match]) -> list[TermUse]:
    """What the variant check (T102) needs of a segment's matches: each one's concept and term and
    its place, deprecated terms left out (T101 reports them)."""
    return [
        (m.candidates[0].concept, m.candidates[0].term.text, m.text, *segment.position(m.start))
        for m in matches
        if m.candidates[0].term.status is not Status.DEPRECATED
    ]


def tone_uses(segment: Segment) -> list[ToneUse]:
    """What the tone-placement check (T105) needs of a segment: its words that show a style."""
    if segment.lang != "vi":
        return []
    return [(style, word, *segment.position(at)) for at, word, style in segment_tone_words(segment.text)]


class DocumentChecks:
    """The whole-document checks, fed one segment or unit at a time. They keep only what later
    findings quote: the first form of each concept (T102), the first tone-styled word (T105), the
    first translation of each source (T203) and the concepts behind each target text (T204); the
    last two move to a temporary file when a document is large (``dipterm._spill``)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._forms: dict[str, tuple[str, int]] = {}
        self._tone: tuple[str, str, int] | None = None
        self._translations = SpillTable()  # source digest -> (target digest, excerpt, line)
        self._targets = SpillTable()  # target digest -> (concepts, line)
        self._concept_sets: dict[frozenset[str], frozenset[str]] = {}

    def close(self) -> None:
        """Drop the tables."""
        self._translations.close()
        self._targets.close()

    def variants(self, uses: list[TermUse]) -> Iterator[Finding]:
        """T102: a concept's term written in another form than its first use in the document."""
        for concept, text, surface, line, column in uses:
            first = self._forms.get(concept)
            if first is None:
                self._forms[concept] = (text, line)
                continue
            first_text, first_line = first
            if first_text != text and same_written_form(first_text, text):
                yield _finding_at(
                    self.path,
                    line,
                    column,
                    "T102",
                    f"'{surface}' is another variant of the term written '{first_text}' at line "
                    f"{first_line}; keep one variant per document",
                    concept=concept,
                    expected=(first_text,),
                    found=surface,
                )

    def tone_mix(self, uses: list[ToneUse]) -> Iterator[Finding]:
        """T105: words in the other tone-mark placement than the first styled word of the document."""
        for style, word, line, column in uses:
            if self._tone is None:
                self._tone = (style, word, line)
            elif style != self._tone[0]:
                first_style, first_word, first_line = self._tone
                wanted = to_tone_style(word, first_style)
                yield _finding_at(
                    self.path,
                    line,
                    column,
                    "T105",
                    f"'{word}' uses the {style} tone placement but '{first_word}' at line "
                    f"{first_line} uses the {first_style} one; write '{wanted}'",
                    expected=(wanted,),
                    found=word,
                )

    def translation(self, unit: Unit, concepts: frozenset[str]) -> Iterator[Finding]:
        """T203: the same source translated differently; T204: one target text used for sources
        that name different concepts. Texts are remembered by a digest of their ``match_key`` (and the
        first translation of each source by its first 120 characters), so the tables stay small."""
        target, key = unit.target, digest(segment_key(unit.target.text))
        first_key, first_text, first_line = self._translations.setdefault(
            digest(segment_key(unit.source.text)), (key, _excerpt(target.text), target.line)
        )
        if first_key != key:
            yield _finding(
                self.path,
                target,
                0,
                "T203",
                f"'{unit.source.text}' is translated '{target.text}' here but "
                f"'{first_text}' at line {first_line}",
                expected=(first_text,),
                found=target.text,
            )
        if not concepts:
            return
        concepts = self._concept_sets.setdefault(concepts, concepts)
        seen_concepts, seen_line = self._targets.setdefault(key, (concepts, target.line))
        if seen_concepts != concepts:
            yield _finding(
                self.path,
                target,
                0,
                "T204",
                f"'{target.text}' translates a source naming {', '.join(sorted(concepts))} "
                f"here but one naming {', '.join(sorted(seen_concepts))} at line {seen_line}",
                found=target.text,
            )


class _Suppressions:
    """Suppressed lines: line -> codes (None: every code), from comments in lines and unit notes."""

    def __init__(self) -> None:
        self.lines: dict[int, frozenset[str] | None] = {}

    def add_comments(self, lines: Iterable[tuple[int, str]]) -> None:
        """Directives in the file's own lines (``number``, ``text``)."""
        for number, text in lines:
            for m in _SUPPRESS.finditer(text):
                self.add(number + 1 if m.group(1) else number, m.group(2))

    def add(self, line: int, codes: str | None) -> None:
        """Silence ``codes`` (comma-separated; None: every code) on ``line``."""
        wanted = frozenset(c.strip().upper() for c in codes.split(",") if c.strip()) if codes else None
        old = self.lines.get(line, frozenset())
        self.lines[line] = None if wanted is None or old is None else old | wanted

    def add_note(self, unit: Unit) -> None:
        """Directives in a unit's note silence every line of its source and target."""
        if "dipterm:" not in unit.note:
            return
        for m in _SUPPRESS.finditer(unit.note):
            for segment in (unit.source, unit.target):
                for line in range(segment.line, segment.line + segment.text.count("\n") + 1):
                    self.add(line, m.group(2))

    def keep(self, findings: list[Finding]) -> list[Finding]:
        """Findings not silenced by ``dipterm: ignore[CODE]`` or ``dipterm: ignore-next-line``."""
        if not self.lines:
            return findings
        return [
            f
            for f in findings
            if (codes := self.lines.get(f.line, frozenset())) is not None and f.code not in codes
        ]


_NAMES = {"en": "English", "vi": "Vietnamese"}


def _side_note(side: str, lang: str, wanted: str, checked: str | None) -> str:
    written = f"'{lang}'" if lang else "not declared and its text does not read as " + _NAMES[wanted]
    verb = "is" if lang else ""
    what = f"only the {_NAMES[checked]} side was checked" if checked else "nothing was checked"
    return (
        f"{side} language {written}{' ' + verb if verb else ''}"
        + (f" not {_NAMES[wanted]} ({wanted})" if lang else "")
        + f"; {what}"
    )


def draft_notes(draft: Draft, unchecked: Counter[tuple[str, str]]) -> list[str]:
    """What a reader of the report must know about one file: sides that were not checked (with the
    languages a multilingual file holds) and units left out."""
    notes = []
    for source, target in sorted(unchecked):
        checked = source if source in LANGUAGES else target if target in LANGUAGES else None
        if source in LANGUAGES:
            notes.append(_side_note("target", target, "vi" if source == "en" else "en", checked))
        elif target in LANGUAGES:
            notes.append(_side_note("source", source, "en" if target == "vi" else "vi", checked))
        else:
            notes.append(
                f"languages '{source or '?'}' and '{target or '?'}': neither side is English or "
                "Vietnamese; nothing was checked"
            )
    if notes and len(draft.tally.languages) > 2:
        notes[-1] += f" (languages found: {', '.join(sorted(draft.tally.languages))})"
    skipped = draft.tally.skipped
    if skipped["fuzzy"] or skipped["obsolete"]:
        parts = [f"{skipped[k]} {k}" for k in ("fuzzy", "obsolete") if skipped[k]]
        hint = " (--include-fuzzy checks the fuzzy ones)" if skipped["fuzzy"] else ""
        notes.append(f"{' and '.join(parts)} entries not checked{hint}")
    return [f"{draft.path}: {note}" for note in notes]


SegmentResult = tuple[list[Finding], list[TermUse], list[ToneUse]]


def segment_checks(path: str, segment: Segment, terms: Terms) -> SegmentResult:
    """The findings of the checks of one segment that need nothing else (T101, T103, T104) and
    what the document checks need of it (``DocumentChecks.variants``, ``tone_mix``)."""
    matches = terms.find(segment)
    found = [
        *check_nfc(path, segment),
        *check_deprecated(path, segment, matches, terms),
        *check_case(path, segment, matches),
    ]
    return found, term_uses(segment, matches), tone_uses(segment)


def _run_checks(path: str, terms: Terms, run: list[Segment]) -> list[SegmentResult]:
    return [segment_checks(path, segment, terms) for segment in run]


TWO_CORES_FROM = 1 << 18  # characters of a draft's segments after which a second core helps
_RUN = 1 << 17  # characters of segments in one job


class _Segments:
    """A draft's segments, checked in order. After ``TWO_CORES_FROM`` characters, where a second
    core may be used (``_fork.second_core``), they are checked in runs, every other one by a forked
    helper (``_fork.Helper``) while this process checks the next; the document checks take every
    run's results in order, so the findings are those of one process, in the same order. The
    helper has one run at a time: neither process can wait on the other's full pipe."""

    def __init__(self, path: str, terms: Terms, document: DocumentChecks) -> None:
        self.path, self.terms, self.document = path, terms, document
        self.seen = 0
        self.run: list[Segment] = []
        self.run_size = 0
        self.waiting: deque[list] = deque()  # [run, its results, or None while the helper has it]
        self.helper: Helper | None = None
        self.runs = 0
        self.in_runs = False

    def add(self, segment: Segment) -> list[Finding]:
        """The findings settled once ``segment`` is added (those of earlier ones too, in order)."""
        if not self.in_runs:
            self.seen += len(segment.text)
            self.in_runs = self.seen >= TWO_CORES_FROM and self._second_core
            if not self.in_runs:
                return self._settled([segment_checks(self.path, segment, self.terms)])
        self.run.append(segment)
        self.run_size += len(segment.text)
        if self.run_size < _RUN:
            return []
        self._dispatch()
        return self._ready()

    @cached_property
    def _second_core(self) -> bool:
        return second_core()

    def drain(self) -> list[Finding]:
        """The findings of every segment added and not yet settled."""
        if self.run:
            self._dispatch()
        self._answered()
        return self._ready()

    def close(self) -> None:
        """End the helper, if one was started."""
        if self.helper is not None:
            self.helper.close()
            self.helper = None

    def _dispatch(self) -> None:
        run, self.run, self.run_size = self.run, [], 0
        if self.runs % 2:
            self.waiting.append([run, _run_checks(self.path, self.terms, run)])
        else:
            self._answered()
            if self.helper is None:
                self.helper = Helper(partial(_run_checks, self.path, self.terms))
            self.helper.send(run)
            self.waiting.append([run, None])
        self.runs += 1

    def _answered(self) -> None:
        """The results of the run the helper has, received (checked here if it failed)."""
        for entry in self.waiting:
            if entry[1] is None:
                with contextlib.suppress(RuntimeError):  # the helper failed: its run is checked here
                    entry[1] = self.helper.receive() if self.helper is not None else None
                if entry[1] is None:
                    entry[1] = _run_checks(self.path, self.terms, entry[0])

    def _ready(self) -> list[Finding]:
        """The findings of the runs at the head of the queue whose results are in, in order."""
        found: list[Finding] = []
        while self.waiting and self.waiting[0][1] is not None:
            found += self._settled(self.waiting.popleft()[1])
        return found

    def _settled(self, results: list[SegmentResult]) -> list[Finding]:
        document, found = self.document, []
        for own, uses, tones in results:
            found += [*own, *document.variants(uses), *document.tone_mix(tones)]
        return found


def lint_draft(draft: Draft, terms: Terms, notes: list[str] | None = None) -> list[Finding]:
    """Every finding in one draft not silenced by a suppression comment. The draft is streamed: per
    segment and per unit checks run at once, document checks keep compact state (``DocumentChecks``).
    What the report's reader must know about the file (``draft_notes``) is added to ``notes``."""
    path = draft.path
    findings: list[Finding] = []
    document = DocumentChecks(path)
    segments = _Segments(path, terms, document)
    suppressions = _Suppressions()
    unchecked: Counter[tuple[str, str]] = Counter()
    long_units = 0
    try:
        for item in draft.stream():
            if isinstance(item, Segment):
                if item.lang in LANGUAGES:
                    for piece in item.pieces():
                        findings += segments.add(piece)
                else:
                    unchecked[(item.lang, item.lang)] += 1
                continue
            findings += segments.drain()  # a unit's document checks come after the segments'
            suppressions.add_note(item)
            too_long = max(len(item.source.text), len(item.target.text)) > SEGMENT_CAP
            if {item.source.lang, item.target.lang} != set(LANGUAGES) or too_long:
                unchecked[(item.source.lang, item.target.lang)] += not too_long
                long_units += too_long
                for side in (item.source, item.target):
                    if side.lang in LANGUAGES:
                        for piece in side.pieces():
                            findings += segments.add(piece)
                findings += segments.drain()
                continue
            source_matches = terms.find(item.source)
            target_every = terms.find(item.target, every=True)
            target_matches = Matcher.longest(target_every)
            findings += [
                *check_nfc(path, item.source),
                *check_nfc(path, item.target),
                *check_deprecated(path, item.target, target_matches, terms, "T202"),
                *check_case(path, item.target, target_matches),
                *check_missing_target(path, item, source_matches, target_every, terms),
                *document.variants(term_uses(item.target, target_matches)),
                *document.tone_mix(tone_uses(item.target)),
                *document.translation(item, frozenset(m.concept for m in source_matches)),
            ]
        findings += segments.drain()
    finally:
        segments.close()
        document.close()
    if notes is not None:
        notes += draft_notes(draft, +unchecked)
        if long_units:
            notes.append(
                f"{path}: {long_units} unit(s) over {SEGMENT_CAP:,} characters: each side checked "
                "on its own, not as a translation"
            )
    suppressions.add_comments(draft.lines.directives())
    return suppressions.keep(findings)


@dataclass
class LintResult:
    """Findings (selected), input errors, and notes on what was not checked."""

    findings: list[Finding]
    errors: list[DiptermError]
    notes: list[str]


def lint_paths(paths: Iterable[str], glossary: Glossary, options: LintOptions = LintOptions()) -> LintResult:
    """Lint drafts (and the ``source``/``target`` pair, if set); unreadable ones become errors."""
    terms = Terms(glossary)
    result = LintResult([], [], [])
    jobs: list[tuple[Callable[..., Draft], tuple[str | None, ...]]] = [
        (
            partial(read_draft, lazy=True, include_fuzzy=options.include_fuzzy),
            (path, options.fmt, options.lang),
        )
        for path in paths
    ]
    if options.source and options.target:
        jobs.append((read_pair, (options.source, options.target)))
    for reader, args in jobs:
        try:
            result.findings += lint_draft(reader(*args), terms, result.notes)
        except DiptermError as exc:
            result.errors.append(exc)
    result.findings = select_findings(result.findings, options.select, options.ignore)
    return result
