"""Benchmark cold starts on a large glossary against translate-toolkit's po2tmx, in one run.

Generates a project with 100,000 synthetic multi-word EN/VI concepts (imported with ``dipterm
import csv``, as a user would bring them in), a draft of 1,000,000 English words with a glossary
term every 16 words, and a PO catalog of the same 100,000 pairs; then times, each in its own
process with its peak memory (max RSS): the import, a cold ``lint`` and a cold ``export tmx`` (the
caches removed first), the same warm, and po2tmx converting the PO. Prints seconds, peaks and the
ratios to po2tmx. Goals (issue 20): cold lint <= 0.5x po2tmx, cold export <= 0.5x, import <= 1.0x,
lint peak <= 200 MB. po2tmx runs first and last (the machine drifts); ratios are to its mean.

Run: ``.venv/bin/python tests/benchmarks/bench_cold.py [--concepts 100000] [--words 1000000]
[--keep DIR]`` (``--keep`` reuses or leaves the generated inputs in DIR).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIPTERM = ROOT / ".venv" / "bin" / "dipterm"
_RUN = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(seconds, peak, done.returncode)
sys.stderr.write(done.stderr.decode(errors="replace")[-2000:] if done.returncode > 1 else "")
"""
SYLLABLES = "quan hệ đối tác hợp tác chiến lược toàn diện phát triển bền vững an ninh quốc phòng kinh tế"
FILLER = "the minister said that both sides agreed to promote cooperation at the meeting in Hanoi"


def _english(rng: random.Random) -> list[str]:
    letters, vowels = "bcdfghlmnprstvw", "aeiou"
    return [
        "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        for _ in range(6000)
    ]


def generate(folder: Path, concepts: int, words: int, seed: int = 11) -> None:
    """The CSV to import, the PO of the same pairs, the draft and an empty project."""
    rng = random.Random(seed)
    syllables, filler = SYLLABLES.split(), FILLER.split()
    vocabulary = sorted(set(_english(rng)))
    pairs, seen = [], set()
    while len(pairs) < concepts:
        en = " ".join(rng.sample(vocabulary, rng.randint(2, 4)))
        vi = " ".join(rng.sample(syllables, rng.randint(2, 4))) + f" {len(pairs)}"
        if en not in seen:
            seen.add(en)
            pairs.append((en, vi))
    with (folder / "terms.csv").open("w", encoding="utf-8", newline="") as stream:
        table = csv.writer(stream, lineterminator="\r\n")
        table.writerow(["concept", "language", "term", "status", "subject", "note"])
        for n, (en, vi) in enumerate(pairs):
            note = f"Synthetic concept {n}."
            table.writerow([f"c{n:06d}", "en", en, "preferred", "synthetic", note])
            table.writerow([f"c{n:06d}", "vi", vi, "preferred", "synthetic", note])
    with (folder / "pairs.po").open("w", encoding="utf-8") as stream:
        stream.write(
            'msgid ""\nmsgstr ""\n"Language: vi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        )
        for n, (en, vi) in enumerate(pairs):
            stream.write(
                f'msgctxt "c{n:06d}"\nmsgid {json.dumps(en)}\nmsgstr {json.dumps(vi, ensure_ascii=False)}\n\n'
            )
    with (folder / "draft.txt").open("w", encoding="utf-8") as stream:
        written = 0
        while written < words:
            line = []
            for _ in range(8):
                line += rng.sample(filler, 12) + pairs[rng.randrange(len(pairs))][0].split()
            stream.write(" ".join(line) + ".\n")
            written += len(line)
    project = folder / "project"
    (project / "glossary").mkdir(parents=True)
    (project / "seeds").mkdir()


def run(*command: str | Path, cwd: Path) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB) and exit code of one command in its own process."""
    out = subprocess.run(
        [sys.executable, "-c", _RUN, *map(str, command)], cwd=cwd, capture_output=True, text=True, check=True
    )
    if out.stderr:
        print(out.stderr, file=sys.stderr)
    seconds, peak, code = out.stdout.split()
    return float(seconds), float(peak), int(code)


def clear_caches(project: Path) -> None:
    shutil.rmtree(project / ".dipterm-cache", ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dipterm-cold-"))
    try:
        if not (folder / "draft.txt").exists():
            folder.mkdir(parents=True, exist_ok=True)
            generate(folder, args.concepts, args.words)
        project = folder / "project"
        big = project / "glossary" / "big.toml"
        big.unlink(missing_ok=True)
        clear_caches(project)
        po2tmx = shutil.which("po2tmx") or str(Path(sys.executable).with_name("po2tmx"))
        peer_command = (po2tmx, "-l", "vi", folder / "pairs.po", folder / "tt.tmx")
        peers = [run(*peer_command, cwd=project)]  # once first and once last: the machine drifts
        rows = {}
        rows["import csv"] = run(
            DIPTERM, "import", "csv", folder / "terms.csv", "--into", big, "--yes", cwd=project
        )
        text = big.read_text("utf-8").replace(
            "proposed = true\n", ""
        )  # reviewed, as a curator would leave them
        big.write_text(text, "utf-8")
        draft, tmx = folder / "draft.txt", folder / "out.tmx"
        for state in ("cold", "warm"):
            if state == "cold":
                clear_caches(project)
            rows[f"{state} lint"] = run(DIPTERM, "lint", draft, "--output-format", "json", cwd=project)
            if state == "cold":
                clear_caches(project)
            rows[f"{state} export tmx"] = run(DIPTERM, "export", "tmx", "-o", tmx, cwd=project)
        peers.append(run(*peer_command, cwd=project))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    peer = sum(seconds for seconds, _, _ in peers) / len(peers)
    print(f"{args.concepts:,} concepts, a draft of {args.words:,} words; each row its own process")
    print(f"ratios to po2tmx's mean time ({peer:.2f} s) over its two runs, the first and the last")
    print(f"{'':18} {'seconds':>8} {'peak MB':>8} {'x po2tmx':>9}")
    for name, (seconds, peak, code) in rows.items():
        print(f"{name:18} {seconds:8.2f} {peak:8.0f} {seconds / peer:8.2f}x   exit {code}")
    for when, (seconds, peak, _) in zip(("first", "last"), peers, strict=True):
        print(f"{'po2tmx, ' + when:18} {seconds:8.2f} {peak:8.0f} {seconds / peer:8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
