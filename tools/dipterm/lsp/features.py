"""What the language server computes for one document, in code points: findings of the lint engine
with their ranges, the concept under a position (hover), quick fixes and completions. The server
module turns these into protocol messages."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from dipterm._chars import escape
from dipterm.findings import DiptermError, Finding, select_findings
from dipterm.formats import FORMATS, detect_format
from dipterm.lint import lint_draft
from dipterm.lsp.session import Loaded, Session
from dipterm.matcher import Match
from dipterm.model import LANGUAGES, Concept, Status
from dipterm.normalize import lang_of, loose_key, match_key, nfc

#: File name endings the server checks, and the names it gives a document that has no file yet.
CHECKED = (".md", ".markdown", ".txt", ".text", ".po", ".pot", ".xlf", ".xliff", ".tmx", ".tsv", ".tab")
UNTITLED = {
    "markdown": "untitled.md",
    "plaintext": "untitled.txt",
    "po": "untitled.po",
    "xliff": "untitled.xlf",
}


@dataclass(frozen=True)
class Located:
    """A finding and the code point range it covers: 0-based ``line``, ``start``..``end``."""

    finding: Finding
    line: int
    start: int
    end: int


def checked_name(path: str, language_id: str) -> str | None:
    """The name the lint engine reads a document under, or None when the server does not check it."""
    if Path(path).suffix.lower() in CHECKED:
        return path
    return UNTITLED.get(language_id) if not Path(path).suffix else None


def _span(lines: list[str], finding: Finding) -> Located:
    """The range of a finding: from its column over the text it found (as written, which may be
    decomposed where the finding quotes NFC), else to the end of its line."""
    line = min(max(finding.line - 1, 0), len(lines) - 1)
    text = lines[line]
    start = min(max(finding.column - 1, 0), len(text))
    found = finding.found or ""
    if found and text.startswith(found, start):
        return Located(finding, line, start, start + len(found))
    ends = range(start + 1, min(len(text), start + len(found) + 8) + 1) if found else range(0)
    for end in ends:  # the decomposed form of a found NFC text
        if nfc(text[start:end]) == found and not unicodedata.combining(text[end : end + 1] or "a"):
            return Located(finding, line, start, end)
    return Located(finding, line, start, len(text))


def diagnose(
    name: str, text: str, lines: list[str], session: Session
) -> tuple[list[Located], DiptermError | None]:
    """The lint engine's findings in a document (the settings' select/ignore applied), or the error
    that stopped it reading the document."""
    loaded = session.current()
    if loaded.terms is None:
        return [], None
    fmt = detect_format(name, text[:4000])
    reader = FORMATS[fmt].units
    if reader is None:
        return [], None
    try:
        draft = reader(name, text.encode("utf-8"), None)
        findings = lint_draft(draft, loaded.terms)
    except DiptermError as exc:
        return [], exc
    kept = select_findings(findings, session.config.select, session.config.ignore)
    return [_span(lines, f) for f in sorted(kept)], None


def concept_at(loaded: Loaded, line: str, column: int) -> tuple[Match, Concept] | None:
    """The longest glossary term (either language, proposed concepts too) under ``column``."""
    if loaded.every is None:
        return None
    found = [
        m
        for lang in LANGUAGES
        for m in loaded.every.find(line, lang, every=True)
        if m.start <= column <= m.end and m.concept in loaded.concepts
    ]
    if not found:
        return None
    best = max(found, key=lambda m: (m.end - m.start, -m.start))
    return best, loaded.concepts[best.concept]


_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    """Glossary text shown as literal Markdown (someone else's input: no links, no markup)."""
    return _MARKDOWN.sub(r"\\\1", escape(text))


def hover_markdown(concept: Concept) -> str:
    """A concept as a hover: preferred terms in both languages, variants, subject, note, sources."""
    en, vi = concept.preferred("en"), concept.preferred("vi")
    title = " — ".join(f"**{_md(t.text)}**" for t in (en, vi) if t)
    facts = [f"`{concept.id}`", *([_md(concept.subject)] if concept.subject else [])]
    if concept.proposed:
        facts.append("*proposed: not reviewed yet*")
    lines = [title, "", " · ".join(facts), ""]
    for lang in LANGUAGES:
        for status in Status:
            terms = concept.terms_in(lang, status)
            if not terms:
                continue
            shown = ", ".join(
                (f"~~{_md(t.text)}~~" if status is Status.DEPRECATED else _md(t.text))
                + (f" ({_md(t.note)})" if t.note else "")
                for t in terms
            )
            lines.append(f"- {lang} {status}: {shown}")
    if concept.note:
        lines += ["", _md(concept.note)]
    if concept.sources:
        lines += ["", "Sources: " + ", ".join(_md(str(s)) for s in concept.sources)]
    if concept.references:
        lines += ["", "References:", *(f"- <{url}>" for url in concept.references if ">" not in url)]
    return "\n".join(lines).strip() + "\n"


def replacements(
    loaded: Loaded, code: str, concept: str | None, found: str, expected: list[str]
) -> list[str]:
    """The texts a quick fix may write over ``found``: for a deprecated term, each preferred term of
    its concept in the language it was written in; for a wrong case, a variant or a tone placement,
    the form the finding asks for."""
    if code in ("T101", "T202"):
        record = loaded.concepts.get(concept or "")
        if record is None:
            return expected[:1]
        key = match_key(found)
        lang = next((t.lang for t in record.terms if match_key(t.text) == key), lang_of(found))
        return [t.text for t in record.terms_in(lang, Status.PREFERRED)]
    if code in ("T102", "T103", "T105"):
        return expected[:1]
    return []


class Completions:
    """Preferred and admitted terms of the reviewed concepts, sorted by their forgiving key, for
    prefix completion that is blind to case and diacritics ("doi t" offers "Đối tác ...")."""

    def __init__(self, loaded: Loaded) -> None:
        rows = {
            (loose_key(t.text), t.text, c.id, t.lang)
            for c in loaded.concepts.values()
            if not c.proposed
            for t in c.terms
            if t.status is not Status.DEPRECATED
        }
        self.rows = sorted(rows)
        self.keys = [row[0] for row in self.rows]

    def complete(self, before: str, limit: int = 50) -> list[tuple[int, str, str, str]]:
        """(code points of ``before`` the completion replaces, term, concept id, language) for the
        last one to eight words before the cursor that start a term, longest prefix first."""
        words = list(re.finditer(r"[\w’'-]+", before))
        found: dict[str, tuple[int, str, str, str]] = {}
        if not words or words[-1].end() != len(before):
            return []
        for count in range(min(8, len(words)), 0, -1):
            start = words[-count].start()
            typed = loose_key(before[start:])
            if len(typed) < 2:
                continue
            at = bisect.bisect_left(self.keys, typed)
            while at < len(self.rows) and self.keys[at].startswith(typed) and len(found) < limit:
                _, term, concept, lang = self.rows[at]
                found.setdefault(term, (len(before) - start, term, concept, lang))
                at += 1
        return list(found.values())
