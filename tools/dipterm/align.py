"""Bilingual term alignment: Vietnamese equivalents of English terms proposed from translations.

For each English term (given, mined from the English side, or a glossary concept met there) the
segment pairs holding it are collected, and every Vietnamese syllable n-gram of their targets that
does not start or end on a function word nor cross punctuation is a candidate span. A span scores
by its association with the term over the whole file (Dice over segment pairs), a length prior,
and what the glossary knows: the concept's own terms, a rendering composed from glossary parts in
Vietnamese order (head first: "Minister of Foreign Affairs of Japan" -> "Bộ trưởng Ngoại giao Nhật
Bản"), names, acronyms and numbers written as in English. Competitive linking then gives each span
of a segment pair to one term only, so one Vietnamese phrase is not proposed for every English
term beside it. Spans are keyed NFC-, case- and tone-placement-blind and written as they occur
most often.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise, product
from pathlib import Path

from dipterm.demonyms import DEMONYMS, STATE_FORMS
from dipterm.findings import DiptermError
from dipterm.matcher import Matcher
from dipterm.model import Concept, Glossary, Status, Term
from dipterm.normalize import match_key, token_key
from dipterm.vi_words import WordBoundaries

MAX_SPAN = 9  # syllables in a candidate span
MAX_PAIRS_PER_TERM = 400  # pairs looked at per term: statistics saturate long before
_CHUNKS = re.compile(r"[^,.;:!?()\[\]\"“”«»/|\n]+")
_SYLLABLE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|\d+(?:[.,]\d+)*%?")
# Vietnamese function words a term's rendering never starts or ends with
_EDGE_WORDS = frozenset(
    [
        "của",
        "và",
        "các",
        "những",
        "với",
        "cho",
        "được",
        "là",
        "đã",
        "sẽ",
        "một",
        "này",
        "đó",
        "trong",
        "về",
        "tại",
        "từ",
        "để",
        "theo",
        "đến",
        "như",
        "cũng",
        "thì",
        "mà",
        "khi",
        "nhằm",
        "giữa",
        "đang",
        "vào",
        "ra",
        "có",
        "không",
        "nhiều",
        "tới",
        "lên",
        "bởi",
        "do",
        "nên",
        "hoặc",
        "hay",
        "cùng",
        "sau",
        "trước",
        "đây",
        "ấy",
    ]
)
_NAME_LIKE = re.compile(r"^(?:[A-Z0-9][\w&.-]*\s?)+$")
_FUNCTION = re.compile(r"\b(?:the|a|an|and|of|for|on|in|to)\b", re.I)


@dataclass(frozen=True)
class Pair:
    """One aligned segment pair: English, Vietnamese, and where it is (``path:line``)."""

    en: str
    vi: str
    where: str


@dataclass(frozen=True)
class Evidence:
    where: str
    en: str
    vi: str


@dataclass
class Candidate:
    """A proposed Vietnamese equivalent with its score, support and evidence."""

    vi: str
    score: float
    count: int
    evidence: list[Evidence] = field(default_factory=list)
    in_glossary: bool = False

    def to_dict(self) -> dict:
        return {
            "vi": self.vi,
            "score": round(self.score, 4),
            "count": self.count,
            "in_glossary": self.in_glossary,
            "evidence": [{"where": e.where, "en": e.en, "vi": e.vi} for e in self.evidence],
        }


@dataclass
class Alignment:
    """An English term, its concept when the glossary has it, and its candidates, best first."""

    en: str
    concept: str | None
    occurrences: int
    candidates: list[Candidate]
    glossary: tuple[str, ...] = ()  # the concept's accepted Vietnamese terms

    def to_dict(self) -> dict:
        return {
            "en": self.en,
            "concept": self.concept,
            "occurrences": self.occurrences,
            "glossary": list(self.glossary),
            "candidates": [c.to_dict() for c in self.candidates],
        }


class _Target:
    """A Vietnamese segment as syllables (keys and places), in chunks that punctuation separates."""

    __slots__ = ("chunks", "text", "unsafe", "words")

    def __init__(self, text: str, ids: dict[str, int]) -> None:
        self.text = text
        self.words: list[str] | None = None  # the English word each syllable renders (``_lexical``)
        self.unsafe: frozenset[int] | None = None  # offsets where a span cuts a word (``align_pairs``)
        self.chunks: list[list[tuple[int, int, int]]] = []
        for chunk in _CHUNKS.finditer(text):
            syllables = [
                (
                    ids.setdefault(token_key(m.group()), len(ids)),
                    chunk.start() + m.start(),
                    chunk.start() + m.end(),
                )
                for m in _SYLLABLE.finditer(chunk.group())
            ]
            if syllables:
                self.chunks.append(syllables)

    def spans(self, longest: int, edges: frozenset[int]) -> dict[tuple[int, ...], tuple[int, int]]:
        """Candidate spans of at most ``longest`` syllables -> their first place (start, end)."""
        found: dict[tuple[int, ...], tuple[int, int]] = {}
        for chunk in self.chunks:
            keys = [s[0] for s in chunk]
            ends = [s[2] for s in chunk]
            open_ = [key not in edges for key in keys]
            for i, (_, start, _) in enumerate(chunk):
                if not open_[i]:
                    continue
                for j in range(i, min(i + longest, len(chunk))):
                    if open_[j]:
                        key = tuple(keys[i : j + 1])
                        if key not in found:
                            found[key] = (start, ends[j])
        return found

    def syllables(self) -> list[tuple[int, int, int]]:
        """Every syllable (key, start, end) in order, across the chunks."""
        return [syllable for chunk in self.chunks for syllable in chunk]

    def locate(self, key: tuple[int, ...]) -> tuple[int, int] | None:
        """The first place of the syllables ``key`` in a row, across punctuation (a known rendering
        such as "hòa bình, an ninh và ổn định" spans a comma)."""
        flat = self.syllables()
        size = len(key)
        for i in range(len(flat) - size + 1):
            if flat[i][0] == key[0] and all(flat[i + k][0] == key[k] for k in range(1, size)):
                return flat[i][1], flat[i + size - 1][2]
        return None


class Boundaries:
    """Where a span would cut a Vietnamese word the glossary knows: a span starting or ending
    strictly inside an occurrence of a glossary term of at most ``WORD`` syllables ("Hiến chương
    Liên" in "Hiến chương Liên hợp quốc"), at no edge of another, cuts it. The glossary's short
    terms are its lexicon of words; a longer one is a phrase, whose parts may stand alone."""

    WORD = 4

    def __init__(self, glossary: Glossary | None) -> None:
        terms = [
            (c.id, t)
            for c in glossary or ()
            for t in c.terms
            if t.lang == "vi" and len(_SYLLABLE.findall(t.text)) <= self.WORD
        ]
        self.matcher = Matcher(terms) if terms else None

    def unsafe(self, target: _Target) -> frozenset[int]:
        """The character offsets of ``target`` a span must not start or end at."""
        found = self.matcher.find(target.text, "vi", every=True) if self.matcher else []
        edges = {m.start for m in found} | {m.end for m in found}
        inside = {
            offset
            for m in found
            for chunk in target.chunks
            for _, start, end in chunk
            for offset in (start, end)
            if m.start < offset < m.end
        }
        return frozenset(inside - edges)


def _keys(text: str, ids: dict[str, int]) -> tuple[int, ...]:
    """The span key of a Vietnamese text (as ``_Target`` keys its syllables)."""
    return tuple(ids.setdefault(token_key(m.group()), len(ids)) for m in _SYLLABLE.finditer(text))


def _words(term: str) -> int:
    """Content words of an English term (what the length prior counts)."""
    return max(1, sum(1 for w in en_words(term) if w not in _EN_FUNCTION))


def _length_prior(syllables: int, words: int) -> float:
    """How likely a rendering of ``syllables`` is for an English term of ``words`` words (Vietnamese
    takes about 1.5 syllables a word in diplomatic terms)."""
    return math.exp(-0.6 * abs(math.log((syllables + 0.5) / (1.5 * words + 0.5))))


class Composer:
    """Renderings the glossary can compose: its own preferred terms, and terms made of glossary
    parts put in Vietnamese order (``X of Y`` -> X Y; premodifiers after their head)."""

    def __init__(self, glossary: Glossary | None) -> None:
        self.glossary = glossary
        entries = (
            [
                (c.id, t)
                for c in glossary
                for t in c.terms
                if t.lang == "en" and t.status is not Status.DEPRECATED
            ]
            if glossary
            else []
        )
        self.matcher = Matcher(entries)
        self._vi = (
            {
                c.id: [t.text for t in c.terms_in("vi", Status.PREFERRED, Status.ADMITTED)][:3]
                for c in glossary
            }
            if glossary
            else {}
        )

    def accepted(self, concept: str) -> tuple[str, ...]:
        found = self.glossary.get(concept) if self.glossary else None
        if found is None:
            return ()
        return tuple(t.text for t in found.terms_in("vi", Status.PREFERRED, Status.ADMITTED))

    def concept_of(self, term: str) -> str | None:
        """The concept whose English term ``term`` is, whole."""
        term = re.sub(r"^(?:the|a|an)\s+", "", term.strip(), flags=re.I)
        found = self.matcher.whole(term, "en")
        return found.concept if found else None

    def compose(self, term: str) -> list[str]:
        """Vietnamese renderings composed from the glossary terms inside ``term``, none when a
        content word is left uncovered: premodifiers after their head ("strategic partnership" ->
        "đối tác chiến lược"), "X of Y" as X Y ("Minister of Foreign Affairs of Japan" -> "Bộ
        trưởng Ngoại giao Nhật Bản"); the plain left-to-right order second."""
        matches = self.matcher.find(term, "en")
        if not matches:
            return []
        pieces = self._parts(term, matches)
        if pieces is None or not all(pieces[1]):
            return []
        gaps, options = pieces
        found = []
        for parts in islice(product(*options), 48):
            groups: list[list[str]] = [[]]
            for part, gap in zip(parts, gaps[:-1], strict=True):
                if re.search(r"\bof\b", gap) and groups[-1]:
                    groups.append([])
                groups[-1].append(part)
            found += [" ".join(" ".join(reversed(group)) for group in groups), " ".join(parts)]
        return list(dict.fromkeys(found))

    def _parts(self, term: str, matches: list) -> tuple[list[str], list[list[str]]] | None:
        """The gaps between the parts of ``term`` and the Vietnamese of each part: its glossary terms
        and the names between them (capitalised words, written the same in Vietnamese: Malaysia,
        Singapore; an adjective of nationality as its country: Chinese -> Trung Quốc); None when a
        gap holds a content word that is neither."""
        spots: list[tuple[int, int, tuple[str, ...] | str | None]] = [
            (m.start, m.end, tuple(dict.fromkeys(c.concept for c in m.candidates))) for m in matches
        ]
        taken = [(a, b) for a, b, _ in spots]
        for word in re.finditer(r"\b[A-Z][\w’'-]*\b", term):
            if not any(a <= word.start() < b for a, b in taken):
                country = DEMONYMS.get(word.group())
                concept = self.concept_of(country) if country else None
                spots.append(
                    (word.start(), word.end(), (concept,) if concept else STATE_FORMS.get(word.group()))
                )
        spots.sort()
        if not spots:
            return None
        gaps = [term[: spots[0][0]], *(term[a[1] : b[0]] for a, b in pairwise(spots)), term[spots[-1][1] :]]
        if any(_FUNCTION.sub("", gap).strip(" -,'’") for gap in gaps):
            return None
        options = []
        for a, b, found in spots:
            if isinstance(found, tuple):  # the concepts of a glossary term (two for a homonym)
                options.append(list(dict.fromkeys(v for concept in found for v in self._vi.get(concept, []))))
            else:  # a state form ("Republic" -> "Cộng hòa") or a name written as in English
                options.append([found or term[a:b]])
        return gaps, options


def _carried(term: str) -> bool:
    """True when a term is written the same in Vietnamese: a name, an acronym, a number."""
    return bool(_NAME_LIKE.match(term)) and (
        term.isupper() or any(ch.isdigit() for ch in term) or len(term.split()) == 1
    )


_EN_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_EN_FUNCTION = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "as",
        "its",
        "their",
        "his",
        "her",
    ]
)
LEXICON_PAIRS = 3000  # segment pairs the word lexicon is trained on (the first ones)
LEXICAL_PAIRS = 25  # pairs per term whose word alignment is looked at
MINED_PAIRS = 10_000  # pairs whose English side is mined for terms (an even sample)


def en_words(text: str) -> list[str]:
    return [w.lower() for w in _EN_WORD.findall(text)]


class Lexicon:
    """Word translation probabilities t(syllable | English word) by IBM Model 1 (EM) over the
    segment pairs and the glossary's term pairs, so that a syllable can be told to render a word
    of the term or another word of its sentence. A syllable written as the English word (a name,
    an acronym, a number) renders it."""

    def __init__(self, training: list[tuple[list[str], list[int]]], ids: dict[str, int], rounds: int = 4):
        self.ids = ids
        self.t: dict[str, dict[int, float]] = {}
        for round_ in range(rounds):
            counts: dict[str, defaultdict[int, float]] = defaultdict(lambda: defaultdict(float))
            for words, syllables in training:
                sources = [*words, ""]  # "": the empty word, for syllables that render none
                rows = [counts[w] for w in sources]
                if round_ == 0:  # uniform
                    share = 1.0 / len(sources)
                    for syllable in syllables:
                        for row in rows:
                            row[syllable] += share
                    continue
                probs = [self.t.get(w, {}) for w in sources]
                for syllable in syllables:
                    weights = [p.get(syllable, 1e-6) for p in probs]
                    total = sum(weights)
                    for row, weight in zip(rows, weights, strict=True):
                        row[syllable] += weight / total
            self.t = {}
            for word, row in counts.items():
                total = sum(row.values())
                self.t[word] = {s: c / total for s, c in row.items()}

    def best_words(self, syllables: Sequence[int], words: Sequence[str]) -> list[str]:
        """For each syllable, the word of ``words`` (or "" for none) it most likely renders."""
        by_id = {self.ids[w]: w for w in words if w in self.ids}
        candidates = [(w, self.t.get(w, {})) for w in (*words, "")]
        found = []
        for syllable in syllables:
            same = by_id.get(syllable)
            if same is not None:
                found.append(same)
                continue
            best, chosen = -1.0, ""
            for word, row in candidates:
                p = row.get(syllable, 1e-6)
                if p > best:
                    best, chosen = p, word
            found.append(chosen)
        return found


def train_lexicon(pairs: Sequence[Pair], glossary: Glossary | None, ids: dict[str, int]) -> Lexicon:
    training = [(en_words(p.en), list(_keys(p.vi, ids))) for p in pairs[:LEXICON_PAIRS]]
    for concept in glossary or ():
        for en in concept.terms_in("en", Status.PREFERRED, Status.ADMITTED):
            for vi in concept.terms_in("vi", Status.PREFERRED, Status.ADMITTED):
                training += [(en_words(en.text), list(_keys(vi.text, ids)))] * 3
    return Lexicon(training, ids)


def _lexical(
    name: str,
    target: _Target,
    english: list[str],
    lexicon: Lexicon,
    spans: dict[tuple[int, ...], tuple[int, int]],
) -> dict[tuple[int, ...], float]:
    """Each span's agreement with the word alignment of its pair: its syllables render words of the
    term, the term's words are rendered inside it, and no syllable outside renders them."""
    inside = {w for w in en_words(name) if w not in _EN_FUNCTION} or set(en_words(name))
    flat = [syllable for chunk in target.chunks for syllable in chunk]
    if target.words is None:
        target.words = lexicon.best_words([key for key, _, _ in flat], english)
    words = target.words
    first = {start: k for k, (_, start, _) in enumerate(flat)}
    last = {end: k for k, (_, _, end) in enumerate(flat)}
    hits_before, wrong_before = [0], [0]
    for word in words:
        hits_before.append(hits_before[-1] + (word in inside))
        wrong_before.append(wrong_before[-1] + bool(word and word not in inside))
    scores = {}
    for key, (start, end) in spans.items():
        i, j = first[start], last[end] + 1
        hits, wrong = hits_before[j] - hits_before[i], wrong_before[j] - wrong_before[i]
        leak = hits_before[-1] - hits
        covered = len(inside.intersection(words[i:j])) / len(inside)
        scores[key] = max(0.0, 0.5 * (hits - wrong - 0.5 * leak) / (j - i) + 0.5 * covered)
    return scores


def align_pairs(
    pairs: Sequence[Pair],
    terms: Iterable[str],
    glossary: Glossary | None = None,
    *,
    top: int = 3,
    edges: frozenset[str] = _EDGE_WORDS,
) -> list[Alignment]:
    """Candidates for each English term in ``terms`` (glossary concepts met are named), best first."""
    terms = list(dict.fromkeys(t.strip() for t in terms if t.strip()))
    # one term in several cases or spellings ("Comprehensive Strategic Partnership", "COMPREHENSIVE
    # STRATEGIC PARTNERSHIP") is aligned once: as rivals they would share out its renderings
    same: dict[str, str] = {}
    first: dict[str, str] = {}
    for term in terms:
        same[term] = first.setdefault(match_key(term), term)
    composer = Composer(glossary)
    finder = Matcher((t, Term(t, "en")) for t in dict.fromkeys(same.values()))
    occurrences: dict[str, list[int]] = defaultdict(list)
    totals: Counter[str] = Counter()
    for index, pair in enumerate(pairs):
        for name in sorted({m.concept for m in finder.find(pair.en, "en", every=True)}):
            totals[name] += 1
            if len(occurrences[name]) < MAX_PAIRS_PER_TERM:
                occurrences[name].append(index)
    ids: dict[str, int] = {}
    edge_ids = frozenset(ids.setdefault(token_key(w), len(ids)) for w in edges)
    targets: dict[int, _Target] = {}
    co: dict[str, Counter[tuple[int, ...]]] = {}
    cuts: dict[str, Counter[tuple[int, ...]]] = {}
    places: dict[tuple[int, ...], Counter[str]] = defaultdict(Counter)
    known = {name: _known(name, composer, ids) for name in occurrences}
    boundaries = Boundaries(glossary)
    words = WordBoundaries()
    for indices in occurrences.values():
        for index in indices:
            if index not in targets:
                targets[index] = _Target(pairs[index].vi, ids)
    cohesion = Cohesion(targets.values(), ids, glossary)
    for name, indices in occurrences.items():
        longest = min(MAX_SPAN, 2 * _words(name) + 3)
        counts: Counter[tuple[int, ...]] = Counter()
        cut: Counter[tuple[int, ...]] = Counter()
        for index in indices:
            target = targets[index]
            found = target.spans(longest, edge_ids)
            for key in known[name]:
                if key not in found and (place := target.locate(key)) is not None:
                    found[key] = place
            if target.unsafe is None:  # inside a word (pyvi's or the glossary's), or a bound bigram
                target.unsafe = (
                    boundaries.unsafe(target)
                    | cohesion.cut_offsets(target)
                    | words.cuts(target.text, target.syllables())
                )
            unsafe = target.unsafe
            for key, (start, end) in found.items():
                counts[key] += 1
                if start in unsafe or end in unsafe:
                    cut[key] += 1
                if len(places[key]) < 8:
                    places[key][target.text[start:end]] += 1
        co[name] = counts
        cuts[name] = cut
    frequency = _span_frequency(pairs, targets, co, ids, edge_ids)
    lexicon = train_lexicon(pairs, glossary, ids)
    lexical: dict[str, Counter[tuple[int, ...]]] = {}
    for name, indices in occurrences.items():
        longest = min(MAX_SPAN, 2 * _words(name) + 3)
        total: Counter[tuple[int, ...]] = Counter()
        for index in indices[:LEXICAL_PAIRS]:
            target = targets[index]
            total.update(
                _lexical(name, target, en_words(pairs[index].en), lexicon, target.spans(longest, edge_ids))
            )
        lexical[name] = Counter({k: v / min(len(indices), LEXICAL_PAIRS) for k, v in total.items()})
    scores = {
        name: _scores(
            name, co[name], frequency, totals[name], known[name], lexical[name], cohesion, cuts[name]
        )
        for name in occurrences
    }
    links = _link(occurrences, targets, scores, edge_ids, known)
    result = []
    for term in terms:
        name = same[term]
        concept = composer.concept_of(term)
        if name not in occurrences:
            continue
        ranked = sorted(
            scores[name].items(),
            key=lambda kv: (
                -kv[1] * (0.5 + 0.5 * links[name][kv[0]] / max(co[name][kv[0]], 1)),
                -co[name][kv[0]],
                kv[0],
            ),
        )
        accepted = {_keys(t, ids) for t in composer.accepted(concept)} if concept else set()
        candidates = []
        for key, score in ranked[:top]:
            final = score * (0.5 + 0.5 * links[name][key] / max(co[name][key], 1))
            written = places[key].most_common(1)[0][0] if places[key] else ""
            holding = (i for i in occurrences[name] if targets[i].locate(key) is not None)
            evidence = [Evidence(pairs[i].where, pairs[i].en, pairs[i].vi) for i in islice(holding, 3)]
            candidates.append(Candidate(written, final, co[name][key], evidence, key in accepted))
        result.append(
            Alignment(term, concept, totals[name], candidates, composer.accepted(concept) if concept else ())
        )
    return result


def _known(name: str, composer: Composer, ids: dict[str, int]) -> dict[tuple[int, ...], float]:
    """Spans the glossary vouches for, with their bonus: the concept's own accepted terms, composed
    renderings, and the term itself where Vietnamese writes it as English does."""
    found: dict[tuple[int, ...], float] = {}
    concept = composer.concept_of(name)
    for text in composer.accepted(concept) if concept else ():
        found[_keys(text, ids)] = 2.0
    for text in composer.compose(name):
        found.setdefault(_keys(text, ids), 1.5)
    if _carried(name):
        found.setdefault(_keys(name, ids), 1.5)
    return found


def _span_frequency(
    pairs: Sequence[Pair],
    targets: dict[int, _Target],
    co: dict[str, Counter],
    ids: dict[str, int],
    edges: frozenset[int],
) -> Counter[tuple[int, ...]]:
    """In how many segment pairs each candidate span occurs (all pairs, not only the term's)."""
    wanted = {key for counts in co.values() for key in counts}
    if not wanted:
        return Counter()
    longest = max(map(len, wanted))
    firsts = {key[0] for key in wanted}
    frequency: Counter[tuple[int, ...]] = Counter()
    for index, pair in enumerate(pairs):
        target = targets.get(index) or _Target(pair.vi, ids)
        seen = set()
        for chunk in target.chunks:
            keys = [s[0] for s in chunk]
            for i, first in enumerate(keys):
                if first not in firsts:
                    continue
                for j in range(i + 1, min(i + longest, len(keys)) + 1):
                    key = tuple(keys[i:j])
                    if key in wanted:
                        seen.add(key)
        frequency.update(seen)
    return frequency


def _scores(
    name: str,
    counts: Counter[tuple[int, ...]],
    frequency: Counter[tuple[int, ...]],
    total: int,
    known: dict[tuple[int, ...], float],
    lexical: Counter[tuple[int, ...]],
    cohesion: Cohesion,
    cuts: Counter[tuple[int, ...]],
) -> dict[tuple[int, ...], float]:
    """Each candidate span's score: Dice over segment pairs times the length prior, its agreement
    with the word alignment, less where it cuts a word (``Cohesion``) or a glossary term
    (``Boundaries``: ``cuts``, in how many of its pairs), and what the glossary vouches for (when
    the translation holds it; a fuller rendering first: "Vương quốc Campuchia" over "Campuchia")."""
    words = _words(name)
    scores = {}
    for key, together in counts.items():
        dice = 2 * together / (total + frequency.get(key, together))
        statistical = 0.5 * dice * _length_prior(len(key), words) + lexical.get(key, 0.0)
        whole = cohesion.whole(key) * (1.0 - 0.8 * cuts.get(key, 0) / together)
        bonus = known.get(key, 0.0)
        scores[key] = statistical * whole + (bonus + 0.05 * len(key) if bonus else 0.0)
    return scores


class Cohesion:
    """Where Vietnamese words are cut: a span that ends on a syllable almost always followed by the
    same next one ("Thượng" before "viện"), or starts on one almost always preceded by the same
    ("tịch" after "Chủ"), cuts a word. Told from the syllable bigrams of the targets read (the
    terms' segment pairs) and of the glossary's Vietnamese terms."""

    def __init__(self, targets: Iterable[_Target], ids: dict[str, int], glossary: Glossary | None) -> None:
        self.after: dict[int, Counter[int]] = defaultdict(Counter)
        self.before: dict[int, Counter[int]] = defaultdict(Counter)
        sequences = [[s[0] for s in chunk] for target in targets for chunk in target.chunks]
        sequences += [list(_keys(t.text, ids)) for c in glossary or () for t in c.terms_in("vi")]
        self._ends: dict[int, float] = {}
        self._starts: dict[int, float] = {}
        for keys in sequences:
            for a, b in pairwise(keys):
                self.after[a][b] += 1
                self.before[b][a] += 1

    @staticmethod
    def _bound(neighbours: Counter[int] | None) -> float:
        """How surely a syllable goes with one neighbour (0: freely; seen under twice: 0)."""
        if not neighbours:
            return 0.0
        total = sum(neighbours.values())
        return max(neighbours.values()) / total if total >= 2 else 0.0

    def tight(self, a: int, b: int) -> bool:
        """True when ``a b`` is one word as far as the bigrams tell: ``a`` is almost always followed
        by ``b`` or ``b`` almost always preceded by ``a`` (each seen at least twice)."""
        for row, other in ((self.after.get(a), b), (self.before.get(b), a)):
            if row:
                total = sum(row.values())
                if total >= 2 and row.get(other, 0) >= 0.8 * total:
                    return True
        return False

    def cut_offsets(self, target: _Target) -> frozenset[int]:
        """The offsets in ``target`` where a span would split a word: between two syllables of a
        chunk that ``tight`` binds."""
        found = set()
        for chunk in target.chunks:
            for (a, _, end), (b, start, _) in pairwise(chunk):
                if self.tight(a, b):
                    found.update((end, start))
        return frozenset(found)

    def whole(self, key: tuple[int, ...]) -> float:
        """1 for a span that cuts no word, down to 0.4 for one cut at both ends."""
        end, start = self._ends.get(key[-1]), self._starts.get(key[0])
        if end is None:
            end = self._ends[key[-1]] = max(0.0, self._bound(self.after.get(key[-1])) - 0.6)
        if start is None:
            start = self._starts[key[0]] = max(0.0, self._bound(self.before.get(key[0])) - 0.6)
        return 1.0 - 0.75 * (end + start)


def _link(
    occurrences: dict[str, list[int]],
    targets: dict[int, _Target],
    scores: dict[str, dict[tuple[int, ...], float]],
    edges: frozenset[int],
    known: dict[str, dict[tuple[int, ...], float]],
) -> dict[str, Counter]:
    """Competitive linking: in each segment pair, the best-scoring (term, span) links are taken in
    turn, each term once and each span's syllables once; how often each (term, span) was linked."""
    by_pair: dict[int, list[str]] = defaultdict(list)
    for name, indices in occurrences.items():
        for index in indices:
            by_pair[index].append(name)
    links: dict[str, Counter] = {name: Counter() for name in occurrences}
    for index, names in by_pair.items():
        spans = targets[index].spans(MAX_SPAN, edges)
        for name in names:
            for key in known[name]:
                if key not in spans and (place := targets[index].locate(key)) is not None:
                    spans[key] = place
        options = sorted(
            (
                (scores[name].get(key, 0.0), name, key)
                for name in names
                for key in spans
                if key in scores[name]
            ),
            reverse=True,
        )
        taken_terms: set[str] = set()
        taken: list[tuple[int, int]] = []
        for score, name, key in options:
            if name in taken_terms or score <= 0:
                continue
            start, end = spans[key]
            if any(start < b and a < end for a, b in taken):
                continue
            taken_terms.add(name)
            taken.append((start, end))
            links[name][key] += 1
            if len(taken_terms) == len(names):
                break
    return links


def english_terms(pairs: Sequence[Pair], glossary: Glossary | None, limit: int = 300) -> list[str]:
    """The terms to align by default: the miner's candidates on the English side (of at most
    ``MINED_PAIRS`` pairs spread evenly through the input; up to ``limit``) and every glossary
    concept's English term met there."""
    from dipterm.mining import mine_paths  # the miner is needed only here

    pairs = pairs[:: -(-len(pairs) // MINED_PAIRS) or 1]
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "english.txt"
        text.write_text("\n\n".join(p.en.replace("\n", " ") for p in pairs) + "\n", "utf-8")
        mined = [c.term for c in mine_paths([text], glossary=glossary, top=limit).candidates]
    met = []
    if glossary is not None:
        matcher = Matcher.from_glossary(glossary)
        for pair in pairs:
            met += [m.text for m in matcher.find(pair.en, "en") if m.term.lang == "en"]
    return list(dict.fromkeys([*mined, *sorted(set(met), key=met.index)]))


def same_rendering(a: str, b: str) -> bool:
    """True when two Vietnamese renderings are the same written term (NFC, case, tone placement)."""
    return match_key(a) == match_key(b)


def read_pairs(
    paths: Iterable[str], source: str | None = None, target: str | None = None, lang: str | None = None
) -> tuple[list[Pair], list[str]]:
    """The English/Vietnamese segment pairs of bilingual files (read by their format modules) and of
    a document pair (``source``, ``target``): line by line when their lines match, else aligned by
    sentences (``dipterm.sentences``); and notes on what was done. DiptermError (exit 2) for a file
    without an English and a Vietnamese side, or a monolingual draft."""
    from dipterm.formats import FORMATS, detect_format, head_of, read_draft

    pairs: list[Pair] = []
    notes: list[str] = []
    for path in paths:
        fmt = detect_format(path, head_of(path))
        if FORMATS[fmt].units is None or FORMATS[fmt].monolingual:
            raise DiptermError(
                f"a {fmt} file is not a translation: align reads TMX, XLIFF, PO, two-column "
                "pairs, or --source EN_FILE --target VI_FILE",
                path,
                1,
            )
        draft = read_draft(path, fmt, lang)
        found = 0
        for unit in draft.units:
            sides = {unit.source.lang: unit.source, unit.target.lang: unit.target}
            if "en" in sides and "vi" in sides:
                pairs.append(Pair(sides["en"].text, sides["vi"].text, f"{path}:{sides['vi'].line}"))
                found += 1
        if not found:
            languages = ", ".join(sorted(draft.tally.languages - {""})) or "none"
            raise DiptermError(
                f"no English and Vietnamese segment pairs; languages found: {languages}", path, 1
            )
    if source and target:
        pairs += _document_pairs(source, target, notes)
    return pairs, notes


def _document_pairs(source: str, target: str, notes: list[str]) -> list[Pair]:
    from dipterm.formats._units import text_lines
    from dipterm.normalize import lang_of
    from dipterm.sentences import align_sentences, split_sentences

    source_lines, target_lines = list(text_lines(source, None)), list(text_lines(target, None))
    for path, lines, wanted in ((source, source_lines, "en"), (target, target_lines, "vi")):
        found = lang_of("\n".join(lines), "")
        if found != wanted:
            raise DiptermError(
                f"expected {'English' if wanted == 'en' else 'Vietnamese'} text, but it "
                f"reads as {found or 'neither English nor Vietnamese'}",
                path,
                1,
            )
    if len(source_lines) == len(target_lines):
        return [
            Pair(s, t, f"{target}:{n}")
            for n, (s, t) in enumerate(zip(source_lines, target_lines, strict=True), 1)
            if s.strip() and t.strip()
        ]
    beads = align_sentences(split_sentences(source_lines), split_sentences(target_lines))
    notes.append(
        f"{target}: not line-aligned with {source} ({len(source_lines)} and {len(target_lines)} "
        f"lines): sentence-aligned into {len(beads)} pairs"
    )
    return [
        Pair(" ".join(s.text for s in en), " ".join(s.text for s in vi), f"{target}:{vi[0].line}")
        for en, vi in beads
    ]


def render_text(alignments: list[Alignment]) -> str:
    """An aligned table: each term (cut with "…" past 48 characters; TSV and JSON keep it whole),
    its concept, its candidates with score and support."""
    width = min(max((len(a.en) for a in alignments), default=10), 48)
    lines = []
    for a in alignments:
        term = a.en if len(a.en) <= width else a.en[: width - 1] + "…"
        head = f"{term:<{width}}  {a.occurrences:>4}x  "
        shown = (
            "; ".join(
                f"{c.vi} ({c.score:.2f}, {c.count}){' *' if c.in_glossary else ''}" for c in a.candidates
            )
            or "-"
        )
        lines.append(head + shown + (f"   [{a.concept}]" if a.concept else ""))
    return "\n".join(lines) + ("\n" if lines else "")


def render_tsv(alignments: list[Alignment]) -> str:
    """One row per candidate: en, concept, rank, vi, score, count, in_glossary, where."""
    rows = ["en\tconcept\trank\tvi\tscore\tcount\tin_glossary\twhere"]
    for a in alignments:
        for rank, c in enumerate(a.candidates, 1):
            cells = [
                a.en,
                a.concept or "",
                str(rank),
                c.vi,
                f"{c.score:.4f}",
                str(c.count),
                "yes" if c.in_glossary else "",
                " ".join(e.where for e in c.evidence),
            ]
            rows.append("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells))
    return "\n".join(rows) + "\n"


def render_json(alignments: list[Alignment]) -> str:
    import json

    return json.dumps([a.to_dict() for a in alignments], ensure_ascii=False, indent=1) + "\n"


RENDERERS = {"text": render_text, "tsv": render_tsv, "json": render_json}


def proposals(alignments: list[Alignment]) -> list[Concept]:
    """The top candidate of each term the glossary lacks, as a proposed concept (id order)."""
    from dipterm.incoming import slug

    found = {}
    for a in alignments:
        if a.concept or not a.candidates or not a.candidates[0].vi:
            continue
        best = a.candidates[0]
        where = ", ".join(e.where for e in best.evidence)
        note = (
            f"Proposed by dipterm align from {best.count} segment pair(s), score {best.score:.2f}"
            + (f"; evidence: {where}" if where else "")
            + ". Review, then drop proposed."
        )
        cid = slug(a.en)
        found.setdefault(
            cid,
            Concept(cid, (Term(a.en, "en"), Term(best.vi, "vi", inflect=False)), note=note, proposed=True),
        )
    return [found[cid] for cid in sorted(found)]
