"""TOML text to data, with every way ``tomllib`` can fail turned into one error with its place."""

from __future__ import annotations

import re
import sys
import tomllib

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


def loads(text: str) -> dict:
    """The data of a TOML document; TomlError (syntax, nesting too deep, a number too long)."""
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
