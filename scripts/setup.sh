#!/bin/sh
# Create .venv (if needed) and install newsclaims from the hash-pinned lock file.
#   scripts/setup.sh            runtime dependencies (requirements.lock)
#   scripts/setup.sh dev        runtime + test/lint/benchmark tools (requirements-dev.lock)
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
LOCK=requirements.lock
[ "${1:-}" = dev ] && LOCK=requirements-dev.lock
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
# The lock is checked against its hashes; a stamp skips the install when nothing changed.
STAMP=.venv/.installed-$(sha256sum "$LOCK" requirements-pip.lock pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$STAMP" ]; then
    # The pip bundled with Python 3.11.x (23.2) rejects a hash-pinned lock whose packages ask for
    # extras (justext wants lxml[html_clean]); a pinned, hash-checked pip goes in first.
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes \
        -r requirements-pip.lock
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$LOCK"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
    touch "$STAMP"
fi
