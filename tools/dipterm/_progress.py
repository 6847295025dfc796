"""A progress bar on stderr for large inputs, shown only when stderr is a terminal."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO

import click

PROGRESS_BYTES = 5_000_000  # smaller inputs are read before a bar would be worth drawing


@contextlib.contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A callback taking the number of bytes just read; it draws nothing for small or piped runs."""
    if total < PROGRESS_BYTES or not sys.stderr.isatty():
        yield lambda _count: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


class CountingReader(io.RawIOBase):
    """A binary stream over another that reports each chunk read to ``advance``."""

    def __init__(self, stream: BinaryIO, advance: Callable[[int], None]) -> None:
        super().__init__()
        self._stream, self._advance = stream, advance

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        self._advance(len(chunk))
        return chunk

    def close(self) -> None:
        self._stream.close()
        super().close()
