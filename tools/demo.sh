#!/usr/bin/env bash
# Set up (tools/setup.sh) and run the main job on the shipped corpus and glossary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
step() { printf '\n== %s\n' "$*" >&2; }
step "check: the curated glossary (glossary/)"
dipterm check && echo "glossary clean"
