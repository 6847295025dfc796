"""Benchmark the TMX export: 100k generated concepts, against translate-toolkit's po2tmx.

The bar (issue 5): <= 3 s for 100k concepts, with flat memory (the writer streams one TU at a
time, so its peak allocation must not grow with the glossary). Prints the export time, the export's
own peak Python allocation (tracemalloc, a separate run) at 10k and at the full size, the
process's max RSS before and after the export (tracemalloc does not see libxml2's own buffers),
and the time of translate-toolkit's po2tmx on the same pairs (a PO written by dipterm), both
in-process (translate.convert.po2tmx) and as the `po2tmx` command.

Run: .venv/bin/python tests/benchmarks/bench_export.py [--concepts 100000]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from dipterm.export import export
from dipterm.model import Concept, Glossary, Status, Term


def generated(count: int) -> Glossary:
    """``count`` concepts; every third one has an admitted English and a deprecated Vietnamese term."""
    concepts = []
    for i in range(count):
        terms = [Term(f"bilateral partnership {i}", "en"), Term(f"quan hệ đối tác song phương {i}", "vi")]
        if i % 3 == 0:
            terms += [
                Term(f"bilateral partnership no. {i}", "en", Status.ADMITTED),
                Term(f"đối tác hai bên {i}", "vi", Status.DEPRECATED),
            ]
        concepts.append(
            Concept(
                f"concept-{i:06d}",
                tuple(terms),
                subject="partnership-framework",
                note=f"Generated concept number {i} for the export benchmark.",
            )
        )
    return Glossary(concepts)


def timed_export(glossary: Glossary, fmt: str, path: Path) -> float:
    start = time.perf_counter()
    export(glossary, fmt, path)
    return time.perf_counter() - start


def peak_bytes(glossary: Glossary, path: Path) -> int:
    tracemalloc.start()
    export(glossary, "tmx", path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def po2tmx_in_process(po: Path, out: Path) -> float:
    from translate.convert import po2tmx

    start = time.perf_counter()
    target = po2tmx.tmxmultifile(str(out), "w")
    with po.open("rb") as source:
        po2tmx.convertpo(source, target.openoutputfile(po.name), None, "en", "vi")
    with out.open("wb") as stream:
        target.tmxfile.serialize(stream)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=100_000)
    args = parser.parse_args()
    glossary, small = generated(args.concepts), generated(args.concepts // 10)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        seconds = min(timed_export(glossary, "tmx", folder / "dipterm.tmx") for _ in range(3))
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        size = (folder / "dipterm.tmx").stat().st_size
        peak_small = peak_bytes(small, folder / "small.tmx")
        peak_full = peak_bytes(glossary, folder / "full.tmx")
        export(glossary, "po", folder / "pairs.po")
        tt_seconds = po2tmx_in_process(folder / "pairs.po", folder / "tt.tmx")
        command = shutil.which("po2tmx") or str(Path(sys.executable).with_name("po2tmx"))
        start = time.perf_counter()
        subprocess.run(
            [command, "-l", "vi", str(folder / "pairs.po"), str(folder / "tt-cli.tmx")],
            check=True,
            capture_output=True,
        )
        tt_cli_seconds = time.perf_counter() - start
    print(f"concepts:                 {args.concepts:,} ({size / 1e6:.1f} MB of TMX)")
    print(f"dipterm export tmx:       {seconds:.2f} s (best of 3; bar <= 3 s)")
    print(
        f"peak Python allocation:   {peak_small / 1e6:.2f} MB at {args.concepts // 10:,} concepts, "
        f"{peak_full / 1e6:.2f} MB at {args.concepts:,} (tracemalloc, export only)"
    )
    print(
        f"max RSS:                  {rss_before / 1024:.0f} MB with the glossary built, "
        f"{rss_after / 1024:.0f} MB after exporting it (libxml2's buffers included; bar: flat)"
    )
    print(
        f"translate-toolkit po2tmx: {tt_seconds:.2f} s in-process, {tt_cli_seconds:.2f} s as command "
        f"-> dipterm is {tt_seconds / seconds:.1f}x faster"
    )
    flat = peak_full < 2 * peak_small + 1e6 and rss_after - rss_before < 50 * 1024
    return 0 if seconds <= 3 and flat else 1


if __name__ == "__main__":
    sys.exit(main())
