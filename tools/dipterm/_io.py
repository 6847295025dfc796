"""Atomic writes (a temporary file beside the target, fsync, then rename into place), and what a
long writer of a curated file needs around them: a stamp to tell a change, a lock, a sweep."""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from dipterm.findings import DiptermError


def _default_mode(target: Path) -> int:
    """The existing file's mode, or what a plain ``open`` would give (0o666 less the umask)."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a binary stream whose content replaces ``path`` only if the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, _default_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path) as stream:
        stream.write(data)


def file_stamp(path: Path) -> tuple[int, int, str] | None:
    """(size, mtime in ns, SHA-256) of a regular file, read in pieces; None when there is none:
    taken before and after a long job, it tells whether someone changed the file meanwhile."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while piece := stream.read(1 << 20):
            digest.update(piece)
    return info.st_size, info.st_mtime_ns, digest.hexdigest()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def exclusive_lock(target: Path) -> Iterator[None]:
    """Hold ``.NAME.lock`` beside ``target`` (created exclusively, holding this process's id) while
    the block runs: a second writer of the same file is refused (DiptermError) while the first lives;
    a lock left by a process that died is taken over."""
    lock = target.parent / f".{target.name}.lock"
    target.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            break
        except FileExistsError:
            try:
                regular = lock.is_file() and not lock.is_symlink()
                holder = int(lock.read_text("ascii").strip() or 0) if regular else -1
            except (OSError, ValueError):
                holder = -1
            if holder > 0 and not _alive(holder):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(lock)
                continue
            raise DiptermError(
                f"another import into {target.name} is running (lock {lock.name}"
                f"{f', process {holder}' if holder > 0 else ''}); wait for it, or remove the "
                "lock file if no import is running",
                str(target),
            ) from None
    else:
        raise DiptermError(f"cannot take the lock {lock.name}", str(target))
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)


def sweep_temporaries(target: Path) -> int:
    """Remove the temporary files that ``atomic_write`` runs of ``target`` killed midway left
    (``.NAME.*.tmp`` beside it; links are removed, never followed); call it holding the lock.
    Returns how many were removed."""
    removed = 0
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        if leftover.is_symlink() or leftover.is_file():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)
                removed += 1
    return removed
