"""The look-up index: a SQLite file built from ``glossary/``, rebuilt when a curated file changes.

Where (``dipterm.cache.cache_path``): ``.dipterm-cache/<glossary folder name>.sqlite`` beside the
glossary folder, or, when that folder is read-only, ``$XDG_CACHE_HOME/dipterm/<name>-<hash of its
path>.sqlite``.

Freshness: the index records the name, size, mtime_ns and SHA-256 of every curated file and of
every seed file a source reference names. A look-up only stats those files; it hashes a file
only when its mtime is within ``RACY_NS`` of the build (an edit in the same clock tick keeps the
mtime), and rebuilds when anything differs. A build runs in memory and lands with
``dipterm._io.atomic_write`` (temporary file + rename), so concurrent runs each write a whole
index and readers never see a partial one.

Trust: the file is the SQLite image followed by ``MAC_TAG`` and an HMAC of the image under the
per-user key (``dipterm.cache.user_key``). It is opened (read-only, immutable) only when the HMAC
matches, and used only when its ``sqlite_master`` is exactly the schema below (no views, no
triggers) and its meta rows have the expected types, checked under a time bound. Anything else,
and any error while reading it, means "stale": the index is rebuilt. A symlink or non-regular
file in its place is never read or written through; the look-up then uses an index built in
memory.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from dipterm._text import read_lines
from dipterm.cache import cache_path, digest, mac, stamp, trusted_file, user_key
from dipterm.findings import DiptermError
from dipterm.glossary import glossary_files, load_glossary
from dipterm.matcher import Matcher, base_forms
from dipterm.model import Concept, Glossary, Status, Term
from dipterm.normalize import fold_diacritics, loose_key, match_key
from dipterm.sources import SourceError, below, source_file

SCHEMA = 6
MAC_TAG = b"dipterm-index-hmac-sha256"
CHECK_SECONDS = 2.0  # the time bound for accepting an index file
RACY_NS = 2_000_000_000
SENTENCE_WIDTH = 200
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")

_DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE concept(id INTEGER PRIMARY KEY, name TEXT NOT NULL, subject TEXT, display TEXT NOT NULL);
CREATE TABLE term(id INTEGER PRIMARY KEY, concept INTEGER NOT NULL, lang TEXT NOT NULL,
                  status TEXT NOT NULL, text TEXT NOT NULL, case_sensitive INTEGER NOT NULL,
                  inflect INTEGER NOT NULL, match_key TEXT NOT NULL, loose_key TEXT NOT NULL,
                  words INTEGER NOT NULL, rare_word TEXT NOT NULL DEFAULT '');
CREATE TABLE term_key(key TEXT NOT NULL, term INTEGER NOT NULL, folded INTEGER NOT NULL,
                      inflected INTEGER NOT NULL);
CREATE TABLE word(word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE word_term(word TEXT NOT NULL, term INTEGER NOT NULL);
CREATE TABLE gram(gram TEXT NOT NULL, word TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX term_key_key ON term_key(key);
CREATE INDEX word_term_word ON word_term(word);
CREATE INDEX term_rare_word ON term(rare_word);
CREATE INDEX gram_gram ON gram(gram);
"""
_TERM_COLUMNS = (
    "t.id, c.id, c.name, c.subject, t.lang, t.status, t.text, t.case_sensitive, "
    "t.inflect, t.match_key, t.loose_key"
)


class TermRow(NamedTuple):
    """One indexed term with its concept (a NamedTuple: cheaper to define at start-up than a dataclass)."""

    id: int
    concept_row: int
    concept: str
    subject: str | None
    lang: str
    status: Status
    text: str
    case_sensitive: bool
    inflect: bool
    match_key: str
    loose_key: str

    @property
    def term(self) -> Term:
        """The model term, for the shared matcher."""
        return Term(
            self.text, self.lang, self.status, case_sensitive=self.case_sensitive, inflect=self.inflect
        )


def _json_list(values: Iterable[object]) -> str:
    return json.dumps(sorted(set(values)), ensure_ascii=False)


def trigrams(word: str) -> set[str]:
    """Trigrams of a folded word padded with spaces: ``ab`` -> {`` ab``, ``ab ``}."""
    padded = f" {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Index:
    """A read-only look-up index; queries return ``TermRow``s and display data."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.subjects: list[str] = json.loads(self._meta("subjects"))

    def _meta(self, key: str) -> str:
        return self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def _terms(self, column: str, values: Iterable[object]) -> list[TermRow]:
        """Terms whose ``column`` is one of ``values`` (passed as one JSON parameter: no size limit)."""
        sql = (
            f"SELECT {_TERM_COLUMNS} FROM term t JOIN concept c ON c.id = t.concept "
            f"WHERE {column} IN (SELECT value FROM json_each(?))"
        )
        return [
            TermRow(r[0], r[1], r[2], r[3], r[4], Status(r[5]), r[6], bool(r[7]), bool(r[8]), r[9], r[10])
            for r in self.db.execute(sql, (_json_list(values),))
        ]

    def by_keys(self, keys: Iterable[str]) -> list[tuple[str, bool, bool, TermRow]]:
        """``(key, folded, inflected, term)`` for terms found under one of ``keys`` (exact/folded)."""
        rows = self.db.execute(
            "SELECT key, term, folded, inflected FROM term_key WHERE key IN "
            "(SELECT value FROM json_each(?)) ORDER BY term, key",
            (_json_list(keys),),
        ).fetchall()
        terms = {t.id: t for t in self.by_ids(r[1] for r in rows)}
        return [(key, bool(folded), bool(inflected), terms[tid]) for key, tid, folded, inflected in rows]

    def within(self, words: Iterable[str]) -> list[TermRow]:
        """Terms all of whose (folded) words are among ``words``: those a text of them may contain.

        Each term is reached through its rarest word only, so a common word ("quan") costs little.
        """
        words = set(words)
        return [t for t in self._terms("t.rare_word", words) if set(t.loose_key.split(" ")) <= words]

    def by_ids(self, ids: Iterable[int]) -> list[TermRow]:
        """Terms by row id."""
        return self._terms("t.id", ids)

    def with_parts(self, parts: list[str], langs: Iterable[str], limit: int) -> list[TermRow]:
        """The ``limit`` shortest terms in ``langs`` with, for each part, a folded word that starts
        with it (or, for parts of three letters or more, contains it)."""
        selects, params = [], []
        for part in parts:
            if len(part) < 3:
                selects.append("SELECT term FROM word_term WHERE word >= ? AND word < ?")
                params += [part, part + "\U0010ffff"]
            else:
                selects.append(
                    "SELECT term FROM word_term WHERE word IN "
                    "(SELECT word FROM word WHERE instr(word, ?) > 0)"
                )
                params.append(part)
        rows = self.db.execute(
            f"SELECT id FROM term WHERE id IN ({' INTERSECT '.join(selects)}) "
            "AND lang IN (SELECT value FROM json_each(?)) ORDER BY length(loose_key), id LIMIT ?",
            (*params, _json_list(langs), limit),
        )
        return self.by_ids(r[0] for r in rows)

    def best_terms(self, scores: list[tuple[int, str, float]], total: float, limit: int) -> dict[int, float]:
        """Terms by the sum over query parts of the best score of their words, at least ``total``.

        ``scores`` are ``(part, word, score)``; the ``limit`` best terms are returned.
        """
        if not scores:
            return {}
        values = ",".join(["(?, ?, ?)"] * len(scores))
        rows = self.db.execute(
            f"WITH q(part, word, score) AS (VALUES {values}) "
            "SELECT term, sum(best) FROM (SELECT wt.term AS term, max(q.score) AS best FROM q "
            "JOIN word_term wt ON wt.word = q.word GROUP BY wt.term, q.part) "
            "GROUP BY term HAVING sum(best) >= ? ORDER BY sum(best) DESC, term LIMIT ?",
            [*(v for row in scores for v in row), total, limit],
        )
        return dict(rows.fetchall())

    def similar_words(self, word: str, limit: int = 40) -> list[str]:
        """Indexed words sharing the most trigrams with ``word`` (candidates for typo matching)."""
        grams = trigrams(word)
        rows = self.db.execute(
            "SELECT word FROM gram WHERE gram IN (SELECT value FROM json_each(?)) GROUP BY word "
            "HAVING count(*) >= ? ORDER BY count(*) DESC, word LIMIT ?",
            (_json_list(grams), max(1, len(grams) // 3), limit),
        )
        return [r[0] for r in rows]

    def display(self, concept_row: int) -> dict:
        """The display data of a concept: en, vi, subject, note, sources, references, proposed."""
        row = self.db.execute("SELECT display FROM concept WHERE id = ?", (concept_row,)).fetchone()
        return json.loads(row[0])


# --- building ---------------------------------------------------------------------------------


def _sentence(line: str, concept: Concept, width: int = SENTENCE_WIDTH) -> str:
    """The sentence of a seed line that names one of the concept's terms, cut to about ``width``."""
    own = Matcher((concept.id, t) for t in concept.terms)
    found = next((m for lang in ("en", "vi") for m in own.find(line, lang)), None)
    at = found.start if found else 0
    start = 0
    for end in _SENTENCE_END.finditer(line):
        if end.end() > at:
            line = line[start : end.start()]
            break
        start = end.end()
    else:
        line = line[start:]
    at -= start
    if len(line) <= width:
        return line.strip()
    left = max(0, min(at - width // 3, len(line) - width))
    cut = line[left : left + width]
    if left:
        cut = "…" + cut[cut.find(" ") + 1 :]
    if left + width < len(line):
        cut = cut[: cut.rfind(" ")] + "…"
    return cut.strip()


def _designations(concept: Concept, lang: str) -> dict:
    first = concept.preferred(lang)
    return {
        "preferred": first.text if first else None,
        "admitted": [t.text for t in concept.terms_in(lang, Status.ADMITTED)],
        "deprecated": [t.text for t in concept.terms_in(lang, Status.DEPRECATED)],
    }


def quoted_sources(concept: Concept, root: Path, seeds: dict[str, list[str] | None]) -> list[dict]:
    """Each source reference of ``concept`` with the sentence of its seed line that names a term
    (``text``; None when the file cannot be read from inside the project); ``seeds`` caches lines."""
    out = []
    for ref in concept.sources:
        if ref.path not in seeds:
            try:
                seeds[ref.path] = read_lines(source_file(root, ref.path))
            except (DiptermError, SourceError, OSError):  # never opened: outside, a FIFO, missing
                seeds[ref.path] = None
        lines = seeds[ref.path]
        text = _sentence(lines[ref.line - 1], concept) if lines and ref.line <= len(lines) else None
        out.append({"ref": str(ref), "text": text})
    return out


def _term_keys(term: Term, key: str, loose: str) -> Iterator[tuple[str, int, int]]:
    """``(key, folded, inflected)`` under which a term is found exactly."""
    yield key, 0, 0
    if loose != key:
        yield loose, 1, 0
    if term.lang == "en" and term.inflect:
        words = key.split(" ")
        for base in base_forms(words[-1]):
            uninflected = " ".join([*words[:-1], base])
            yield uninflected, 0, 1
            if fold_diacritics(uninflected) != uninflected:
                yield fold_diacritics(uninflected), 1, 1


def build_database(glossary: Glossary, fingerprint: dict | None = None) -> sqlite3.Connection:
    """An in-memory index of ``glossary`` (``fingerprint`` records the files it was built from)."""
    db = sqlite3.connect(":memory:")
    db.executescript(_DDL)
    root = Path(glossary.root)
    seeds: dict[str, list[str] | None] = {}
    tables: dict[str, list[tuple]] = {"concept": [], "term": [], "term_key": [], "word_term": []}
    for row, concept in enumerate(glossary, start=1):
        display = {
            "concept": concept.id,
            "en": _designations(concept, "en"),
            "vi": _designations(concept, "vi"),
            "subject": concept.subject,
            "note": concept.note,
            "sources": quoted_sources(concept, root, seeds),
            "references": list(concept.references),
            "proposed": concept.proposed,
        }
        tables["concept"].append((row, concept.id, concept.subject, json.dumps(display, ensure_ascii=False)))
        for term in concept.terms:
            key, loose = match_key(term.text), loose_key(term.text)
            if not key:
                continue
            term_id = len(tables["term"]) + 1
            words = sorted(set(loose.split(" ")))
            tables["term"].append(
                (
                    term_id,
                    row,
                    term.lang,
                    term.status.value,
                    term.text,
                    term.case_sensitive,
                    term.inflect,
                    key,
                    loose,
                    len(words),
                    "",
                )
            )
            keys = dict.fromkeys(_term_keys(term, key, loose))
            tables["term_key"] += [(k, term_id, folded, inflected) for k, folded, inflected in keys]
            tables["word_term"] += [(w, term_id) for w in words]
    counts = Counter(w for w, _ in tables["word_term"])
    rarest = {}
    for word, term_id in tables["word_term"]:
        if term_id not in rarest or (counts[word], word) < (counts[rarest[term_id]], rarest[term_id]):
            rarest[term_id] = word
    tables["term"] = [(*row[:-1], rarest[row[0]]) for row in tables["term"]]
    words = sorted(counts)
    tables["word"] = [(w,) for w in words]
    tables["gram"] = [(g, w) for w in words for g in sorted(trigrams(w))]
    for table, rows in tables.items():
        if rows:
            db.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)
    db.executescript(_INDEXES)
    meta = {
        "schema": str(SCHEMA),
        "subjects": json.dumps(glossary.subjects(), ensure_ascii=False),
        "fingerprint": json.dumps(fingerprint or {}, ensure_ascii=False),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    db.commit()
    return db


# --- files and freshness ----------------------------------------------------------------------


def cache_file(folder: Path) -> Path:
    """Where the index of the glossary ``folder`` is kept (see the module docstring)."""
    return cache_path(folder, ".sqlite")


def _curated(folder: Path, root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in glossary_files(folder.resolve())]


def _stamps(value: object) -> bool:
    """True when ``value`` is a list of ``[rel, size, mtime_ns, sha256]``."""
    return type(value) is list and all(
        type(v) is list
        and len(v) == 4
        and type(v[0]) is str
        and type(v[1]) is int
        and type(v[2]) is int
        and type(v[3]) is str
        for v in value
    )


def _is_fresh(fingerprint: object, folder: Path) -> bool:
    """True when no recorded file changed since the build (stats; hashes for racy files)."""
    if not (
        type(fingerprint) is dict
        and type(fingerprint.get("built_ns")) is int
        and _stamps(fingerprint.get("curated"))
        and _stamps(fingerprint.get("seeds"))
    ):
        return False
    root = folder.resolve().parent
    curated = fingerprint["curated"]
    if [f[0] for f in curated] != _curated(folder, root):
        return False
    racy_after = fingerprint["built_ns"] - RACY_NS
    seeds = fingerprint["seeds"]
    if not all(below(rel) for rel, *_ in seeds):
        return False
    for rel, size, mtime, sha in [*curated, *seeds]:
        now = stamp(root, rel, with_digest=False)
        if now[1:3] != [size, mtime]:
            return False
        if size >= 0 and mtime >= racy_after and digest(root / rel) != sha:
            return False
    return True


def _build(folder: Path) -> sqlite3.Connection:
    """An in-memory index of the glossary ``folder`` with the fingerprint of its files."""
    root = folder.resolve().parent
    built_ns = time.time_ns()
    curated = [stamp(root, rel, with_digest=True) for rel in _curated(folder, root)]
    glossary = load_glossary(folder)
    seed_paths = sorted({ref.path for c in glossary for ref in c.sources if below(ref.path)})
    fingerprint = {
        "built_ns": built_ns,
        "curated": curated,
        "seeds": [stamp(root, rel, with_digest=True) for rel in seed_paths],
    }
    return build_database(glossary, fingerprint)


def _write(db: sqlite3.Connection, target: Path, key: bytes) -> None:
    """Write ``db`` signed with ``key`` atomically to ``target``."""
    from dipterm._io import write_bytes_atomic  # tempfile and shutil: not needed by a look-up

    image = db.serialize()
    write_bytes_atomic(target, image + MAC_TAG + mac(key, image))


def build_index(folder: Path, target: Path) -> None:
    """Build the index of the glossary ``folder`` and write it atomically to ``target``.

    Nothing is written when ``target`` is a symlink or not a regular file, or no user key can be kept.
    """
    key = user_key(folder.resolve().parent)
    db = _build(folder)
    if key is not None and trusted_file(target):
        _write(db, target, key)
    db.close()


@contextmanager
def _time_bound(db: sqlite3.Connection, seconds: float) -> Iterator[None]:
    """Interrupt any statement on ``db`` running past ``seconds`` from now (OperationalError)."""
    deadline = time.monotonic() + seconds
    db.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
    try:
        yield
    finally:
        db.set_progress_handler(None, 0)


@lru_cache(maxsize=1)
def _schema() -> list[tuple]:
    """``sqlite_master`` of an index: what an index file must hold, exactly."""
    db = sqlite3.connect(":memory:")
    db.executescript(_DDL + _INDEXES)
    rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    db.close()
    return rows


def _accepted(db: sqlite3.Connection) -> object:
    """The fingerprint of an index whose schema and meta rows are dipterm's; ValueError otherwise."""
    master = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    if master.fetchall() != _schema():
        raise ValueError("not dipterm's schema")
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    subjects = json.loads(meta["subjects"])
    if meta.get("schema") != str(SCHEMA) or not (
        type(subjects) is list and all(type(s) is str for s in subjects)
    ):
        raise ValueError("not this schema")
    return json.loads(meta["fingerprint"])


def _signed_file(path: Path, key: bytes) -> tuple[int, int] | None:
    """``(st_dev, st_ino)`` of the regular file ``path`` when it ends in a signature of the rest
    under ``key``; None otherwise. The file is mapped, not copied, and a symlink never followed."""
    import hmac
    import mmap

    trailer = len(MAC_TAG) + 32
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size <= trailer:
            return None
        with (
            mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as mapped,
            memoryview(mapped) as view,
            view[:-trailer] as image,
            view[-trailer:-32] as tag,
            view[-32:] as signature,
        ):
            signed = tag == MAC_TAG and hmac.compare_digest(mac(key, image), signature)
    finally:
        os.close(fd)
    return (st.st_dev, st.st_ino) if signed else None


def _open_file(path: Path, key: bytes | None) -> tuple[sqlite3.Connection, object] | None:
    """The index at ``path`` opened read-only with its fingerprint, or None when it is missing,
    not an index, not signed with ``key`` or cannot be read (see the module docstring)."""
    if key is None or not trusted_file(path):
        return None
    try:
        identity = _signed_file(path, key)
        if identity is None:
            return None
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        with _time_bound(db, CHECK_SECONDS):
            fingerprint = _accepted(db)
        now = path.stat()
        if (now.st_dev, now.st_ino) == identity:  # the file SQLite opened is the one verified
            return db, fingerprint
    except (OSError, sqlite3.Error, ValueError, KeyError, TypeError, RecursionError):
        pass
    db.close()
    return None


def open_index(folder: Path, cache: Path | None = None) -> Index:
    """The up-to-date index of the glossary ``folder``, (re)built first when a file changed.

    DiptermError (exit 2) when a curated file is unusable; an unwritable cache only costs speed.
    """
    if not folder.is_dir():
        raise DiptermError(f"glossary folder {folder} does not exist")
    path = cache or cache_file(folder)
    key = user_key(folder.resolve().parent)
    opened = _open_file(path, key)
    if opened is not None:
        db, fingerprint = opened
        if _is_fresh(fingerprint, folder):
            return Index(db)
        db.close()
    db = _build(folder)
    if key is not None and trusted_file(path):
        with suppress(OSError):
            _write(db, path, key)
    return Index(db)


def index_glossary(glossary: Glossary) -> Index:
    """An in-memory index of an already loaded glossary (no cache file)."""
    return Index(build_database(glossary))
