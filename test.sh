#!/usr/bin/env bash
# Run the whole test suite (sets itself up on first run, including Debian's chromium for the
# browser tests). Extra arguments go to pytest, e.g. ./test.sh -k search
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh test
# The browser tests use Debian's chromium; elsewhere set CHROMIUM_PATH, or a Chrome on PATH is used.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null; then
  for other in chromium-browser google-chrome; do
    if command -v "$other" >/dev/null; then export CHROMIUM_PATH="$(command -v "$other")"; break; fi
  done
fi
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  if command -v apt-get >/dev/null && { [ -z "$SUDO" ] || sudo -n true 2>/dev/null; }; then
    echo "installing Debian's chromium for the browser tests ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
    $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null
  else
    echo "error: the browser tests need chromium: sudo apt-get install chromium" >&2; exit 1
  fi
fi
ruff check generator schemas tests bench
set +e
python -m pytest "$@"
rc=$?
set -e
if [ $rc -eq 5 ]; then echo "error: no tests were collected" >&2; exit 1; fi
exit $rc
