# Sourced by scripts/test (and .ci/run): the Debian packages the tests need — Chromium for the
# browser tests with a Korean font (Nanum: without it Hangul renders as boxes and the clipped-label
# check measures the wrong glyphs), Dovecot for the IMAP tests, gettext for the catalogues,
# LibreOffice for the spreadsheets Korean offices write. Installs what is missing when run as
# root; otherwise prints the one command to run and stops.
EGOV_DEBIAN_PACKAGES=(gettext chromium fonts-nanum dovecot-imapd libreoffice-calc-nogui)

ensure_debian_packages() {
    local need=() pkg
    for pkg in "${EGOV_DEBIAN_PACKAGES[@]}" "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
    done
    [ ${#need[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "The tests need these Debian packages. Install them, then run again:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
        exit 1
    fi
    echo "Installing Debian packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}
