"""Plain text and Markdown drafts: one segment per paragraph (lines up to a blank line); and a
parallel pair of such files (``--source A --target B``) aligned line by line.

Language: ``--lang``, else a language infix in the name (``report.vi.md``, ``speech.en.txt``), else
the content (``dipterm.normalize.lang_of``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from dipterm.findings import DiptermError
from dipterm.formats._units import Draft, Lines, Segment, Tally, Unit, text_lines
from dipterm.formats.base import Format
from dipterm.normalize import LANG_WORDS, base_lang, lang_of

EXTENSIONS = (".txt", ".md", ".markdown", ".text")


def named_lang(path: str, lang: str | None) -> str | None:
    """The language the option or a language infix in the name (``.en``, ``.vi``, ``.de``) gives,
    else None."""
    if lang:
        return lang
    infix = Path(path).suffixes[-2:-1]
    code = infix[0].lstrip(".") if infix else ""
    return base_lang(code) if len(code) == 2 and code.isalpha() else None


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


def read(
    path: str,
    data: bytes | None = None,
    lang: str | None = None,
    *,
    lazy: bool = False,
    include_fuzzy: bool = False,
) -> Draft:
    """A monolingual draft of paragraphs (``data``: the file's bytes, else it is read from ``path``;
    ``lazy``: read as ``Draft.stream()`` goes; text has no fuzzy state). Telling the language from
    the content reads ahead only as far as ``lang_of`` looks."""
    lines = Lines(text_lines(path, data))
    numbered = iter(lines)
    head: list[tuple[int, str]] = []
    language = named_lang(path, lang)
    if language is None:
        words = 0
        for number, line in numbered:
            head.append((number, line))
            words += len(line[: LANG_WORDS * 30].split())
            if words >= LANG_WORDS:
                break
        language = lang_of("\n".join(line for _, line in head))
    draft = Draft(
        path, lines, segments=paragraphs(chain(head, numbered), language), tally=Tally(languages={language})
    )
    return draft if lazy else draft.loaded()


def read_pair(source: str, target: str) -> Draft:
    """Units of line n of ``source`` and line n of ``target``; reported against the target file."""
    source_lines = list(text_lines(source, None))
    target_lines = list(text_lines(target, None))
    if len(source_lines) != len(target_lines):
        raise DiptermError(
            f"{len(source_lines)} lines in {source} but {len(target_lines)} here; "
            "parallel files must align line by line",
            target,
            1,
        )
    source_lang = file_lang(source, "\n".join(source_lines), None)
    target_lang = named_lang(target, None) or lang_of("\n".join(target_lines), "")
    units = [
        Unit(Segment(s, source_lang, n), Segment(t, target_lang, n))
        for n, (s, t) in enumerate(zip(source_lines, target_lines, strict=True), start=1)
        if s.strip() and t.strip()
    ]
    return Draft(
        target, Lines(target_lines), units=units, tally=Tally(languages={source_lang, target_lang} - {""})
    )


FORMATS = (
    Format(
        "text",
        ".txt",
        "plain text or Markdown drafts, one segment per paragraph (read only)",
        units=read,
        extensions=EXTENSIONS,
        monolingual=True,
    ),
)
