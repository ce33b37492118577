"""The apps refer to each other only along the graph declared in egov_plugin/dependencies.py."""

from egov_plugin.dependencies import ALLOWED, APPS, KNOWN_VIOLATIONS, SHARED_PACKAGES
from tests.architecture import graph


def test_no_undeclared_dependency():
    new, gone = graph.compare_with_known()
    message = []
    if new:
        message.append(
            "undeclared dependencies (declare the edge in egov_plugin/dependencies.py ALLOWED "
            "if it points down and makes no cycle, or remove the reference):\n"
            + "\n".join(f"  {r}" for r in new)
        )
    if gone:
        message.append(
            "KNOWN_VIOLATIONS entries no longer found (remove them from "
            "egov_plugin/dependencies.py; the list only shrinks):\n"
            + "\n".join(f"  {e}" for e in gone)
        )
    assert not message, "\n\n".join(message)


def test_known_violations_are_undeclared_edges():
    """An entry along an allowed edge would hide nothing; each one names a real file."""
    for entry in KNOWN_VIOLATIONS:
        (source, target, _kind, path, _text), _line = graph.parse_known(entry)
        assert target not in ALLOWED[source], entry
        assert (graph.ROOT / path).is_file(), entry


def test_every_declared_edge_is_used():
    """ALLOWED declares only what the apps need: an edge nothing uses goes. An edge to or from an
    app that does not exist yet (``meetings`` until it lands) is not checked."""
    used = set(graph.actual_graph())
    exists = {app for app in APPS if (graph.PACKAGE / app / "__init__.py").is_file()}
    unused = [
        f"{app} -> {dep}"
        for app, deps in ALLOWED.items()
        for dep in deps
        if app in exists and dep in exists and (app, dep) not in used
    ]
    assert not unused, (
        "declared in egov_plugin/dependencies.py ALLOWED but not used (remove them, then "
        "`python tests/architecture/graph.py --write-doc`): " + ", ".join(unused)
    )


def test_allowed_graph_is_acyclic():
    assert graph.find_cycle() is None, f"ALLOWED has a cycle: {' -> '.join(graph.find_cycle())}"


def test_find_cycle_sees_a_cycle():
    assert graph.find_cycle({"a": ("b",), "b": ("c",), "c": ("a",)}) in (
        ["a", "b", "c", "a"],
        ["b", "c", "a", "b"],
        ["c", "a", "b", "c"],
    )
    assert graph.find_cycle({"a": ("b",), "b": ()}) is None


def test_every_app_is_declared():
    assert set(ALLOWED) == set(APPS)
    for app, deps in ALLOWED.items():
        assert app not in deps, app
        assert set(deps) <= set(APPS), app
        assert app == "core" or "core" in deps, app
    # Every app package under egov_plugin/ is in APPS (or is a shared, non-app package).
    packages = {
        p.name for p in graph.PACKAGE.iterdir() if (p / "__init__.py").is_file() and p.is_dir()
    }
    assert packages <= set(APPS) | set(SHARED_PACKAGES), packages - set(APPS)


def test_architecture_doc_carries_the_graph():
    assert graph.doc_block() == graph.markdown(), (
        "docs/concepts/architecture.md is out of date: run "
        "`python tests/architecture/graph.py --write-doc`"
    )


def _fake_app(tmp_path, monkeypatch):
    """A tiny egov_plugin/ tree with one reference of each kind from outreach."""
    package = tmp_path / "egov_plugin"
    files = {
        "outreach/__init__.py": "",
        "outreach/mod.py": """
import egov_plugin.people.models
from egov_plugin.insights import filters
from egov_plugin import committees
from ..organizations import models as org_models


def later():
    from egov_plugin.budgeting.models import Vote  # inside a function
    from django.apps import apps

    apps.get_model("egov_consultations", "Opinion")
    apps.get_model("egov_imports.UploadJob")
    if apps.is_installed("egov_plugin.privacy"):
        pass
    reverse("egov_participation:mine")
    redirect("wagtailsnippets_egov_analysis_breakdown:list")
    return "egov_committees.view_committee", "egov_analysis/chart.html"


def dynamic(name, model):
    reverse(f"egov_privacy:{name}")
    has_perm(f"egov_meetings.view_{model}")
    render(f"egov_analysis/{name}.html")
    return f"wagtailsnippets_egov_budgeting_{model}:list", f"egov_outreach_{name}"


class Campaign:
    person = ForeignKey("egov_people.Person")
    loader = "egov_plugin.analysis.loaders.load"
""",
        "outreach/templates/egov_outreach/page.html": (
            "{% load i18n egov_budgeting_tags %}\n"
            '{% extends "egov_consultations/base.html" %}\n'
            '{% include "egov_privacy/notice.html" %}\n'
            "<a href=\"{% url 'egov_participation:mine' %}\">x</a>\n"
            "<img src=\"{% static 'egov_people/logo.svg' %}\">\n"
        ),
        "outreach/migrations/0001_initial.py": 'x = "egov_meetings.Meeting"\n',
        "participation/__init__.py": "",
        "participation/urls.py": 'app_name = "egov_participation"\n',
        "budgeting/templatetags/__init__.py": "",
        "budgeting/templatetags/egov_budgeting_tags.py": "",
    }
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(graph, "ROOT", tmp_path)
    monkeypatch.setattr(graph, "PACKAGE", package)
    return graph.references()


def test_scanner_finds_each_kind_of_reference(tmp_path, monkeypatch):
    found = {(r.target, r.kind) for r in _fake_app(tmp_path, monkeypatch) if r.source == "outreach"}
    assert found == {
        ("people", "import"),
        ("insights", "import"),
        ("committees", "import"),
        ("organizations", "import"),
        ("budgeting", "import"),
        ("consultations", "get_model"),
        ("imports", "get_model"),
        ("privacy", "is_installed"),
        ("participation", "url"),
        ("analysis", "url"),
        ("committees", "permission"),
        ("analysis", "template"),
        ("people", "model"),
        ("analysis", "dotted path"),
        ("budgeting", "templatetag"),
        ("consultations", "template"),
        ("privacy", "template"),
        ("people", "static"),
        ("privacy", "url"),
        ("meetings", "model or permission"),
        ("budgeting", "url"),
    }


def test_get_model_strings_are_counted_once(tmp_path, monkeypatch):
    refs = [r for r in _fake_app(tmp_path, monkeypatch) if r.target == "imports"]
    assert [(r.kind, r.text) for r in refs] == [("get_model", "egov_imports.UploadJob")]
    assert refs[0].path == "egov_plugin/outreach/mod.py" and refs[0].line == 13


def test_known_violations_only_shrink():
    ref = graph.Reference("people", "imports", "url", "egov_plugin/people/views.py", 9, "egov_x:y")
    entry = "people -> imports [url] egov_plugin/people/views.py:56: egov_x:y"
    assert graph.compare_with_known([ref], [entry]) == ([], [])  # the line may move
    assert graph.compare_with_known([], [entry]) == ([], [entry])  # gone: remove the entry
    assert graph.compare_with_known([ref, ref], [entry]) == ([ref], [])  # a second one is new
