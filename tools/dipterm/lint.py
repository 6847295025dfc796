"""The terminology linter: drafts (read by ``dipterm.readers``) checked against the glossary.

Every term search goes through the shared ``Matcher``; the terms are data from the glossary. Each
check is a small function yielding findings: per segment (deprecated, case, NFC, missing target
term) or per document (variants, tone placement, inconsistent translations).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from dipterm.findings import DiptermError, Finding, select_findings
from dipterm.glossary import gc_paused
from dipterm.matcher import Match, Matcher
from dipterm.model import Glossary, Status
from dipterm.normalize import is_nfc, loose_key, match_key, nfc, to_tone_style, tone_styled_words
from dipterm.readers import Draft, Segment, Unit, read_draft
from dipterm.readers.parallel import read_pair
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


class Terms:
    """The glossary as the linter needs it: one matcher and the terms of each concept."""

    def __init__(self, glossary: Glossary) -> None:
        self.matcher = Matcher.from_glossary(glossary)
        self._concepts = {c.id: c for c in glossary}

    def find(self, segment: Segment) -> list[Match]:
        """Glossary terms in the segment's language, outside URLs and e-mail addresses."""
        found = self.matcher.find(segment.text, segment.lang)
        if "://" not in segment.text and "www." not in segment.text and "@" not in segment.text:
            return found
        links = [m.span() for m in _LINK.finditer(segment.text)]
        return [m for m in found if not any(a <= m.start < b for a, b in links)]

    def accepted(self, concept: str, lang: str) -> tuple[str, ...]:
        """Preferred then admitted terms of ``concept`` in ``lang``."""
        found = self._concepts[concept]
        return tuple(t.text for t in (*found.terms_in(lang, Status.PREFERRED),
                                      *found.terms_in(lang, Status.ADMITTED)))


def _finding(path: str, segment: Segment, offset: int, code: str, message: str, *,
             concept: str | None = None, expected: Iterable[str] = (), found: str | None = None) -> Finding:
    line, column = segment.position(offset)
    return Finding(path, line, column, code, message, RULES[code].severity, concept, tuple(expected), found)


def _quoted(terms: Iterable[str]) -> str:
    return ", ".join(f"'{t}'" for t in terms)


def check_nfc(path: str, segment: Segment) -> Iterator[Finding]:
    """T104: the first decomposed letter of a segment that is not in NFC."""
    if is_nfc(segment.text):
        return
    text = segment.text
    mark = next((i for i, ch in enumerate(text)
                 if unicodedata.combining(ch) and not is_nfc(text[max(i - 1, 0):i + 1])), 0)
    start = end = max(mark - 1, 0)
    while end < len(text) and (end == start or unicodedata.combining(text[end])):
        end += 1
    letter = nfc(text[start:end])
    yield _finding(path, segment, start, "T104",
                   f"text is not in Unicode NFC (decomposed '{letter}'); save the file as NFC", found=letter)


def check_deprecated(path: str, segment: Segment, matches: list[Match], terms: Terms,
                     code: str = "T101") -> Iterator[Finding]:
    """T101 (T202 in a translation): a term the glossary marks deprecated."""
    for m in matches:
        if m.candidates[0].term.status is Status.DEPRECATED:
            expected = terms.accepted(m.concept, segment.lang)
            advice = f"; use {_quoted(expected)}" if expected else ""
            yield _finding(path, segment, m.start, code, f"deprecated term '{m.text}'{advice}",
                           concept=m.concept, expected=expected, found=m.text)


def check_case(path: str, segment: Segment, matches: list[Match]) -> Iterator[Finding]:
    """T103: a case-sensitive term written in another case."""
    for m in matches:
        if m.candidates[0].term.case_sensitive and not m.case_matches():
            yield _finding(path, segment, m.start, "T103",
                           f"'{m.text}' should be written '{m.term.text}' (case-sensitive term)",
                           concept=m.concept, expected=(m.term.text,), found=m.text)


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


def check_variants(path: str, located: Iterable[tuple[Segment, Match]]) -> Iterator[Finding]:
    """T102: a concept's term written in another form than its first use in the document."""
    first: dict[str, tuple[str, Segment, int]] = {}
    for segment, m in located:
        best = m.candidates[0]
        if best.term.status is Status.DEPRECATED:
            continue
        text, where, offset = first.setdefault(best.concept, (best.term.text, segment, m.start))
        if text != best.term.text and same_written_form(text, best.term.text):
            yield _finding(path, segment, m.start, "T102",
                           f"'{m.text}' is another variant of the term written '{text}' at line "
                           f"{where.position(offset)[0]}; keep one variant per document",
                           concept=best.concept, expected=(text,), found=m.text)


def check_tone_mix(path: str, segments: Iterable[Segment]) -> Iterator[Finding]:
    """T105: words in the other tone-mark placement than the first styled word of the document."""
    first: tuple[str, str, int] | None = None
    for segment in segments:
        if segment.lang != "vi":
            continue
        for offset, word, style in tone_styled_words(segment.text):
            if first is None:
                first = (style, word, segment.position(offset)[0])
            elif style != first[0]:
                wanted = to_tone_style(word, first[0])
                yield _finding(path, segment, offset, "T105",
                               f"'{word}' uses the {style} tone placement but '{first[1]}' at line "
                               f"{first[2]} uses the {first[0]} one; write '{wanted}'",
                               expected=(wanted,), found=word)


def check_missing_target(path: str, unit: Unit, source_matches: list[Match],
                         target_matches: list[Match], terms: Terms) -> Iterator[Finding]:
    """T201: a source term none of whose concept's target terms appears in the translation."""
    present = {concept for m in target_matches for concept in m.concepts}
    reported: set[str] = set()
    for m in source_matches:
        expected = terms.accepted(m.concept, unit.target.lang)
        if not expected or m.concept in present or m.concept in reported:
            continue
        reported.add(m.concept)
        yield _finding(path, unit.target, 0, "T201",
                       f"'{m.text}' in the source has no glossary translation here; expected "
                       f"{_quoted(expected)}", concept=m.concept, expected=expected, found=m.text)


def check_inconsistent_translation(path: str, units: Iterable[Unit]) -> Iterator[Finding]:
    """T203: the same source segment translated differently within one file."""
    first: dict[str, Unit] = {}
    for unit in units:
        seen = first.setdefault(match_key(unit.source.text), unit)
        if match_key(seen.target.text) != match_key(unit.target.text):
            yield _finding(path, unit.target, 0, "T203",
                           f"'{unit.source.text}' is translated '{unit.target.text}' here but "
                           f"'{seen.target.text}' at line {seen.target.line}",
                           expected=(seen.target.text,), found=unit.target.text)


def check_target_concepts(path: str, units: Iterable[tuple[Unit, frozenset[str]]]) -> Iterator[Finding]:
    """T204: one target text used for sources that name different concepts."""
    first: dict[str, tuple[Unit, frozenset[str]]] = {}
    for unit, concepts in units:
        if not concepts:
            continue
        seen, seen_concepts = first.setdefault(match_key(unit.target.text), (unit, concepts))
        if seen_concepts != concepts:
            yield _finding(path, unit.target, 0, "T204",
                           f"'{unit.target.text}' translates a source naming {', '.join(sorted(concepts))} "
                           f"here but one naming {', '.join(sorted(seen_concepts))} at line "
                           f"{seen.target.line}", found=unit.target.text)


def lint_draft(draft: Draft, terms: Terms) -> list[Finding]:
    """Every finding in one draft, before suppression and selection."""
    path = draft.path
    findings: list[Finding] = []
    located: list[tuple[Segment, Match]] = []
    for segment in draft.segments:
        matches = terms.find(segment)
        findings += [*check_nfc(path, segment), *check_deprecated(path, segment, matches, terms),
                     *check_case(path, segment, matches)]
        located += [(segment, m) for m in matches]
    keyed: list[tuple[Unit, frozenset[str]]] = []
    for unit in draft.units:
        source_matches, target_matches = terms.find(unit.source), terms.find(unit.target)
        findings += [*check_nfc(path, unit.source), *check_nfc(path, unit.target),
                     *check_deprecated(path, unit.target, target_matches, terms, "T202"),
                     *check_case(path, unit.target, target_matches),
                     *check_missing_target(path, unit, source_matches, target_matches, terms)]
        located += [(unit.target, m) for m in target_matches]
        keyed.append((unit, frozenset(m.concept for m in source_matches)))
    findings += check_variants(path, located)
    findings += check_tone_mix(path, [*draft.segments, *(u.target for u in draft.units)])
    findings += check_inconsistent_translation(path, draft.units)
    findings += check_target_concepts(path, keyed)
    return unsuppressed(draft, findings)


def _directives(draft: Draft) -> dict[int, frozenset[str] | None]:
    """Suppressed lines: line -> codes (None: every code), from comments in lines and unit notes."""
    suppressed: dict[int, frozenset[str] | None] = {}

    def add(line: int, codes: str | None) -> None:
        wanted = frozenset(c.strip().upper() for c in codes.split(",") if c.strip()) if codes else None
        old = suppressed.get(line, frozenset())
        suppressed[line] = None if wanted is None or old is None else old | wanted

    for number, text in enumerate(draft.lines, start=1):
        if "dipterm:" in text:
            for m in _SUPPRESS.finditer(text):
                add(number + 1 if m.group(1) else number, m.group(2))
    for unit in draft.units:
        for m in _SUPPRESS.finditer(unit.note):
            for segment in (unit.source, unit.target):
                for line in range(segment.line, segment.line + segment.text.count("\n") + 1):
                    add(line, m.group(2))
    return suppressed


def unsuppressed(draft: Draft, findings: list[Finding]) -> list[Finding]:
    """Findings not silenced by ``dipterm: ignore[CODE]`` or ``dipterm: ignore-next-line``."""
    suppressed = _directives(draft)
    if not suppressed:
        return findings
    return [f for f in findings if f.line not in suppressed
            or (suppressed[f.line] is not None and f.code not in suppressed[f.line])]


def lint_paths(paths: Iterable[str], glossary: Glossary,
               options: LintOptions = LintOptions()) -> tuple[list[Finding], list[DiptermError]]:
    """Lint drafts (and the ``source``/``target`` pair, if set); unreadable ones become errors."""
    terms = Terms(glossary)
    findings: list[Finding] = []
    errors: list[DiptermError] = []
    jobs: list[tuple[Callable[..., Draft], tuple[str | None, ...]]] = [
        (read_draft, (path, options.fmt, options.lang)) for path in paths]
    if options.source and options.target:
        jobs.append((read_pair, (options.source, options.target)))
    for reader, args in jobs:
        try:
            draft = reader(*args)
        except DiptermError as exc:
            errors.append(exc)
            continue
        with gc_paused():
            findings += lint_draft(draft, terms)
    return select_findings(findings, options.select, options.ignore), errors
