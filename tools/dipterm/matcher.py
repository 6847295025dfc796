"""The one term matcher, shared by check, lint, lookup and the miner.

Compiled once from (concept id, term) pairs into a token trie per language. ``find`` tokenises a
text (offsets into the original string), keys every token through ``dipterm.normalize.token_key``
(NFC/NFD-, tone-placement-, quote- and case-blind), treats hyphens and dashes as spaces, lets the
last token of English terms inflect (plural, possessive) and their British or American spelling
vary (defence/defense, organisation/organization), and returns leftmost-longest,
non-overlapping matches: "Comprehensive Strategic Partnership" hides "Strategic Partnership".
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count

from dipterm.demonyms import COUNTRY_SPELLINGS, DEMONYMS
from dipterm.glossary import gc_paused
from dipterm.model import Glossary, Status, Term, quick_init
from dipterm.normalize import keyed_parts, spellings, text_keys, token_key, tokens

# The trie: a node is a dict from token key to the next node; the candidates of the terms that end
# at a node sit under these two entries (objects, so that no token key, "\0" among them, can
# collide), as tuples. Other nodes are tuples, each a fraction of a dict's memory: a node with no
# next token (most of them) is a leaf, the pair (ends, inflected ends), or only the candidates
# when every one of them may also end inflected (English terms); a node with one next token and
# no term ending at it (what most terms of two tokens or more pass through) is a chain (token key,
# next node). The first item tells them apart: a string, a tuple, a candidate.
_END, _INFLECTED_END = object(), object()
_Ends = tuple[tuple["Candidate", ...], tuple["Candidate", ...]]
_NONE: _Ends = ((), ())


def _ends(node: dict | tuple | None) -> _Ends:
    """(candidates ending at ``node``, those that may also end inflected there)."""
    if node is None:
        return _NONE
    if type(node) is dict:
        return node.get(_END, ()), node.get(_INFLECTED_END, ())
    first = type(node[0])
    return _NONE if first is str else node if first is tuple else (node, node)


def _leaf(ends: tuple[Candidate, ...], inflected: tuple[Candidate, ...]) -> tuple:
    return ends if ends is inflected else (ends, inflected)


def _next(node: dict | tuple, key: str) -> dict | tuple | None:
    """The node after ``node`` (a dict or a chain) by token ``key``."""
    if type(node) is dict:
        return node.get(key)
    return node[1] if node[0] == key else None


def _opened(node: tuple) -> dict:
    """A leaf or a chain as a dict node, to take more."""
    if type(node[0]) is str:
        return {node[0]: node[1]}
    ends, inflected = _ends(node)
    return {_END: ends, _INFLECTED_END: inflected}


def _add_end(node: dict, key: str, candidate: tuple[Candidate], inflects: bool) -> None:
    """Make ``candidate`` end at ``node[key]``, a leaf pair unless it has next tokens."""
    at = node.get(key)
    if type(at) is tuple and type(at[0]) is str:
        at = node[key] = _opened(at)
    ends, inflected = _ends(at)
    more = ends + candidate
    pair = (more, (more if inflected is ends else inflected + candidate) if inflects else inflected)
    if type(at) is dict:
        at[_END], at[_INFLECTED_END] = pair
    else:
        node[key if at is not None else sys.intern(key)] = _leaf(*pair)


def _chain(keys: list[str], candidate: tuple[Candidate], inflects: bool) -> tuple:
    """The chain of ``keys`` to a leaf where ``candidate`` ends: a new path."""
    node: tuple = _leaf(candidate, candidate if inflects else ())
    for key in reversed(keys):
        node = (sys.intern(key), node)
    return node


_MAX_SPELLINGS = 16  # spelling variants indexed per English term


@lru_cache(maxsize=65536)
def base_forms(key: str) -> tuple[str, ...]:
    """Uninflected forms an English token key may come from: agreements -> agreement."""
    forms = []
    if key.endswith("'s") or key.endswith("s'"):
        forms.append(key[:-2])
    elif key.endswith("ies") and len(key) > 4:
        forms.append(key[:-3] + "y")
    elif key.endswith("es") and key[-3:-2] in ("s", "x", "z", "h"):
        forms.append(key[:-2])
    if key.endswith("s") and not key.endswith("ss") and len(key) > 2:
        forms.append(key[:-1])
    return tuple(dict.fromkeys(f for f in forms if f and f != key))


@quick_init
@dataclass(frozen=True, slots=True)
class Candidate:
    """One (concept, term) a matched span may stand for."""

    concept: str
    term: Term


@quick_init
@dataclass(frozen=True, slots=True)
class Match:
    """A span of the text that names glossary terms; ``candidates`` are best first."""

    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]
    inflected: bool = False

    @property
    def concept(self) -> str:
        """The best candidate's concept id."""
        return self.candidates[0].concept

    @property
    def term(self) -> Term:
        """The best candidate's term."""
        return self.candidates[0].term

    @property
    def concepts(self) -> list[str]:
        """Distinct concept ids among the candidates, best first."""
        return list(dict.fromkeys(c.concept for c in self.candidates))

    def case_matches(self, term: Term | None = None) -> bool:
        """True when the surface text has exactly the term's case (inflection allowed)."""
        term = term or self.term
        surface = _case_keys(self.text)
        wanted = _case_keys(term.text)
        if surface == wanted:
            return True
        if len(surface) != len(wanted) or not surface:
            return False
        last = len(surface) - 1
        return all(
            s == w or (self.inflected and i == last and s.startswith(w)) or _other_spelling_same_case(s, w)
            for i, (s, w) in enumerate(zip(surface, wanted, strict=True))
        )


def _other_spelling_same_case(surface: str, wanted: str) -> bool:
    """``surface`` is another spelling of ``wanted`` (defense, defence) written in the same case."""
    if surface.casefold() == wanted.casefold():
        return False
    shape = (str.isupper, str.islower, str.istitle)
    return [f(surface) for f in shape] == [f(wanted) for f in shape]


# The word before a document's number, and how the number is introduced: "Directive No. 25-CT/TW"
# is "Directive 25-CT/TW"; "Nghị quyết số 22-NQ/TW" is "Nghị quyết 22-NQ/TW".
_DOCUMENT_WORDS = {
    "en": frozenset(["resolution", "directive", "decree", "decision", "conclusion", "law", "circular"]),
    "vi": frozenset(["quyết", "thị", "luận", "định", "tư"]),  # nghị quyết, chỉ thị, kết luận, ...
}
_NUMBER_SIGNS = {"en": (("no", "."), ("no",)), "vi": (("số",),)}


def number_forms(keys: list[str], lang: str) -> list[list[str]]:
    """``keys`` and its other ways of writing a document number: with or without "No." / "số"."""
    forms = [keys]
    for i in range(1, len(keys)):
        if keys[i - 1] not in _DOCUMENT_WORDS.get(lang, ()):
            continue
        if keys[i].isdigit():
            forms += [[*keys[:i], *sign, *keys[i:]] for sign in _NUMBER_SIGNS[lang]]
        for sign in _NUMBER_SIGNS.get(lang, ()):
            after = i + len(sign)
            if tuple(keys[i:after]) == sign and after < len(keys) and keys[after].isdigit():
                others = [other for other in _NUMBER_SIGNS[lang] if other != sign]
                forms += [[*keys[:i], *other, *keys[after:]] for other in [(), *others]]
    return forms


_Countries = dict[str, list[tuple[tuple[str, ...], list[str]]]]


def _countries() -> tuple[dict[str, list[tuple[str, ...]]], _Countries]:
    """Demonym key -> the keys of its country's names; the last key of a country's name -> (the
    country's keys, its demonym keys), longest name first."""
    of_demonym: dict[str, list[tuple[str, ...]]] = {}
    by_country: dict[tuple[str, ...], list[str]] = {}
    for demonym, country in sorted(DEMONYMS.items()):
        (key,) = text_keys(demonym)
        for name in (country, *COUNTRY_SPELLINGS.get(country, ())):
            of_demonym.setdefault(key, []).append(tuple(text_keys(name)))
            by_country.setdefault(tuple(text_keys(name)), []).append(key)
    by_last: _Countries = {}
    for country, demonyms in sorted(by_country.items(), key=lambda item: (-len(item[0]), item[0])):
        by_last.setdefault(country[-1], []).append((country, demonyms))
    return of_demonym, by_last


_OF_DEMONYM, _BY_COUNTRY = _countries()


def nationality_forms(keys: list[str]) -> list[list[str]]:
    """English ``keys`` and their other word order for a country: "Malaysian Prime Minister" is
    also "Prime Minister of Malaysia"; "President of the United States" is also "American
    President" (``demonyms``; "of" with or without "the")."""
    forms = [keys]
    if len(keys) >= 2 and keys[0] in _OF_DEMONYM:
        for country in _OF_DEMONYM[keys[0]]:
            forms += [[*keys[1:], "of", *country], [*keys[1:], "of", "the", *country]]
    for country, demonyms in _BY_COUNTRY.get(keys[-1], ()) if keys else ():
        k = len(country)
        if len(keys) <= k + 1 or tuple(keys[-k:]) != country or keys[-k - 1] not in ("of", "the"):
            continue
        before = keys[:-k]
        before = before[:-1] if before[-1] == "the" else before  # "President of (the) United States"
        if len(before) > 1 and before[-1] == "of":
            forms += [[demonym, *before[:-1]] for demonym in demonyms]
        break
    return forms


@lru_cache(maxsize=65536)
def _case_keys(text: str) -> tuple[str, ...]:
    """Case-sensitive token keys of ``text`` (cached: term texts and surfaces repeat)."""
    keys = (token_key(text[a:b], case_sensitive=True) for a, b in tokens(text))
    return tuple(key for key in keys if key)


class Matcher:
    """Finds glossary terms in text; build once, call ``find`` many times."""

    def __init__(self, entries: Iterable[tuple[str, Term]]) -> None:
        self._waiting: dict[str, list[tuple[str, Term]]] = {}  # by language, until first searched
        for entry in entries:
            self._waiting.setdefault(entry[1].lang, []).append(entry)
        self._tries: dict[str, dict] = {}
        self._starters: dict[str, frozenset[str]] = {}
        self._lock = threading.Lock()

    def _trie(self, lang: str) -> dict:
        """The trie of ``lang``'s terms, built when a text in that language is first searched (an
        English draft never pays for the Vietnamese terms)."""
        trie = self._tries.get(lang)
        if trie is None:
            with self._lock:
                trie = self._tries.get(lang)
                if trie is None:
                    trie = {}
                    with gc_paused():
                        _add(trie, self._waiting.pop(lang, ()))
                    self._starters[lang] = _starters(trie, lang)
                    self._tries[lang] = trie
        return trie

    @classmethod
    def from_glossary(cls, glossary: Glossary, statuses: tuple[Status, ...] = ()) -> Matcher:
        """A matcher over every term of every concept (optionally only some statuses)."""
        return cls((c.id, t) for c in glossary for t in c.terms if not statuses or t.status in statuses)

    def whole(self, text: str, lang: str) -> Match | None:
        """The match that spans all of ``text`` (``text`` is one term of the glossary), if any."""
        matches = self.find(text, lang)
        if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(text):
            return matches[0]
        return None

    def find(self, text: str, lang: str, *, every: bool = False) -> list[Match]:
        """Leftmost-longest, non-overlapping matches of ``lang`` terms in ``text``: what was written,
        for reporting. ``every``: every occurrence of every term instead, overlapping and nested ones
        included ("Liên hợp quốc" inside "Hội đồng Bảo an Liên hợp quốc"), by start then end: what
        is present, for asking whether a concept occurs (``longest`` picks the first kind out)."""
        trie = self._trie(lang)
        if not trie:
            return []
        parts, keys = keyed_parts(text)  # parts: gap, token, gap, ...: token i is parts[2 * i + 1]
        kept: list[int] | None = None  # token indices behind ``keys`` when some keys are empty
        if not all(keys):
            kept = [i for i, key in enumerate(keys) if key]
            keys = [keys[i] for i in kept]
        matches: list[Match] = []
        n, resume, english = len(keys), 0, lang == "en"
        cursor = offset = 0  # offset of parts[cursor]; matches come left to right
        for i in compress(count(), map(self._starters[lang].__contains__, keys)):
            if i < resume:
                continue
            ends: list[tuple[int, tuple[Candidate, ...], bool]] = []
            node = trie
            j = i
            while j < n:
                key = keys[j]
                nxt = _next(node, key)
                here = _ends(nxt)[0]
                if here:
                    ends.append((j, here, False))
                elif english:
                    for base in base_forms(key):
                        if inflected := _ends(_next(node, base))[1]:
                            ends.append((j, inflected, True))
                            break
                if nxt is None or (type(nxt) is tuple and type(nxt[0]) is not str):  # none or a leaf
                    break
                node = nxt
                j += 1
            if not ends:
                continue
            first = i if kept is None else kept[i]
            offset += sum(map(len, parts[cursor : 2 * first + 1]))
            cursor = 2 * first + 1
            for last, candidates, inflected in ends if every else ends[-1:]:
                final = last if kept is None else kept[last]
                start, end = offset, offset + sum(map(len, parts[cursor : 2 * final + 2]))
                surface = text[start:end]
                matches.append(Match(start, end, surface, _rank(surface, candidates, inflected), inflected))
            if not every:
                resume = ends[-1][0] + 1
        return matches

    @staticmethod
    def longest(matches: list[Match]) -> list[Match]:
        """The leftmost-longest, non-overlapping matches among ``find(..., every=True)``'s: what
        ``find`` gives, without searching the text again."""
        chosen: list[Match] = []
        for m in matches:  # by start, then end: the last of a start is its longest
            if chosen and chosen[-1].start == m.start:
                chosen[-1] = m
            elif not chosen or m.start >= chosen[-1].end:
                chosen.append(m)
        return chosen


def _add(trie: dict, entries: Iterable[tuple[str, Term]]) -> None:
    """Index the (concept, term) ``entries`` of one language in ``trie``, with every form a term
    may be written in."""
    for concept, term in entries:
        keys = text_keys(term.text)
        if not keys:
            continue
        candidate = (Candidate(concept, term),)
        inflects = term.lang == "en" and term.inflect
        forms = number_forms(keys, term.lang)
        if term.lang == "en":
            forms = [nationality for form in forms for nationality in nationality_forms(form)]
            forms = [list(spelled) for form in forms for spelled in spellings(form, _MAX_SPELLINGS)]
        for spelling in forms:
            node = trie
            for at, key in enumerate(spelling[:-1]):
                nxt = node.get(key)
                if nxt is None:  # a new path: one string object for each token key, however many hold it
                    node[sys.intern(key)] = _chain(spelling[at + 1 :], candidate, inflects)
                    break
                if type(nxt) is tuple:  # a leaf or a chain takes another way on: it becomes a dict
                    nxt = node[key] = _opened(nxt)
                node = nxt
            else:
                _add_end(node, spelling[-1], candidate, inflects)


def _starters(trie: dict, lang: str) -> frozenset[str]:
    """Token keys a match can begin with: the trie's first keys and, in English, their plurals and
    possessives (only the last token inflects, so only one-token terms add forms)."""
    keys = set(trie)
    if lang == "en":
        for base in list(keys):
            if _ends(trie[base])[1]:
                forms = (base + "s", base + "es", base + "'s", base + "s'", base[:-1] + "ies")
                keys.update(form for form in forms if base in base_forms(form))
    return frozenset(keys)


def _rank(surface: str, candidates: tuple[Candidate, ...], inflected: bool) -> tuple[Candidate, ...]:
    if len(candidates) == 1:
        return candidates
    probe = Match(0, len(surface), surface, (), inflected)
    return tuple(
        sorted(candidates, key=lambda c: (not probe.case_matches(c.term), c.term.status.rank, c.concept))
    )
