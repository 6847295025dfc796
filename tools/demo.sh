#!/usr/bin/env bash
# Set up (tools/setup.sh) and run the main job on the shipped corpus and glossary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
step() { printf '\n== %s\n' "$*" >&2; }
step "mine: candidate terms from seeds/ (top 25 shown; full review queue in \$TMPDIR/dipterm-candidates.tsv)"
dipterm mine seeds/ --top 25
dipterm mine seeds/ --top 0 --format tsv -o "${TMPDIR:-/tmp}/dipterm-candidates.tsv"
step "check: the curated glossary (glossary/)"
dipterm check && echo "glossary clean"
step "export: every format of the shipped glossary into tmx/ (deterministic: unchanged bytes when current)"
dipterm export all -o tmx/
git diff --quiet -- tmx/ 2>/dev/null && echo "tmx/ is up to date with glossary/" || true
step "lint: a translator's PO draft with planted errors (tests/data/drafts/demo.po; exit 1 expected)"
status=0; dipterm lint tests/data/drafts/demo.po || status=$?
[ "$status" -eq 1 ] || { echo "dipterm lint: expected exit 1 (findings), got $status" >&2; exit 1; }
step "align: Vietnamese equivalents proposed from 86 published EN/VI joint-statement sentences (seeds/parallel; * = the glossary's)"
dipterm align seeds/parallel/pairs.tsv --top 2 --max-terms 15
step "lookup: unaccented Vietnamese, then a Vietnamese term (both directions)"
dipterm lookup "doi tac chien luoc"
dipterm lookup "Đổi mới"
