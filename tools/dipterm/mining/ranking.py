"""From counts to ranked candidates: merge variants, C-value, generator evidence, one score.

Every generator's candidates meet in one table keyed by ``fold_key`` (``match_key`` with the last
word's plural or possessive folded), so "FTA"/"FTAs" and "people's"/"people’s" are one entry. The
statistical strength is C-value (Frantzi & Ananiadou 2000) over the nesting of all candidates:
a sequence counts only the occurrences its longer containers do not explain, so "Comprehensive
Strategic Partnership" stands while "Comprehensive Strategic" (never alone) drops. Structural
evidence (a defined acronym, a quotation, a glossed loanword, a member of an enumerated set, a
capitalised name) adds to that strength; phrase shapes that rarely make terms weaken it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from sacremoses import MosesDetokenizer

from dipterm.matcher import base_forms
from dipterm.mining import lexicon as lx
from dipterm.mining.acronyms import expansion, singular
from dipterm.mining.counting import Counts, Gram, Place, syllable_name
from dipterm.normalize import match_key

MAX_TABLE = 200_000  # distinct sequences ranked at most; rarer ones are cut first on huge inputs

BONUS = {
    "loanword": 6.0,
    "acronym-pair": 5.0,
    "quoted": 4.0,
    "member": 3.5,
    "formula": 2.0,
    "set": 4.0,
    "name": 3.5,
    "acronym": 4.0,
    "compound": 3.5,
}
STRUCTURAL = ("loanword", "acronym-pair", "quoted", "member", "set", "compound", "formula")
_KIND_ORDER = ("loanword", "acronym", "quoted", "member", "set", "formula", "compound", "name", "ngram")
_DETOKENIZER = MosesDetokenizer(lang="en")
_ADJECTIVE = ("al", "ic")
_LIST_COMMA = re.compile(r" ?, (?:and )?")


def fold_key(text: str) -> str:
    """``match_key`` with the last word's plural/possessive folded and list commas read as "and":
    "FTAs" and "FTA" -> "fta"; "important, regular" and "important and regular" are one key."""
    key = _LIST_COMMA.sub(" and ", match_key(text))
    head, _, last = key.rpartition(" ")
    forms = base_forms(last) if last.isalpha() or last.endswith("'s") else ()
    if forms:
        return f"{head} {forms[0]}" if head else forms[0]
    return key


def surface(tokens: Gram) -> str:
    """Tokens back to text: ``("people's", "diplomacy")`` -> ``people's diplomacy``."""
    return _DETOKENIZER.detokenize(list(tokens))


@dataclass
class Entry:
    """Everything known about one candidate (all spellings of one fold key)."""

    key: str
    forms: Counter = field(default_factory=Counter)
    evidence: Counter = field(default_factory=Counter)  # channel/generator -> occurrences
    docs: int = 0
    places: list[Place] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    acronym: str | None = None
    expansion: str | None = None
    gloss: str | None = None
    extended: Counter = field(default_factory=Counter)  # "left"/"right" -> occurrences in longer ones
    lowercase: bool = False  # a one-word name often written in lower case: "the resolution", "state"
    definite: bool = False  # a one-word name mostly after "the": "the Politburo", not "Australia"

    @property
    def count(self) -> int:
        """Occurrences: the largest channel's count (channels see the same mentions)."""
        return max(
            (n for k, n in self.evidence.items() if k in ("ngram", "name", "quoted", "member")),
            default=max(self.evidence.values(), default=0),
        )

    @property
    def kind(self) -> str:
        """The strongest generator that proposed it."""
        kinds = set(self.evidence)
        if self.acronym:
            kinds.add("acronym")
        if 2 * self.evidence["name"] <= self.count:
            kinds.discard("name")
        return next(k for k in _KIND_ORDER if k in kinds or k == "ngram")

    @property
    def term(self) -> str:
        """The most frequent spelling (ties: alphabetical)."""
        return min(self.forms.items(), key=lambda kv: (kv[0].isupper() and " " in kv[0], -kv[1], kv[0]))[0]


@dataclass(frozen=True)
class Ranked:
    """One entry with its score."""

    entry: Entry
    score: float


class _Table:
    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}

    def add(self, tokens: Gram, channel: str, count: int, docs: int, places: list[Place]) -> Entry:
        text = surface(tokens)
        key = fold_key(text)
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = Entry(key)
        entry.forms[text] += count
        entry.evidence[channel] += count
        entry.docs = max(entry.docs, docs)
        if len(entry.places) < 3:
            entry.places = sorted({*entry.places, *places})[:3]
        return entry


def _floor(counter: Counter, minimum: int) -> int:
    """The smallest count to keep so that at most MAX_TABLE keys survive (at least ``minimum``)."""
    if len(counter) <= MAX_TABLE:
        return minimum
    kept, floor = 0, minimum
    for value, how_many in sorted(Counter(counter.values()).items(), reverse=True):
        if kept + how_many > MAX_TABLE:
            floor = value + 1
            break
        kept += how_many
    return max(floor, minimum)


def _usable_ngram(gram: Gram) -> bool:
    """Two or more words, no number or inner word at the edges, at most one "and" (a short
    coordination: "prevention and control") or one "of" ("framework of relations"), not both."""
    if len(gram) < 2:
        return False
    first, last = gram[0], gram[-1]
    if (
        first.lower() in lx.NGRAM_INNER
        or last.lower() in lx.NGRAM_INNER
        or lx.is_number(first)
        or lx.is_number(last)
    ):
        return False
    if any(syllable_name(a) and syllable_name(b) for a, b in pairwise(gram)):
        return False
    if syllable_name(last) and not syllable_name(gram[-2]):
        return False  # a name's first syllable after a title: "Minister of Foreign Affairs | Pham"
    if any(a.endswith("'s") and a[:1].isupper() and b[:1].isupper() for a, b in pairwise(gram)):
        return False  # one name's possession of another: "Diplomatic Conference's Action Plan"
    inner = [i for i, t in enumerate(gram) if t.lower() in lx.NGRAM_INNER]
    if not inner:
        return True
    if len(inner) > 1:
        return False
    at = inner[0]
    if gram[at].lower() == "and":
        return len(gram) <= 4 and at <= 2 and len(gram) - at - 1 <= 2
    return at <= 2 and len(gram) - at - 1 <= 3


def build_table(counts: Counts, min_count: int = 1) -> dict[str, Entry]:
    """Every generator's candidates merged by fold key."""
    table = _Table()
    ngram, name, initial, event = counts.ngram, counts.name, counts.initial_name, counts.event
    floor = _floor(ngram.count, min_count)
    cut_conjunct = Counter()  # "health diplomacy and vaccine" -> times followed by one more word
    for gram, n in ngram.count.items():
        if len(gram) >= 4 and gram[-3] == "and":
            cut_conjunct[gram[:-1]] += n
    for gram, n in ngram.count.items():
        if n >= floor and _usable_ngram(gram) and cut_conjunct[gram] < n:
            table.add(gram, "ngram", n, ngram.docs[gram], ngram.places[gram])
    for channel, spans in (("name", name), ("initial", initial)):
        for span, n in spans.count.items():
            first = span[0].lower()
            if channel == "initial" and (
                (first in counts.lower and first not in lx.ING_MODIFIERS) or first.endswith("ly")
            ):
                continue  # a sentence opener, unless a title's modifier: "Standing Deputy Minister"
            if len(span) == 1 and channel == "initial" and not lx.is_acronym(span[0]):
                continue
            table.add(span, "name", n, spans.docs[span], spans.places[span])
    for ev, n in event.count.items():
        _add_event(table, ev, n, event.docs[ev], event.places[ev], counts.shouted)
    for entry in list(table.entries.values()):
        if entry.kind == "name" and len(entry.key.split(" ")) == 1:
            word = entry.term
            entry.lowercase = (
                2 * counts.lower[word.lower()] >= entry.count
                or word.lower() in lx.DOMAIN_HEADS
                or lx.is_demonym(word)
            )
            entry.definite = 2 * counts.definite[word] >= entry.count
            if (
                lx.is_acronym(word)
                and counts.shouted[word.lower()] < entry.count
                and word.lower() not in lx.DOMAIN_HEADS
            ):  # "MINISTRY" is shouted, not an acronym
                entry.acronym = entry.acronym or singular(word)
    return table.entries


def _add_event(table: _Table, ev: tuple, n: int, docs: int, places: list[Place], shouted: Counter) -> None:
    kind = ev[0]
    if kind == "acronym":
        short, window = ev[1], list(ev[2])
        words = expansion(short, window)
        if words is None:
            return
        long_entry = table.add(tuple(words), "acronym-pair", n, docs, places)
        short_key = fold_key(short)
        short_entry = table.entries.pop(short_key, None)
        long_entry.acronym = singular(short)
        long_form = long_entry.term
        if short != long_entry.acronym and long_form.endswith("s"):
            bases = base_forms(long_form.rpartition(" ")[2].lower())
            if bases:
                long_form = long_form[: len(long_form) - len(long_form.rpartition(" ")[2]) + len(bases[0])]
        long_entry.expansion = long_form
        if short_key != long_entry.key:
            long_entry.aliases.append(short_key)
        if short_entry is not None and short_entry is not long_entry:
            long_entry.evidence["acronym-mentions"] += short_entry.count
            long_entry.docs = max(long_entry.docs, short_entry.docs)
    elif kind == "loanword":
        entry = table.add(ev[1], "loanword", n, docs, places)
        entry.gloss = surface(ev[2])
    elif kind == "quoted":
        table.add(ev[1], "quoted", n, docs, places)
    elif kind == "member":
        table.add(ev[1], "member", n, docs, places)
    elif kind in ("set", "compound", "formula"):
        table.add(ev[1], kind, n, docs, places)
    elif kind == "listed":
        key = fold_key(surface(ev[1]))
        if key in table.entries:
            table.entries[key].evidence["listed"] += n


def _fold_words(words: list[str]) -> str:
    forms = base_forms(words[-1]) if words[-1].isalpha() or words[-1].endswith("'s") else ()
    return " ".join([*words[:-1], forms[0]] if forms else words)


def _nesting(entries: dict[str, Entry], plausible: dict[str, bool], attachments: dict[str, int]) -> None:
    """For C-value: each plausible entry's count goes to its longest plausible proper prefix (as a
    right extension) and suffix (as a left extension). Extensions on one side are disjoint. A
    conjunct is not nested in its coordination ("health diplomacy and vaccine diplomacy" leaves both
    their occurrence), except a first conjunct whose modifier may be shared with a one-word second:
    "national (defense and security)"; nor is the first name an attaching name joins to another;
    nor is a series named with two or more ordinals ("30th/31st Diplomatic Conference") nested in
    its numbered sessions — with one ordinal only it is a fragment like any other."""
    numbered: dict[str, set[str]] = {}
    for key in entries:
        first, _, rest = key.partition(" ")
        if rest and lx.is_ordinal(first):
            numbered.setdefault(rest, set()).add(first)
    for entry in entries.values():
        if not plausible[entry.key]:
            continue
        words = entry.key.split(" ")
        coordination = entry.kind == "ngram" and entry.term.islower()
        for side in ("right", "left"):
            for cut in range(len(words) - 1, 0, -1):
                beside = words[cut] if side == "right" else words[len(words) - cut - 1]
                if coordination and beside == "and" and (side == "left" or len(words) - cut > 2):
                    break
                if side == "right" and cut == attachments.get(entry.key):
                    break
                if (
                    side == "left"
                    and cut == len(words) - 1
                    and lx.is_ordinal(words[0])
                    and len(numbered.get(" ".join(words[1:]), ())) >= 2
                ):
                    break  # a series named on its own
                part = words[:cut] if side == "right" else words[len(words) - cut :]
                sub = entries.get(_fold_words(part))
                if sub is not None and plausible[sub.key]:
                    sub.extended[side] += entry.count
                    break


def inner_keys(key: str) -> set[str]:
    """The fold keys of every shorter word sequence inside the fold key ``key``."""
    words = key.split(" ")
    return {
        _fold_words(words[i:j])
        for i in range(len(words))
        for j in range(i + 1, len(words) + 1)
        if j - i < len(words)
    }


def _elided_conjuncts(entries: dict[str, Entry]) -> Counter:
    """Occurrences of adjective + noun as the second half of a coordination of two adjectives that
    share the noun: "cultural stature" in "historical and cultural stature", "resolute environment"
    in "stable and resolute environment" (not a domain modifier after a rating word: "multilateral
    diplomacy" stays in "particular and multilateral diplomacy")."""
    elided: Counter = Counter()
    for entry in entries.values():
        words = entry.key.split(" ")
        if (
            entry.kind == "ngram"
            and len(words) == 4
            and words[1] == "and"
            and (
                (words[0].endswith(_ADJECTIVE) and words[2].endswith(_ADJECTIVE))
                or (lx.is_evaluative(words[0]) and words[2] not in lx.DOMAIN_MODIFIERS)
            )
        ):
            elided[" ".join(words[2:])] += entry.count
    return elided


def _content_length(key: str) -> int:
    return sum(1 for w in key.split(" ") if (w not in lx.NGRAM_INNER and w.isalnum()) or "'" in w)


def _attachment(entry: Entry, entries: dict[str, Entry]) -> int:
    """For a name that attaches a name known better elsewhere to another ("Party Committee of the
    Ministry of Foreign Affairs"), the number of words before "of the"; else 0."""
    words = entry.term.split(" ")
    if entry.kind != "name" or "of" not in words[1:-2] or words[words.index("of") + 1] != "the":
        return 0
    at = words.index("of")
    attached = entries.get(fold_key(" ".join(words[at + 2 :])))
    if (
        all(w[:1].isupper() for w in words[:at])
        and attached is not None
        and attached.count + attached.evidence["acronym-mentions"] > entry.count
    ):
        return at
    return 0


def _name_shape(entry: Entry, attachment: int) -> float:
    """< 1 for names that open with a possessive (not a body's: "PCC's Commission for External
    Relations"), attach one name to another, end without a head ("ASEAN-led"), or put a title to a
    nationality, a holder or a body ("Rwandan Minister of Foreign Affairs", "Special Envoy Louise
    Mushikiwabo", "Head of the Commission for External Relations"): the title is the term."""
    words = entry.term.split(" ")
    first, rest = words[0], words[1:]
    owned = first.endswith(("'s", "s'")) and bool(rest) and rest[0].lower() not in lx.BODY_HEADS
    titled = len(words) > 2 and (
        (lx.is_demonym(first) and rest[0].lower() in lx.TITLE_WORDS)
        or lx.holder_start(words) > 0
        or (" ".join(words[:2]).lower() in ("head of", "chief of"))
    )
    return (0.3 if owned or titled else 0.6 if attachment else 1.0) * _headless(entry)


def _headless(entry: Entry) -> float:
    """0.2 for a phrase ending in a compound modifier, with no head noun after it: "ASEAN-led",
    "rules-based", "people-centred"; else 1."""
    return 0.2 if entry.term.lower().endswith(lx.MODIFIER_ENDINGS) else 1.0


def _detachable(entry: Entry) -> bool:
    """An evaluative opener ("cooperative land border", "multi-center world order") or a generic
    head ("foreign affairs activities") around a phrase: weakened, and never hides the phrase it
    extends."""
    words, opener = entry.key.split(" "), entry.term.split(" ")[0].lower()
    rated = lx.is_evaluative(opener) and words[1] != "and" and entry.count < 3  # "new era" x4: a set phrase
    return rated or words[-1] in lx.GENERIC_HEADS


def _shape_factor(entry: Entry) -> float:
    """< 1 for phrase shapes that rarely are terms: verb, adverb or evaluative openers, generic heads,
    possessives, a capitalised modifier on a common phrase ("Vietnamese diplomacy")."""
    words = entry.term.lower().split(" ")
    first, last = words[0], words[-1]
    factor = 1.0
    for word, is_first in ((first, True), (last, False)):
        if word.endswith("ly") and len(word) > 4:
            return 0.0
        if word in lx.COMMON_VERBS or (word.endswith("ed") and "-" not in word):  # not "ASEAN-led"
            factor *= 0.3
        elif word.endswith("ing") and is_first and word not in lx.ING_MODIFIERS:
            factor *= 0.4
        elif is_first and word in lx.VERB_OPENERS and entry.term[:1].islower():
            factor *= 0.3
    if any(w.endswith("ed") and "-" not in w and w not in ("need", "seed", "speed") for w in words[1:-1]):
        return 0.0
    if last in lx.MONTHS:  # a date after a phrase: "Foreign Affairs | last August"
        return 0.0
    if len(words) > 2 and last.endswith("ing") and fold_key(words[-2]) in lx.DOMAIN_HEADS:
        factor *= 0.3  # a participle after the head: "vaccine diplomacy | serving"
    if last in lx.DOMAIN_MODIFIERS and last.endswith(("al", "ic")):  # no head noun: "external regional"
        factor *= 0.3
    if "and" in words:
        factor *= 0.6
        if len(words) == 4 and words[1] == "and" and all(w.endswith(_ADJECTIVE) for w in words[::2][:2]):
            factor *= 0.5  # "economic and cultural diplomacy": each conjunct is the term
    elif "of" in words:  # "of" between two domain nouns ("framework of relations") is milder
        at = words.index("of")
        factor *= 0.85 if {fold_key(words[at - 1]), fold_key(words[-1])} <= lx.DOMAIN_HEADS else 0.6
    if _detachable(entry):
        factor *= 0.4
    factor *= _headless(entry)
    if first.endswith("'s") or first.endswith("s'"):
        factor *= 0.35
    surface_words = entry.term.split(" ")
    if surface_words[0].istitle() and all(w.islower() for w in surface_words[1:]):
        factor *= 0.4 if lx.is_demonym(surface_words[0]) else 0.6
    elif all(w.istitle() for w in surface_words):  # a name's fragment the name generator never saw alone
        # a title and its holder: "President Joseph Biden"
        factor *= 0.2 if lx.holder_start(surface_words) else 0.6
    return factor


def _independent(entry: Entry) -> int:
    """Occurrences no longer candidate explains; a bare acronym is never a fragment ("FDI recipients")."""
    if entry.kind == "acronym" and " " not in entry.key:
        return entry.count
    return entry.count - max(entry.extended["left"], entry.extended["right"])


@dataclass
class _Context:
    """What scoring one entry needs from the whole table."""

    shapes: dict[str, float]
    elided: Counter
    heads: Counter
    modifiers: Counter
    documents: int


def _context(entries: dict[str, Entry], documents: int) -> _Context:
    attachments = {key: _attachment(e, entries) for key, e in entries.items()}
    shapes = {
        key: _shape_factor(e)
        if e.kind == "ngram"
        else _name_shape(e, attachments[key])
        if e.kind == "name"
        else 1.0
        for key, e in entries.items()
    }
    plausible = {
        key: shapes[key] >= 0.5 and not (e.kind == "ngram" and _detachable(e)) for key, e in entries.items()
    }
    _nesting(entries, plausible, attachments)
    phrases = [
        e.key.split(" ")
        for e in entries.values()
        if " " in e.key and e.kind == "ngram" and plausible[e.key] and _independent(e) > 0
    ]
    return _Context(
        shapes,
        _elided_conjuncts(entries),
        Counter(words[-1] for words in phrases),
        Counter(words[0] for words in phrases),
        documents,
    )


def _score(entry: Entry, context: _Context, steps: list[str] | None = None) -> float | None:
    """The entry's score, or None when it drops; ``steps``, when given, receives how it was reached."""

    def step(what: str, value: float) -> float:
        if steps is not None:
            steps.append(f"{what}: {value:.2f}")
        return value

    kind, shape = entry.kind, context.shapes[entry.key]
    independent = _independent(entry)
    structural = {k for k in STRUCTURAL if k in entry.evidence}
    if steps is not None:
        steps.append(
            f"{entry.count} occurrences, {independent} outside longer candidates "
            f"(inside: {entry.extended['left']} after more words, {entry.extended['right']} before more)"
        )
    if (independent <= 0 or shape == 0) and not structural and not entry.acronym:
        if steps is not None:
            steps.append(
                "dropped: its every occurrence is inside a longer candidate"
                if independent <= 0
                else "dropped: a phrase shape that is not a term (shape factor 0)"
            )
        return None
    length = max(_content_length(entry.key), 1)
    usable = max(independent, 0.5) + entry.evidence["acronym-mentions"]
    strength = step(
        f"C-value: min(log2(1 + {length} content words), 2) x (1 + log2({usable:g} usable occurrences))",
        min(math.log2(1 + length), 2.0) * (1 + math.log2(usable) if usable >= 1 else usable),
    )
    if kind == "ngram":
        words = entry.key.split(" ")
        heads, modifiers = context.heads[words[-1]], context.modifiers[words[0]]
        strength = step(
            f"+ head {words[-1]!r} heads {heads} phrases", strength + min(1.5, 0.4 * math.log2(1 + heads))
        )
        strength = step(
            f"+ modifier {words[0]!r} opens {modifiers} phrases",
            strength + min(1.0, 0.3 * math.log2(1 + modifiers)),
        )
        if entry.evidence["listed"]:
            strength = step("+ a member of a list", strength + 1.5)
        if words[-1] in lx.DOMAIN_HEADS:
            strength = step("+ a domain head", strength + 1.0)
        if words[0] in lx.DOMAIN_MODIFIERS:
            strength = step("+ a domain modifier", strength + 0.5)
        half = context.elided[entry.key] >= entry.count
        strength = step(
            f"x shape factor {shape:g}{' x 0.5 (second adjective of a shared head)' if half else ''}",
            strength * shape * (0.5 if half else 1.0),
        )
    elif kind == "name":
        if length > 1:
            strength = step("+ a name of several words", strength + BONUS["name"])
        elif entry.lowercase:
            strength = step("a capitalised common noun: x 0.5 + 0.5", strength * 0.5 + 0.5)
        else:
            strength = step(
                "one capitalised word: min(., 3) x 0.75 + "
                + ("2.7 (after 'the')" if entry.definite else "0.7"),
                min(strength, 3.0) * 0.75 + (2.7 if entry.definite else 0.7),
            )
        if length > 1 and entry.key.rpartition(" ")[2] in lx.DOMAIN_HEADS:
            strength = step("+ a domain head", strength + 1.0)
        strength = step(f"x name shape {shape:g}", strength * shape)
    elif kind == "acronym" and not structural:
        strength = step("+ an acronym", strength + BONUS["acronym"])
    score = strength
    for name in sorted(structural):
        score = step(f"+ {name} evidence", score + BONUS[name])
    if context.documents > 1 and entry.docs > 1:
        score = step(f"+ in {entry.docs} documents", score + 1.0)
    return round(score, 3)


def score_entries(
    entries: dict[str, Entry], documents: int, explain: dict[str, list[str]] | None = None
) -> list[Ranked]:
    """Score every entry; entries with no independent occurrence and no structural evidence drop.
    For each fold key of ``explain``, how its entry was scored is appended to its list."""
    context = _context(entries, documents)
    ranked = []
    for entry in entries.values():
        score = _score(entry, context, explain.get(entry.key) if explain else None)
        if score is not None:
            ranked.append(Ranked(entry, score))
    ranked.sort(key=lambda r: (-r.score, r.entry.term.casefold(), r.entry.term))
    return ranked


def describe_entry(entries: dict[str, Entry], key: str) -> list[str]:
    """What proposed the entry of fold key ``key``, and the longer candidates holding it."""
    entry = entries[key]
    generators = ", ".join(f"{k} {n}" for k, n in sorted(entry.evidence.items()) if n)
    lines = [f"kind {entry.kind}; generators: {generators}; in {entry.docs} document(s)"]
    containers = sorted(
        (other.count, other.term)
        for other in entries.values()
        if other.key != key and f" {key} " in f" {other.key} " and other.count
    )
    if containers:
        shown = "; ".join(f"{term!r} ({n})" for n, term in reversed(containers[-5:]))
        lines.append(f"longer candidates holding it: {shown}")
    return lines
