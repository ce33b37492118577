# ruff: noqa: E501
"""The allowed dependency graph between egov_plugin's apps, written in one place.

``ALLOWED[app]`` lists the apps ``app`` may refer to, in any way ``tests/architecture/graph.py``
finds: an import (module level or inside a function), ``apps.get_model``/model strings, lazy
foreign keys, ``is_installed`` and dotted-path strings, permission strings, URL names (``reverse``,
``{% url %}``), template paths, tag libraries and static files. An optional app that ``app``
checks with ``is_installed`` before using it still counts: it must be declared. The graph has no
cycles (a test checks), so "optional links the other way" are not allowed either.

``KNOWN_VIOLATIONS`` lists, one reference per entry, what the code still does outside ``ALLOWED``.
The test fails on any other undeclared reference and on an entry that is no longer found, so the
list only shrinks. Entries match without their line number (lines move when a file is edited);
``python tests/architecture/graph.py --known`` prints the current list.

``docs/concepts/architecture.md`` carries the graph generated from this file and the scan
(``python tests/architecture/graph.py --write-doc``); a test fails when it is stale.
"""

#: The Django apps under egov_plugin/ (the app label is ``egov_<name>``).
APPS = (
    "core",
    "people",
    "committees",
    "organizations",
    "meetings",
    "consultations",
    "budgeting",
    "imports",
    "insights",
    "outreach",
    "analysis",
    "privacy",
    "participation",
)

#: Packages under egov_plugin/ that are not Django apps: every app may use them.
SHARED_PACKAGES = ("formats", "wagtail_locale")

#: app -> the apps it may depend on (issue 17's target; lower apps first).
ALLOWED = {
    "core": (),
    "people": ("core",),
    "committees": ("people", "core"),
    "organizations": ("people", "core"),
    # Meetings of any registered body kind (people.body_kinds); above both kinds of body.
    "meetings": ("committees", "organizations", "people", "core"),
    # Expert review asks a committee.
    "consultations": ("committees", "people", "core"),
    "budgeting": ("people", "core"),
    # Uploads load into the apps below; exports read them.
    "imports": ("committees", "organizations", "consultations", "people", "core"),
    # Outcome notices of consultation pages, the audience of opinion givers.
    "outreach": ("consultations", "people", "core"),
    # The dashboard, the person page and the cross-search read every app's records (each behind
    # is_installed); audiences and the groups come from people only.
    "insights": (
        "committees",
        "organizations",
        "meetings",
        "consultations",
        "budgeting",
        "imports",
        "people",
        "core",
    ),
    # Breakdowns of opinions; the spreadsheet readers of imports for population tables.
    "analysis": ("consultations", "imports", "people", "core"),
    # Anonymizing opinions, retention of upload files, the SMS processors named in the policy.
    "privacy": ("consultations", "imports", "outreach", "people", "core"),
    # The resident's own records across consultations and votes, and their privacy requests.
    "participation": ("consultations", "budgeting", "privacy", "people", "core"),
}

#: References outside ALLOWED that main still has, one per entry:
#: "source -> target [kind] path:line: text" (matched without the line). Issue 17 removed them
#: all: outreach/insights <-> each other (A); consultations -> outreach (outreach listens to
#: page_published itself) and people and consultations -> imports (the export buttons come
#: through core.listings' hook) (D); organizations -> committees (meetings moved out, M); the
#: links to 내 참여 go through core.resident_links; core no longer names people's Person.
KNOWN_VIOLATIONS = ()
