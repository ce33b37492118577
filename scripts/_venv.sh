# Sourced by scripts/demo and scripts/test: make sure .venv exists and holds $1 (a requirements
# file) and the package itself, reinstalling only when the requirements or setup.py changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"

ensure_venv() {
    local reqs="$1"
    if [ ! -x "$PY" ]; then
        echo "Creating .venv (Python: $(command -v python3))"
        python3 -m venv "$ROOT/.venv"
    fi
    local stamp="$ROOT/.venv/.installed-$(basename "$reqs" .txt)"
    local digest
    digest=$(cat "$ROOT/requirements/"*.txt "$ROOT/setup.py" | sha256sum | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
        echo "Installing $reqs into .venv"
        "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
        "$PY" -m pip install --quiet --disable-pip-version-check -r "$ROOT/$reqs" -e "$ROOT"
        echo "$digest" > "$stamp"
    fi
}
