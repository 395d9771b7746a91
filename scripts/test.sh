#!/bin/sh
# Quick start 2: install with the development tools, then run the whole test suite.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh dev
# The browser test needs Debian's chromium; installing it needs root (as in CI). Elsewhere, say so:
# the test fails under CI=true without it and is skipped otherwise.
if ! command -v chromium >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq chromium) \
        || echo "scripts/test.sh: could not install chromium (apt-get, as root): browser test skipped" >&2
fi
exec .venv/bin/python -m pytest "$@"
