# Sourced by scripts/test, scripts/demo and scripts/assets: the KRDS static files, built from the
# npm package pinned in package-lock.json (Node.js and npm from Debian when missing).
set -euo pipefail
_ASSETS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

ensure_assets() {
    if ! command -v npm >/dev/null 2>&1; then
        source "$_ASSETS_ROOT/scripts/_debian.sh"
        ensure_debian_packages nodejs npm
    fi
    python3 "$_ASSETS_ROOT/scripts/krds_assets.py" "$@"
}
