"""Packaging for egov_plugin.

Dependency ranges live here (what the package supports); the exact versions that were tested
are pinned in ``requirements/*.txt`` for the example site, the tests and CI.
"""

import runpy
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


class BuildPyWithAssets(build_py):
    """Copy the KRDS files from the pinned npm package before collecting the package files.

    They are build output (git-ignored): a wheel built from a fresh clone must still hold them.
    """

    def run(self):
        assets = HERE / "scripts" / "krds_assets.py"
        if assets.exists():  # absent only in an sdist, which already carries the copied files
            runpy.run_path(str(assets))["build"]()
        super().run()


setup(
    name="egov-plugin",
    version="0.1.0",
    description=(
        "E-governance for Korean district offices on Wagtail: one registry of residents, "
        "committees and organizations, consultations, participatory budgets and outreach."
    ),
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="BSD-3-Clause",
    python_requires=">=3.11",
    packages=find_namespace_packages(include=["egov_plugin", "egov_plugin.*"]),
    include_package_data=True,
    package_data={
        "egov_plugin": [
            "*/templates/**/*",
            "*/static/**/*",
            "*/locale/*/LC_MESSAGES/*.po",
            "*/locale/*/LC_MESSAGES/*.mo",
            "*/data/*",
        ],
    },
    install_requires=[
        "Django>=5.2,<6.0",
        "wagtail>=8.0,<8.1",
        "django-tasks>=0.12,<0.13",
        "django-tables2>=3.0,<4.0",
        "openpyxl>=3.1,<4.0",
        "python-calamine>=0.9,<1.0",
        "segno>=1.6,<2.0",
    ],
    extras_require={
        "db": ["django-tasks-db>=0.13,<0.14"],
        # Tasks on Redis and RQ workers on several hosts (django-tasks-rq 0.12 fits django-tasks
        # 0.12; it brings django-rq, rq and redis).
        "rq": ["django-tasks-rq>=0.12,<0.13"],
        "postgres": ["psycopg[binary]>=3.2,<4.0"],
        # Keyword analysis of opinions (Kiwi morphological analyser; runs in background tasks).
        "keywords": ["kiwipiepy>=0.24,<0.25"],
        # Password-encrypted .xlsx exports of personal data (EGOV_ENCRYPT_EXPORTS).
        "encryption": ["msoffcrypto-tool>=6.1,<7.0"],
        # Shared cache, rate limits and sessions on Redis (Django's RedisCache backend).
        "redis": ["redis>=5.0,<9.0"],
        # The Content-Security-Policy middleware (egov_plugin.core.csp).
        "csp": ["django-csp>=4.0,<5.0"],
        # The production profile of a site: WSGI server, static files, JSON logs, Redis, CSP.
        "production": [
            "gunicorn>=23.0",
            "whitenoise>=6.9,<7.0",
            "python-json-logger>=3.2,<5.0",
            "redis>=5.0,<9.0",
            "django-csp>=4.0,<5.0",
        ],
    },
    classifiers=[
        "Framework :: Django :: 5.2",
        "Framework :: Wagtail :: 8",
        "Natural Language :: Korean",
        "Programming Language :: Python :: 3.11",
    ],
    zip_safe=False,
    cmdclass={"build_py": BuildPyWithAssets},
)
