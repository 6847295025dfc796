"""Settings from ``[tool.dipterm]`` in the nearest ``pyproject.toml``, and glossary discovery."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from dipterm.findings import DiptermError
from dipterm.normalize import TONE_STYLES, ToneStyle

QUOTE_STYLES = ("straight", "typographic")
_KEYS = {"tone-style", "quote-style", "select", "ignore", "glossary"}


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


def load_config(start: Path | None = None) -> Config:
    """Read ``[tool.dipterm]`` from the nearest pyproject.toml above ``start`` (default: cwd)."""
    path = _find_upwards(start or Path.cwd(), "pyproject.toml")
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("dipterm", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DiptermError(f"cannot read settings: {exc}", str(path)) from exc
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise DiptermError(
            f"unknown key(s) in [tool.dipterm]: {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}",
            str(path),
        )
    tone = data.get("tone-style", "old")
    quotes = data.get("quote-style", "straight")
    if tone not in TONE_STYLES or quotes not in QUOTE_STYLES:
        raise DiptermError(
            "tone-style must be 'old' (hòa) or 'new' (hoà); quote-style 'straight' or 'typographic'",
            str(path),
        )
    glossary = data.get("glossary")
    if glossary is not None:
        glossary = str((path.parent / glossary).resolve())
    return Config(
        tone_style=tone,
        quote_style=quotes,
        select=tuple(data.get("select", ())),
        ignore=tuple(data.get("ignore", ())),
        glossary=glossary,
        source=str(path),
    )


def find_glossary(explicit: str | None = None, config: Config | None = None) -> Path:
    """The glossary folder: explicit, else $DIPTERM_GLOSSARY, settings, or nearest ``glossary/``."""
    candidate = explicit or os.environ.get("DIPTERM_GLOSSARY") or (config and config.glossary)
    if candidate:
        path = Path(candidate)
    else:
        found = _find_upwards(Path.cwd(), "glossary")
        if found is None:
            raise DiptermError(
                "no glossary/ folder found above the working directory; "
                "pass --glossary DIR or set DIPTERM_GLOSSARY"
            )
        path = found
    if not path.is_dir():
        raise DiptermError(f"glossary folder {path} does not exist")
    return path
