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
hex HMAC of the header and the payload, then the file's concepts as plain tuples of strings,
numbers, booleans and None in ``marshal`` form (``packed``), in records of ``_PIECE`` concepts
each after its length (8 bytes). Marshal, because it writes and reads such data in C, five times
faster than pickling the slotted model objects (which runs their ``__getstate__`` and
``__setstate__`` in Python), and what it reads runs no code. It is read only after the HMAC
matched, and every field is type-checked while the model objects are rebuilt (``unpacked``).
Any mismatch, truncation or reading error means "not cached": the file is parsed again and its
entry rewritten. Files with findings are never cached, so ``load_glossary`` raises exactly as
before; an unwritable or unreadable cache only costs speed. Pruning removes only files named
like an entry that start with ``MAGIC``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import BinaryIO

from dipterm._fork import finish_background
from dipterm.model import STATUSES, Concept, Location, SourceRef, Term

FORMAT = 3
MAGIC = b"dipterm-concepts\n"
KEY_BYTES = 32
_ENTRY = re.compile(r"[0-9a-f]{24}\.(?:pickle|marshal)")  # .pickle: format 2, pruned once stale
_PIECE = 2000  # concepts per marshal record of a cache file
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


@contextlib.contextmanager
def _open_regular(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened to read without following a symlink; OSError when it is not a regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        yield stream


def read_regular(path: Path, limit: int = -1) -> bytes:
    """The bytes of ``path`` (the first ``limit``), opened as ``_open_regular`` opens it."""
    with _open_regular(path) as stream:
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
    import hashlib

    try:
        with _open_regular(path) as stream:  # read a piece at a time: a large file is never held
            return hashlib.file_digest(stream, "sha256").hexdigest()
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


_Place = tuple[str, int, int] | None


def _place(where: Location | None) -> _Place:
    return None if where is None else (where.path, where.line, where.column)


def packed(concepts: list[Concept]) -> list[tuple]:
    """The concepts as plain tuples, for ``marshal`` (``unpacked`` reads them back)."""
    return [
        (
            c.id,
            tuple(
                (t.text, t.lang, t.status.value, t.pos, t.case_sensitive, t.inflect, t.note, _place(t.origin))
                for t in c.terms
            ),
            c.subject,
            c.note,
            tuple((s.path, s.line, _place(s.origin)) for s in c.sources),
            c.proposed,
            _place(c.origin),
            c.references,
        )
        for c in concepts
    ]


class _Foreign(ValueError):
    """A cached value of a type the model does not hold."""


def _str(value: object) -> str:
    if type(value) is not str:
        raise _Foreign
    return value


def _maybe(value: object) -> str | None:
    return None if value is None else _str(value)


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise _Foreign
    return value


def _location(value: object) -> Location | None:
    if value is None:
        return None
    path, line, column = value  # type: ignore[misc]
    if type(line) is not int or type(column) is not int:
        raise _Foreign
    return Location(_str(path), line, column)


def unpacked(data: object) -> list[Concept]:
    """The concepts ``packed`` wrote, every field type-checked; _Foreign (or ValueError,
    TypeError) for anything else."""
    if type(data) is not list:
        raise _Foreign
    concepts = []
    for at in range(len(data)):
        cid, terms, subject, note, sources, proposed, origin, references = data[at]
        data[at] = None  # each row freed once rebuilt: the tuples and the objects never all live at once
        if type(terms) is not tuple or type(sources) is not tuple or type(references) is not tuple:
            raise _Foreign
        concepts.append(
            Concept(
                _str(cid),
                tuple(
                    Term(
                        _str(text),
                        _str(lang),
                        STATUSES[status],
                        _maybe(pos),
                        _flag(cs),
                        _flag(inflect),
                        _maybe(tnote),
                        _location(where),
                    )
                    for text, lang, status, pos, cs, inflect, tnote, where in terms
                ),
                _maybe(subject),
                _maybe(note),
                tuple(_source(path, line, where) for path, line, where in sources),
                _flag(proposed),
                _location(origin),
                tuple(map(_str, references)),
            )
        )
    return concepts


def _source(path: object, line: object, where: object) -> SourceRef:
    if type(line) is not int:
        raise _Foreign
    return SourceRef(_str(path), line, _location(where))


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
        return self.where / f"{sha256_hex(rel.encode())[:24]}.marshal" if self.where else None

    def key(self, path: Path, shown: str) -> list:
        """What a cached entry of ``path`` must match: shown path, size, mtime_ns, SHA-256."""
        return [shown, *stamp(path.parent, path.name, with_digest=True)[1:]]

    def _header(self, key: list) -> bytes:
        header = {"format": FORMAT, "signature": _signature(), "key": key}
        return MAGIC + json.dumps(header, ensure_ascii=False).encode() + b"\n"

    def get(self, key: list, path: Path) -> list[Concept] | None:
        """The cached concepts of ``path`` if its entry matches ``key`` and is ours; None otherwise."""
        import hmac
        import marshal

        entry = self._entry(path)
        if entry is None or self.key_bytes is None or key[1] < 0:
            return None
        finish_background()  # an entry still being written in the background is read once written
        header = self._header(key)
        try:
            data = read_regular(entry)
            tag_end = data.find(b"\n", len(header))
            if not data.startswith(header) or tag_end < 0:
                return None
            view, at = memoryview(data), tag_end + 1  # the payload, never copied
            signed = hmac.new(self.key_bytes, header, "sha256")
            signed.update(view[at:])
            if not hmac.compare_digest(data[len(header) : tag_end], signed.hexdigest().encode()):
                return None
            concepts: list[Concept] = []
            while at < len(data):  # a record at a time: its tuples never all live at once
                size = int.from_bytes(view[at : at + 8], "big")
                concepts += unpacked(marshal.loads(view[at + 8 : at + 8 + size]))
                at += 8 + size
            return concepts
        except Exception:  # any error reading a corrupt or foreign cache file is only a cache miss
            return None

    def put(self, key: list, path: Path, concepts: list[Concept]) -> None:
        """Cache ``concepts`` of ``path`` under ``key``; silently nothing if it cannot be written."""
        import hmac
        import marshal

        from dipterm._io import atomic_write  # tempfile: not needed when everything is cached

        entry = self._entry(path)
        if entry is None or self.key_bytes is None or key[1] < 0:
            return
        header = self._header(key)
        signed = hmac.new(self.key_bytes, header, "sha256")
        records = []
        for at in range(0, len(concepts), _PIECE):  # a record at a time: its tuples never all live
            record = marshal.dumps(packed(concepts[at : at + _PIECE]))
            records += [len(record).to_bytes(8, "big"), record]
            signed.update(records[-2])
            signed.update(record)
        with contextlib.suppress(OSError), atomic_write(entry) as stream:
            stream.write(header)  # in pieces: the payload is never joined or copied
            stream.write(signed.hexdigest().encode() + b"\n")
            stream.writelines(records)

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
