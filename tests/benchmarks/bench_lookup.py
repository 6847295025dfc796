"""Benchmark ``dipterm lookup`` on a generated 20k-concept glossary; prints figures.

Run by hand: ``.venv/bin/python tests/benchmarks/bench_lookup.py [--concepts 20000] [--runs 15]``.
Target (issue 7): a cold CLI look-up (a new process: Python start-up, imports, freshness check,
SQLite queries, output) within 150 ms. The timed processes use a bytecode cache (PYTHONPYCACHEPREFIX
in the temporary folder, filled by one untimed run) as an installed package has one; a line below
the table times one query in the inherited environment too (where PYTHONDONTWRITEBYTECODE is set and
no cache exists, every dipterm module is compiled from source in every process).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dipterm.index import build_index, cache_file, open_index
from dipterm.lookup import lookup

ROOT = Path(__file__).resolve().parents[2]
DIPTERM = ROOT / ".venv" / "bin" / "dipterm"
ONSETS = [
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "h",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "nh",
    "ph",
    "qu",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
]
RIMES = [
    "a",
    "á",
    "à",
    "ạ",
    "an",
    "ăn",
    "âm",
    "ơi",
    "ên",
    "ình",
    "iến",
    "ước",
    "ương",
    "ộng",
    "ức",
    "oàn",
    "ại",
    "ài",
    "ông",
    "ổi",
    "ới",
    "ác",
    "ược",
    "iệt",
    "uyên",
    "òa",
    "ủy",
]
SUBJECTS = [
    "party-state",
    "partnership-framework",
    "diplomacy",
    "economy",
    "security",
    "culture",
    "law",
    "title",
    "event",
    "multilateral",
]


def _words(rng: random.Random, count: int) -> list[str]:
    """Distinct pseudo-English words."""
    letters = "bcdfghlmnprstvw"
    vowels = "aeiou"
    out: set[str] = set()
    while len(out) < count:
        out.add("".join(rng.choice(letters) + rng.choice(vowels) for _ in range(rng.randint(2, 4))))
    return sorted(out)


def generate(folder: Path, concepts: int, seed: int = 7) -> list[tuple[str, str]]:
    """Write ``concepts`` concepts in 40 files plus a seed file; return (en, vi) preferred pairs."""
    rng = random.Random(seed)
    words = _words(rng, 3000)
    glossary, seeds = folder / "glossary", folder / "seeds"
    glossary.mkdir(parents=True)
    seeds.mkdir()
    pairs, seen, lines = [], set(), []
    while len(pairs) < concepts:
        en = " ".join(rng.sample(words, rng.randint(2, 4)))
        vi = " ".join(rng.choice(ONSETS) + rng.choice(RIMES) for _ in range(rng.randint(2, 5)))
        if en in seen or vi in seen:
            continue
        seen |= {en, vi}
        pairs.append((en, vi))
        lines.append(f"The delegation discussed the {en} at length. It was a good day.")
    (seeds / "corpus.txt").write_text("\n".join(lines) + "\n", "utf-8")
    per_file = -(-concepts // 40)
    for f in range(40):
        records = []
        for n in range(f * per_file, min(concepts, (f + 1) * per_file)):
            en, vi = pairs[n]
            records.append(
                f'[[concept]]\nid = "c{n:05d}"\nsubject = "{SUBJECTS[n % len(SUBJECTS)]}"\n'
                f'note = "Generated concept number {n}."\nsources = ["seeds/corpus.txt:{n + 1}"]\n'
                f'en = [\n  {{ term = "{en}", status = "preferred", pos = "noun" }},\n'
                f'  {{ term = "{en.title()}", status = "admitted" }},\n]\n'
                f'vi = [\n  {{ term = "{vi}", status = "preferred", pos = "noun" }},\n'
                f'  {{ term = "quan hệ {vi}", status = "deprecated" }},\n]\n'
            )
        (glossary / f"part-{f:02d}.toml").write_text("\n".join(records), "utf-8")
    return pairs


def _typo(text: str) -> str:
    i = len(text) // 2
    return text[:i] + text[i + 1 :]


def queries(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """One query per kind of hit, plus a miss."""
    en, vi = pairs[1234]
    from dipterm.normalize import fold_diacritics

    return {
        "exact en": en,
        "exact vi": vi,
        "folded vi": fold_diacritics(vi),
        "substring": en.split()[0][:5],
        "fuzzy": _typo(en),
        "sentence": f"We discussed the {en} today.",
        "no hit": "zzqxv",
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        pairs = generate(folder, args.concepts)
        print(f"generated {args.concepts} concepts in {time.perf_counter() - t:.1f} s")
        glossary = folder / "glossary"
        an_hour_ago = time.time() - 3600  # files saved long before the build: no hashing on look-up
        for path in [*glossary.iterdir(), *(folder / "seeds").iterdir()]:
            os.utime(path, (an_hour_ago, an_hour_ago))
        t = time.perf_counter()
        build_index(glossary, cache_file(glossary))
        size = cache_file(glossary).stat().st_size / 1e6
        print(f"index build: {time.perf_counter() - t:.2f} s, {size:.1f} MB at {cache_file(glossary)}")

        cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        _run([str(DIPTERM), "--glossary", str(glossary), "lookup", "warm"], env=cached)  # fills the cache
        base = [_run([sys.executable, "-c", "pass"], env=cached) for _ in range(args.runs)]
        print(f"python -c pass: median {statistics.median(base) * 1000:.0f} ms")
        print(f"\ncold CLI ({args.runs} runs each)             wall median  p95   cpu median  hits")
        every: list[float] = []
        every_cpu: list[float] = []
        for kind, query in queries(pairs).items():
            times: list[float] = []
            cpu: list[float] = []
            for _ in range(args.runs):
                times.append(_run([str(DIPTERM), "--glossary", str(glossary), "lookup", query], cpu, cached))
            every += times
            every_cpu += cpu
            hits = len(lookup(open_index(glossary), query))
            median, p95, cpu_median = (
                statistics.median(times) * 1000,
                percentile(times, 0.95) * 1000,
                statistics.median(cpu) * 1000,
            )
            print(
                f"  {kind:<12} {query[:20]!r:<24} {median:5.0f} ms {p95:5.0f} ms  {cpu_median:5.0f} ms"
                f"  {hits:3d}"
            )
        median, p95, cpu_median = (
            statistics.median(every) * 1000,
            percentile(every, 0.95) * 1000,
            statistics.median(every_cpu) * 1000,
        )
        print(
            f"  all: wall median {median:.0f} ms, p95 {p95:.0f} ms; cpu median {cpu_median:.0f} ms "
            "(target <= 150 ms)"
        )
        query = queries(pairs)["exact en"]
        bare = [_run([str(DIPTERM), "--glossary", str(glossary), "lookup", query]) for _ in range(args.runs)]
        print(
            f"  exact en in the inherited environment (PYTHONDONTWRITEBYTECODE="
            f"{os.environ.get('PYTHONDONTWRITEBYTECODE', 'unset')}): wall median "
            f"{statistics.median(bare) * 1000:.0f} ms"
        )

        index = open_index(glossary)
        print("\nin-process lookup (index open)  median    p95")
        for kind, query in queries(pairs).items():
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                lookup(index, query)
                times.append(time.perf_counter() - t)
            median, p95 = statistics.median(times) * 1000, percentile(times, 0.95) * 1000
            print(f"  {kind:<12} {median:8.1f} ms {p95:6.1f} ms")
        t = time.perf_counter()
        for _ in range(args.runs):
            open_index(glossary)
        print(f"  open + freshness check: {(time.perf_counter() - t) / args.runs * 1000:.1f} ms")


def _run(command: list[str], cpu: list[float] | None = None, env: dict[str, str] | None = None) -> float:
    """Wall time of one run; its user+system CPU time is appended to ``cpu``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


if __name__ == "__main__":
    main()
