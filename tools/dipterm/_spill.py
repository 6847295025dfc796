"""A first-value-wins table that moves to a temporary SQLite file when it grows large, so that the
whole-document checks of a file of any size run in bounded memory."""

from __future__ import annotations

import pickle
import sqlite3
from typing import Any

SPILL_AT = 50_000  # entries kept in a dict before the table moves to disk


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
        db = sqlite3.connect("", isolation_level=None)  # "": a private temporary database on disk
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA cache_size = -16000")  # about 16 MB of pages in memory
        db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)")
        db.execute("BEGIN")
        db.executemany("INSERT INTO t VALUES (?, ?)", ((k, pickle.dumps(v)) for k, v in self._memory.items()))
        self._memory.clear()
        self._db = db

    def close(self) -> None:
        """Drop the table (and its temporary file)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._memory.clear()
