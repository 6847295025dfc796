"""Checks on a loaded glossary: identity (G2xx), text (G3xx) and source references (G4xx)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dipterm._chars import describe, escape, invalid_fields
from dipterm._text import read_lines
from dipterm.config import Config
from dipterm.findings import Finding
from dipterm.glossary import read_glossary
from dipterm.matcher import Matcher
from dipterm.model import LANGUAGES, Concept, Glossary, Location, Status
from dipterm.normalize import is_nfc, match_key, tone_styled_words
from dipterm.rules import RULES
from dipterm.sources import SourceError, source_file

_TYPOGRAPHIC = re.compile(r"[\u2018\u2019\u201c\u201d]")
_STRAIGHT = re.compile(r"['\"]")
_BAD_SPACE = re.compile(r"^\s|\s$|\s{2,}")


def _finding(
    code: str,
    where: Location,
    message: str,
    concept: str | None = None,
    found: str | None = None,
    expected: tuple[str, ...] = (),
) -> Finding:
    return Finding(
        where.path, where.line, where.column, code, message, RULES[code].severity, concept, expected, found
    )


def _texts(concept: Concept) -> Iterator[tuple[str, Location]]:
    """(text, where) for every term and note of a concept."""
    head = concept.origin or Location("?")
    for term in concept.terms:
        yield term.text, term.origin or head
        if term.note:
            yield term.note, term.origin or head
    for note in (concept.note, concept.subject):
        if note:
            yield note, head


def check_identity(glossary: Glossary) -> Iterator[Finding]:
    """G201 duplicate ids, G202 term preferred twice, G203 no preferred term, G204 repeats.

    Case variants are distinct terms (the linter tells "Doi Moi" from "doi moi"), so G204 compares
    case-sensitively while G202 does not.
    """
    seen: dict[str, Concept] = {}
    preferred: dict[tuple[str, str], Concept] = {}
    for concept in sorted(glossary, key=lambda c: c.origin or Location("")):
        head = concept.origin or Location("?")
        if concept.id in seen:
            first = seen[concept.id].origin
            yield _finding("G201", head, f"concept id '{concept.id}' is already used at {first}", concept.id)
        seen.setdefault(concept.id, concept)
        for lang in LANGUAGES:
            terms = concept.terms_in(lang)
            if terms and not concept.preferred(lang):
                yield _finding(
                    "G203",
                    head,
                    f"concept '{concept.id}' has no preferred '{lang}' term; mark one status = \"preferred\"",
                    concept.id,
                )
            keys: dict[str, str] = {}
            for term in terms:
                key = match_key(term.text)
                exact = match_key(term.text, case_sensitive=True)
                where = term.origin or head
                if exact in keys:
                    yield _finding(
                        "G204",
                        where,
                        f"'{term.text}' repeats '{keys[exact]}' in concept '{concept.id}'",
                        concept.id,
                        term.text,
                    )
                keys.setdefault(exact, term.text)
                if term.status is Status.PREFERRED:
                    other = preferred.setdefault((lang, key), concept)
                    if other.id != concept.id:
                        yield _finding(
                            "G202",
                            where,
                            f"'{term.text}' is also preferred in concept '{other.id}' ({other.origin})",
                            concept.id,
                            term.text,
                        )


def check_characters(concept: Concept) -> Iterator[Finding]:
    """G305 control characters, non-characters and lone surrogates in any string of a concept."""
    for _, name, text, where, at in invalid_fields([concept]):
        yield _finding(
            "G305",
            where or Location("?"),
            f"{name} holds {describe(text[at])} at offset {at}",
            concept.id,
            escape(text),
        )


def check_text(glossary: Glossary, config: Config) -> Iterator[Finding]:
    """G301 NFC, G302 tone placement, G303 whitespace, G304 quote style, G305 control characters."""
    wrong_quote = _TYPOGRAPHIC if config.quote_style == "straight" else _STRAIGHT
    for concept in glossary:
        yield from check_characters(concept)
        for text, where in _texts(concept):
            plain = text.isascii()  # NFC, and no tone mark to place
            if not plain and not is_nfc(text):
                yield _finding(
                    "G301",
                    where,
                    f"'{text}' is not in Unicode NFC; re-save the file as NFC (e.g. 'uconv -x any-nfc')",
                    concept.id,
                    text,
                )
            if _BAD_SPACE.search(text):
                yield _finding(
                    "G303", where, f"{text!r} has leading, trailing or doubled spaces", concept.id, text
                )
            quote = wrong_quote.search(text)
            if quote:
                yield _finding(
                    "G304",
                    where,
                    f"{quote.group()!r} in {text!r} is not the house '{config.quote_style}' quote style",
                    concept.id,
                    text,
                )
            for offset, word, style in () if plain else tone_styled_words(text):
                if style != config.tone_style:
                    at = Location(where.path, where.line, where.column + offset)
                    example = "hòa, thủy" if config.tone_style == "old" else "hoà, thuỷ"
                    yield _finding(
                        "G302",
                        at,
                        f"'{word}' puts the tone mark in '{style}' "
                        f"style; the house style is '{config.tone_style}' ({example})",
                        concept.id,
                        word,
                    )


def check_sources(glossary: Glossary) -> Iterator[Finding]:
    """G401 missing seed file or line, G402 seed line without any of the concept's terms, G403 a
    reference outside the project or to what is not a regular file (never opened)."""
    root = Path(glossary.root)
    cache: dict[str, list[str] | None] = {}
    for concept in glossary:
        own_terms = Matcher((concept.id, t) for t in concept.terms)
        for ref in concept.sources:
            head = ref.origin or concept.origin or Location("?")
            if ref.path not in cache:
                try:
                    cache[ref.path] = read_lines(source_file(root, ref.path))
                except SourceError as exc:
                    yield _finding("G403", head, f"source {ref} {exc}", concept.id)
                    continue
                except OSError:
                    cache[ref.path] = None
            lines = cache[ref.path]
            if lines is None:
                yield _finding("G401", head, f"source {ref}: no file {ref.path} under {root}", concept.id)
            elif ref.line > len(lines):
                yield _finding(
                    "G401", head, f"source {ref}: the file has only {len(lines)} lines", concept.id
                )
            elif not any(own_terms.find(lines[ref.line - 1], lang) for lang in LANGUAGES):
                yield _finding(
                    "G402",
                    head,
                    f"source {ref}: the line contains none of the terms of '{concept.id}'",
                    concept.id,
                )


def validate(glossary: Glossary, config: Config) -> list[Finding]:
    """All glossary checks beyond structure, sorted."""
    found = [*check_identity(glossary), *check_text(glossary, config), *check_sources(glossary)]
    return sorted(found)


def check_glossary(folder: Path, config: Config) -> tuple[list[Finding], bool]:
    """Every finding for a glossary folder and whether any file was unreadable (G100)."""
    glossary, structural = read_glossary(folder)
    findings = sorted([*structural, *validate(glossary, config)])
    return findings, any(f.code == "G100" for f in findings)
