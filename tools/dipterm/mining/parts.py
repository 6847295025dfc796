"""The terms a candidate is made of: "13th National Party Congress" holds the series "National
Party Congress", "Resolution No. 22 of the Politburo" holds "Resolution No. 22" and "Politburo",
"Party Central Committee's Commission for External Relations" holds "Commission for External
Relations". A part occurring only inside its candidate is not a row of its own (no nested
duplicates); the candidate names it, so the terminologist still sees it.
"""

from __future__ import annotations

from dipterm.mining import lexicon as lx

_POSSESSIVE = ("'s", "s'")
_SECTORS = frozenset({"sector", "sectors", "branch", "field"})  # the ngành of a named activity


def _cuts(words: list[str]) -> list[list[str]]:
    """The word sequences one structural cut of ``words`` leaves: after a leading ordinal or
    demonym, either side of a possessive or of "of the", before "for" + a year and before a title's
    holder; in a lower-case phrase, after "of" and before it when a domain noun heads it
    ("anniversary of | national reunification"), the first conjunct of "and" and the activity
    before "sector" ("foreign service | sector")."""
    n = len(words)
    found: list[list[str]] = []
    if n > 1 and lx.is_ordinal(words[0]):
        found.append(words[1:])
    if n > 2 and lx.is_demonym(words[0]) and lx.TITLE_WORDS.intersection(w.lower() for w in words[1:]):
        found.append(words[1:])  # "Rwandan | Minister of Foreign Affairs"
    for i, word in enumerate(words[:-1]):
        if word.endswith(_POSSESSIVE):
            owner = [*words[:i], word[:-2] if word.endswith("'s") else word[:-1]]
            owned = words[i + 1 :]
            found += [owner] if _body(owner) else []
            found += [owned] if len(owned) > 1 and not lx.is_number(owned[-1]) else []
        if word == "of" and 0 < i < n - 2 and words[i + 1] == "the":
            left, right = words[:i], words[i + 2 :]
            numbered = lx.is_number(left[-1]) or lx.is_document_code(left[-1])
            found += [left] if numbered or (len(left) > 1 and not {"of", "the"} & set(left)) else []
            found += [right] if len(right) > 1 or numbered else []
        elif word == "of" and 0 < i < n - 1 and all(w.islower() for w in words):
            found += [words[:i]] if words[i - 1] in lx.DOMAIN_HEADS else []
            found += [words[i + 1 :]]
        elif word == "and" and i > 1 and all(w.islower() for w in words):
            found.append(words[:i])  # "international commitments | and agreements"
        if word == "for" and i > 0 and i == n - 2 and lx.is_year(words[-1]):
            found.append(words[:i])
    if holder := lx.holder_start(words):
        found.append(words[:holder])
    if n > 2 and words[-1] in _SECTORS and all(w.islower() for w in words):
        found.append(words[:-1])  # "foreign service | sector"
    return [cut for cut in found if cut]


def _body(words: list[str]) -> bool:
    """An owner that is a term: two or more capitalised words ("Party Central Committee", not
    "Vietnam") or lower-case ones without "of" ("diplomacy pillars", not "proactiveness of Vietnam")."""
    return len(words) > 1 and (
        all(w[:1].isupper() for w in words) or (all(w.islower() for w in words) and "of" not in words)
    )


def pieces(term: str) -> list[str]:
    """Every sequence repeated structural cuts leave of ``term`` (longest first, then in order);
    the caller keeps those that are candidates of their own."""
    seen: dict[str, None] = {}
    todo = [term.split(" ")]
    while todo:
        words = todo.pop(0)
        for cut in _cuts(words):
            text = " ".join(cut)
            if text not in seen and text != term:
                seen[text] = None
                todo.append(cut)
    return sorted(seen, key=lambda t: -len(t.split(" ")))
