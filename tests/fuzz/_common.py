"""What the harnesses share: a scratch folder, the project's error contract, seed inputs."""

from __future__ import annotations

import tempfile
from pathlib import Path

from dipterm.findings import DiptermError

SCRATCH = Path(tempfile.mkdtemp(prefix="dipterm-fuzz-"))
ROOT = Path(__file__).resolve().parents[2]


def scratch_file(name: str, data: bytes) -> Path:
    """``data`` written to ``name`` in the scratch folder (rewritten on every input)."""
    path = SCRATCH / name
    path.write_bytes(data)
    return path


def expect_documented(error: DiptermError, path: str | Path) -> None:
    """A DiptermError is the documented outcome only when it names the file and a line."""
    if error.path != str(path) or not error.line or error.line < 1:
        raise AssertionError(
            f"DiptermError without its place: path={error.path!r} line={error.line!r}: {error.message}"
        )
    if error.message.startswith("refused: the records to append"):
        raise AssertionError(f"the importer built a record that does not read back: {error.message}")


def drafts(*suffixes: str) -> list[bytes]:
    """The test drafts with these suffixes, as seed inputs."""
    folder = ROOT / "tests" / "data" / "drafts"
    return [p.read_bytes() for p in sorted(folder.iterdir()) if p.name.endswith(suffixes)]
