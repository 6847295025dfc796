#!/usr/bin/env bash
# Set up (tools/setup.sh) and run the whole test suite: ruff check, ruff format --check, then pytest.
# CI runs exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/setup.sh
.venv/bin/ruff check tools tests
.venv/bin/ruff format --check tools tests
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
