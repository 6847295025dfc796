"""Plain text and Markdown drafts: one segment per paragraph (lines up to a blank line).

Language: ``--lang``, else a ``.en``/``.vi`` infix in the name (``report.vi.md``), else the content
(the share of words with Vietnamese letters or tone marks).
"""

from __future__ import annotations

from pathlib import Path

from dipterm.readers._model import Draft, Lines, Segment, checked_lines, file_lines, lang_of, normalise_lang

EXTENSIONS = (".txt", ".md", ".markdown", ".text")


def file_lang(path: str, content: str, lang: str | None) -> str:
    """The language of a monolingual file: option, name infix, then content."""
    if lang:
        return lang
    infix = Path(path).suffixes[-2:-1]
    named = normalise_lang(infix[0].lstrip(".") if infix else None, "")
    return named or lang_of(content)


def paragraphs(lines: list[str], lang: str) -> list[Segment]:
    """Segments of consecutive non-blank lines, each starting at its first line."""
    segments: list[Segment] = []
    start, block = 0, []
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            segments.append(Segment("\n".join(block), lang, start))
            block = []
    return segments


def read(path: str, data: bytes | None = None, lang: str | None = None, *, lazy: bool = False) -> Draft:
    """A monolingual draft of paragraphs, always read at once (``data``: the file's bytes, else it is
    read from ``path``; ``lazy`` is for the other formats)."""
    lines = list(checked_lines(file_lines(path, data), path))
    return Draft(path, Lines(lines), segments=paragraphs(lines, file_lang(path, "\n".join(lines), lang)))
