"""Settings from ``[tool.dipterm]`` in the nearest ``pyproject.toml``, and glossary discovery."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from dipterm._toml import TomlError, loads
from dipterm.findings import DiptermError
from dipterm.normalize import TONE_STYLES, ToneStyle

QUOTE_STYLES = ("straight", "typographic")
_KEYS = {"tone-style", "quote-style", "select", "ignore", "glossary"}
_TABLE = re.compile(r"""\[\s*["']?tool["']?\s*\.\s*["']?dipterm["']?\s*\]""")


@dataclass(frozen=True)
class Config:
    """House style and rule selection."""

    tone_style: ToneStyle = "old"
    quote_style: str = "straight"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    glossary: str | None = None
    source: str | None = field(default=None, compare=False)


def _find_upwards(start: Path, name: str) -> Path | None:
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / name).exists():
            return folder / name
    return None


def _setting_line(text: str, key: str | None) -> int:
    """The line of ``key`` in the ``[tool.dipterm]`` table of ``text`` (of the table itself when
    ``key`` is None or not found there; 1 when neither is)."""
    header, in_table = 0, False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = _TABLE.match(stripped) is not None
            header = number if in_table else header
        elif in_table and key and re.match(rf"""["']?{re.escape(key)}["']?\s*=""", stripped):
            return number
    return header or 1


def _shown(value: object) -> str:
    """A short repr of a setting's value (an integer too long to print is named by its size)."""
    try:
        return f"{value!r:.60}"
    except ValueError:
        return f"a {len(hex(value)) - 2}-hex-digit integer" if isinstance(value, int) else "a huge value"


def _code_list(value: object) -> bool:
    return type(value) is list and all(type(code) is str for code in value)


def _check_types(data: dict, text: str, path: str) -> None:
    """DiptermError ``path:line: message`` at the first setting of the wrong type or value."""
    expected = {
        "tone-style": (lambda v: v in TONE_STYLES, "'old' (hòa) or 'new' (hoà)"),
        "quote-style": (lambda v: v in QUOTE_STYLES, "'straight' or 'typographic'"),
        "select": (_code_list, 'a list of code prefixes, e.g. ["T1", "G3"]'),
        "ignore": (_code_list, 'a list of code prefixes, e.g. ["T102"]'),
        "glossary": (lambda v: type(v) is str and "\0" not in v, 'a folder path, e.g. "glossary"'),
    }
    for key, (valid, wanted) in expected.items():
        if key in data and not valid(data[key]):
            raise DiptermError(
                f"[tool.dipterm] {key} = {_shown(data[key])}: must be {wanted}",
                path,
                _setting_line(text, key),
            )


def load_config(start: Path | None = None) -> Config:
    """Read ``[tool.dipterm]`` from the nearest pyproject.toml above ``start`` (default: cwd).

    Anything unreadable or of the wrong type is a DiptermError ``pyproject.toml:LINE: message``.
    """
    path = _find_upwards(start or Path.cwd(), "pyproject.toml")
    if path is None:
        return Config()
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        document = loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise DiptermError(f"cannot read settings: {exc}", shown, 1) from exc
    except TomlError as exc:
        raise DiptermError(f"cannot read settings: {exc.message}", shown, exc.line) from exc
    tool = document.get("tool", {})
    data = tool.get("dipterm", {}) if type(tool) is dict else None
    if type(data) is not dict:
        raise DiptermError("[tool.dipterm] must be a table of settings", shown, _setting_line(text, None))
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise DiptermError(
            f"unknown key(s) in [tool.dipterm]: {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}",
            shown,
            _setting_line(text, unknown[0]),
        )
    _check_types(data, text, shown)
    glossary = data.get("glossary")
    if glossary is not None:
        glossary = str((path.parent / glossary).resolve())
    return Config(
        tone_style=data.get("tone-style", "old"),
        quote_style=data.get("quote-style", "straight"),
        select=tuple(data.get("select", ())),
        ignore=tuple(data.get("ignore", ())),
        glossary=glossary,
        source=shown,
    )


def find_glossary(
    explicit: str | None = None, config: Config | None = None, start: Path | None = None
) -> Path:
    """The glossary folder: explicit, else $DIPTERM_GLOSSARY, settings, or the nearest ``glossary/``
    above ``start`` (default: the working directory)."""
    candidate = explicit or os.environ.get("DIPTERM_GLOSSARY") or (config and config.glossary)
    if candidate:
        path = Path(candidate)
    else:
        found = _find_upwards(start or Path.cwd(), "glossary")
        if found is None:
            raise DiptermError(
                "no glossary/ folder found above the working directory; "
                "pass --glossary DIR or set DIPTERM_GLOSSARY"
            )
        path = found
    if not path.is_dir():
        raise DiptermError(f"glossary folder {path} does not exist")
    return path
