"""Decode text files: UTF-8 (BOM tolerated), UTF-16 with BOM; anything else is refused with the
line of the first bad byte and, for Vietnamese, a guess at the legacy encoding (TCVN3, VNI)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from dipterm.findings import DiptermError

_NEWLINE = re.compile(r"\r\n|\r|\n")

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


def _utf16_error(exc: UnicodeDecodeError, before: str, path: str) -> DiptermError:
    line = len(split_lines(before + "."))
    return DiptermError(f"invalid UTF-16 ({exc.reason}); re-save the file as UTF-8", path, line)


def _utf8_error(exc: UnicodeDecodeError, data: bytes, before: str, path: str) -> DiptermError:
    """The error for the byte at ``exc.start`` of ``data``; ``before`` is all text decoded before it."""
    lines = split_lines(before + ".")
    column = len(lines[-1].encode("utf-8"))
    guess = _legacy_guess(data)
    hint = (
        f"the file looks like {guess}: convert it to UTF-8 (e.g. UniKey's converter, or "
        "iconv for Windows-1258) and try again"
        if guess
        else "fix the stray byte or re-save the file as UTF-8"
    )
    return DiptermError(
        f"byte 0x{data[exc.start]:02X} at column {column} is not UTF-8; {hint}", path, len(lines)
    )


def _codec(head: bytes) -> str:
    return "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"


def decode_text(data: bytes, path: str) -> str:
    """Text of ``data``; DiptermError naming the line and the encoding problem otherwise."""
    codec = _codec(data)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode(codec, errors="replace")
        if codec == "utf-16":
            raise _utf16_error(exc, before, path) from exc
        raise _utf8_error(exc, data, before, path) from exc


def split_lines(text: str) -> list[str]:
    """Lines without their ends, split at LF, CRLF and CR only: as editors, compilers and XML parsers
    number lines (``str.splitlines`` also splits at U+2028, U+0085 or a form feed and shifts every
    line after them)."""
    lines = _NEWLINE.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def stream_lines(
    stream: BinaryIO, path: str, codec: str | None = None, chunk: int = 1 << 20
) -> Iterator[str]:
    """The lines of a binary stream as ``split_lines`` gives them, decoded a chunk at a time (bounded
    memory) as ``decode_text`` decodes, or with ``codec`` when given; the same DiptermError at the
    first byte that does not decode."""
    data = stream.read(chunk)
    while len(data) < 3 and (more := stream.read(chunk)):  # enough to see a byte order mark
        data += more
    name = codecs.lookup(codec or _codec(data)).name
    if name == "utf-16":  # the BOM says which; what the error path decodes needs it too
        name = "utf-16-be" if data.startswith(codecs.BOM_UTF16_BE) else "utf-16-le"
        data = data[2:]
    decoder = codecs.getincrementaldecoder(name)()
    pending: list[str] = []  # the pieces of the unfinished last line, joined once it ends: linear time
    held, done = "", 0  # a CR at a chunk's end (it may start a CRLF); lines yielded
    while True:
        final = not data
        state = decoder.getstate()[0]
        try:
            text = held + decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            whole = state + data
            before = "\n" * done + "".join(pending) + held + whole[: exc.start].decode(name, errors="replace")
            if name.startswith("utf-16"):
                raise _utf16_error(exc, before, path) from exc
            if codec:
                raise DiptermError(
                    f"byte 0x{whole[exc.start]:02X} is not {codec} as the XML declaration says",
                    path,
                    len(split_lines(before + ".")),
                ) from exc
            raise _utf8_error(exc, whole + stream.read(chunk), before, path) from exc
        held = ""
        if text.endswith("\r") and not final:
            text, held = text[:-1], "\r"
        lines = _NEWLINE.split(text)
        if len(lines) > 1:
            lines[0] = "".join([*pending, lines[0]])
            pending.clear()
        pending.append(lines.pop())
        done += len(lines)
        yield from lines
        if final:
            if rest := "".join(pending):
                yield rest
            return
        data = stream.read(chunk)


def read_lines(path: str | Path) -> list[str]:
    """The lines of a text file (see ``read_text`` and ``split_lines``)."""
    return split_lines(read_text(path))


def read_text(path: str | Path) -> str:
    """Read and decode a text file (see ``decode_text``)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DiptermError(f"cannot read: {exc.strerror}", str(path)) from exc
    return decode_text(data, str(path))
