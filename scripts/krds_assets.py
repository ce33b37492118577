"""Copy the KRDS files the resident pages use from the npm package into the package's static files.

KRDS (대한민국 디지털 정부 디자인 시스템) comes from the npm registry as ``krds-uiux`` at the exact
version pinned in ``package.json`` / ``package-lock.json``. This script runs ``npm ci`` when
``node_modules`` does not hold that version, then copies into
``egov_plugin/core/static/egov_core/krds/`` only what the pages load:

* the CSS: design tokens, the common layer (without its ``@import`` of the tokens, which the
  base template links) and the components, with the component CSS's broken image paths
  (``../../img/img/…`` in 1.1.0) mended so that every ``url()`` resolves — Django's manifest
  storage (``collectstatic`` in production) refuses a stylesheet whose ``url()`` names a
  missing file;
* the SVG icons those stylesheets name, and nothing else from ``img/``;
* the PretendardGOV fonts (woff2; ``egov_core/resident/resident.css`` declares them).

KRDS's JavaScript is not copied: the resident pages need none of its behaviours (no mega menu,
no modal, no carousel) and work without script.

The copied files are build output: git ignores them, ``scripts/test``, ``scripts/demo``,
``.ci/run`` and the wheel build (``setup.py``) run this script. It does nothing when the stamp
file says the same lock file and the same script already produced them.

Usage: ``python scripts/krds_assets.py [--force]``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "krds-uiux"
SOURCE = ROOT / "node_modules" / PACKAGE / "resources"
DEST = ROOT / "egov_plugin" / "core" / "static" / "egov_core" / "krds"
# Outside DEST, so that neither the wheel nor collectstatic carries it.
STAMP = ROOT / "node_modules" / ".egov-krds-assets"

# Stylesheets the resident base template loads (common.css @imports the tokens).
STYLESHEETS = [
    "css/token/krds_tokens.css",
    "css/common/common.css",
    "css/component/component.css",
]
FONTS = [
    "fonts/PretendardGOV-Regular.subset.woff2",
    "fonts/PretendardGOV-Medium.subset.woff2",
    "fonts/PretendardGOV-Bold.subset.woff2",
]
# 1.1.0's component.css points one "img/" too deep; common.css has the right path. common.css
# @imports the tokens: the base template links them itself instead (one request fewer before
# the page can be drawn, and axe-core resolves an @import against the page, not the sheet).
PATH_FIXES = [
    ("../../img/img/", "../../img/"),
    ('@import "../../css/token/krds_tokens.css";\n', ""),
]
URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def pinned_version() -> str:
    """The version of ``krds-uiux`` recorded in ``package-lock.json``."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"][f"node_modules/{PACKAGE}"]["version"]


def installed_version() -> str | None:
    """The version in ``node_modules``, or None when it is not installed."""
    manifest = ROOT / "node_modules" / PACKAGE / "package.json"
    if not manifest.exists():
        return None
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def stamp_value() -> str:
    """What the copied files were made from: the lock file and this script."""
    digest = hashlib.sha256()
    digest.update((ROOT / "package-lock.json").read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def npm_ci() -> None:
    """Install exactly what package-lock.json says (no install scripts run)."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(
            "scripts/krds_assets.py: npm is not installed (Debian packages nodejs and npm; "
            "scripts/test installs them)."
        )
    subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=ROOT,
        check=True,
    )


SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*")


def mend(css: str) -> str:
    """The stylesheet with the package's broken relative paths corrected.

    The source-map comment goes too: the maps are not copied, and manifest storage
    (``collectstatic``) refuses a stylesheet that names a missing file.
    """
    for wrong, right in PATH_FIXES:
        css = css.replace(wrong, right)
    return SOURCE_MAP.sub("", css)


def referenced_files(relative_css: str, css: str) -> list[str]:
    """Paths (relative to resources/) of the local files a stylesheet's ``url()`` names."""
    base = Path(relative_css).parent
    found = []
    for _quote, target in URL.findall(css):
        if target.startswith(("data:", "http:", "https:", "//", "#")):
            continue
        resolved = (Path("/") / base / target.split("?")[0].split("#")[0]).resolve()
        found.append(str(resolved.relative_to("/")))
    return found


def build(force: bool = False) -> Path:
    """Install the pinned package when needed and copy its files into DEST; returns DEST."""
    expected = stamp_value()
    complete = STAMP.exists() and all((DEST / n).exists() for n in STYLESHEETS + FONTS)
    if not force and complete and STAMP.read_text().strip() == expected:
        return DEST
    if installed_version() != pinned_version():
        npm_ci()
    if DEST.exists():
        shutil.rmtree(DEST)
    needed: set[str] = set(FONTS)
    for name in STYLESHEETS:
        css = mend((SOURCE / name).read_text(encoding="utf-8"))
        target = DEST / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")
        needed.update(n for n in referenced_files(name, css) if not n.startswith("css/"))
    missing = sorted(n for n in needed if not (SOURCE / n).exists())
    if missing:
        sys.exit(f"scripts/krds_assets.py: {PACKAGE} lacks files its CSS names: {missing}")
    for name in sorted(needed):
        target = DEST / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SOURCE / name, target)
    STAMP.write_text(expected + "\n")
    print(f"KRDS {pinned_version()}: {len(STYLESHEETS)} stylesheets, {len(needed)} files -> {DEST}")
    return DEST


if __name__ == "__main__":
    build(force="--force" in sys.argv[1:])
