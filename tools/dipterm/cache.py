"""Cache files of a glossary folder: where they live, file fingerprints, and parsed concepts.

Where: ``.dipterm-cache/`` beside the glossary folder (``<name>.sqlite`` for the look-up index,
``<name>.concepts/`` for parsed concepts), or, when that folder is read-only,
``$XDG_CACHE_HOME/dipterm/`` with the names tagged by a hash of the glossary folder's path.

Trust: a cache folder can come with a clone or an archive, so nothing in it is believed as found.
A cache folder or file that is a symlink or not a regular folder or file is ignored (never read,
written or pruned through). Contents are authenticated with an HMAC keyed by a random per-user key
(``user_key``: ``$XDG_CACHE_HOME/dipterm/key`` or ``~/.cache/dipterm/key``, mode 0600, never
inside the project): a cache written by anyone else, with whatever file times, is rebuilt.

Parsed concepts: one cache file per curated file, so editing one file re-parses only that file.
A file is ``MAGIC``, one JSON header line (format, signature of the reading code, and the key:
the path shown in findings, size, mtime_ns and SHA-256 of the curated file), one line with the
hex HMAC of the header and the payload, then the file's concepts pickled. Pickle, because it
rebuilds the frozen model objects about as fast as they can be allocated, where JSON of plain
data would rebuild them in Python and cost most of what the cache saves. It is unpickled only
after the HMAC matched, with an unpickler that resolves only the model classes, and what it gives
is type-checked. Any mismatch, truncation or unpickling error means "not cached": the file is
parsed again and its entry rewritten. Files with findings are never cached, so ``load_glossary``
raises exactly as before; an unwritable or unreadable cache only costs speed. Pruning removes
only files named like an entry that start with ``MAGIC``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from functools import cache, lru_cache
from pathlib import Path
from typing import IO

from dipterm.model import Concept, Location, SourceRef, Status, Term

FORMAT = 2
MAGIC = b"dipterm-concepts\n"
KEY_BYTES = 32
_ENTRY = re.compile(r"[0-9a-f]{24}\.pickle")
_MODEL_CLASSES = {cls.__name__: cls for cls in (Concept, Term, Location, SourceRef, Status)}
# what shapes a cached concept
_READING_CODE = ("model.py", "glossary.py", "_text.py", "_toml.py", "cache.py")


def user_cache_dir() -> Path:
    """The user's own cache folder: ``$XDG_CACHE_HOME/dipterm`` or ``~/.cache/dipterm``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dipterm"


def cache_path(folder: Path, suffix: str) -> Path:
    """Where the cache ``<glossary name><suffix>`` of the glossary ``folder`` is kept."""
    folder = folder.resolve()
    local = folder.parent / ".dipterm-cache"
    if os.access(local if local.is_dir() else folder.parent, os.W_OK):
        return local / f"{folder.name}{suffix}"
    tag = sha256_hex(str(folder).encode())[:12]
    return user_cache_dir() / f"{folder.name}-{tag}{suffix}"


def _absent_or(path: Path, kind: int) -> bool:
    """True when ``path`` does not exist or, not following a symlink, is of ``kind`` (S_IFDIR/S_IFREG)."""
    try:
        return stat.S_IFMT(os.lstat(path).st_mode) == kind
    except FileNotFoundError:
        return True
    except OSError:
        return False


def trusted_folder(path: Path) -> bool:
    """True when the cache folder ``path`` and its parent are real folders (or not there yet)."""
    return _absent_or(path, stat.S_IFDIR) and _absent_or(path.parent, stat.S_IFDIR)


def trusted_file(path: Path) -> bool:
    """True when the cache file ``path`` is a regular file (or not there yet) in a real folder."""
    return _absent_or(path, stat.S_IFREG) and _absent_or(path.parent, stat.S_IFDIR)


def read_regular(path: Path, limit: int = -1) -> bytes:
    """The bytes of ``path`` (the first ``limit``), opened without following a symlink; OSError when
    it is not a regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return stream.read(limit)


@lru_cache(maxsize=8)
def _key_at(path: Path) -> bytes | None:
    """The key kept at ``path``, created (0600) when missing; None when it is not the user's own."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key.")  # mode 0600
            try:
                os.write(fd, os.urandom(KEY_BYTES))
                os.close(fd)
                with contextlib.suppress(FileExistsError):  # another run made it first: use that one
                    os.link(tmp, path)
            finally:
                os.unlink(tmp)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            st = os.fstat(fd)
            key = os.read(fd, KEY_BYTES + 1)
        finally:
            os.close(fd)
    except OSError:
        return None
    mine = stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077
    return key if mine and len(key) == KEY_BYTES else None


def user_key(project: Path) -> bytes | None:
    """The per-user key that authenticates caches; None (nothing is cached) when it cannot be kept
    outside ``project``, the folder above the glossary."""
    try:
        path = user_cache_dir().resolve() / "key"
    except (OSError, RuntimeError):  # no home directory
        return None
    if path.is_relative_to(project.resolve()):
        return None
    return _key_at(path)


def mac(key: bytes, data: bytes | memoryview) -> bytes:
    """HMAC-SHA-256 of ``data`` under ``key``."""
    import hmac

    return hmac.new(key, data, "sha256").digest()


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    from hashlib import sha256  # imported here: 3 ms that a look-up with a fresh index never needs

    return sha256(data).hexdigest()


def digest(path: Path) -> str:
    """Hex SHA-256 of a regular file's bytes ("" when it cannot be read or is a FIFO, device, link)."""
    try:
        return sha256_hex(read_regular(path))
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


def _optional(value: object, kind: type) -> bool:
    return value is None or type(value) is kind


def _location_ok(where: object) -> bool:
    return where is None or (
        type(where) is Location
        and type(where.path) is str
        and type(where.line) is int
        and type(where.column) is int
    )


def _term_ok(term: object) -> bool:
    return (
        type(term) is Term
        and type(term.text) is str
        and type(term.lang) is str
        and type(term.status) is Status
        and _optional(term.pos, str)
        and _optional(term.note, str)
        and type(term.case_sensitive) is bool
        and type(term.inflect) is bool
        and _location_ok(term.origin)
    )


def _concept_ok(concept: object) -> bool:
    """True when ``concept`` is a Concept whose every field has the model's type."""
    return (
        type(concept) is Concept
        and type(concept.id) is str
        and type(concept.terms) is tuple
        and all(map(_term_ok, concept.terms))
        and _optional(concept.subject, str)
        and _optional(concept.note, str)
        and type(concept.proposed) is bool
        and type(concept.sources) is tuple
        and all(
            type(s) is SourceRef and type(s.path) is str and type(s.line) is int and _location_ok(s.origin)
            for s in concept.sources
        )
        and _location_ok(concept.origin)
    )


class ConceptCache:
    """Parsed concepts of the curated files of one glossary folder, one cache file per file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.where: Path | None = None
        try:
            where = cache_path(folder, ".concepts")
            self.key_bytes = user_key(folder.resolve().parent)
        except (OSError, RuntimeError):  # no writable folder and no home directory either
            return
        if self.key_bytes is not None and trusted_folder(where):
            self.where = where

    def _entry(self, path: Path) -> Path | None:
        """The cache file of the curated file ``path`` (a path below the folder as given)."""
        rel = path.relative_to(self.folder).as_posix()
        return self.where / f"{sha256_hex(rel.encode())[:24]}.pickle" if self.where else None

    def key(self, path: Path, shown: str) -> list:
        """What a cached entry of ``path`` must match: shown path, size, mtime_ns, SHA-256."""
        return [shown, *stamp(path.parent, path.name, with_digest=True)[1:]]

    def _header(self, key: list) -> bytes:
        header = {"format": FORMAT, "signature": _signature(), "key": key}
        return MAGIC + json.dumps(header, ensure_ascii=False).encode() + b"\n"

    def get(self, key: list, path: Path) -> list[Concept] | None:
        """The cached concepts of ``path`` if its entry matches ``key`` and is ours; None otherwise."""
        import hmac
        import io

        entry = self._entry(path)
        if entry is None or self.key_bytes is None or key[1] < 0:
            return None
        header = self._header(key)
        try:
            data = read_regular(entry)
            tag_end = data.find(b"\n", len(header))
            if not data.startswith(header) or tag_end < 0:
                return None
            payload = data[tag_end + 1 :]
            if not hmac.compare_digest(
                data[len(header) : tag_end], mac(self.key_bytes, header + payload).hex().encode()
            ):
                return None
            concepts = _model_unpickler(io.BytesIO(payload)).load()
        except Exception:  # any error reading a corrupt or foreign cache file is only a cache miss
            return None
        if type(concepts) is list and all(map(_concept_ok, concepts)):
            return concepts
        return None

    def put(self, key: list, path: Path, concepts: list[Concept]) -> None:
        """Cache ``concepts`` of ``path`` under ``key``; silently nothing if it cannot be written."""
        import pickle

        from dipterm._io import write_bytes_atomic  # tempfile: not needed when everything is cached

        entry = self._entry(path)
        if entry is None or self.key_bytes is None or key[1] < 0:
            return
        header = self._header(key)
        payload = pickle.dumps(concepts, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            write_bytes_atomic(
                entry, header + mac(self.key_bytes, header + payload).hex().encode() + b"\n" + payload
            )

    def prune(self, paths: list[Path]) -> None:
        """Remove the entries of curated files that no longer exist (best effort); only files that
        dipterm wrote (an entry's name, starting with ``MAGIC``) are removed, nothing through a link."""
        if self.where is None:
            return
        keep = {entry.name for entry in map(self._entry, paths) if entry is not None}
        with contextlib.suppress(OSError), os.scandir(self.where) as found:
            for item in found:
                if item.name in keep or not _ENTRY.fullmatch(item.name) or item.is_symlink():
                    continue
                with contextlib.suppress(OSError):
                    if read_regular(Path(item.path), len(MAGIC)) == MAGIC:
                        os.unlink(item.path)
