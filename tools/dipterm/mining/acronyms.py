"""Acronym <-> expansion pairing: Schwartz & Hearst (2003), with a fallback on word initials.

``expansion("APEC", ["the", "Asia-Pacific", "Economic", "Cooperation"])`` -> ``["Asia-Pacific",
"Economic", "Cooperation"]``. The fallback covers reordered letters in capitalised names:
``EVIPA`` <- "Vietnam-EU Investment Protection Agreement".
"""

from __future__ import annotations

from collections import Counter

_SKIP = frozenset({"of", "and", "the", "for", "on", "in", "to", "de", "&"})


def singular(acronym: str) -> str:
    """``FTAs`` -> ``FTA``; other acronyms unchanged."""
    return acronym[:-1] if acronym.endswith("s") and acronym[:-1].upper() == acronym[:-1] else acronym


def _schwartz_hearst(short: str, long: str) -> str | None:
    """The shortest suffix of ``long`` whose characters spell ``short`` (first one word-initial)."""
    s, l_ = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while l_ >= 0 and (long[l_].lower() != c or (s == 0 and l_ > 0 and long[l_ - 1].isalnum())):
            l_ -= 1
        if l_ < 0:
            return None
        l_ -= 1
        s -= 1
    return long[long.rfind(" ", 0, l_ + 1) + 1 :]


def _initials(word: str) -> str:
    parts = [p for p in word.replace("/", "-").split("-") if p]
    return "".join(p if p.isupper() else p[0] for p in parts).lower()


def _by_initials(short: str, words: list[str]) -> list[str] | None:
    """The shortest capitalised suffix whose word initials (acronym parts whole) cover ``short``."""
    need = Counter(short.lower())
    for start in range(len(words) - 1, -1, -1):
        word = words[start]
        if word.lower() in _SKIP:
            continue
        if not word[:1].isupper():
            return None
        have = Counter("".join(_initials(w) for w in words[start:] if w.lower() not in _SKIP))
        if not need - have:
            return words[start:]
    return None


def expansion(short: str, window: list[str]) -> list[str] | None:
    """The words of ``window`` (tokens before ``(SHORT)``) that ``short`` abbreviates, or None."""
    letters = singular(short)
    while window and not window[-1][:1].isalnum():
        window = window[:-1]
    if not window:
        return None
    text = " ".join(window)
    found = _schwartz_hearst(letters, text)
    if found is not None:
        words = found.split(" ")
        if (
            len(words) <= len(letters) + 2
            and words[0].lower() not in _SKIP
            and words[0][:1].isalnum()
            and _foreign_initials(letters, words) < 2
        ):
            return words
    return _by_initials(letters, window)


def _foreign_initials(short: str, words: list[str]) -> int:
    """How many capitalised words of ``words`` start with a letter ``short`` lacks: "Conduct in the
    East Sea" has two (E, S) for COC, so it is not its expansion; "Agreement" in the CPTPP's one."""
    letters = set(short.lower())
    return sum(1 for w in words if w[:1].isupper() and w[0].lower() not in letters)
