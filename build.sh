#!/usr/bin/env bash
# Build the site from content/ into site/ (sets itself up on first run). Extra arguments go to
# `opit build`, e.g. ./build.sh --out public/
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
exec opit build --check-links "$@"
