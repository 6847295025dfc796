"""The term miner: candidate terms from English texts, ranked for a terminologist to curate.

``mine_paths(paths)`` reads ``.txt``/``.md`` files once (``text``), counts what every generator
needs (``counting``), merges and scores the candidates (``ranking``) and returns them best first
with their glossary concept (if any) and up to three contexts. Rendering is in ``render``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dipterm._text import read_lines
from dipterm.findings import DiptermError
from dipterm.matcher import Matcher
from dipterm.mining.counting import Counts, count_document
from dipterm.mining.parts import pieces
from dipterm.mining.ranking import Ranked, build_table, describe_entry, fold_key, inner_keys, score_entries
from dipterm.mining.text import Document, find_inputs, read_documents
from dipterm.model import Glossary

PARALLEL_BYTES = 2_000_000  # inputs larger than this are counted by one process per core
SNIPPET = 60  # characters of context either side of a term


@dataclass(frozen=True)
class Context:
    """One place a candidate occurs, with a snippet of its line."""

    path: str
    line: int
    snippet: str

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return {"where": f"{self.path}:{self.line}", "snippet": self.snippet}


@dataclass(frozen=True)
class Candidate:
    """One proposed term."""

    term: str
    score: float
    count: int
    docs: int
    kind: str
    acronym: str | None
    expansion: str | None
    gloss: str | None
    in_glossary: str | None
    contexts: tuple[Context, ...]
    parts: tuple[str, ...] = ()  # terms it is made of that are no row of their own (``parts``)

    def to_dict(self) -> dict:
        """A JSON-ready dict (the documented ``dipterm mine --format json`` item)."""
        return {
            "term": self.term,
            "score": self.score,
            "count": self.count,
            "docs": self.docs,
            "kind": self.kind,
            "acronym": self.acronym,
            "expansion": self.expansion,
            "gloss": self.gloss,
            "in_glossary": self.in_glossary,
            "parts": list(self.parts),
            "contexts": [c.to_dict() for c in self.contexts],
        }


@dataclass(frozen=True)
class MineResult:
    """The ranked candidates, the input errors met, and the size of what was read."""

    candidates: list[Candidate]
    errors: list[DiptermError]
    documents: int
    words: int
    explanation: tuple[str, ...] = ()  # how the ``explain`` term was scored (``mine_paths``)


def load_rejected(path: Path) -> frozenset[str]:
    """Fold keys of the curators' rejected candidates: one a line, ``#`` comments, blanks ignored."""
    if not path.is_file():
        return frozenset()
    lines = (line.split("#", 1)[0].strip() for line in read_lines(path))
    return frozenset(fold_key(line) for line in lines if line)


def _count_files(job: list[tuple[int, Path]]) -> tuple[Counts, list[DiptermError]]:
    """Counts of consecutive files (merged in order) and the errors of those unreadable."""
    counts, errors = Counts(), []
    for index, document in zip((i for i, _ in job), read_documents(p for _, p in job), strict=True):
        if isinstance(document, Document):
            counts.merge(count_document(index, document))
        else:
            errors.append(document)
    return counts, errors


def _counted(
    files: list[Path], progress: Callable[[int], None] | None
) -> Iterator[tuple[Counts, list[DiptermError]]]:
    """Counts of ``files`` in batches, in file order; one process per core for large inputs."""
    numbered = list(enumerate(files))
    size = sum(p.stat().st_size for p in files)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    parallel = size >= PARALLEL_BYTES and cores > 1 and len(files) > 1
    step = max(1, len(numbered) // (4 * cores)) if parallel else 1
    batches = [numbered[i : i + step] for i in range(0, len(numbered), step)]
    with contextlib.ExitStack() as stack:
        results: Iterable[tuple[Counts, list[DiptermError]]] = map(_count_files, batches)
        if parallel:
            pool = stack.enter_context(multiprocessing.get_context("fork").Pool(min(cores, len(batches))))
            results = pool.imap(_count_files, batches)
        for batch, result in zip(batches, results, strict=True):
            if progress:
                progress(len(batch))
            yield result


def mine_paths(
    paths: Iterable[str | Path],
    *,
    glossary: Glossary | None = None,
    rejected: frozenset[str] = frozenset(),
    min_count: int = 1,
    top: int | None = None,
    progress: Callable[[int], None] | None = None,
    explain: str | None = None,
) -> MineResult:
    """Mine the ``.txt``/``.md`` files under ``paths``; unreadable files are reported, not fatal.
    ``explain``: a term whose scoring and place the result's ``explanation`` tells."""
    files, errors = find_inputs(paths)
    counts = Counts()
    for batch_counts, batch_errors in _counted(files, progress):
        counts.merge(batch_counts)
        errors.extend(batch_errors)
    entries = build_table(counts, min_count)
    wanted = _entry_key(entries, explain) if explain is not None else None
    steps: dict[str, list[str]] = {wanted: []} if wanted else {}
    ranked = score_entries(entries, len(counts.paths), steps)
    matcher = Matcher.from_glossary(glossary) if glossary is not None else None
    chosen, fate = _choose(ranked, rejected, min_count, top, wanted)
    parts = _parts(chosen, entries, rejected)
    if wanted is not None and not fate.startswith("shown"):
        holder = next((item.entry.term for item in chosen if wanted in parts[item.entry.key]), None)
        fate = f"shown as a part of {holder!r}" if holder else fate
    explanation: tuple[str, ...] = ()
    if explain is not None:
        if wanted is None:
            explanation = (f"{explain!r}: {fate}",)
        else:
            head = f"{explain!r} (candidate {entries[wanted].term!r})"
            last = () if fate.startswith("not generated") else (fate,)  # dropped: the steps say why
            explanation = (head, *describe_entry(entries, wanted), *steps[wanted], *last)
    lines = _context_lines(counts.paths, {p for item in chosen for p in item.entry.places})
    candidates = [
        _candidate(item, counts.paths, lines, matcher, tuple(entries[k].term for k in parts[item.entry.key]))
        for item in chosen
    ]
    return MineResult(candidates, errors, len(counts.paths), counts.words, explanation)


def _choose(
    ranked: list[Ranked], rejected: frozenset[str], min_count: int, top: int | None, wanted: str | None
) -> tuple[list[Ranked], str]:
    """The candidates shown, best first (not rejected, seen ``min_count`` times, no nested
    duplicate, at most ``top``), and what became of the entry of fold key ``wanted``."""
    chosen: list[Ranked] = []
    shown: dict[str, tuple[int, str]] = {}  # fold key -> (count, term) of the candidates chosen
    holding: dict[str, tuple[int, str]] = {}  # inner fold key -> the most frequent chosen holding it
    fate = "not generated: no generator proposed it (an n-gram must not start or end on a function word)"
    for rank, item in enumerate(ranked, 1):
        entry = item.entry
        mine = entry.key == wanted
        if entry.count + entry.evidence["acronym-mentions"] < min_count:
            fate = f"not shown: fewer than --min-count {min_count}" if mine else fate
            continue
        if entry.key in rejected or any(alias in rejected for alias in entry.aliases):
            fate = "not shown: listed in glossary/rejected.txt" if mine else fate
            continue
        inner = inner_keys(entry.key)
        duplicate = _nested_duplicate(entry.key, entry.count, inner, shown, holding)
        if duplicate:
            fate = f"not shown: {duplicate}" if mine else fate
            continue
        if top and len(chosen) >= top:
            if wanted is None or fate.startswith(("shown", "not shown")):
                break
            fate = f"not shown: score {item.score:.2f} ranks {rank}, below --top {top}" if mine else fate
            continue
        chosen.append(item)
        shown[entry.key] = (entry.count, entry.term)
        for key in inner:
            if holding.get(key, (0, ""))[0] < entry.count:
                holding[key] = (entry.count, entry.term)
        fate = f"shown: score {item.score:.2f}, rank {len(chosen)}" if mine else fate
    return chosen, fate


def _parts(chosen: list[Ranked], entries: dict, rejected: frozenset[str]) -> dict[str, list[str]]:
    """For each chosen candidate's fold key, the fold keys of the candidates it is made of that no
    row shows (each named by the best-ranked candidate holding it): ``parts.pieces`` that are
    entries, of two or more words, an acronym or a capitalised word after "the" ("of the Politburo")."""
    taken = {item.entry.key for item in chosen} | rejected
    found: dict[str, list[str]] = {}
    for item in chosen:
        keys = []
        for piece in pieces(item.entry.term):
            key = fold_key(piece)
            entry = entries.get(key)
            if entry is None or key in taken or not entry.count:
                continue
            named = piece[:1].isupper() and f" the {piece}" in f" {item.entry.term}"
            if " " not in key and not (piece.isupper() and len(piece) > 1) and not named:
                continue
            taken.add(key)
            keys.append(key)
        found[item.entry.key] = keys
    return found


def _nested_duplicate(
    key: str,
    count: int,
    inner: set[str],
    shown: dict[str, tuple[int, str]],
    holding: dict[str, tuple[int, str]],
) -> str | None:
    """Why a candidate would duplicate one shown before it: its every occurrence is inside a longer
    shown candidate, or a shorter shown one occurs only inside it; None when neither."""
    outer = holding.get(key)
    if outer is not None and count <= outer[0]:
        return f"its every occurrence is inside the better-ranked {outer[1]!r}"
    for part in sorted(inner):
        nested = shown.get(part)
        if nested is not None and nested[0] <= count:
            return f"the better-ranked {nested[1]!r} occurs only inside it"
    return None


def _entry_key(entries: dict, term: str) -> str | None:
    """The fold key of the candidate ``term`` is (an alias names its expansion), if any."""
    key = fold_key(term)
    if key in entries:
        return key
    return next((k for k, e in entries.items() if key in e.aliases), None)


def _context_lines(paths: dict[int, str], places: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The text of the lines contexts point at (each file read once more, lines kept only if needed)."""
    wanted: dict[int, set[int]] = {}
    for doc, line in places:
        wanted.setdefault(doc, set()).add(line)
    found = {}
    for doc, numbers in wanted.items():
        text_lines = read_lines(paths[doc])
        found.update({(doc, n): text_lines[n - 1] for n in numbers if n <= len(text_lines)})
    return found


def _snippet(line: str, needles: list[str]) -> str:
    low = line.lower()
    at = next((i for i in (low.find(n.lower()) for n in needles if n) if i >= 0), 0)
    start = max(0, at - SNIPPET)
    end = min(len(line), at + SNIPPET + max((len(n) for n in needles if n), default=0))
    if start:
        start = line.find(" ", start, at) + 1 if " " in line[start:at] else start
    if end < len(line):
        cut = line.rfind(" ", at, end)
        end = cut if cut > at else end
    return ("…" if start else "") + line[start:end].strip() + ("…" if end < len(line) else "")


def _concept(matcher: Matcher | None, texts: list[str | None]) -> str | None:
    if matcher is None:
        return None
    for text in texts:
        if not text:
            continue
        found = matcher.whole(text, "en")
        if found:
            return found.concept
    return None


def _candidate(
    item: Ranked,
    paths: dict[int, str],
    lines: dict[tuple[int, int], str],
    matcher: Matcher | None,
    parts: tuple[str, ...],
) -> Candidate:
    entry = item.entry
    term = entry.term
    needles = [term, entry.acronym or "", term.split(" ")[0]]
    contexts = tuple(
        Context(paths[doc], line, _snippet(lines.get((doc, line), ""), needles)) for doc, line in entry.places
    )
    return Candidate(
        term=term,
        score=item.score,
        count=entry.count + entry.evidence["acronym-mentions"],
        docs=entry.docs,
        kind=entry.kind,
        acronym=entry.acronym,
        expansion=entry.expansion,
        gloss=entry.gloss,
        in_glossary=_concept(matcher, [term, entry.expansion, entry.acronym]),
        contexts=contexts,
        parts=parts,
    )
