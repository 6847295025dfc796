"""Decode text files: UTF-8 (BOM tolerated), UTF-16 with BOM; anything else is refused with the
line of the first bad byte and, for Vietnamese, a guess at the legacy encoding (TCVN3, VNI)."""

from __future__ import annotations

import codecs
from pathlib import Path

from dipterm.findings import DiptermError

# VNI-Windows writes a Vietnamese letter as an ASCII vowel followed by one or two mark bytes
# (Vieät = Việt); TCVN3 (ABC) writes precomposed letters as single bytes among consonants.


def _legacy_guess(data: bytes) -> str | None:
    """Name the likely legacy Vietnamese encoding of undecodable ``data``, or None."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if len(high) < 3:
        return None
    vowels = b"aeiouyAEIOUY"
    after_vowel = sum(1 for i in high if i and (data[i - 1] in vowels or data[i - 1] >= 0x80))
    if after_vowel / len(high) >= 0.5:
        return "VNI-Windows"
    return "TCVN3 (ABC) or another 8-bit Vietnamese encoding"


def decode_text(data: bytes, path: str) -> str:
    """Text of ``data``; DiptermError naming the line and the encoding problem otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].decode("utf-16", errors="replace").count("\n") + 1
            raise DiptermError(f"invalid UTF-16 ({exc.reason}); re-save the file as UTF-8", path,
                               line) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        guess = _legacy_guess(data)
        hint = (f"the file looks like {guess}: convert it to UTF-8 (e.g. UniKey's converter, or "
                "iconv for Windows-1258) and try again"
                if guess else "fix the stray byte or re-save the file as UTF-8")
        raise DiptermError(
            f"byte 0x{data[exc.start]:02X} at column {column} "
            f"is not UTF-8; {hint}", path, line,
        ) from exc


def read_text(path: str | Path) -> str:
    """Read and decode a text file (see ``decode_text``)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DiptermError(f"cannot read: {exc.strerror}", str(path)) from exc
    return decode_text(data, str(path))
