"""Look glossary terms up in both directions, forgiving case, diacritics, tone marks and typos.

Kinds of hit, best first (``Hit.match``; the score falls in the band shown):

* ``exact`` (0.97-1): the query's ``match_key`` is a term's, also across English inflection
  (``Comprehensive Strategic Partnerships``, ``three pillar``) via the matcher's ``base_forms``;
* ``folded`` (0.87-0.9): the same with diacritics folded (``doi tac chien luoc toan dien``);
* ``contains`` (0.6-0.8): terms the shared ``Matcher`` finds inside the query (a pasted sentence);
* ``substring`` (0.4-0.6): every query word starts (or, from three letters, is inside) a word of
  the term (``strategic`` lists every strategic partnership tier);
* ``fuzzy`` (under 0.4): query words within a few typos of the term's words (``stratgic``).

Language: ``auto`` searches Vietnamese terms only when the query has Vietnamese letters or marks,
else both languages, English first.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple, TextIO

from dipterm._chars import escape
from dipterm.findings import DiptermError
from dipterm.index import Index, TermRow, index_glossary, open_index
from dipterm.matcher import Matcher, base_forms, nationality_forms
from dipterm.model import LANGUAGES, Glossary, Status
from dipterm.normalize import fold_diacritics, loose_key, match_key, nfc, spelling_variants, spellings

MATCH_KINDS = ("exact", "folded", "contains", "substring", "fuzzy")
MAX_PHRASE_WORDS = 8  # longer queries are sentences: only exact and contained terms are searched
MAX_CANDIDATES = 500  # substring hits scored per query, shortest terms first ("quan" is in thousands)
_STATUS_RANK = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2}


@dataclass(frozen=True)
class Hit:
    """A concept found for a query, with what matched and the data to display."""

    concept: str
    match: str
    score: float
    term: str
    lang: str
    status: Status
    en: dict
    vi: dict
    subject: str | None
    note: str | None
    sources: list[dict]
    references: list[str] = field(default_factory=list)
    proposed: bool = False  # not reviewed yet: a side lacks a published source

    def to_dict(self) -> dict:
        """The JSON object of a hit (README, ``dipterm lookup``)."""
        return {
            "concept": self.concept,
            "en": self.en,
            "vi": self.vi,
            "subject": self.subject,
            "note": self.note,
            "sources": self.sources,
            "references": self.references,
            "proposed": self.proposed,
            "score": self.score,
            "match": self.match,
            "term": {"text": self.term, "lang": self.lang, "status": str(self.status)},
        }


class _Found(NamedTuple):
    score: float
    match: str
    row: TermRow


def query_languages(query: str, lang: str = "auto") -> tuple[str, ...]:
    """Languages to search: ``lang`` itself, or for ``auto`` vi when the query has Vietnamese marks."""
    if lang in LANGUAGES:
        return (lang,)
    if lang != "auto":
        raise DiptermError(f"unknown language {lang!r}; use en, vi or auto")
    return ("vi",) if fold_diacritics(query) != nfc(query) else ("en", "vi")


def _inflected(words: list[str]) -> list[str]:
    """The query key with its last word uninflected (English plural, possessive)."""
    return [" ".join([*words[:-1], base]) for base in base_forms(words[-1])] if words else []


def _respelled(words: list[str]) -> list[str]:
    """The query key in its other British/American spellings (defense -> defence), at most 16."""
    return [" ".join(p) for p in spellings(words, 17)[1:]]


def _exact(index: Index, query: str, langs: tuple[str, ...]) -> list[_Found]:
    key = match_key(query)
    wanted: dict[str, tuple[bool, bool, bool]] = {}  # key -> (query folded, uninflected, respelled)
    # respelled: another British/American spelling or word order for a country ("Indian President")
    variants = [(key, False, False)]
    if "en" in langs:
        respelled = _respelled(key.split(" "))
        respelled += [" ".join(form) for form in nationality_forms(key.split(" "))[1:]]
        variants += [(k, False, True) for k in respelled]
        variants += [(k, True, r != key) for r in [key, *respelled] for k in _inflected(r.split(" "))]
    for variant, uninflected, other_spelling in variants:
        wanted.setdefault(variant, (False, uninflected, other_spelling))
        wanted.setdefault(fold_diacritics(variant), (True, uninflected, other_spelling))
    found = []
    for hit_key, term_folded, term_uninflected, row in index.by_keys(wanted):
        query_folded, query_uninflected, other_spelling = wanted[hit_key]
        if row.lang not in langs or (query_uninflected and not (row.lang == "en" and row.inflect)):
            continue
        exact = not (query_folded or term_folded)
        score = (1.0 if exact else 0.9) - (0.03 if query_uninflected or term_uninflected else 0)
        found.append(_Found(score - 0.02 * other_spelling, "exact" if exact else "folded", row))
    return found


def _contains(index: Index, query: str, langs: tuple[str, ...]) -> list[_Found]:
    """Terms the shared matcher finds in the query; also diacritic-blind when the query has none."""
    words = match_key(query).split(" ")
    known = {*words, *(b for w in words for b in base_forms(w))}
    known |= {v for w in list(known) for v in spelling_variants(w)}
    folded_known = {fold_diacritics(w) for w in known}
    candidates = index.within(folded_known)  # terms all of whose words the query has
    passes = [(False, 0.7, known)]
    if fold_diacritics(query) == nfc(query):
        passes.append((True, 0.6, folded_known))
    found = []
    width = max(len(query.strip()), 1)
    for folded, base, usable in passes:
        rows = [r for r in candidates if set((r.loose_key if folded else r.match_key).split(" ")) <= usable]
        by_term = {(r.concept, r.lang, fold_diacritics(r.text) if folded else r.text): r for r in rows}
        matcher = Matcher((concept, replace(r.term, text=text)) for (concept, _, text), r in by_term.items())
        for lang in langs:
            for m in matcher.find(query, lang):
                for c in m.candidates:
                    score = base + 0.1 * min(1.0, (m.end - m.start) / width)
                    found.append(_Found(score, "contains", by_term[c.concept, lang, c.term.text]))
    return found


def _substring(index: Index, query: str, langs: tuple[str, ...]) -> list[_Found]:
    """Terms with a word starting with (or containing) every query word, diacritics folded."""
    loose = loose_key(query)
    parts = loose.split(" ")
    if not loose or len(parts) > MAX_PHRASE_WORDS:
        return []
    rows = index.with_parts(parts, langs, MAX_CANDIDATES)
    inside = Counter(  # how many other hits hold each word sequence: a family's head ranks first
        " ".join(words[i:j])
        for words in {tuple(row.loose_key.split(" ")) for row in rows}
        for i in range(len(words))
        for j in range(i + 1, len(words) + (i > 0))
    )
    found = []
    for row in rows:
        words = row.loose_key.split(" ")
        at_starts = all(any(w.startswith(part) for w in words) for part in parts)
        score = (
            0.4
            + 0.04 * min(1.0, len(loose) / len(row.loose_key))
            + 0.05 * at_starts
            + 0.05 * (loose in row.loose_key)
            + 0.03 * (row.status is Status.PREFERRED)
            + 0.01 * min(3, inside[row.loose_key])
        )
        found.append(_Found(score, "substring", row))
    return found


def _fuzzy(
    index: Index, query: str, langs: tuple[str, ...], word_cutoff: float = 0.75, cutoff: float = 0.75
) -> list[_Found]:
    """Terms whose words are within a few typos of the query's (trigram candidates, difflib ratio)."""
    loose = loose_key(query)
    parts = loose.split(" ")
    if not loose or len(parts) > MAX_PHRASE_WORDS:
        return []
    from difflib import SequenceMatcher  # imported here: start-up cost a look-up with exact hits skips

    scores = []
    for i, part in enumerate(parts):
        for word in index.similar_words(part):
            ratio = SequenceMatcher(None, part, word).ratio()
            if ratio >= word_cutoff:
                scores.append((i, word, ratio))
    similar = {t: s / len(parts) for t, s in index.best_terms(scores, cutoff * len(parts), 200).items()}
    found = []
    for row in index.by_ids(similar):
        if row.lang in langs:
            whole = SequenceMatcher(None, loose, row.loose_key).ratio()
            found.append(_Found(0.15 + 0.15 * similar[row.id] + 0.1 * whole, "fuzzy", row))
    return found


def _ranked(found: Iterable[_Found], query: str, langs: tuple[str, ...], subject: str | None) -> list[_Found]:
    """The best hit per concept, best concept first."""
    typed = nfc(query).strip()

    def rank(f: _Found) -> tuple:
        return (
            -round(f.score, 3),
            f.row.text != typed,
            langs.index(f.row.lang),
            _STATUS_RANK[f.row.status],
            f.row.concept,
            f.row.id,
        )

    best: dict[str, _Found] = {}
    for f in sorted(found, key=rank):
        if subject is None or (f.row.subject or "").casefold() == subject.casefold():
            best.setdefault(f.row.concept, f)
    return sorted(best.values(), key=rank)


def _as_index(index_or_glossary: Index | Glossary | str | os.PathLike[str]) -> Index:
    if isinstance(index_or_glossary, Index):
        return index_or_glossary
    if isinstance(index_or_glossary, Glossary):
        return index_glossary(index_or_glossary)
    return open_index(Path(index_or_glossary))


def _check_subject(index: Index, subject: str | None) -> None:
    if subject is not None and subject.casefold() not in {s.casefold() for s in index.subjects}:
        raise DiptermError(f"unknown subject {subject!r}; known: {', '.join(index.subjects)}")


def lookup(
    index_or_glossary: Index | Glossary | str | os.PathLike[str],
    query: str,
    lang: str = "auto",
    subject: str | None = None,
    limit: int = 10,
) -> list[Hit]:
    """Concepts for ``query``, best first: exact > folded > contains > substring > fuzzy."""
    index = _as_index(index_or_glossary)
    _check_subject(index, subject)
    langs = query_languages(query, lang)
    if not match_key(query):
        return []
    found: list[_Found] = []
    for stage in (_exact, _contains, _substring, _fuzzy):
        if stage is _fuzzy and (
            any(f.match in ("exact", "folded") for f in found)
            or len(_ranked(found, query, langs, subject)) >= limit
        ):
            break
        found += stage(index, query, langs)
    hits = []
    for f in _ranked(found, query, langs, subject)[:limit]:
        shown = index.display(f.row.concept_row)
        hits.append(
            Hit(
                f.row.concept,
                f.match,
                round(min(f.score, 1.0), 3),
                f.row.text,
                f.row.lang,
                f.row.status,
                shown["en"],
                shown["vi"],
                shown["subject"],
                shown["note"],
                shown["sources"],
                shown.get("references", []),
                shown.get("proposed", False),
            )
        )
    return hits


def suggest(
    index_or_glossary: Index | Glossary | str | os.PathLike[str],
    query: str,
    lang: str = "auto",
    subject: str | None = None,
    limit: int = 5,
) -> list[str]:
    """'Did you mean' terms for a query without hits: looser typo matching, closest first."""
    index = _as_index(index_or_glossary)
    _check_subject(index, subject)
    langs = query_languages(query, lang)
    found = _ranked(_fuzzy(index, query, langs, word_cutoff=0.6, cutoff=0.5), query, langs, subject)
    return list(dict.fromkeys(f.row.text for f in found))[:limit]


# --- rendering --------------------------------------------------------------------------------

_LABEL = 12
_STYLE = {"id": "\033[1m", "preferred": "\033[32m", "deprecated": "\033[31m", "dim": "\033[2m"}


def _paint(text: str, style: str, colour: bool) -> str:
    return f"{_STYLE[style]}{text}\033[0m" if colour else text


def _field(label: str, text: str, width: int) -> str:
    return textwrap.fill(
        text,
        width,
        initial_indent="  " + label.ljust(_LABEL),
        subsequent_indent=" " * (_LABEL + 2),
        break_on_hyphens=False,
    )


def format_hit(hit: Hit, colour: bool = False, width: int = 100) -> str:
    """A hit as aligned text: preferred terms, variants, subject, note, seed sentences; control
    characters written as escapes (a glossary is someone else's input, the terminal is ours)."""
    head = f"{_paint(hit.concept, 'id', colour)}  {_paint(f'{hit.match} {hit.score:.2f}', 'dim', colour)}"
    lines = [head + (f"  [{escape(hit.subject)}]" if hit.subject else "")]
    if hit.proposed:
        status = "proposed: not reviewed yet (a side lacks a published source)"
        lines.append("  " + "status".ljust(_LABEL) + status)
    names = {"en": hit.en, "vi": hit.vi}
    for lang, terms in names.items():
        if terms["preferred"]:
            lines.append("  " + lang.ljust(_LABEL) + _paint(escape(terms["preferred"]), "preferred", colour))
    for status in ("admitted", "deprecated"):
        for lang, terms in names.items():
            for text in terms[status]:
                shown = _paint(escape(text), "deprecated", colour) if status == "deprecated" else escape(text)
                lines.append("  " + status.ljust(_LABEL) + f"{lang}: {shown}")
    if hit.term not in (hit.en["preferred"], hit.vi["preferred"]):
        lines.append("  " + "matched".ljust(_LABEL) + f"{hit.lang}: {escape(hit.term)} ({hit.status})")
    if hit.note:
        lines.append(_field("note", escape(hit.note, multiline=True), width))
    for source in hit.sources:
        lines.append(_field("source", escape(source["ref"]), width))
        if source["text"]:
            lines.append(_field("", f"“{escape(source['text'])}”", width))
    for url in hit.references:
        lines.append(_field("reference", escape(url), width))
    return "\n".join(lines)


def render_text(hits: list[Hit], stream: TextIO, colour: bool = False) -> None:
    """Hits as text blocks separated by blank lines."""
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    stream.write("\n\n".join(format_hit(h, colour, width) for h in hits) + ("\n" if hits else ""))


def render_json(hits: list[Hit], stream: TextIO, colour: bool = False) -> None:
    """Hits as a JSON list (README, ``dipterm lookup``)."""
    json.dump([h.to_dict() for h in hits], stream, ensure_ascii=False, indent=2)
    stream.write("\n")


RENDERERS = {"text": render_text, "json": render_json}
