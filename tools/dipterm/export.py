"""Export the glossary to a file in one format, or to every format into a folder."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from dipterm._chars import describe, invalid_fields
from dipterm._io import atomic_write
from dipterm.findings import DiptermError
from dipterm.formats import WRITABLE, ExportOptions, Format
from dipterm.formats.base import selected
from dipterm.model import Glossary


def _refuse_invalid(glossary: Glossary, options: ExportOptions) -> None:
    """DiptermError naming the concept and field of the first string an export may not hold (G305)."""
    for concept, name, text, where, at in invalid_fields(selected(glossary, options)):
        raise DiptermError(
            f"concept '{concept.id}': {name} holds {describe(text[at])}; nothing "
            "written (G305, see 'dipterm check')",
            where and where.path,
            where and where.line,
        )


def _format(glossary: Glossary, fmt: str, options: ExportOptions) -> Format:
    if fmt not in WRITABLE:
        raise DiptermError(f"unknown format {fmt!r}; known: {', '.join(WRITABLE)}")
    if next(selected(glossary, options), None) is None:
        wanted = f" with subject {', '.join(options.subjects)}" if options.subjects else ""
        raise DiptermError(
            f"no reviewed concept{wanted} to export (known subjects: "
            f"{', '.join(glossary.subjects()) or 'none'})"
        )
    _refuse_invalid(glossary, options)
    return WRITABLE[fmt]


def export_stream(
    glossary: Glossary, fmt: str, stream: BinaryIO, options: ExportOptions | None = None
) -> None:
    """Write ``glossary`` in format ``fmt`` to a binary stream (e.g. standard output)."""
    options = options or ExportOptions()
    _format(glossary, fmt, options).write(glossary, stream, options)


def export(glossary: Glossary, fmt: str, out_path: str | Path, options: ExportOptions | None = None) -> Path:
    """Write ``glossary`` in format ``fmt`` to ``out_path`` atomically; return the path. A site
    format (``html``) takes a folder and writes its page there, unless ``out_path`` names a file
    of its extension."""
    options = options or ExportOptions()
    writer = _format(glossary, fmt, options)
    out_path = Path(out_path)
    if writer.page and out_path.suffix.lower() not in (writer.extension, ".htm"):
        out_path = out_path / writer.page
    with atomic_write(out_path) as stream:
        writer.write(glossary, stream, options)
    return out_path


def export_all(glossary: Glossary, out_dir: str | Path, options: ExportOptions | None = None) -> list[Path]:
    """Write every format into ``out_dir`` under its fixed name (``dipterm.tmx``, ...)."""
    return [export(glossary, name, Path(out_dir) / f.filename, options) for name, f in WRITABLE.items()]
