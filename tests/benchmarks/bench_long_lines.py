"""Benchmark one very long line: a 50 MB one-line English draft read by ``stream_lines`` alone and
linted by ``dipterm lint`` against the shipped glossary; then the same line as both sides of a
two-column pair, as one PO msgid/msgstr, in a CSV term table imported with ``dipterm import``, and
as the note of a curated TOML record checked by ``dipterm check``. Each run is a separate process,
so its peak memory (max RSS, from ``wait4``) and wall time are its own. The goal (issue 13): each
in <= 400 MB and <= 60 s.

Run: .venv/bin/python tests/benchmarks/bench_long_lines.py [--mb 50]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORDS = (
    "the minister said that both sides agreed to deepen the Comprehensive Strategic Partnership "
    "and to promote cooperation in trade investment security and culture at the meeting in Hanoi "
)
READ = """
import sys
from dipterm._text import stream_lines
with open(sys.argv[1], "rb") as stream:
    print(f"{sum(len(line) for line in stream_lines(stream, sys.argv[1])):,} characters")
"""


def write_line(path: Path, megabytes: int) -> None:
    """One line of ``megabytes`` MB of English words, no line end."""
    block = WORDS * (1_000_000 // len(WORDS) + 1)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(megabytes):
            out.write(block[:1_000_000])


def measure(command: list[str]) -> str:
    """Run ``command``; its wall time, peak RSS and exit code."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode(errors="replace").strip().splitlines() if child.stderr else []
    tail = f"  {error[-1][:120]}" if child.returncode > 1 and error else ""
    return f"{elapsed:7.1f} s  peak {usage.ru_maxrss / 1024:6.0f} MB  exit {child.returncode}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the one-line draft (default 50)")
    args = parser.parse_args()
    dipterm = [sys.executable, "-m", "dipterm", "--glossary", str(ROOT / "glossary")]
    print(
        f"baseline (glossary loaded, README linted): {measure([*dipterm, 'lint', str(ROOT / 'README.md')])}"
    )
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "long.en.txt"
        write_line(draft, args.mb)
        print(f"{draft.stat().st_size / 1e6:.0f} MB on one line")
        print(f"stream_lines: {measure([sys.executable, '-c', READ, str(draft)])}")
        print(f"dipterm lint: {measure([*dipterm, 'lint', str(draft)])}")
        half = draft.read_text("utf-8")[: args.mb * 500_000]
        pairs = Path(folder) / "long.tsv"
        pairs.write_text(f"{half}\t{half}\n", "utf-8")
        print(f"lint pairs:   {measure([*dipterm, 'lint', str(pairs)])}")
        po = Path(folder) / "long.po"
        po.write_text(f'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgid "{half}"\nmsgstr "{half}"\n', "utf-8")
        print(f"lint po:      {measure([*dipterm, 'lint', str(po)])}")
        table = Path(folder) / "long.csv"
        table.write_text(
            f"concept,language,term,status,subject,note\r\nx,en,x,preferred,,{half}\r\n"
            "x,vi,Việt,preferred,,\r\n",
            "utf-8",
        )
        into = Path(folder) / "glossary" / "in.toml"
        imported = measure([*dipterm, "import", "csv", str(table), "--into", str(into), "--yes"])
        print(f"import csv:   {imported}")
        curated = Path(folder) / "curated" / "glossary"
        curated.mkdir(parents=True)
        (curated / "long.toml").write_text(
            f'[[concept]]\nid = "x"\nnote = "{half}"\nen = [{{ term = "x", status = "preferred" }}]\n'
            'vi = [{ term = "Việt", status = "preferred" }]\n',
            "utf-8",
        )
        print(f"check toml:   {measure([*dipterm, 'check', str(curated)])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
