"""Every finding code, with its name, severity and explanation (feeds --explain and SARIF)."""

from __future__ import annotations

from dataclasses import dataclass

from dipterm.findings import Severity


@dataclass(frozen=True)
class Rule:
    """A finding code and what it means."""

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str


def _rule(code: str, name: str, severity: Severity, summary: str, why: str, example: str) -> Rule:
    text = f"## What it does\n{summary}\n\n## Why it matters\n{why}\n\n## Example\n{example}\n"
    return Rule(code, name, severity, summary, text)


E, W = Severity.ERROR, Severity.WARNING

_CHECK_RULES = [
    _rule("G100", "syntax-error", E,
          "A curated file is not valid UTF-8 TOML.",
          "Nothing in the file can be loaded until it parses; other files are still checked.",
          'en = [{ term = "doi moi", status = "preferred" }   # missing closing ]'),
    _rule("G101", "unknown-key", E,
          "A concept or term has a key the format does not define.",
          "A misspelt key (`stauts`) silently loses data; the format is closed so typos surface.",
          '{ term = "doi moi", stauts = "preferred" }'),
    _rule("G102", "missing-field", E,
          "A required field is missing: a concept's `id`, a term's `term` or `status`, "
          "or a concept with no terms in a language.",
          "Every concept needs a stable id and terms in English and Vietnamese to be exported.",
          '[[concept]]\nsubject = "slogan"   # no id'),
    _rule("G103", "bad-value", E,
          "A value has the wrong type or is not allowed: a status other than preferred/admitted/"
          "deprecated, an id that is not lower-case kebab-case, a malformed source reference.",
          "Exports and the linter rely on these values; a bad one would be guessed at.",
          '{ term = "doi moi", status = "prefered" }'),
    _rule("G201", "duplicate-concept-id", E,
          "Two concepts share an id.",
          "Ids are the TMX tuid and PO msgctxt; a duplicate merges two concepts in every export.",
          '[[concept]]\nid = "doi-moi"\n...\n[[concept]]\nid = "doi-moi"'),
    _rule("G202", "term-preferred-twice", E,
          "The same term (after normalisation) is preferred in two concepts of one language.",
          "A preferred term must point to one concept, or lint and look-up cannot decide.",
          'concept a: "three pillars" preferred; concept b: "Three Pillars" preferred'),
    _rule("G203", "no-preferred-term", E,
          "A concept has terms in a language but none of them is preferred.",
          "Exports pair preferred terms; without one the concept has no translation to offer.",
          'vi = [{ term = "Đổi Mới", status = "admitted" }]'),
    _rule("G204", "duplicate-term", W,
          "The same term (after normalisation) appears twice in one concept and language.",
          "Duplicates are noise in exports and may carry contradictory statuses.",
          'en = [{ term = "FTA", status = "preferred" }, { term = "fta", status = "admitted" }]'),
    _rule("G301", "not-nfc", E,
          "Text is not in Unicode NFC (e.g. Vietnamese letters written as base + combining marks).",
          "NFD text looks identical but breaks exact matching, sorting and CAT-tool look-ups.",
          '"Đổi mới" typed as D+U+0309... (decomposed)'),
    _rule("G302", "tone-placement", W,
          "A Vietnamese word puts the tone mark on the other vowel of oa/oe/uy than the house "
          "style: `old` (hòa, khỏe, thủy; default) or `new` (hoà, khoẻ, thuỷ).",
          "Mixed placement in one glossary looks careless and splits search results; state media "
          "and legal titles use the old style (Ủy ban, Luật Thủy sản).",
          'house style old: "Uỷ ban Thường vụ Quốc hội" -> "Ủy ban Thường vụ Quốc hội"'),
    _rule("G303", "whitespace", W,
          "A term or note has leading, trailing or doubled spaces.",
          "Stray spaces end up in exported TMX/PO and break exact matches in CAT tools.",
          '{ term = "three  pillars", status = "preferred" }'),
    _rule("G304", "quote-style", W,
          "Quotes or apostrophes differ from the house quote style (`straight` by default).",
          "Mixed ’ and ' in one glossary make duplicate entries in CAT tools.",
          'house style straight: "people’s diplomacy" -> "people\'s diplomacy"'),
    _rule("G401", "missing-source", E,
          "A source reference names a file that does not exist or a line past its end.",
          "References let reviewers see a term in context; a dangling one proves nothing.",
          'sources = ["seeds/missing.txt:5"]'),
    _rule("G402", "source-line-mismatch", W,
          "The referenced seed line contains none of the concept's terms.",
          "Usually the line number is off by a few after an edit, or the term was misspelt.",
          'sources = ["seeds/2022-...txt:1"]   # line 1 is the title'),
]

RULES: dict[str, Rule] = {r.code: r for r in _CHECK_RULES}

