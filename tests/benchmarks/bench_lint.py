"""Benchmark ``dipterm lint``: a 1M-word generated English draft against a 20k-concept generated
glossary, end to end (read, match, check), against a per-term regex scan of the same text; then
``dipterm lint`` as a subprocess with that glossary written as curated TOML files, cold (no cache:
every file parsed) and warm (the parsed-glossary cache of dipterm.cache fresh).

The bar (issue 6): lint <= 3 s and >= 10x faster than the regex scan. The regex scan of all 20k
terms takes minutes, so by default it times a sample of terms and scales linearly (it is linear
in the number of terms: one pass of the text per term); ``--full`` times every term.

Run: .venv/bin/python tests/benchmarks/bench_lint.py [--words 1000000] [--concepts 20000] [--full]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dipterm.cache import cache_path
from dipterm.glossary import toml_record
from dipterm.lint import lint_paths
from dipterm.model import Concept, Glossary, Status, Term


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Distinct pronounceable lower-case pseudo-words."""
    consonants, vowels = "bcdfghklmnprstvw", "aeiou"
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def glossary(rng: random.Random, words: list[str], concepts: int) -> Glossary:
    """Concepts with a preferred and a second English term (1-3 words; deprecated in every fourth
    concept, so the draft carries T101 findings, else admitted) and a Vietnamese term."""
    seen: set[str] = set()
    made = []
    while len(made) < concepts:
        text = " ".join(rng.sample(words, rng.randint(1, 3)))
        variant = text + " " + rng.choice(words)
        if text in seen or variant in seen:
            continue
        seen |= {text, variant}
        cid = f"c{len(made):05d}"
        second = Status.DEPRECATED if len(made) % 4 == 0 else Status.ADMITTED
        made.append(
            Concept(
                cid,
                (
                    Term(text, "en", Status.PREFERRED),
                    Term(variant, "en", second),
                    Term(f"thuật ngữ {cid}", "vi", Status.PREFERRED),
                ),
            )
        )
    return Glossary(made)


def draft(rng: random.Random, general: list[str], special: list[str], terms: list[str], size: int) -> str:
    """``size`` words in 12-word lines and 8-line paragraphs: a glossary term every ~25 words, else
    general words, one in ten a word of the glossary's vocabulary (partial matches to reject)."""
    out: list[str] = []
    while len(out) < size:
        roll = rng.random()
        if roll < 0.04:
            out.extend(rng.choice(terms).split())
        else:
            out.append(rng.choice(special if roll < 0.14 else general))
    lines = [" ".join(out[i : i + 12]) for i in range(0, size, 12)]
    return "\n".join("\n".join(lines[i : i + 8]) + "\n" for i in range(0, len(lines), 8))


def regex_scan(text: str, terms: list[str]) -> int:
    """The naive linter: one case-insensitive word-bounded regex per term, each over the whole text."""
    count = 0
    for term in terms:
        pattern = re.compile(r"\b" + r"[\s-]+".join(map(re.escape, term.split())) + r"(?:s|'s)?\b", re.I)
        count += sum(1 for _ in pattern.finditer(text))
    return count


def command_line(gloss: Glossary, text: str, files: int) -> tuple[float, float]:
    """Seconds of ``dipterm lint`` run as a subprocess: cold (cache removed), then warm (best of 3)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "glossary"
        folder.mkdir()
        concepts = list(gloss)
        size = -(-len(concepts) // files)
        for n in range(files):
            records = "\n".join(toml_record(c) for c in concepts[n * size : (n + 1) * size])
            (folder / f"part-{n:02d}.toml").write_text(records, "utf-8")
        (root / "draft.en.txt").write_text(text, "utf-8")
        command = [sys.executable, "-m", "dipterm", "--glossary", str(folder), "lint", "draft.en.txt"]

        def run() -> float:
            start = time.perf_counter()
            done = subprocess.run(command, cwd=root, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            assert done.returncode in (0, 1), done.stderr
            return elapsed

        shutil.rmtree(cache_path(folder, ".concepts"), ignore_errors=True)
        cold = run()
        assert cache_path(folder, ".concepts").is_dir(), "no parsed-glossary cache written"
        return cold, min(run() for _ in range(3))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--concepts", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=500, help="terms timed for the regex scan")
    parser.add_argument("--full", action="store_true", help="time the regex scan over every term")
    parser.add_argument("--files", type=int, default=20, help="curated TOML files for the command line")
    args = parser.parse_args()
    rng = random.Random(6)
    words = vocabulary(rng, 30_000)
    gloss = glossary(rng, words[:20_000], args.concepts)
    terms = [t.text for c in gloss for t in c.terms if t.lang == "en"]
    text = draft(rng, words[20_000:], words[:20_000], terms, args.words)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.en.txt"
        path.write_text(text, "utf-8")
        start, cpu = time.perf_counter(), time.process_time()
        result = lint_paths([str(path)], gloss)
        findings, errors = result.findings, result.errors
        lint_s, lint_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert not errors
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sample = terms if args.full else random.Random(0).sample(terms, min(args.sample, len(terms)))
    start = time.perf_counter()
    regex_scan(text, sample)
    regex_s = (time.perf_counter() - start) * len(terms) / len(sample)
    ratio = regex_s / lint_s
    how = "measured" if args.full else f"{len(sample)} of {len(terms)} terms timed, scaled"
    print(
        f"draft: {len(text.split()):,} words, {len(text) / 1e6:.1f} MB; glossary: {len(gloss):,} concepts, "
        f"{len(terms):,} English terms"
    )
    print(f"dipterm lint:     {lint_s:6.2f} s  (CPU {lint_cpu:.2f} s; {len(findings):,} findings)")
    print(f"per-term regex:   {regex_s:6.1f} s  ({how})")
    print(f"speed-up:         {ratio:6.1f}x")
    print(f"peak memory:      {peak_mb:6.0f} MB (max RSS of this process)")
    cold, warm = command_line(gloss, text, args.files)
    print(
        f"dipterm lint CLI: {cold:6.2f} s cold (no cache), {warm:.2f} s warm (parsed-glossary cache); "
        f"glossary as {args.files} TOML files"
    )
    ok = lint_s <= 3.0 and ratio >= 10
    print("bars (<= 3 s, >= 10x):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
