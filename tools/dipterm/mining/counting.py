"""One pass over the token lines of each document, counting what every generator needs.

Counts are kept per token sequence (surface tokens, case kept), never the text itself:
``ngram`` (2 to 6 tokens of stopword-bounded runs, not starting or ending with "of"/"and"),
``name`` / ``initial_name`` (capitalised spans with inner function words; ``initial`` when the span
opens a sentence) and ``event`` (rare, structured evidence: acronym definitions, quoted phrases,
loanwords with a gloss, members of an enumerated set, one-word compounds such as "self-reliance").
Each keeps its first three places, so memory grows with the vocabulary only; ``lower`` counts the
words written in lower case, ``definite`` the one-word names after "the" ("the Politburo"). A line in
Title Case (a heading) is counted in lower case.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from dipterm.mining import lexicon as lx
from dipterm.mining.text import Document, tokenize_line

Gram = tuple[str, ...]
Place = tuple[int, int]  # (document index, 1-based line)

MAX_NGRAM = 6
MAX_NAME = 12
MAX_PLACES = 3
_BREAK, _CONTENT, _INNER, _NUMBER_WORD = 0, 1, 2, 3
_LIST_END = frozenset({".", ";", ":", "!", "?", "(", ")", '"', "|"})
_CLASS: dict[str, int] = {}
_HEADLINE_STOPS = frozenset({".", "!", "?", ":", ";", "(", ")", "|"})


def _classify(token: str) -> int:
    low = token.lower()
    if low in lx.NUMBER_WORDS:
        return _NUMBER_WORD
    if low in lx.NGRAM_INNER:
        return _INNER
    if low in lx.STOPWORDS or not any(c.isalnum() for c in token) or (len(low) == 1 and low.isalpha()):
        return _BREAK  # a lone letter is a possessive's "s" ("N.A.’s Committee") or a list mark
    return _CONTENT


@dataclass
class Channel:
    """Occurrences of keys: total count, number of documents, first places."""

    count: Counter = field(default_factory=Counter)
    docs: Counter = field(default_factory=Counter)
    places: dict[Any, list[Place]] = field(default_factory=dict)

    def add_document(self, doc: int, local: Counter, first: dict[Any, list[int]]) -> None:
        """Fold one document's local counts and first lines in."""
        self.count.update(local)
        self.docs.update(local.keys())
        places = self.places
        for key, lines in first.items():
            have = places.get(key)
            if have is None:
                places[key] = [(doc, line) for line in lines]
            elif len(have) < MAX_PLACES:
                have.extend((doc, line) for line in lines[: MAX_PLACES - len(have)])

    def merge(self, other: Channel) -> None:
        """Add another channel's counts (documents disjoint and later than this one's)."""
        self.count.update(other.count)
        self.docs.update(other.docs)
        places = self.places
        for key, theirs in other.places.items():
            mine = places.get(key)
            if mine is None:
                places[key] = theirs[:]
            elif len(mine) < MAX_PLACES:
                mine.extend(theirs[: MAX_PLACES - len(mine)])


class _Local:
    """Per-document counters for one channel."""

    __slots__ = ("count", "first")

    def __init__(self) -> None:
        self.count: Counter = Counter()
        self.first: dict[Any, list[int]] = {}

    def add(self, keys: list, line: int) -> None:
        self.count.update(keys)
        first = self.first
        for key in keys:
            lines = first.get(key)
            if lines is None:
                first[key] = [line]
            elif len(lines) < MAX_PLACES and lines[-1] != line:
                lines.append(line)


@dataclass
class Counts:
    """Everything the ranking needs, mergeable across workers."""

    paths: dict[int, str] = field(default_factory=dict)
    words: int = 0
    ngram: Channel = field(default_factory=Channel)
    name: Channel = field(default_factory=Channel)
    initial_name: Channel = field(default_factory=Channel)
    event: Channel = field(default_factory=Channel)
    shouted: Counter = field(default_factory=Counter)
    lower: Counter = field(default_factory=Counter)
    definite: Counter = field(default_factory=Counter)

    def merge(self, other: Counts) -> None:
        """Add the counts of other documents."""
        self.paths.update(other.paths)
        self.words += other.words
        for name in ("ngram", "name", "initial_name", "event"):
            getattr(self, name).merge(getattr(other, name))
        self.shouted.update(other.shouted)
        self.lower.update(other.lower)
        self.definite.update(other.definite)


def count_document(index: int, document: Document) -> Counts:
    """The counts of one document."""
    counts = Counts(paths={index: document.path})
    locals_ = {name: _Local() for name in ("ngram", "name", "initial_name", "event")}
    seen: Counter = Counter()
    for number, line in enumerate(document.lines, 1):
        if not line.strip():
            continue
        tokens = tokenize_line(line)
        counts.words += len(tokens)
        if _headline(tokens):  # Title Case is no evidence of a name: count its words as phrases
            tokens = [t if t.isupper() else t.lower() for t in tokens]
        seen.update(tokens)
        grams, number_words = _ngrams(tokens)
        locals_["ngram"].add(grams, number)
        names, initial = _names(tokens, counts.shouted, counts.definite)
        if names:
            locals_["name"].add(names, number)
        if initial:
            locals_["initial_name"].add(initial, number)
        events = _events(tokens, number_words)
        if events:
            locals_["event"].add(events, number)
    for name, local in locals_.items():
        getattr(counts, name).add_document(index, local.count, local.first)
    counts.lower = Counter({token: n for token, n in seen.items() if token.islower()})
    return counts


def _headline(tokens: list[str]) -> bool:
    """A heading in Title Case: three or more words, every word but function words capitalised,
    no sentence punctuation ("Consistent, Creative and Effective Foreign Affairs"; not a caption)."""
    words = [t for t in tokens if t[:1].isalpha() and t.lower() not in lx.STOPWORDS]
    return (
        len(words) >= 3
        and not _HEADLINE_STOPS.intersection(tokens)
        and all(t[:1].isupper() for t in words)
        and not all(t.isupper() for t in words)
    )


def _ngrams(tokens: list[str]) -> tuple[list[Gram], list[int]]:
    """The n-grams (2 <= n <= 6) of stopword-bounded runs, and the positions of number words."""
    grams: list[Gram] = []
    numbers: list[int] = []
    run: list[str] = []
    classes = _CLASS
    for i, token in enumerate(tokens):
        kind = classes.get(token)
        if kind is None:
            kind = classes[token] = _classify(token)
        if kind == _CONTENT or (kind == _INNER and run):
            run.append(token)
            continue
        if (
            token == "the"
            and run
            and run[-1] == "of"
            and tokens[i + 1 : i + 2]
            and tokens[i + 1] in lx.POLITY
        ):
            run.append(token)  # "leadership of the Party", "management of the State"
            continue
        if kind == _NUMBER_WORD:
            numbers.append(i)
        if run:
            _emit(run, grams)
            run = []
    if run:
        _emit(run, grams)
    return grams, numbers


def _emit(run: list[str], grams: list[Gram]) -> None:
    """The n-grams of one run that neither start nor end with an inner word ("of", "and", the "the"
    of "of the Party")."""
    classes = _CLASS
    while run and classes[run[-1]] == _INNER:
        run.pop()
    size = len(run)
    if size < 2:
        return
    if not any(classes[token] == _INNER for token in run):
        for n in range(2, min(MAX_NGRAM, size) + 1):
            grams.extend(zip(*(run[i:] for i in range(n)), strict=False))
        return
    edges = [classes[token] != _INNER and token != "the" for token in run]
    for i in range(size - 1):
        if edges[i]:
            grams.extend(tuple(run[i:j]) for j in range(i + 2, min(i + MAX_NGRAM, size) + 1) if edges[j - 1])


@lru_cache(maxsize=65536)
def _is_name_word(token: str) -> bool:
    low = token.lower()
    return token[:1].isupper() and low not in lx.STOPWORDS and low not in lx.MONTHS and low not in lx.UNITS


@lru_cache(maxsize=65536)
def syllable_name(token: str) -> bool:
    return token[:1].isupper() and lx.is_vietnamese_syllable(token)


def _person_at(tokens: list[str], i: int) -> int:
    """Length of a Vietnamese personal name (two or more capitalised syllables) at ``i``, else 0 (also
    for a place written so: "Viet Nam", "Truong Sa")."""
    j = i
    while j < len(tokens) and syllable_name(tokens[j]):
        j += 1
    if j - i < 2:
        return 0
    run = tuple(t.lower() for t in tokens[i:j])
    return 0 if any(run[: len(place)] == place for place in lx.SYLLABLE_PLACES) else j - i


def _holder_at(tokens: list[str], j: int) -> bool:
    """A person's name after a title, written in capitals: "President | Joseph Biden"."""
    return lx.holder_at(tokens, j) and all(t[:1].isupper() and t[1:].islower() for t in tokens[j : j + 2])


def _mixed_case(token: str) -> bool:
    """A capitalised word that is not an acronym: "Sea", not "ASEAN"."""
    return token[:1].isupper() and not token.isupper()


def _names(tokens: list[str], shouted: Counter, definite: Counter) -> tuple[list[Gram], list[Gram]]:
    """Capitalised spans (and their capitalised sub-spans); those opening a sentence apart; one-word
    names after "the" counted in ``definite``.
    Vietnamese personal names ("Bui Thanh Son"), dates, "in the" (but in a document's name: "Code of
    Conduct in the East Sea") and "the <number>" end a span: "ASEAN Summit in the Philippines",
    "Security Council for the 2020-2021 term"."""
    names: list[Gram] = []
    initial: list[Gram] = []
    n = len(tokens)
    resume = 0
    for i in [k for k, t in enumerate(tokens) if t[:1].isupper() or t[:1].isdigit()]:
        if i < resume:
            continue
        token = tokens[i]
        person = _person_at(tokens, i) if token[:1].isupper() else 0
        if person:
            resume = i + person
            continue
        opener = _is_name_word(token) or (
            (lx.is_ordinal(token) or lx.is_version(token)) and i + 1 < n and _is_name_word(tokens[i + 1])
        )
        if not opener:
            continue
        j, last = i + 1, i
        while j < n and j - i < MAX_NAME:
            nxt = tokens[j]
            low = nxt.lower()
            if low in lx.NAME_INNER:
                if (
                    low == "in"
                    and j + 1 < n
                    and (
                        lx.is_year(tokens[j + 1])
                        or (
                            tokens[j + 1].lower() == "the"
                            and not lx.DOCUMENT_HEADS.intersection(t.lower() for t in tokens[i:j])
                        )
                    )
                ):
                    break  # "ASEAN Summit | in the Philippines", "ASEAN Community | in 2015"
                j += 1
            elif (
                low == "at"
                and j + 1 < n
                and _is_name_word(tokens[j + 1])
                and lx.DOCUMENT_HEADS.intersection(t.lower() for t in tokens[i:j])
            ):
                j += 1  # "Convention on ... Preventing Collisions at Sea"
            elif nxt == "/" and j + 1 < n and _mixed_case(tokens[j - 1]) and _mixed_case(tokens[j + 1]):
                j += 1  # one place under two names: "East Sea/South China Sea"
            elif _is_name_word(nxt) and (_person_at(tokens, j) or _holder_at(tokens, j)):
                break
            elif tokens[j - 1].endswith("'s") and nxt.lower() not in lx.BODY_HEADS:
                break  # a possessor ends its name: "Diplomatic Conference's | Action Plan"; but a
                # body's body is one name: "Party Central Committee's Commission for External Relations"
            elif _is_name_word(nxt) or (
                (lx.is_number(nxt) or lx.is_document_code(nxt))
                and nxt[:1].isdigit()
                and tokens[j - 1].lower() != "the"
            ):
                last = j
                j += 1
            else:
                break
        span = tokens[i : last + 1]
        if span[-1].endswith("'s") and len(span[-1]) > 2:  # the possessor, named without its "'s"
            span = [*span[:-1], span[-1][:-2]]
        words = [t for t in span if t[:1].isalpha() and t.lower() not in lx.NAME_INNER]
        if len(words) >= 2 and all(t.isupper() for t in words):
            shouted.update(t.lower() for t in span)
        core = span[1:] if lx.is_ordinal(span[0]) else span
        if len(core) == 1 and i and tokens[i - 1].lower() == "the":  # "the (13th) Politburo"
            definite[core[0]] += 1
        sentence_start = i == 0 or tokens[i - 1] in lx.SENTENCE_OPENERS
        ends = [k for k, t in enumerate(span) if _is_name_word(t) or t[:1].isdigit()]
        inner = [k for k, t in enumerate(span) if t.lower() in lx.NAME_INNER or t in ("/", "at")]
        for a, start_token in enumerate(span):
            if not (_is_name_word(start_token) or a == 0):
                continue
            target = initial if a == 0 and sentence_start else names
            # a sub-span across an inner word ends where a name does: not "... of the Universal Postal"
            target.extend(
                tuple(span[a : b + 1])
                for b in ends
                if b >= a
                and (
                    not inner
                    or b + 1 == len(span)
                    or span[b + 1].lower() in lx.NAME_INNER
                    or not any(a < k < b for k in inner)
                )
            )
        resume = last + 1
    return names, initial


def _events(tokens: list[str], number_words: list[int]) -> list[tuple]:
    """Acronym definitions, loanwords with a gloss, quoted phrases, enumerated set members,
    one-word compound terms."""
    events: list[tuple] = []
    if "(" in tokens:
        for i, token in enumerate(tokens):
            if token == "(":
                events.extend(_parenthesis(tokens, i))
    if '"' in tokens:
        marks = [i for i, t in enumerate(tokens) if t == '"']
        for a, b in zip(marks[::2], marks[1::2], strict=False):
            inner = tuple(tokens[a + 1 : b])
            while inner and not inner[-1][-1:].isalnum():
                inner = inner[:-1]
            if 1 <= len(inner) <= 10 and any(_CLASS.get(t) == _CONTENT for t in inner):
                award = b + 1 < len(tokens) and tokens[b + 1].lower().removesuffix("s") in lx.AWARD_HEADS
                events.append(("quoted", ('"', *inner, '"', tokens[b + 1]) if award else inner))
    for i in number_words:
        events.extend(_enumeration(tokens, i))
    events.extend(
        ("compound", (t.lower(),))
        for t in tokens
        if "-" in t or t.endswith(("ing", "tion"))
        if lx.is_compound_term(t.lower())
    )
    if "," in tokens or "and" in tokens:
        events.extend(_list_items(tokens))
    if "," in tokens and "and" in tokens:
        events.extend(("formula", formula) for formula in _formulas(tokens))
    return events


_ABSTRACT = ("ence", "ance", "ity", "ty", "ment", "tion", "sion", "ship", "ism", "ness", "cy")


def _abstract(word: str) -> bool:
    return word.endswith(_ABSTRACT) or word in lx.DOMAIN_HEADS


def _formulas(tokens: list[str]) -> list[tuple[str, ...]]:
    """Policy formulas written as a list of three or more abstract nouns: "independence,
    self-reliance, multilateralization and diversification", "peace, stability, cooperation and
    sustainable development" (the last item may take one modifier), or of three or more qualities
    of a name: "strong, independent, self-reliant and prosperous Vietnam". A list of plain nouns
    ("ministries, sectors and localities") is not one."""
    found = []
    i, n = 0, len(tokens)
    while i < n:
        items: list[list[str]] = []
        j = i
        while j < n and tokens[j].islower() and tokens[j].replace("-", "").isalpha():
            items.append([tokens[j]])
            j += 1
            if j < n and tokens[j] == ",":
                j += 1
                if j < n and tokens[j] == "and":
                    j += 1
                    break
                continue
            if j < n and tokens[j] == "and":
                j += 1
                break
            items = []
            break
        last = tokens[j : j + 2] if items else []
        if len(items) >= 2 and last and last[0].islower() and last[0].replace("-", "").isalpha():
            qualities = len(last) == 2 and _is_name_word(last[1]) and not any(map(_abstract, tokens[i:j]))
            if len(last) == 2 and last[1].islower() and last[1].isalpha() and _abstract(last[1]):
                items.append(last)  # "sustainable development"
            elif qualities:
                items.append(last)  # "strong, independent, self-reliant and prosperous Vietnam"
            else:
                items.append(last[:1])
            heads = [item[-1] for item in items]
            if len(items) >= 3 and (qualities or sum(map(_abstract, heads)) >= 0.75 * len(items)):
                end = j + len(items[-1])
                found.append(tuple(tokens[_governing(tokens, i) : end]))
                i = end
                continue
        i += 1
    return found


def _governing(tokens: list[str], start: int) -> int:
    """Where a formula starts with the noun that governs it: "sea of | peace, stability, ...",
    "foreign policy of | independence, ..." (up to two lower-case words before "of")."""
    if start < 2 or tokens[start - 1] != "of":
        return start
    head = start - 1
    while (
        head > max(start - 3, 0) and tokens[head - 1].islower() and _CLASS.get(tokens[head - 1]) == _CONTENT
    ):
        head -= 1
    return head if head < start - 1 else start


def _list_items(tokens: list[str]) -> list[tuple]:
    """Two- or three-word phrases coordinated with another phrase: "health diplomacy and vaccine
    diplomacy", "neighboring countries, important partners and traditional friends"."""
    segments: list[tuple[int, int]] = []
    start = None
    for i, token in enumerate(tokens):
        if _CLASS.get(token) == _CONTENT:
            if start is None:
                start = i
        elif start is not None:
            segments.append((start, i))
            start = None
    if start is not None:
        segments.append((start, len(tokens)))
    listed: set[tuple[int, int]] = set()
    for (a, b), (c, d) in pairwise(segments):
        between = [t.lower() for t in tokens[b:c]]
        if between in ([","], ["and"], ["or"], [",", "and"], [",", "or"]):
            listed.update(((a, b), (c, d)))
    return [("listed", tuple(tokens[a:b])) for a, b in sorted(listed) if 2 <= b - a <= 3]


def _parenthesis(tokens: list[str], i: int) -> list[tuple]:
    close = next((k for k in range(i + 1, min(i + 7, len(tokens))) if tokens[k] == ")"), None)
    if close is None or close == i + 1:
        return []
    inside = tokens[i + 1 : close]
    if len(inside) == 1 and lx.is_acronym(inside[0]):
        window = 2 * len(inside[0].rstrip("s")) + 5
        start = i
        while start > 0 and i - start < window and tokens[start - 1] not in _LIST_END:
            start -= 1
        if start < i:
            return [("acronym", inside[0], tuple(tokens[start:i]))]
        return []
    if all(t.isalpha() and t.islower() for t in inside) and len(inside) <= 4:
        start = i
        while (
            start > 0
            and i - start < 3
            and tokens[start - 1].isalpha()
            and tokens[start - 1].lower() not in lx.STOPWORDS
            and lx.is_vietnamese_syllable(tokens[start - 1])
        ):
            start -= 1
        words = tuple(tokens[start:i])
        if len(words) >= 2 or (words and lx.has_vietnamese_marks(words[0])):
            return [("loanword", words, tuple(inside))]
    return []


def _enumeration(tokens: list[str], i: int) -> list[tuple]:
    """``three pillars of A, B and C`` -> the set ``three pillars`` and members A, B, C; ``the
    three pillars`` alone -> the set, unless it counts things ("the two sides", "the four agencies")."""
    size = lx.NUMBER_WORDS[tokens[i].lower()]
    j = i + 1
    while j < len(tokens) and j - i <= 2 and _CLASS.get(tokens[j]) == _CONTENT:
        j += 1
    head = tuple(tokens[i:j])
    if len(head) < 2 or not head[-1].endswith("s"):
        return []
    named = i > 0 and tokens[i - 1].lower() == "the" and not any(lx.is_referent(word) for word in head[1:])
    alone = [("set", head)] if named else []  # the set when no members follow it
    if j >= len(tokens) or tokens[j] not in ("of", ":", ","):
        return alone
    items: list[list[str]] = [[]]
    joiners: list[str] = []
    for token in tokens[j + 1 :]:
        if token in _LIST_END:
            break
        if token == "," or token.lower() in ("and", "or"):
            if items[-1]:
                items.append([])
                joiners.append(token.lower())
            elif token != ",":
                joiners[-1:] = [token.lower()]
            if len(items) > size:
                break
            continue
        items[-1].append(token)
    items = [item for item in items if item]
    if len(items) < size or len(joiners) < size - 1 or joiners[size - 2] not in ("and", "or"):
        return alone
    members = items[:size]
    last = members[-1]
    k = 0
    while k < len(last) and _CLASS.get(last[k]) == _CONTENT:
        k += 1
    members[-1] = last[:k]
    if any(not m or len(m) > 4 or not all(_CLASS.get(t) == _CONTENT for t in m) for m in members):
        return alone
    return [("set", head), *(("member", tuple(m), head) for m in members)]
