"""Run inside the wheel's own virtual environment: is everything the package needs in it?"""

import sys
from pathlib import Path

import egov_plugin

root = Path(egov_plugin.__file__).parent
if "site-packages" not in str(root):
    sys.exit(f"egov_plugin imported from {root}, not from the installed wheel")
wanted = [
    "people/data/seongdong_regions.csv",
    "people/templates/egov_people/person_inspect.html",
    "people/migrations/0001_initial.py",
    "core/migrations/0001_initial.py",
    "consultations/templates/egov_consultations/consultation_page.html",
    "consultations/static/egov_consultations/consultations.css",
    "organizations/migrations/0001_initial.py",
    "meetings/migrations/0002_copy_from_organizations.py",
    "meetings/templates/egov_meetings/minutes_print.html",
    "budgeting/migrations/0001_initial.py",
    # Built by scripts/krds_assets.py (git-ignored), so only the build puts them in the wheel.
    "core/static/egov_core/krds/css/component/component.css",
    "core/static/egov_core/krds/css/token/krds_tokens.css",
    "core/static/egov_core/krds/fonts/PretendardGOV-Regular.subset.woff2",
    "core/templates/egov_core/resident/base.html",
]
missing = [w for w in wanted if not (root / w).exists()]
mo_files = sorted(str(p.relative_to(root)) for p in root.glob("*/locale/ko/LC_MESSAGES/django.mo"))
if not mo_files:
    missing.append("*/locale/ko/LC_MESSAGES/django.mo")
if missing:
    sys.exit(f"missing from the wheel: {missing}")
print(f"wheel ok: {root} ({len(mo_files)} compiled translation catalogues)")
