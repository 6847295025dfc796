#!/usr/bin/env bash
# Set up a fresh machine for dipterm: a virtual environment in .venv with dipterm and its test
# tools, plus (when run as root with apt-get) the real clients the tests drive: xmllint, msgfmt, OmegaT,
# headless Chromium with its WebDriver (the HTML export) and LibreOffice Calc (the XLSX export).
# Idempotent; sourced by tools/demo.sh and tools/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
missing=()
command -v xmllint >/dev/null || missing+=(libxml2-utils)
command -v msgfmt >/dev/null || missing+=(gettext)
command -v omegat >/dev/null || missing+=(omegat)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]} (Debian packages)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: ${missing[*]} not installed (needs root + apt-get); tests that drive them will skip" >&2
  fi
fi
