"""A progress bar on stderr for large inputs, shown only when stderr is a terminal."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterator

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
    """A binary stream over ``data`` that reports each chunk read to ``advance``."""

    def __init__(self, data: bytes, advance: Callable[[int], None]) -> None:
        super().__init__()
        self._data, self._offset, self._advance = memoryview(data), 0, advance

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size is None or size < 0 else self._offset + size
        chunk = self._data[self._offset:end].tobytes()
        self._offset += len(chunk)
        self._advance(len(chunk))
        return chunk
