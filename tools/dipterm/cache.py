"""Cache files of a glossary folder: where they live, file fingerprints, and parsed concepts.

Where: ``.dipterm-cache/`` beside the glossary folder (``<name>.sqlite`` for the look-up index,
``<name>.concepts/`` for parsed concepts), or, when that folder is read-only,
``$XDG_CACHE_HOME/dipterm/`` with the names tagged by a hash of the glossary folder's path.

Parsed concepts: one cache file per curated file, so editing one file re-parses only that file.
A file is ``MAGIC``, one JSON header line (format, signature of the reading code, and the key:
the path shown in findings, size, mtime_ns and SHA-256 of the curated file), then the file's
concepts pickled. Pickle, because it rebuilds the frozen model objects about as fast as they can
be allocated, where JSON of plain data would rebuild them in Python and cost most of what the
cache saves. A cache file is local and written by us, but a copied or shared folder could carry
a foreign one, so it is read with an unpickler that resolves only the model classes (any other
global is refused), and only after the header matched. Any mismatch, truncation or unpickling
error means "not cached": the file is parsed again and its entry rewritten. Files with findings
are never cached, so ``load_glossary`` raises exactly as before; an unwritable or unreadable
cache only costs speed.
"""

from __future__ import annotations

import contextlib
import json
import os
from functools import cache
from pathlib import Path
from typing import IO

from dipterm.model import Concept, Location, SourceRef, Status, Term

FORMAT = 1
MAGIC = b"dipterm-concepts\n"
_MODEL_CLASSES = {cls.__name__: cls for cls in (Concept, Term, Location, SourceRef, Status)}
_READING_CODE = ("model.py", "glossary.py", "_text.py", "cache.py")  # what shapes a cached concept


def cache_path(folder: Path, suffix: str) -> Path:
    """Where the cache ``<glossary name><suffix>`` of the glossary ``folder`` is kept."""
    folder = folder.resolve()
    local = folder.parent / ".dipterm-cache"
    if os.access(local if local.is_dir() else folder.parent, os.W_OK):
        return local / f"{folder.name}{suffix}"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dipterm"
    tag = sha256_hex(str(folder).encode())[:12]
    return base / f"{folder.name}-{tag}{suffix}"


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    from hashlib import sha256  # imported here: 3 ms that a look-up with a fresh index never needs

    return sha256(data).hexdigest()


def digest(path: Path) -> str:
    """Hex SHA-256 of a file's bytes ("" when it cannot be read)."""
    try:
        return sha256_hex(path.read_bytes())
    except OSError:
        return ""


def stamp(root: Path, rel: str, with_digest: bool) -> list:
    """``[rel, size, mtime_ns, sha256]`` of the file ``root/rel`` (size -1 when it is missing)."""
    try:
        st = (root / rel).stat()
    except OSError:
        return [rel, -1, 0, ""]
    return [rel, st.st_size, st.st_mtime_ns, digest(root / rel) if with_digest else ""]


# --- parsed concepts --------------------------------------------------------------------------


@cache
def _signature() -> str:
    """A hash of the code that turns a curated file into concepts: a change invalidates the cache."""
    here = Path(__file__).parent
    return sha256_hex(b"".join((here / name).read_bytes() for name in _READING_CODE))


def _model_unpickler(stream: IO[bytes]):
    import pickle  # imported here: a look-up with a fresh index never reads this cache

    class ModelUnpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> type:
            if module == "dipterm.model" and name in _MODEL_CLASSES:
                return _MODEL_CLASSES[name]
            raise pickle.UnpicklingError(f"{module}.{name} is not a dipterm model class")

    return ModelUnpickler(stream)


class ConceptCache:
    """Parsed concepts of the curated files of one glossary folder, one cache file per file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            self.where: Path | None = cache_path(folder, ".concepts")
        except (OSError, RuntimeError):  # no writable folder and no home directory either
            self.where = None

    def _entry(self, path: Path) -> Path | None:
        """The cache file of the curated file ``path`` (a path below the folder as given)."""
        rel = path.relative_to(self.folder).as_posix()
        return self.where / f"{sha256_hex(rel.encode())[:24]}.pickle" if self.where else None

    def key(self, path: Path, shown: str) -> list:
        """What a cached entry of ``path`` must match: shown path, size, mtime_ns, SHA-256."""
        return [shown, *stamp(path.parent, path.name, with_digest=True)[1:]]

    def get(self, key: list, path: Path) -> list[Concept] | None:
        """The cached concepts of ``path`` if its entry matches ``key``; None otherwise."""
        entry = self._entry(path)
        if entry is None or key[1] < 0:
            return None
        header = {"format": FORMAT, "signature": _signature(), "key": key}
        try:
            with entry.open("rb") as stream:
                if stream.readline() != MAGIC or json.loads(stream.readline()) != header:
                    return None
                concepts = _model_unpickler(stream).load()
        except Exception:  # any error reading a corrupt or foreign cache file is only a cache miss
            return None
        if isinstance(concepts, list) and all(type(c) is Concept for c in concepts):
            return concepts
        return None

    def put(self, key: list, path: Path, concepts: list[Concept]) -> None:
        """Cache ``concepts`` of ``path`` under ``key``; silently nothing if it cannot be written."""
        import pickle

        from dipterm._io import atomic_write  # tempfile: not needed when everything is cached

        entry = self._entry(path)
        if entry is None or key[1] < 0:
            return
        with contextlib.suppress(OSError):
            header = {"format": FORMAT, "signature": _signature(), "key": key}
            with atomic_write(entry) as stream:
                stream.write(MAGIC + json.dumps(header, ensure_ascii=False).encode() + b"\n")
                pickle.dump(concepts, stream, protocol=pickle.HIGHEST_PROTOCOL)

    def prune(self, paths: list[Path]) -> None:
        """Remove the entries of curated files that no longer exist (best effort)."""
        if self.where is None:
            return
        keep = {entry.name for entry in map(self._entry, paths) if entry is not None}
        with contextlib.suppress(OSError):
            for entry in [e for e in self.where.glob("*.pickle") if e.name not in keep]:
                entry.unlink(missing_ok=True)
