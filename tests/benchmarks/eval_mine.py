"""The miner and the glossary on real English texts: the seeds, a development set and a held-back
set of texts nobody here wrote (tests/data/mine/: 8 + 4 excerpts of MOFA, VNA, Nhân Dân, VOV,
Viet Nam News, QĐND, the Communist Review and The World & Vietnam Report; URLs in its SOURCES.md),
and a second held-back set of 5 (``held2``: Viet Nam News, VnExpress, VOV, VGP, VietnamPlus)
collected after the glossary's 2,050-concept stop and kept from curators and tuning,
each with the terms a terminologist listed before any miner ran (``NAME.gold``; ``! `` marks a
must-find).

For each set, mined as one corpus (no rejected list): recall@150 of the must-finds and of every
listed term (a candidate shows its term, acronym, expansion and the parts it names), precision@50
(candidates whose own term, acronym or expansion is listed, among the first 50, or among all of
them when fewer are shown), and nested duplicates in the top 150 (a candidate shown with the same count as a
longer shown candidate holding it). Then the glossary's coverage of the listed terms (a concept
whose English term is the listed term, as the shared matcher finds it).

Run: .venv/bin/python tests/benchmarks/eval_mine.py [--show]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dipterm.glossary import load_glossary
from dipterm.matcher import Matcher
from dipterm.mining import Candidate, mine_paths
from dipterm.mining.ranking import fold_key

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "mine"


def gold_of(paths: list[Path]) -> tuple[list[str], list[str]]:
    """(every listed term, the must-finds) of gold files; a file without ``!`` marks: all must."""
    terms, must = [], []
    for path in paths:
        lines = [line.strip() for line in path.read_text("utf-8").splitlines()]
        listed = [line for line in lines if line and not line.startswith("#")]
        marked = any(line.startswith("! ") for line in listed)
        for line in listed:
            term = line.removeprefix("! ").strip()
            terms.append(term)
            if line.startswith("! ") or not marked:
                must.append(term)
    return list(dict.fromkeys(terms)), list(dict.fromkeys(must))


def term_key(term: str) -> str:
    """``fold_key`` without quotation marks: the gold's “Vision for a resilient and innovative
    ASEAN” is the candidate Vision for a resilient and innovative ASEAN."""
    return " ".join(word for word in fold_key(term).split(" ") if word != '"')


def keys_of(candidate: Candidate, parts: bool = True) -> set[str]:
    """The keys a candidate shows: its term, acronym, expansion and (for recall) the parts it names."""
    shown = (candidate.term, candidate.acronym, candidate.expansion, *(candidate.parts if parts else ()))
    return {term_key(t) for t in shown if t}


def nested_duplicates(shown: list[Candidate]) -> list[tuple[str, str]]:
    found = []
    for a in shown:
        key = f" {fold_key(a.term)} "
        for b in shown:
            if b is not a and key in f" {fold_key(b.term)} " and a.count == b.count:
                found.append((a.term, b.term))
    return found


def evaluate(label: str, texts: list[Path], gold: list[Path], show: bool) -> None:
    terms, must = gold_of(gold)
    shown = mine_paths(texts, top=150).candidates
    keys = [keys_of(c) for c in shown]
    top = set().union(*keys) if keys else set()
    first = [keys_of(c, parts=False) for c in shown[:50]]
    wanted = {term_key(t) for t in terms}
    precision = sum(1 for k in first if k & wanted) / max(len(first), 1)
    recall_must = sum(1 for t in must if term_key(t) in top) / max(len(must), 1)
    recall_all = sum(1 for t in terms if term_key(t) in top) / max(len(terms), 1)
    nested = nested_duplicates(shown)
    words = sum(len(p.read_text("utf-8").split()) for p in texts)
    print(
        f"{label:<9} {len(texts):>2} texts {words:>6} words: must-finds {len(must):>3} recall@150 "
        f"{recall_must:.2f}; all {len(terms):>3} recall@150 {recall_all:.2f}; "
        f"precision@50 {precision:.2f} (of {len(first)}); nested duplicates {len(nested)}"
    )
    if show:
        print("   missed must-finds:", [t for t in must if term_key(t) not in top])
        print(
            "   first 50 not listed:",
            [c.term for c, k in zip(shown[:50], first, strict=True) if not k & wanted],
        )
        for a, b in nested:
            print(f"   nested: {a!r} in {b!r}")


def coverage(label: str, gold: list[Path], matcher: Matcher, show: bool) -> None:
    terms, _ = gold_of(gold)
    covered = [term for term in terms if matcher.whole(term, "en")]
    print(
        f"{label:<9} glossary coverage of the listed terms: {len(covered) / max(len(terms), 1):.2f} "
        f"({len(covered)} of {len(terms)})"
    )
    if show:
        print("   not covered:", [t for t in terms if t not in covered])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print misses and false candidates")
    args = parser.parse_args()
    sets = [
        ("seeds", sorted((ROOT / "seeds").glob("*.txt")), [DATA / "gold.txt"]),
        ("dev", sorted((DATA / "dev").glob("*.txt")), sorted((DATA / "dev").glob("*.gold"))),
        ("held", sorted((DATA / "held").glob("*.txt")), sorted((DATA / "held").glob("*.gold"))),
        ("held2", sorted((DATA / "held2").glob("*.txt")), sorted((DATA / "held2").glob("*.gold"))),
    ]
    for label, texts, gold in sets:
        evaluate(label, texts, gold, args.show)
    glossary = load_glossary(ROOT / "glossary")
    matcher = Matcher((c.id, t) for c in glossary if not c.proposed for t in c.terms if t.lang == "en")
    for label, _, gold in sets[1:]:
        coverage(label, gold, matcher, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
