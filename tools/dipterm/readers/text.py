"""Plain text and Markdown drafts: one segment per paragraph (lines up to a blank line).

Language: ``--lang``, else a ``.en``/``.vi`` infix in the name (``report.vi.md``), else the content
(the share of words with Vietnamese letters or tone marks).
"""

from __future__ import annotations

from pathlib import Path

from dipterm._text import decode_text
from dipterm.readers._model import Draft, Segment, lang_of, normalise_lang, text_content

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


def read(path: str, data: bytes, lang: str | None = None, *, lazy: bool = False) -> Draft:
    """A monolingual draft of paragraphs, always read at once (``lazy`` is for the other formats)."""
    content = text_content(decode_text(data, path), path)
    lines = content.splitlines()
    return Draft(path, lines, segments=paragraphs(lines, file_lang(path, content, lang)))
