"""Run one coverage-guided fuzz harness (atheris) for a fixed time, starting from its seed inputs.

    .venv/bin/python tests/fuzz/run.py TARGET --seconds 60
    .venv/bin/python tests/fuzz/run.py --list

TARGET is a harness name without ``fuzz_`` (``lint_tmx``, ``import_po``, ``glossary``, ...). A crash
leaves the input under tests/fuzz/crashes/ and exits non-zero; replay it with ``--replay FILE``.
atheris is not a dependency of dipterm: ``pip install atheris``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the project root, for ``tests.fuzz``


def targets() -> list[str]:
    """Every harness name."""
    return sorted(p.stem.removeprefix("fuzz_") for p in HERE.glob("fuzz_*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", nargs="?", choices=targets(), metavar="TARGET")
    parser.add_argument("--seconds", type=int, default=60, help="how long to fuzz (default 60)")
    parser.add_argument("--list", action="store_true", help="list the targets")
    parser.add_argument("--replay", type=Path, metavar="FILE", help="run the harness once on FILE")
    args = parser.parse_args()
    if args.list or not args.target:
        print("\n".join(targets()))
        return 0
    try:
        import atheris
    except ImportError:
        print("atheris is not installed: pip install atheris", file=sys.stderr)
        return 2
    harness = importlib.import_module(f"tests.fuzz.fuzz_{args.target}")
    if args.replay:
        harness.test_one_input(args.replay.read_bytes())
        print(f"{args.replay}: no crash")
        return 0
    crashes = HERE / "crashes"
    crashes.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"corpus-{args.target}-") as corpus:
        for number, seed in enumerate(harness.SEEDS):
            Path(corpus, f"seed-{number}").write_bytes(seed)
        atheris.Setup(
            [
                sys.argv[0],
                corpus,
                f"-max_total_time={args.seconds}",
                "-rss_limit_mb=2048",
                "-timeout=10",
                f"-artifact_prefix={crashes}/{args.target}-",
                "-print_final_stats=1",
            ],
            harness.test_one_input,
        )
        atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
