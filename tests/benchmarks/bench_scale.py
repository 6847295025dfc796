"""Benchmark the readers at scale: a generated 50 MB TMX and a 200k-entry PO catalog, each linted
against the shipped glossary and imported into an empty curated file. Each run is a separate
process, so its peak memory (max RSS) is its own.

Run: .venv/bin/python tests/benchmarks/bench_scale.py [--tmx-mb 50] [--po-entries 200000] [--lint-only]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
EN_TEXT = (
    "the minister said that both sides agreed to promote cooperation in trade investment security "
    "and culture at the meeting in Hanoi on the occasion of the anniversary"
)
VI_TEXT = (
    "bộ trưởng cho biết hai bên nhất trí thúc đẩy hợp tác trong thương mại đầu tư an ninh và văn hóa "
    "tại cuộc gặp ở Hà Nội nhân dịp kỷ niệm"
)
FILLER_EN, FILLER_VI = EN_TEXT.split(), VI_TEXT.split()


def pairs(count: int) -> list[tuple[str, str]]:
    """Pairs of preferred English and Vietnamese terms from the shipped glossary."""
    sys.path.insert(0, str(ROOT / "tools"))
    from dipterm.glossary import load_glossary

    found = [(c.preferred("en"), c.preferred("vi")) for c in load_glossary(ROOT / "glossary")]
    return [(en.text, vi.text) for en, vi in found if en and vi][:count] or [("partnership", "đối tác")]


def sentence(rng: random.Random, number: int, term: tuple[str, str]) -> tuple[str, str]:
    """A numbered English/Vietnamese sentence pair of 15-25 words around one glossary term."""
    size = rng.randint(15, 25)
    en = " ".join(rng.choice(FILLER_EN) for _ in range(size))
    vi = " ".join(rng.choice(FILLER_VI) for _ in range(size))
    return f"{number}: {en} {term[0]}.", f"{number}: {vi} {term[1]}."


def write_tmx(path: Path, megabytes: int, rng: random.Random) -> int:
    """A TMX of at least ``megabytes`` MB; returns the number of units."""
    terms = pairs(200)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header srclang="en" '
            'creationtool="bench" datatype="plaintext" segtype="sentence" adminlang="en" '
            'o-tmf="bench" creationtoolversion="1"/>\n<body>\n'
        )
        while out.tell() < megabytes * 1_000_000:
            en, vi = sentence(rng, count, rng.choice(terms))
            out.write(
                f'<tu tuid="{count}">\n  <tuv xml:lang="en"><seg>{escape(en)}</seg></tuv>\n'
                f'  <tuv xml:lang="vi"><seg>{escape(vi)}</seg></tuv>\n</tu>\n'
            )
            count += 1
        out.write("</body>\n</tmx>\n")
    return count


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_po(path: Path, entries: int, rng: random.Random) -> None:
    """A translated PO catalog of ``entries`` messages."""
    terms = pairs(200)
    with path.open("w", encoding="utf-8") as out:
        out.write('msgid ""\nmsgstr ""\n"Language: vi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
        for number in range(entries):
            en, vi = sentence(rng, number, rng.choice(terms))
            out.write(f"#: src/page.html:{number}\nmsgid {_po_string(en)}\nmsgstr {_po_string(vi)}\n\n")


RUN = """
import resource, sys, time
from pathlib import Path
from dipterm.glossary import load_glossary
from dipterm.importer import import_file
from dipterm.lint import lint_paths
action, fmt, path, into = sys.argv[1:]
glossary = load_glossary(Path({root!r}) / "glossary")
start = time.perf_counter()
if action == "lint":
    result = lint_paths([path], glossary)
    findings, errors = result.findings, result.errors
    assert not errors, errors
    what = f"{{len(findings):,}} findings"
else:
    report = import_file(fmt, path, into, glossary=glossary)
    what = f"{{report.new:,}} new concepts, {{len(report.conflicts):,}} conflicts"
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{elapsed:7.1f}} s  peak {{peak:6.0f}} MB  ({{what}})")
"""


def measure(action: str, fmt: str, path: Path, into: Path) -> str:
    """Run one lint or import in a fresh interpreter; its printed time and peak memory."""
    command = [sys.executable, "-c", RUN.format(root=str(ROOT)), action, fmt, str(path), str(into)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        return "FAILED: " + done.stderr.strip().splitlines()[-1]
    return done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tmx-mb", type=int, default=50)
    parser.add_argument("--po-entries", type=int, default=200_000)
    parser.add_argument("--lint-only", action="store_true", help="skip the import runs")
    args = parser.parse_args()
    rng = random.Random(8)
    baseline = measure("lint", "text", ROOT / "README.md", Path("/dev/null"))
    print(f"baseline (glossary loaded, README linted): {baseline}")
    with tempfile.TemporaryDirectory() as folder:
        tmx, po = Path(folder) / "big.tmx", Path(folder) / "big.po"
        start = time.perf_counter()
        units = write_tmx(tmx, args.tmx_mb, rng)
        write_po(po, args.po_entries, rng)
        print(
            f"generated in {time.perf_counter() - start:.1f} s: {tmx.stat().st_size / 1e6:.1f} MB TMX "
            f"({units:,} units), {po.stat().st_size / 1e6:.1f} MB PO ({args.po_entries:,} entries)"
        )
        for fmt, path in (("tmx", tmx), ("po", po)):
            print(f"lint {fmt}:   {measure('lint', fmt, path, Path('/dev/null'))}")
            if args.lint_only:
                continue
            into = Path(folder) / f"imported-{fmt}.toml"
            print(f"import {fmt}: {measure('import', fmt, path, into)}")
            into.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
