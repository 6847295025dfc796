"""Lint precision on real published translations: the English and Vietnamese versions of official
texts in seeds/parallel (pairs.tsv, aligned by hand; URLs in its SOURCES.md) linted as units
against the shipped glossary.

Prints the findings per code and the T201 precision: a T201 is right when none of the Vietnamese
terms it looked for occurs in the translation, judged by a plain diacritic- and case-folded
substring search (no matcher involved). Also prints T201 as it was before presence asked for every
occurrence (nested terms not seen), and, for each T201, the rendering the translators published
(terms.tsv): the glossary gaps to curate. ``--held-out`` keeps only the documents SOURCES.md marks
held out; ``--tuning`` the others.

Run: .venv/bin/python tests/benchmarks/eval_lint_precision.py [--held-out | --tuning] [--show]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

from dipterm.formats import Draft, Lines, Segment, Unit
from dipterm.glossary import load_glossary
from dipterm.lint import Terms, check_missing_target, lint_draft
from dipterm.matcher import Matcher
from dipterm.normalize import loose_key

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = ROOT / "seeds" / "parallel"


def held_out_docs() -> set[str]:
    """The document ids listed under SOURCES.md's "Held-out documents" heading."""
    text = (PARALLEL / "SOURCES.md").read_text("utf-8")
    section = re.search(r"^## Held-out documents\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return set(re.findall(r"\*\*([A-Z]+(?:-[A-Z0-9]+)+)\*\*", section.group(1))) if section else set()


def rows(keep) -> list[tuple[int, dict]]:
    with (PARALLEL / "pairs.tsv").open(encoding="utf-8", newline="") as stream:
        table = list(csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))
    header = table[0] if table and table[0][:2] == ["en", "vi"] else None
    names = header or ["en", "vi", "id", "doc"]
    numbered = enumerate(table[1:], 2) if header else enumerate(table, 1)
    found = [(n, dict(zip(names, row, strict=False))) for n, row in numbered]
    return [(n, row) for n, row in found if keep(row)]


def published() -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    with (PARALLEL / "terms.tsv").open(encoding="utf-8", newline="") as stream:
        for row in csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 3 and row[0] != "pair_id":
                found.setdefault(row[0], []).append((row[1], row[2]))
    return found


def folded_in(term: str, text: str) -> bool:
    return f" {loose_key(term)} " in f" {loose_key(text)} "


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--held-out", action="store_true", help="only the held-out documents")
    group.add_argument("--tuning", action="store_true", help="only the documents used for tuning")
    parser.add_argument("--show", action="store_true", help="print every T201 with the published rendering")
    args = parser.parse_args()
    held = held_out_docs()
    keep = (
        (lambda r: r.get("doc") in held)
        if args.held_out
        else (lambda r: r.get("doc") not in held)
        if args.tuning
        else (lambda r: True)
    )
    pairs = rows(keep)
    glossary = load_glossary(ROOT / "glossary")
    terms = Terms(glossary)
    renderings = published()
    path = str(PARALLEL / "pairs.tsv")
    units = [
        Unit(
            Segment(r["en"], "en", n, len(r["id"]) + 2),
            Segment(r["vi"], "vi", n, len(r["id"]) + len(r["en"]) + 3),
        )
        for n, r in pairs
    ]
    findings = lint_draft(Draft(path, Lines([]), units=units), terms)
    by_line = {n: r for n, r in pairs}
    t201 = [f for f in findings if f.code == "T201"]
    right = [f for f in t201 if not any(folded_in(term, by_line[f.line]["vi"]) for term in f.expected)]
    before = []
    for unit in units:
        target_every = terms.find(unit.target, every=True)
        longest = Matcher.longest(target_every)
        before += list(check_missing_target(path, unit, terms.find(unit.source), longest, terms))
    before_right = [f for f in before if not any(folded_in(t, by_line[f.line]["vi"]) for t in f.expected)]
    docs = sorted({r.get("doc", "") for _, r in pairs})
    print(
        f"{len(pairs)} sentence pairs from {len(docs)} documents"
        f"{' (held out)' if args.held_out else ' (tuning)' if args.tuning else ''}; "
        f"glossary: {len(glossary)} concepts"
    )
    per_code = sorted(Counter(f.code for f in findings).items())
    print("findings per code:", ", ".join(f"{c} {n}" for c, n in per_code) or "none")
    precision = len(right) / len(t201) if t201 else 1.0
    old = len(before_right) / len(before) if before else 1.0
    print(f"T201: {len(t201)} findings, {len(right)} with the term really absent: precision {precision:.2f}")
    print(f"T201 before (presence = longest matches only): {len(before)} findings, precision {old:.2f}")
    present = len(t201) - len(right)
    print(f"T201 whose expected term is present in the segment: {present}")
    if args.show:
        for f in t201:
            row = by_line[f.line]
            seen = "; ".join(
                f"{en} = {vi}"
                for en, vi in renderings.get(row["id"], [])
                if folded_in(en, f.found or "") or folded_in(f.found or "", en)
            )
            print(
                f"  {row['id']}: [{f.concept}] {f.found!r} looked for {', '.join(f.expected)}"
                f"{' | published: ' + seen if seen else ''}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
