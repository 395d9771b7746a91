#!/bin/sh
# Quick start 1: install, then run the main job (crawl the fixture feeds, extract, reconcile, report).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
exec .venv/bin/newsclaims run "$@"
