"""Input for the miner: which files, their decoded lines, and Moses tokens per line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sacremoses import MosesPunctNormalizer, MosesTokenizer

from dipterm._text import read_text
from dipterm.findings import DiptermError

SUFFIXES = (".txt", ".md")
# Notes about a corpus, not part of it: skipped when walking a folder (still read if named).
CORPUS_NOTES = frozenset({"readme.md", "sources.md", "license.md", "changelog.md"})

class _Tokenizer(MosesTokenizer):
    """The Moses tokenizer with its character-class tests on sets built once (sacremoses rebuilds
    a set of thousands of characters on every call, most of the tokenizer's time on long lines)."""

    def __init__(self) -> None:
        super().__init__(lang="en")
        self._lower = frozenset(self.IsLower)
        self._alpha = frozenset(self.IsAlpha)

    def islower(self, text: str) -> bool:
        return self._lower.issuperset(text)

    def isanyalpha(self, text: str) -> bool:
        return not self._alpha.isdisjoint(text)


_NORMALIZER = MosesPunctNormalizer(lang="en")
_TOKENIZER = _Tokenizer()


@dataclass(frozen=True)
class Document:
    """One input file: its display path and its decoded lines."""

    path: str
    lines: list[str]


def find_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[DiptermError]]:
    """The ``.txt``/``.md`` files named or found (sorted) under ``paths``, and errors for the rest."""
    found: list[Path] = []
    errors: list[DiptermError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                                and p.name.lower() not in CORPUS_NOTES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif not path.exists():
            errors.append(DiptermError("no such file or folder", str(path)))
        elif path.suffix.lower() not in SUFFIXES:
            errors.append(DiptermError(f"not a .txt or .md file (the miner reads {', '.join(SUFFIXES)})",
                                       str(path)))
        else:
            found.append(path)
    return list(dict.fromkeys(found)), errors


def read_documents(files: Iterable[Path]) -> Iterator[Document | DiptermError]:
    """Each file decoded (UTF-8, BOM and CRLF tolerated) as a Document, or the error naming it."""
    for path in files:
        try:
            yield Document(str(path), read_text(path).splitlines())
        except DiptermError as exc:
            yield exc


def tokenize_line(line: str) -> list[str]:
    """Moses tokens of one line, punctuation normalised (’ -> ', “ -> "), possessives kept on
    their word: ``people’s diplomacy`` -> ``["people's", "diplomacy"]``."""
    tokens = _TOKENIZER.tokenize(_NORMALIZER.normalize(line), escape=False)
    if "'s" not in tokens and "'" not in tokens:
        return tokens
    merged: list[str] = []
    for token in tokens:
        if merged and (token == "'s" or (token == "'" and merged[-1].endswith("s"))) \
                and merged[-1][-1:].isalnum():
            merged[-1] += token
        else:
            merged.append(token)
    return merged
