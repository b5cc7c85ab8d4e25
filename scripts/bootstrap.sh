# Sourced by build.sh and test.sh: make .venv with Opit installed (and the test tools if asked).
# Re-installs only when pyproject.toml or constraints.txt change.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${OPIT_VENV:-$ROOT/.venv}"
EXTRAS="${1:-}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 NO_MKDOCS_2_WARNING=1

if ! command -v python3 >/dev/null; then
  echo "error: python3 (3.11 or newer) is needed" >&2; exit 1
fi
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "error: Python 3.11 or newer is needed; found $(python3 --version)" >&2; exit 1; }

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
stamp="$VENV/.opit-installed${EXTRAS:+-$EXTRAS}"
want="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "installing Opit into $VENV ..." >&2
  "$VENV/bin/pip" install -q -c "$ROOT/constraints.txt" -e "$ROOT${EXTRAS:+[$EXTRAS]}" 2>&1 \
    | grep -v "is ignored" >&2 || true
  "$VENV/bin/python" -c "import generator, mkdocs, pagefind" \
    || { echo "error: installing Opit failed (see above)" >&2; exit 1; }
  echo "$want" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"
