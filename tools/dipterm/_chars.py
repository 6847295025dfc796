"""Characters no glossary string may hold, where they are, and how to show them safely.

Refused everywhere: C0 controls, DEL, C1 controls, the non-characters (U+FDD0-U+FDEF and the last
two code points of every plane, U+FFFE/U+FFFF among them) and lone surrogates. Terms, ids,
subjects, parts of speech and source references hold none at all; notes may also hold TAB and LF
(a multi-line note). Such characters break XML exports, make PO files ``msgfmt -c`` rejects, and
printed raw they drive the reader's terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from dipterm.model import Concept, Location

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_CONTROLS = "\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS
REFUSED = f"\x00-\x1f{_CONTROLS}"  # the body of a regular-expression class: what no term may hold
_IN_TEXT = re.compile(f"[{REFUSED}]")
_IN_NOTES = re.compile(f"[\x00-\x08\x0b-\x1f{_CONTROLS}]")


def first_invalid(text: str, multiline: bool = False) -> int | None:
    """Offset of the first refused character of ``text`` (TAB and LF allowed when ``multiline``)."""
    found = (_IN_NOTES if multiline else _IN_TEXT).search(text)
    return found.start() if found else None


def describe(char: str) -> str:
    """``U+001B (a control character)`` and the like."""
    code = ord(char)
    kind = (
        "a lone surrogate"
        if 0xD800 <= code <= 0xDFFF
        else "a non-character"
        if code >= 0xFDD0
        else "a control character"
    )
    return f"U+{code:04X} ({kind})"


def escape(text: str, multiline: bool = False) -> str:
    """``text`` with every refused character written as a Python escape (``\\x1b``, ``\\ufffe``)."""
    pattern = _IN_NOTES if multiline else _IN_TEXT
    return pattern.sub(lambda m: repr(m.group())[1:-1], text)


def string_fields(concept: Concept) -> Iterator[tuple[str, str, Location | None, bool]]:
    """``(field, text, where, multiline)`` for every string of a concept."""
    head = concept.origin
    yield "id", concept.id, head, False
    for name, value in (("subject", concept.subject), ("note", concept.note)):
        if value is not None:
            yield name, value, head, name == "note"
    for ref in concept.sources:
        yield "source reference", ref.path, ref.origin or head, False
    for term in concept.terms:
        where = term.origin or head
        yield f"{term.lang} term '{escape(term.text)}'", term.text, where, False
        for name, value in (("pos", term.pos), ("note", term.note)):
            if value is not None:
                yield f"{name} of {term.lang} term '{escape(term.text)}'", value, where, name == "note"


def _clean(text: str, refused: re.Pattern[str]) -> bool:
    """No ``refused`` character in ``text``: printable text (every refused character is a control,
    a surrogate or unassigned, none of them printable) is found so without the slower search."""
    return text.isprintable() or not refused.search(text)


_CHUNK = 1000  # concepts searched at once by ``invalid_fields``


def invalid_fields(concepts: Iterable[Concept]) -> Iterator[tuple[Concept, str, str, Location | None, int]]:
    """``(concept, field, text, where, offset)`` for every string of ``concepts`` that holds a
    refused character at ``offset``, in order: two searches for a thousand concepts when none of
    their strings does (most), and a look at each string only in a thousand where one does."""
    batch = iter(concepts)
    while chunk := list(islice(batch, _CHUNK)):
        notes = " ".join(chain((c.note or "" for c in chunk), (t.note or "" for c in chunk for t in c.terms)))
        strict = " ".join(
            chain(
                (c.id for c in chunk),
                (c.subject or "" for c in chunk),
                (ref.path for c in chunk for ref in c.sources),
                (t.text for c in chunk for t in c.terms),
                (t.pos or "" for c in chunk for t in c.terms),
            )
        )
        if _clean(strict, _IN_TEXT) and _clean(notes, _IN_NOTES):
            continue
        for concept in chunk:
            for name, text, where, multiline in string_fields(concept):
                at = first_invalid(text, multiline)
                if at is not None:
                    yield concept, name, text, where, at
