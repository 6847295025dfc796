"""Input for the miner: which files, their decoded lines, and Moses tokens per line."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sacremoses import MosesPunctNormalizer, MosesTokenizer

from dipterm._text import read_lines
from dipterm.findings import DiptermError

SUFFIXES = (".txt", ".md")
# Notes about a corpus, not part of it: skipped when walking a folder (still read if named).
CORPUS_NOTES = frozenset({"readme.md", "sources.md", "license.md", "changelog.md"})

_REGEX_SYNTAX = re.compile(r"\\[^\w]|[\\.^$*+?{}\[\]|()]")


def _literal(pattern: str) -> str | None:
    """The text a regular expression matches when it is a plain string (escapes undone), else None."""
    parts = _REGEX_SYNTAX.findall(pattern)
    if any(len(part) == 1 for part in parts):
        return None
    return re.sub(r"\\([^\w])", r"\1", pattern)


class _Normalizer(MosesPunctNormalizer):
    """The Moses punctuation normaliser with its substitutions compiled once and the plain-string
    ones (most of them) done by ``str.replace`` when their text occurs: same output, several times
    faster (sacremoses looks every pattern up in ``re``'s cache on every line)."""

    def __init__(self) -> None:
        super().__init__(lang="en")
        self._steps: list[tuple[str | re.Pattern[str], str, str]] = []
        for pattern, replacement in self.substitutions:
            literal = _literal(pattern)
            if literal is not None and "\\" not in replacement:
                self._steps.append((literal, replacement, literal))
            else:  # " +" -> " " changes nothing unless two spaces occur
                squeeze = pattern.endswith("+") and _literal(pattern[:-1]) == replacement
                self._steps.append((re.compile(pattern), replacement, 2 * replacement if squeeze else ""))

    def normalize(self, text: str) -> str:
        for step, replacement, needed in self._steps:
            if needed not in text:
                continue
            text = text.replace(step, replacement) if isinstance(step, str) else step.sub(replacement, text)
        return text.strip()


class _Tokenizer(MosesTokenizer):
    """The Moses tokenizer (English, no escaping) with each substitution run only when the
    characters it needs occur, and its character-class and prefix tests on sets built once
    (sacremoses rebuilds a set of thousands of characters per call and scans prefix lists).
    ``tokens`` gives the same tokens as ``tokenize(text, escape=False)``."""

    def __init__(self) -> None:
        super().__init__(lang="en")
        self._lower = frozenset(self.IsLower)
        self._alpha = frozenset(self.IsAlpha)
        self._prefixes = frozenset(self.NONBREAKING_PREFIXES)
        self._numeric_prefixes = frozenset(self.NUMERIC_ONLY_PREFIXES)

    def islower(self, text: str) -> bool:
        return self._lower.issuperset(text)

    def isanyalpha(self, text: str) -> bool:
        return not self._alpha.isdisjoint(text)

    def handles_nonbreaking_prefixes(self, text: str) -> str:
        tokens = text.split()
        last = len(tokens) - 1
        for i, token in enumerate(tokens):
            if len(token) < 2 or token[-1] != ".":
                continue
            prefix = token[:-1]
            if (
                ("." in prefix and self.isanyalpha(prefix))
                or (prefix in self._prefixes and prefix not in self._numeric_prefixes)
                or (i != last and tokens[i + 1] and self.islower(tokens[i + 1][0]))
            ):
                continue
            if (
                prefix in self._numeric_prefixes
                and i < last
                and tokens[i + 1][:1].isascii()
                and tokens[i + 1][:1].isdigit()
            ):
                continue
            tokens[i] = prefix + " ."
        return " ".join(tokens)

    def tokens(self, text: str) -> list[str]:
        """Moses tokens of ``text`` (sacremoses' ``tokenize`` steps for English, in order)."""
        text = self.DEDUPLICATE_SPACE[0].sub(" ", text)
        if not text.isprintable():
            text = self.ASCII_JUNK[0].sub("", text)
        text = text.strip()
        text = self.PAD_NOT_ISALNUM[0].sub(self.PAD_NOT_ISALNUM[1], text)
        dots = ".." in text
        if dots:
            text = self.replace_multidots(text)
        if "," in text:
            for regexp, substitution in (self.COMMA_SEPARATE_1, self.COMMA_SEPARATE_2, self.COMMA_SEPARATE_3):
                text = regexp.sub(substitution, text)
        if "'" in text:
            for regexp, substitution in self.ENGLISH_SPECIFIC_APOSTROPHE:
                text = regexp.sub(substitution, text)
        if "." in text:
            text = self.handles_nonbreaking_prefixes(text)
        if "'" in text:
            regexp, substitution = self.TRAILING_DOT_APOSTROPHE
            text = regexp.sub(substitution, " ".join(text.split()))
        if dots or "MULTI" in text:
            text = self.restore_multidots(text)
        return text.split()


_NORMALIZER = _Normalizer()
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
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in SUFFIXES
                    and p.name.lower() not in CORPUS_NOTES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif not path.exists():
            errors.append(DiptermError("no such file or folder", str(path)))
        elif path.suffix.lower() not in SUFFIXES:
            errors.append(
                DiptermError(f"not a .txt or .md file (the miner reads {', '.join(SUFFIXES)})", str(path))
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found)), errors


def read_documents(files: Iterable[Path]) -> Iterator[Document | DiptermError]:
    """Each file decoded (UTF-8, BOM and CRLF tolerated) as a Document, or the error naming it."""
    for path in files:
        try:
            yield Document(str(path), read_lines(path))
        except DiptermError as exc:
            yield exc


_CODE_HEAD = re.compile(r"\d+-[A-ZĐ]{1,4}")  # "22-NQ" of a Party document's number "22-NQ/TW"


def _joined_codes(tokens: list[str]) -> list[str]:
    """Document numbers and acronym groups the tokenizer splits, whole again: ``12-CT/TW``,
    ``ASEAN+3``."""
    joined: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 2 < len(tokens) and tokens[i + 1] in ("/", "+"):
            after = tokens[i + 2]
            code = tokens[i + 1] == "/" and _CODE_HEAD.fullmatch(token) and after.isupper()
            group = tokens[i + 1] == "+" and token.isupper() and len(token) > 1 and after.isdigit()
            if code or group:
                joined.append(token + tokens[i + 1] + after)
                i += 3
                continue
        joined.append(token)
        i += 1
    return joined


def tokenize_line(line: str) -> list[str]:
    """Moses tokens of one line, punctuation normalised (’ -> ', “ -> "), possessives kept on
    their word: ``people’s diplomacy`` -> ``["people's", "diplomacy"]``."""
    tokens = _TOKENIZER.tokens(_NORMALIZER.normalize(line))
    if "/" in tokens or "+" in tokens:
        tokens = _joined_codes(tokens)
    if "'s" not in tokens and "'" not in tokens:
        return tokens
    merged: list[str] = []
    for token in tokens:
        if (
            merged
            and (token == "'s" or (token == "'" and merged[-1].endswith("s")))
            and merged[-1][-1:].isalnum()
        ):
            merged[-1] += token
        elif token == "s" and merged[-1:] == ["'"] and len(merged) > 1 and merged[-2].endswith("."):
            merged[-2:] = [merged[-2] + "'s"]  # after an abbreviation: "N.A.’s" -> "N.A.'s"
        else:
            merged.append(token)
    return merged
