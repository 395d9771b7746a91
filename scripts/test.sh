#!/bin/sh
# Quick start 2: install with the development tools, then run the whole test suite.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh dev
command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
exec .venv/bin/python -m pytest "$@"
