"""Where a source reference may point: a regular file inside the project (the folder above
``glossary/``). Everything else (an absolute path, ``..`` out of the project, a symlink pointing
out, a FIFO, a device, a folder) is refused before anything is opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


class SourceError(ValueError):
    """A source reference that may not be read, and why."""


def below(rel: str) -> bool:
    """True when ``rel`` is a relative path that stays below its folder as written (no ``..`` out)."""
    windows = PureWindowsPath(rel)
    if PurePosixPath(rel).is_absolute() or windows.is_absolute() or windows.drive or "\0" in rel:
        return False
    return not os.path.normpath(rel).startswith("..")


def inside_project(root: Path, rel: str) -> bool:
    """True when the relative path ``rel`` resolves (symlinks followed) to a place under ``root``."""
    if not below(rel):
        return False
    real = Path(os.path.realpath(root / rel))
    return real.is_relative_to(os.path.realpath(root))


def source_file(root: Path, rel: str) -> Path:
    """The regular file inside the project ``root`` that ``rel`` names.

    SourceError when it lies outside the project or is not a regular file; FileNotFoundError (an
    OSError) when it is missing. Only ``stat`` is called: a FIFO or device is never opened.
    """
    if not inside_project(root, rel):
        raise SourceError(f"points outside the project {root}; a source must be a file below it")
    path = Path(os.path.realpath(root / rel))
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise SourceError(f"is {kind}; a source must be a regular text file")
    return path
