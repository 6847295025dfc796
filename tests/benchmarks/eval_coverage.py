"""Glossary coverage and agreement on real official translations: the terms a terminologist listed
in seeds/parallel/terms.tsv (with their Vietnamese as published in 86 EN/VI sentence pairs of 18
joint statements; URLs in its SOURCES.md).

A term is covered when the glossary has a concept whose English term matches it whole (the shared
matcher: case, inflection and hyphen blind); the concept agrees when one of its preferred or
admitted Vietnamese terms is the published Vietnamese (NFC-, case- and tone-placement-blind) or
occurs inside it. Printed for all documents, the tuning ones and the held-out ones (not used for
curation), with reviewed concepts only and with proposed ones too; then for a second held-out set
collected later (seeds/parallel/held2: the terms of 27 pairs of 6 more documents), kept from
curators and from tuning.

Run: .venv/bin/python tests/benchmarks/eval_coverage.py [--show]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from dipterm.glossary import load_glossary
from dipterm.matcher import Matcher
from dipterm.model import Glossary, Status
from dipterm.normalize import match_key

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = ROOT / "seeds" / "parallel"
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from eval_lint_precision import held_out_docs  # noqa: E402


def rows(name: str) -> list[list[str]]:
    with (PARALLEL / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]


def measure(glossary: Glossary, items: list[tuple[str, str]], show: bool) -> str:
    matcher = Matcher((c.id, t) for c in glossary for t in c.terms if t.lang == "en")
    by_id = {c.id: c for c in glossary}
    covered = agreed = 0
    for en, vi in items:
        text = en.strip()
        whole = matcher.whole(text, "en")
        if whole is None:
            if show:
                print(f"    not covered: {en!r}")
            continue
        covered += 1
        concept = by_id[whole.concept]
        accepted = [match_key(t.text) for t in concept.terms_in("vi", Status.PREFERRED, Status.ADMITTED)]
        published = match_key(vi)
        if any(a == published or f" {a} " in f" {published} " for a in accepted):
            agreed += 1
        elif show:
            glossed = [t.text for t in concept.terms_in("vi")]
            print(f"    disagrees: {en!r} published {vi!r}, glossary {glossed}")
    n = len(items) or 1
    return (
        f"{len(items)} terms: coverage {covered / n:.2f} ({covered}), "
        f"agreement {agreed / max(covered, 1):.2f} ({agreed} of {covered})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the terms not covered or disagreeing")
    args = parser.parse_args()
    doc_of = {row[2]: row[3] for row in rows("pairs.tsv")}
    held = held_out_docs()
    terms = [(pair_id, en, vi) for pair_id, en, vi, *_ in rows("terms.tsv")]
    glossary = load_glossary(ROOT / "glossary")
    reviewed = Glossary([c for c in glossary if not c.proposed], glossary.root)
    for label, keep in (
        ("all", lambda d: True),
        ("tuning", lambda d: d not in held),
        ("held-out", lambda d: d in held),
    ):
        items = [(en, vi) for pair_id, en, vi in terms if keep(doc_of.get(pair_id, ""))]
        print(f"reviewed concepts ({label}): {measure(reviewed, items, args.show and label == 'held-out')}")
        print(f"with proposed ones ({label}): {measure(glossary, items, False)}")
    fresh = [(en, vi) for _, en, vi, *_ in rows("held2/terms.tsv")]
    print(f"reviewed concepts (held-out 2): {measure(reviewed, fresh, args.show)}")
    print(f"with proposed ones (held-out 2): {measure(glossary, fresh, False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
