"""Speed and memory of `dipterm mine` on ~1M words, and the ratio to translate-toolkit's
poterminology on the same input (as a POT, one msgid per line: poterminology reads only PO).

The corpus is the seed articles' sentences, shuffled with a fixed seed into 100-line documents
until the word count is reached. Run by hand (2 cores: counting uses one process per core):

    .venv/bin/python tests/benchmarks/bench_mine.py [--words 1000000] [--no-poterminology]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

from dipterm.mining import mine_paths  # noqa: E402
from tests.benchmarks.po_input import write_pot  # noqa: E402


def build_corpus(folder: Path, words: int) -> tuple[list[Path], int]:
    """Shuffled seed sentences in 100-line documents, about ``words`` words in all."""
    text = " ".join(p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 3]
    rng = random.Random(20250101)
    files, total, doc = [], 0, 0
    while total < words:
        lines = []
        for _ in range(100):
            line = " ".join(rng.sample(sentences, 2))
            lines.append(line)
            total += len(line.split())
        path = folder / f"doc{doc:04d}.txt"
        path.write_text("\n".join(lines) + "\n", "utf-8")
        files.append(path)
        doc += 1
    return files, total


def peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--no-poterminology", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        files, words = build_corpus(folder, args.words)
        size = sum(p.stat().st_size for p in files)
        print(f"input: {words:,} words, {len(files)} files, {size / 2**20:.1f} MiB")
        start = time.perf_counter()
        result = mine_paths([folder], top=150)
        mine_s = time.perf_counter() - start
        print(
            f"dipterm mine: {mine_s:.2f} s, {words / mine_s:,.0f} words/s, "
            f"peak RSS {peak_mib():.0f} MiB (largest of this process and its workers), "
            f"{len(result.candidates)} candidates, top: {result.candidates[0].term!r}"
        )
        if args.no_poterminology:
            return
        pot = Path(tmp) / "corpus.pot"
        messages = write_pot(files, pot)
        start = time.perf_counter()
        subprocess.run(
            [
                str(Path(sys.executable).with_name("poterminology")),
                "-i",
                str(pot),
                "-o",
                str(Path(tmp) / "terms.pot"),
                "--progress",
                "none",
            ],
            check=True,
            capture_output=True,
        )
        po_s = time.perf_counter() - start
        print(
            f"poterminology: {po_s:.2f} s on the same text as {messages:,} POT messages, "
            f"{words / po_s:,.0f} words/s"
        )
        print(f"ratio: dipterm mine is {po_s / mine_s:.1f}x the speed of poterminology")


if __name__ == "__main__":
    main()
