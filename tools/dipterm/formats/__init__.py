"""The export/import formats: one registry built from the format modules. Never keep a second list."""

from __future__ import annotations

from dipterm.formats import csv, omegat, po, tbx, tbx2008, tmx
from dipterm.formats.base import ExportOptions, Format

FORMATS: dict[str, Format] = {f.name: f for module in (tmx, po, tbx, tbx2008, omegat, csv)
                              for f in module.FORMATS}
READABLE: dict[str, Format] = {name: f for name, f in FORMATS.items() if f.read is not None}

__all__ = ["FORMATS", "READABLE", "ExportOptions", "Format"]
