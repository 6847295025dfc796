"""Term alignment accuracy on real published translations: seeds/parallel (86 sentence pairs of 18
official EN/VI documents, aligned by hand; URLs in its SOURCES.md) with the terms they contain and
their Vietnamese as published (terms.tsv). ``dipterm align`` is run on all the pairs for those
English terms; a term is right at rank k when one of its first k candidates is written as a
published rendering of it (NFC-, case- and tone-placement-blind). Printed with the shipped glossary
and with an empty one (statistics alone, where only terms in two or more pairs can be told), for
all documents, the tuning ones and the held-out ones.

Run: .venv/bin/python tests/benchmarks/eval_align.py [--show]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

from dipterm.align import Pair, align_pairs
from dipterm.glossary import load_glossary
from dipterm.normalize import match_key

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = ROOT / "seeds" / "parallel"
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from eval_lint_precision import held_out_docs  # noqa: E402


def table(name: str) -> list[list[str]]:
    with (PARALLEL / name).open(encoding="utf-8", newline="") as stream:
        return [row for row in csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)][1:]


def evaluate(
    pairs: list[Pair],
    gold: dict[str, set[str]],
    support: dict[str, int],
    glossary,
    only: set[str] | None = None,
    min_pairs: int = 1,
    show: bool = False,
) -> str:
    terms = [t for t in gold if support[t] >= min_pairs and (only is None or t in only)]
    found = {a.en: a for a in align_pairs(pairs, terms, glossary, top=3)}
    top1 = top3 = 0
    for term in terms:
        names = [match_key(c.vi) for c in found[term].candidates] if term in found else []
        wanted = {match_key(v) for v in gold[term]}
        top1 += bool(names[:1] and names[0] in wanted)
        top3 += bool(wanted.intersection(names[:3]))
        if show and not (names[:1] and names[0] in wanted):
            shown = [c.vi for c in found[term].candidates] if term in found else []
            print(f"    {term!r}: published {sorted(gold[term])}, proposed {shown}")
    n = len(terms) or 1
    return f"{len(terms)} terms: top-1 {top1 / n:.2f}, top-3 {top3 / n:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the terms missed at top-1")
    args = parser.parse_args()
    rows = table("pairs.tsv")
    pairs = [Pair(en, vi, f"seeds/parallel/pairs.tsv:{n}") for n, (en, vi, *_) in enumerate(rows, 2)]
    doc_of = {row[2]: row[3] for row in rows}
    gold: dict[str, set[str]] = defaultdict(set)
    docs: dict[str, set[str]] = defaultdict(set)
    for pair_id, en, vi in (r[:3] for r in table("terms.tsv")):
        gold[en].add(vi)
        docs[en].add(doc_of.get(pair_id, ""))
    support = {term: sum(term.lower() in p.en.lower() for p in pairs) for term in gold}
    held = held_out_docs()
    held_terms = {t for t, d in docs.items() if d <= held}
    tuning_terms = set(gold) - held_terms
    glossary = load_glossary(ROOT / "glossary")
    print(f"{len(pairs)} segment pairs, {len(gold)} distinct English terms with their published Vietnamese")
    for label, chosen in (("all", None), ("tuning", tuning_terms), ("held-out", held_terms)):
        figures = evaluate(pairs, gold, support, glossary, chosen, 1, args.show)
        print(f"with the shipped glossary ({label}): {figures}")
    for label, chosen in (("all", None), ("tuning", tuning_terms), ("held-out", held_terms)):
        print(
            f"empty glossary, terms in >= 2 pairs ({label}): "
            f"{evaluate(pairs, gold, support, None, chosen, 2, args.show)}"
        )
    print(f"empty glossary, every term (all): {evaluate(pairs, gold, support, None)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
