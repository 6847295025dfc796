"""Tables that move to a temporary SQLite file when they grow large, so that a file of any size is
checked or imported in bounded memory: ``SpillTable`` (first value wins, for the whole-document
checks) and ``SpillStore`` (mutable objects by name, for the concepts an import assembles)."""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

SPILL_AT = 500_000  # keys a SpillTable keeps in memory (a key and a short value: ~100 bytes each)
KEEP = 100_000  # objects a SpillStore keeps in memory (an import's concepts being assembled)
T = TypeVar("T")


def digest(text: str) -> int:
    """A signed 64-bit stand-in for ``text`` as a table key (no collision in practice among the texts
    of one file)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), signed=True)


def _temporary_database() -> sqlite3.Connection:
    """A private temporary SQLite database on disk (deleted when closed), tuned for one writer."""
    db = sqlite3.connect("", isolation_level=None)  # "": a private temporary database
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -16000")  # about 16 MB of pages in memory
    db.execute("BEGIN")
    return db


class SpillTable:
    """64-bit integer keys to picklable values, with ``setdefault`` as the only operation: a dict up to
    ``limit`` entries, then a private temporary SQLite database (on disk, deleted when closed)."""

    def __init__(self, limit: int | None = None) -> None:
        self._memory: dict[int, Any] = {}
        self._limit = SPILL_AT if limit is None else limit
        self._db: sqlite3.Connection | None = None

    def __len__(self) -> int:
        if self._db is None:
            return len(self._memory)
        return self._db.execute("SELECT count(*) FROM t").fetchone()[0]

    @property
    def spilled(self) -> bool:
        """True once the table lives on disk."""
        return self._db is not None

    def get(self, key: int) -> Any:
        """The value stored for ``key``, or None."""
        if self._db is None:
            return self._memory.get(key)
        row = self._db.execute("SELECT v FROM t WHERE k = ?", (key,)).fetchone()
        return pickle.loads(row[0]) if row is not None else None

    def setdefault(self, key: int, value: Any) -> Any:
        """The value stored for ``key``, storing ``value`` first if there is none."""
        if self._db is None:
            found = self._memory.setdefault(key, value)
            if len(self._memory) > self._limit:
                self._spill()
            return found
        row = self._db.execute("SELECT v FROM t WHERE k = ?", (key,)).fetchone()
        if row is not None:
            return pickle.loads(row[0])
        self._db.execute("INSERT INTO t VALUES (?, ?)", (key, pickle.dumps(value)))
        return value

    def _spill(self) -> None:
        db = _temporary_database()
        db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)")
        db.executemany("INSERT INTO t VALUES (?, ?)", ((k, pickle.dumps(v)) for k, v in self._memory.items()))
        self._memory.clear()
        self._db = db

    def close(self) -> None:
        """Drop the table (and its temporary file)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._memory.clear()


class SpillStore(Generic[T]):
    """Objects by name, made on first use by ``make(name)`` and changed in place by the caller: the
    ``keep`` used last stay in memory, the others wait pickled in a temporary SQLite database;
    ``values()`` gives them all in name order. Callers must not hold an object across ``get`` calls."""

    def __init__(self, make: Callable[[str], T], keep: int | None = None) -> None:
        self._make = make
        self._keep = KEEP if keep is None else keep
        self._memory: OrderedDict[str, T] = OrderedDict()
        self._db: sqlite3.Connection | None = None

    def __contains__(self, name: str) -> bool:
        return name in self._memory or (
            self._db is not None
            and self._db.execute("SELECT 1 FROM t WHERE k = ?", (name,)).fetchone() is not None
        )

    def __len__(self) -> int:
        stored = self._db.execute("SELECT count(*) FROM t").fetchone()[0] if self._db is not None else 0
        return len(self._memory) + stored

    def get(self, name: str) -> T:
        """The object called ``name``, made if there is none yet."""
        found = self._memory.get(name)
        if found is not None:
            self._memory.move_to_end(name)
            return found
        row = None
        if self._db is not None:
            row = self._db.execute("SELECT v FROM t WHERE k = ?", (name,)).fetchone()
            if row is not None:
                self._db.execute("DELETE FROM t WHERE k = ?", (name,))
        found = self._memory[name] = pickle.loads(row[0]) if row is not None else self._make(name)
        if len(self._memory) > self._keep:
            self._store(*self._memory.popitem(last=False))
        return found

    def _store(self, name: str, value: T) -> None:
        if self._db is None:
            self._db = _temporary_database()
            self._db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB NOT NULL)")
        self._db.execute("INSERT INTO t VALUES (?, ?)", (name, pickle.dumps(value)))

    def values(self) -> Iterator[T]:
        """Every object, in name order (code point order), each read once; the store is emptied."""
        if self._db is None:
            for name in sorted(self._memory):
                yield self._memory.pop(name)
            return
        while self._memory:
            self._store(*self._memory.popitem())
        for (value,) in self._db.execute("SELECT v FROM t ORDER BY k"):
            yield pickle.loads(value)
        self.close()

    def close(self) -> None:
        """Drop everything (and the temporary file)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._memory.clear()
