"""Benchmark ``dipterm align`` at scale, and measure it on Debian's Vietnamese catalogs.

The memory: every translated entry of the ``vi`` gettext catalogs this machine has installed
(``/usr/share/locale/vi/LC_MESSAGES/*.mo``, turned into PO by ``msgunfmt``) — real EN->VI
translations — written as one TMX and repeated to ``--segments`` units (100,000 by default).
``dipterm align`` runs on it as a separate process (the mined English terms, 300 of them): its wall
time and peak memory (max RSS, from ``wait4``) are printed. The bar (issue 15): <= 60 s, <= 500 MB.

Then the catalogs' own short entries are the gold ("File" -> "Tập tin"): every one- or two-word
msgid whose translation is consistent across the catalogs and which occurs in at least 3 long
entries is aligned over the long entries alone (statistics only, no glossary); top-1 and top-3
accuracy are printed (right: the catalogs' own translation, NFC-, case- and tone-placement-blind).

Run: .venv/bin/python tests/benchmarks/bench_align.py [--segments 100000]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import polib

from dipterm.align import Pair, align_pairs
from dipterm.normalize import match_key

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = Path("/usr/share/locale/vi/LC_MESSAGES")


def entries() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every translated, non-fuzzy entry of the installed vi catalogs."""
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for mo in sorted(CATALOGS.glob("*.mo")):
            po = Path(folder) / f"{mo.stem}.po"
            if subprocess.run(["msgunfmt", str(mo), "-o", str(po)], capture_output=True).returncode:
                continue
            try:
                catalog = polib.pofile(str(po))
            except OSError:  # msgunfmt writes some headers polib refuses; dipterm's reader is tested apart
                continue
            found += [(e.msgid, e.msgstr) for e in catalog if e.msgid and e.msgstr and "fuzzy" not in e.flags]
    return found


def _escape(text: str) -> str:
    return (
        re.sub(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd]", " ", text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def write_tmx(path: Path, units: list[tuple[str, str]], size: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
            'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="po" creationtool="bench" '
            'creationtoolversion="1"/><body>\n'
        )
        for n in range(size):
            en, vi = units[n % len(units)]
            out.write(
                f'<tu><tuv xml:lang="en"><seg>{_escape(en)}</seg></tuv>'
                f'<tuv xml:lang="vi"><seg>{_escape(vi)}</seg></tuv></tu>\n'
            )
        out.write("</body></tmx>\n")


def measure(command: list[str]) -> str:
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode(errors="replace").strip().splitlines()[-1:] if code > 1 else []
    return (
        f"{time.perf_counter() - start:6.1f} s, peak {usage.ru_maxrss / 1024:5.0f} MB, exit {code}"
        f"{'  ' + error[0][:120] if error else ''}"
    )


def gold_figures(units: list[tuple[str, str]]) -> str:
    """Top-1/top-3 of aligning the catalogs' short entries over their long ones."""
    translations: dict[str, Counter[str]] = defaultdict(Counter)
    for en, vi in units:
        plain = en.strip().rstrip(":.").strip()
        if re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)?", plain) and not vi.strip().startswith("%"):
            translations[plain.lower()][vi.strip().rstrip(":.").strip()] += 1
    long = [Pair(en, vi, "catalog") for en, vi in units if len(en.split()) >= 4]
    gold = {}
    for term, renderings in translations.items():
        rendering, count = renderings.most_common(1)[0]
        if count == sum(renderings.values()) and rendering:
            gold[term] = rendering
    texts = [p.en.lower() for p in long]
    recurring = [t for t in gold if sum(1 for text in texts if re.search(rf"\b{re.escape(t)}\b", text)) >= 3]
    found = {a.en: a for a in align_pairs(long, recurring, None, top=3)}
    top1 = top3 = 0
    for term in recurring:
        names = [match_key(c.vi) for c in found[term].candidates] if term in found else []
        top1 += bool(names[:1] and names[0] == match_key(gold[term]))
        top3 += match_key(gold[term]) in names[:3]
    n = len(recurring) or 1
    return (
        f"{len(recurring)} short entries used in >= 3 of {len(long):,} long entries: "
        f"top-1 {top1 / n:.2f}, top-3 {top3 / n:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    args = parser.parse_args()
    if not CATALOGS.is_dir() or not shutil.which("msgunfmt"):
        print("needs the vi gettext catalogs and msgunfmt (gettext)")
        return 0
    units = entries()
    print(f"{len(units):,} translated entries in {len(list(CATALOGS.glob('*.mo')))} Debian vi catalogs")
    with tempfile.TemporaryDirectory() as folder:
        tmx = Path(folder) / "memory.tmx"
        write_tmx(tmx, units, args.segments)
        command = [
            sys.executable,
            "-m",
            "dipterm",
            "--glossary",
            str(ROOT / "glossary"),
            "align",
            str(tmx),
            "--format",
            "tsv",
            "-o",
            str(Path(folder) / "out.tsv"),
        ]
        print(f"align {args.segments:,}-unit TMX ({tmx.stat().st_size / 1e6:.0f} MB): {measure(command)}")
    print(gold_figures(units))
    return 0


if __name__ == "__main__":
    sys.exit(main())
