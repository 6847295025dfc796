"""The glossary a language server works with: found from the workspace root as the CLI finds it
from the working directory, loaded through the same cache, and reloaded when a curated file or the
settings change on disk (a stat of each file before every use, as cheap as the cache's own check).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from dipterm.config import Config, find_glossary, load_config
from dipterm.findings import DiptermError
from dipterm.glossary import glossary_files, load_glossary
from dipterm.lint import Terms
from dipterm.matcher import Matcher
from dipterm.model import Concept, Glossary


def _stamp(paths: list[Path]) -> tuple:
    """What tells a changed file set: each file's path, size and modification time."""
    found = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)


@dataclass
class Loaded:
    """One load of the glossary: the lint engine's terms, a matcher over every concept (proposed ones
    too, for hover) and the concepts by id; ``error`` when the last load failed (the terms are then
    the last good ones, or none)."""

    glossary: Glossary | None = None
    terms: Terms | None = None
    every: Matcher | None = None
    concepts: dict[str, Concept] = field(default_factory=dict)
    error: DiptermError | None = None


class Session:
    """The workspace's settings and glossary, fresh at every ``current()``."""

    def __init__(self, root: Path | None, glossary: str | None = None) -> None:
        self.root, self.option = root, glossary
        self.config = Config()
        self.folder: Path | None = None
        self.loaded = Loaded()
        self._stamp: tuple | None = None

    def _watched(self) -> list[Path]:
        settings = [Path(self.config.source)] if self.config.source else []
        if self.root is not None:
            settings.append(self.root / "pyproject.toml")
        try:
            curated = glossary_files(self.folder) if self.folder else []
        except DiptermError:
            curated = []
        return [*settings, *curated]

    def current(self) -> Loaded:
        """The glossary as it is on disk now (reloaded only when a watched file changed)."""
        stamp = _stamp(self._watched())
        if stamp == self._stamp and self.folder is not None:
            return self.loaded
        self._reload()
        self._stamp = _stamp(self._watched())
        return self.loaded

    def _reload(self) -> None:
        start = self.root or Path.cwd()
        try:
            self.config = load_config(start)
            self.folder = find_glossary(self.option, self.config, start).resolve()
            glossary = load_glossary(self.folder)
        except DiptermError as exc:
            self.loaded = replace(self.loaded, error=exc)
            return
        self.loaded = Loaded(
            glossary,
            Terms(glossary),
            Matcher((c.id, t) for c in glossary for t in c.terms),
            {c.id: c for c in glossary},
        )
