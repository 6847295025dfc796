"""Plain text and Markdown drafts: one segment per paragraph (lines up to a blank line).

Language: ``--lang``, else a ``.en``/``.vi`` infix in the name (``report.vi.md``), else the content
(the share of words with Vietnamese letters or tone marks).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from dipterm.readers._model import (
    LANG_WORDS,
    Draft,
    Lines,
    Segment,
    lang_of,
    normalise_lang,
    text_lines,
)

EXTENSIONS = (".txt", ".md", ".markdown", ".text")


def named_lang(path: str, lang: str | None) -> str | None:
    """The language the option or a ``.en``/``.vi`` infix in the name gives, else None."""
    if lang:
        return lang
    infix = Path(path).suffixes[-2:-1]
    return normalise_lang(infix[0].lstrip(".") if infix else None, "") or None


def file_lang(path: str, content: str, lang: str | None) -> str:
    """The language of a monolingual file: option, name infix, then content."""
    return named_lang(path, lang) or lang_of(content)


def paragraphs(lines: Iterable[tuple[int, str]], lang: str) -> Iterator[Segment]:
    """Segments of consecutive non-blank numbered lines, each starting at its first line."""
    start, block = 0, []
    for number, line in lines:
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield Segment("\n".join(block), lang, start)
            block = []
    if block:
        yield Segment("\n".join(block), lang, start)


def read(path: str, data: bytes | None = None, lang: str | None = None, *, lazy: bool = False) -> Draft:
    """A monolingual draft of paragraphs (``data``: the file's bytes, else it is read from ``path``;
    ``lazy``: read as ``Draft.stream()`` goes). Telling the language from the content reads ahead
    only as far as ``lang_of`` looks."""
    lines = Lines(text_lines(path, data))
    numbered = iter(lines)
    head: list[tuple[int, str]] = []
    language = named_lang(path, lang)
    if language is None:
        words = 0
        for number, line in numbered:
            head.append((number, line))
            words += len(line.split())
            if words >= LANG_WORDS:
                break
        language = lang_of("\n".join(line for _, line in head))
    draft = Draft(path, lines, segments=paragraphs(chain(head, numbered), language))
    return draft if lazy else draft.loaded()
