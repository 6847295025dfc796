"""Benchmark one very long line: a 50 MB one-line English draft read by ``stream_lines`` alone and
linted by ``dipterm lint`` against the shipped glossary. Each run is a separate process, so its
peak memory (max RSS, from ``wait4``) and wall time are its own.

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
