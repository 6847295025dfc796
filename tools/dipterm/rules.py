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
    _rule(
        "G100",
        "syntax-error",
        E,
        "A curated file is not valid UTF-8 TOML.",
        "Nothing in the file can be loaded until it parses; other files are still checked.",
        'en = [{ term = "doi moi", status = "preferred" }   # missing closing ]',
    ),
    _rule(
        "G101",
        "unknown-key",
        E,
        "A concept or term has a key the format does not define.",
        "A misspelt key (`stauts`) silently loses data; the format is closed so typos surface.",
        '{ term = "doi moi", stauts = "preferred" }',
    ),
    _rule(
        "G102",
        "missing-field",
        E,
        "A required field is missing: a concept's `id`, a term's `term` or `status`, "
        "or a reviewed concept with no terms in a language (a `proposed` one may have one "
        "language: a term request awaiting its translation).",
        "Every concept needs a stable id and terms in English and Vietnamese to be exported.",
        '[[concept]]\nsubject = "slogan"   # no id',
    ),
    _rule(
        "G103",
        "bad-value",
        E,
        "A value has the wrong type or is not allowed: a status other than preferred/admitted/"
        "deprecated, an id that is not lower-case kebab-case, a malformed source reference.",
        "Exports and the linter rely on these values; a bad one would be guessed at.",
        '{ term = "doi moi", status = "prefered" }',
    ),
    _rule(
        "G201",
        "duplicate-concept-id",
        E,
        "Two concepts share an id.",
        "Ids are the TMX tuid and PO msgctxt; a duplicate merges two concepts in every export.",
        '[[concept]]\nid = "doi-moi"\n...\n[[concept]]\nid = "doi-moi"',
    ),
    _rule(
        "G202",
        "term-preferred-twice",
        E,
        "The same term (after normalisation) is preferred in two concepts of one language.",
        "A preferred term must point to one concept, or lint and look-up cannot decide.",
        'concept a: "three pillars" preferred; concept b: "Three Pillars" preferred',
    ),
    _rule(
        "G203",
        "no-preferred-term",
        E,
        "A concept has terms in a language but none of them is preferred.",
        "Exports pair preferred terms; without one the concept has no translation to offer.",
        'vi = [{ term = "Đổi Mới", status = "admitted" }]',
    ),
    _rule(
        "G204",
        "duplicate-term",
        W,
        "The same term (after normalisation) appears twice in one concept and language.",
        "Duplicates are noise in exports and may carry contradictory statuses.",
        'en = [{ term = "FTA", status = "preferred" }, { term = "fta", status = "admitted" }]',
    ),
    _rule(
        "G301",
        "not-nfc",
        E,
        "Text is not in Unicode NFC (e.g. Vietnamese letters written as base + combining marks).",
        "NFD text looks identical but breaks exact matching, sorting and CAT-tool look-ups.",
        '"Đổi mới" typed as D+U+0309... (decomposed)',
    ),
    _rule(
        "G302",
        "tone-placement",
        W,
        "A Vietnamese word puts the tone mark on the other vowel of oa/oe/uy than the house "
        "style: `old` (hòa, khỏe, thủy; default) or `new` (hoà, khoẻ, thuỷ).",
        "Mixed placement in one glossary looks careless and splits search results; state media "
        "and legal titles use the old style (Ủy ban, Luật Thủy sản).",
        'house style old: "Uỷ ban Thường vụ Quốc hội" -> "Ủy ban Thường vụ Quốc hội"',
    ),
    _rule(
        "G303",
        "whitespace",
        W,
        "A term or note has leading, trailing or doubled spaces.",
        "Stray spaces end up in exported TMX/PO and break exact matches in CAT tools.",
        '{ term = "three  pillars", status = "preferred" }',
    ),
    _rule(
        "G304",
        "quote-style",
        W,
        "Quotes or apostrophes differ from the house quote style (`straight` by default).",
        "Mixed ’ and ' in one glossary make duplicate entries in CAT tools.",
        'house style straight: "people’s diplomacy" -> "people\'s diplomacy"',
    ),
    _rule(
        "G305",
        "control-character",
        E,
        "A string holds a control character (C0, DEL, C1), a non-character (U+FFFE, U+FFFF, "
        "U+FDD0-U+FDEF, ...) or a lone surrogate. Notes may hold TAB and line breaks; terms, "
        "ids, subjects, parts of speech and source references none at all.",
        "Such characters are invisible in an editor but make XML exports invalid, PO files that "
        "`msgfmt -c` rejects (a term ending in a line break), and printed raw they drive the "
        "reader's terminal (an ESC sequence can clear it or retitle it). Exports refuse them.",
        '{ term = "doi moi\\u001b[2J", status = "preferred" }   # or "doi moi\\n"',
    ),
    _rule(
        "G401",
        "missing-source",
        E,
        "A source reference names a file that does not exist or a line past its end.",
        "References let reviewers see a term in context; a dangling one proves nothing.",
        'sources = ["seeds/missing.txt:5"]',
    ),
    _rule(
        "G403",
        "unsafe-source",
        E,
        "A source reference points outside the project (the folder above `glossary/`: an "
        "absolute path, `..` out of it, a symlink pointing out) or at something that is not a "
        "regular file (a FIFO, a device such as /dev/zero, a folder).",
        "A shared glossary is someone else's input: such a reference would make `lookup` print "
        "a line of any file on the reader's machine, or hang or exhaust memory. It is never "
        "opened; point it at a seed file inside the project.",
        'sources = ["../../etc/passwd:1"]   # or "/dev/zero:1", or a symlink to a file outside',
    ),
    _rule(
        "G402",
        "source-line-mismatch",
        W,
        "The referenced seed line contains none of the concept's terms.",
        "Usually the line number is off by a few after an edit, or the term was misspelt.",
        'sources = ["seeds/2022-...txt:1"]   # line 1 is the title',
    ),
]

N = Severity.INFO

_LINT_RULES = [
    _rule(
        "T100",
        "unreadable-input",
        E,
        "A draft cannot be read: not UTF-8/UTF-16 text, or malformed PO, TMX or XLIFF.",
        "Nothing in the file can be checked; the error names its line on stderr, the other "
        "files are still linted and the exit code is 2.",
        'msgid "three pillars"\nmsgstr "ba trụ cột      # unterminated string',
    ),
    _rule(
        "T101",
        "deprecated-term",
        W,
        "A draft uses a term the glossary marks deprecated; the preferred terms are suggested.",
        "Deprecated variants are the ones reviewers keep correcting by hand; the glossary "
        "records why (see the term's note).",
        '"Quan hệ đối tác chiến lược toàn diện" -> "Đối tác Chiến lược Toàn diện"',
    ),
    _rule(
        "T102",
        "inconsistent-variants",
        N,
        "One term is written in different forms within one document (case, diacritics, "
        "spacing, hyphens, or a spelling variant: Doi Moi/doi moi, Viet Nam/Vietnam, "
        "defence/defense); reported at the later forms, naming the first. Synonyms, glosses and "
        "an acronym after its expansion are not reported.",
        "Readers take two spellings for two things; a document should settle on one.",
        '"doi moi" on line 2, "Doi Moi" on line 9',
    ),
    _rule(
        "T103",
        "wrong-case",
        W,
        "A term the glossary marks case-sensitive is written in another case.",
        "Capitalisation carries meaning for names of frameworks and bodies (a Comprehensive "
        "Strategic Partnership is a formal tier, not a description).",
        '"comprehensive strategic partnership" -> "Comprehensive Strategic Partnership"',
    ),
    _rule(
        "T104",
        "not-nfc",
        E,
        "Text is not in Unicode NFC (letters typed as base letter plus combining marks).",
        "Decomposed text looks the same but defeats search, CAT-tool matches and sorting.",
        '"Đổi mới" typed as D+U+0309... (decomposed)',
    ),
    _rule(
        "T105",
        "mixed-tone-placement",
        W,
        "Both tone-mark placements (old hòa/thủy, new hoà/thuỷ) occur in one Vietnamese "
        "document; reported at the words in the placement met second.",
        "Mixed placement looks careless and splits search results; pick one style per document.",
        '"hòa bình" on line 1, "hoà hợp" on line 4',
    ),
    _rule(
        "T201",
        "missing-target-term",
        E,
        "A glossary term in the source segment has none of its concept's preferred or admitted "
        "terms in the target; the expected terms are listed.",
        "This is the translation drifting from the agreed terminology, the main thing a "
        "terminology review looks for.",
        'source "upgraded to Comprehensive Strategic Partnership", target "nâng cấp lên đối tác '
        'toàn diện" -> expected "Đối tác Chiến lược Toàn diện"',
    ),
    _rule(
        "T202",
        "deprecated-target-term",
        W,
        "A translation uses a target-language term the glossary marks deprecated.",
        "The translator found a term for the concept, but not the one the glossary asks for.",
        'msgstr "Quan hệ đối tác chiến lược toàn diện" -> "Đối tác Chiến lược Toàn diện"',
    ),
    _rule(
        "T203",
        "inconsistent-translation",
        W,
        "The same source segment (after normalisation) is translated differently within one "
        "file; reported at the later translations, naming the first.",
        "Repeated segments should read the same; a translation memory would have proposed the first one.",
        '"three pillars" -> "ba trụ cột" on line 4, -> "ba cột trụ" on line 12',
    ),
    _rule(
        "T204",
        "target-for-different-concepts",
        W,
        "One target text translates source segments that name different glossary concepts.",
        "Two concepts collapsed into one translation lose a distinction the source makes.",
        '"Strategic Partnership" and "Comprehensive Strategic Partnership" both -> "Đối tác Chiến lược"',
    ),
]

RULES: dict[str, Rule] = {r.code: r for r in [*_CHECK_RULES, *_LINT_RULES]}
