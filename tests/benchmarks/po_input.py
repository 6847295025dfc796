"""Text files -> one gettext POT for poterminology, which only reads PO files: a message per
non-blank line (``#: path:line``; ``msgctxt path:line`` keeps repeated lines as distinct messages,
so poterminology sees every word dipterm does). Shared by the benchmark scripts."""

from __future__ import annotations

from pathlib import Path

import polib


def write_pot(files: list[Path], target: Path) -> int:
    """Write the POT; return the number of messages."""
    pot = polib.POFile(wrapwidth=0)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for path in files:
        for number, line in enumerate(path.read_text("utf-8-sig").splitlines(), 1):
            text = line.strip()
            if text:
                pot.append(
                    polib.POEntry(
                        msgid=text,
                        msgstr="",
                        msgctxt=f"{path}:{number}",
                        occurrences=[(str(path), str(number))],
                    )
                )
    pot.save(str(target))
    return len(pot)
