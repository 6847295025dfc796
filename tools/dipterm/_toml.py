"""TOML text to data, with every way ``tomllib`` can fail turned into one error with its place.

A document of ``FAST_FROM`` characters or more is parsed with toml++ (``pytomlpp``, C++, TOML
1.0 as ``tomllib``) when it is installed, several times faster on a large glossary; whatever
toml++ refuses is parsed again by ``tomllib``, the reference: its error is the one reported, and
what it reads and toml++ does not (an integer beyond 64 bits) is read as before. A test holds the
two to the same data on every document toml++ accepts."""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from functools import cache

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]')  # strings, comments, brackets
DEEP = 100  # nesting reported as the culprit; tomllib itself fails at about 1,000 levels
_LONG_NUMBER = re.compile(rf"[0-9_]{{{sys.get_int_max_str_digits() + 1},}}")


class TomlError(ValueError):
    """Text that is not TOML dipterm can read, at 1-based ``line`` and ``column``."""

    def __init__(self, message: str, line: int, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _deep_value(text: str) -> int:
    """Offset of the outermost bracket of the first value nested ``DEEP`` levels (0 if none)."""
    opened: list[int] = []
    for token in _TOKEN.finditer(text):
        if token.group() in ("[", "{"):
            opened.append(token.start())
            if len(opened) == DEEP:
                return opened[0]
        elif token.group() in ("]", "}") and opened:
            opened.pop()
    return 0


FAST_FROM = 8192  # characters from which toml++ pays for its import (10 ms: a look-up's start-up)


@cache
def fast_parser() -> Callable[[str], dict] | None:
    """toml++'s ``loads``, imported on first use; None when pytomlpp is not installed."""
    try:
        from pytomlpp import loads as fast
    except ImportError:
        return None
    return fast


PIECE = 1 << 20  # characters toml++ parses at once in ``record_pieces``: its tree stays small


def loads(text: str) -> dict:
    """The data of a TOML document; TomlError (syntax, nesting too deep, a number too long)."""
    fast = fast_parser() if len(text) >= FAST_FROM else None
    if fast is not None:
        try:
            return fast(text)
        except Exception:  # refused by toml++: tomllib tells why (or reads it)
            pass
    return _reference(text)


class Unsplit(Exception):
    """The pieces of ``record_pieces`` are not the document's: read it whole with ``loads``."""


def record_pieces(
    text: str, name: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int, dict]]:
    """``(start, end, data)`` of the pieces of a document made of ``[[name]]`` records: toml++
    parses it in pieces of about ``PIECE`` characters cut before a ``[[name]]`` line, so that
    neither its tree nor the pieces' data ever holds a large file at once (the caller uses each
    piece before the next is parsed). Pieces are the document's only beyond doubt: each piece's
    ``name`` an array of tables, every other top-level key in one piece, no ``name =`` anywhere;
    else (or when a piece is refused: a record cut inside a multi-line string) ``Unsplit`` is
    raised, however many pieces came before. A short document is one piece, read by ``loads``.
    ``start`` and ``end`` (a ``[[name]]`` line's start, the text's end) give the pieces of a part."""
    static = re.compile(rf"^[ \t]*[\"']?{re.escape(name)}[\"']?[ \t]*[=.]", re.M)  # ``name = [...]``
    fast = fast_parser()
    stop = len(text) if end is None else end
    if fast is None or len(text) <= PIECE or static.search(text):
        if start or stop < len(text):
            raise Unsplit
        yield 0, len(text), loads(text)
        return
    header = f"\n[[{name}]]\n"
    seen: set[str] = set()
    while start < stop:
        cut = text.find(header, start + PIECE, stop) if start + PIECE < stop else -1
        last = stop if cut < 0 else cut + 1
        try:
            data = fast(text[start:last])
        except Exception as exc:
            raise Unsplit from exc
        others = data.keys() - {name}
        if not isinstance(data.get(name, []), list) or seen & others:
            raise Unsplit
        seen |= others
        yield start, last, data
        start = last


def _reference(text: str) -> dict:
    """``loads`` through ``tomllib`` alone."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _AT.search(str(exc))
        last = text.count("\n") + (0 if text.endswith("\n") else 1)
        line, col = (int(found.group(1)), int(found.group(2))) if found else (max(last, 1), 1)
        raise TomlError(f"TOML syntax error: {_AT.sub('', str(exc)).strip()}", line, col) from None
    except RecursionError:
        line, col = _place(text, _deep_value(text))
        raise TomlError(
            f"arrays or tables nested too deeply to read (over {DEEP} levels here)", line, col
        ) from None
    except ValueError as exc:  # an integer over sys.get_int_max_str_digits() digits
        found = _LONG_NUMBER.search(text)
        line, col = _place(text, found.start()) if found else (1, 1)
        raise TomlError(f"value cannot be read: {exc}", line, col) from None
