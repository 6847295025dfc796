"""Precision@50 and recall@150 of dipterm mine, YAKE and translate-toolkit's poterminology on the
two seed articles, scored against tests/data/mine/gold.txt (a hit: the fold key of a candidate's
term, acronym or expansion equals a gold term's). Run by hand:

    .venv/bin/python tests/benchmarks/compare_miners.py

YAKE is not a dipterm dependency: `.venv/bin/pip install yake` to include it (skipped otherwise).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

from dipterm.mining import mine_paths  # noqa: E402
from dipterm.mining.ranking import fold_key  # noqa: E402
from tests.benchmarks.po_input import write_pot  # noqa: E402
from tests.test_mine import keys_of, load_gold, precision_recall  # noqa: E402

ARTICLES = sorted((ROOT / "seeds").glob("*.txt"))


def dipterm_ranking() -> list[set[str]]:
    return [keys_of(c) for c in mine_paths(ARTICLES, top=None).candidates]


def yake_ranking() -> list[set[str]] | None:
    try:
        import yake
    except ImportError:
        return None
    text = "\n".join(p.read_text("utf-8") for p in ARTICLES)
    extractor = yake.KeywordExtractor(lan="en", n=4, top=300, dedupLim=0.9)
    return [{fold_key(phrase)} for phrase, _ in extractor.extract_keywords(text)]


def poterminology_ranking() -> list[set[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        pot, out = Path(tmp) / "seeds.pot", Path(tmp) / "terms.pot"
        write_pot(ARTICLES, pot)
        subprocess.run(
            [
                str(Path(sys.executable).with_name("poterminology")),
                "-i",
                str(pot),
                "-o",
                str(out),
                "--inputs-needed",
                "1",
                "--locs-needed",
                "1",
                "--fullmsg-needed",
                "1",
                "--substr-needed",
                "1",
                "--sort",
                "frequency",
                "--progress",
                "none",
            ],
            check=True,
            capture_output=True,
        )
        return [{fold_key(entry.msgid)} for entry in polib.pofile(str(out))]


def main() -> None:
    gold = load_gold()
    print(f"gold: {len(gold)} terms from {len(ARTICLES)} seed articles")
    print(f"{'miner':<15} {'precision@50':>13} {'recall@150':>11}")
    for name, ranking in (
        ("dipterm mine", dipterm_ranking()),
        ("YAKE", yake_ranking()),
        ("poterminology", poterminology_ranking()),
    ):
        if ranking is None:
            print(f"{name:<15} {'skipped: pip install yake (benchmark only)':>25}")
            continue
        precision, recall = precision_recall(ranking, gold)
        print(f"{name:<15} {precision:>13.2f} {recall:>11.2f}")


if __name__ == "__main__":
    main()
