"""The budgeting modules import one way: records, then the views, then the page mixin that routes
to them, then the concrete page model. No route imports its view inside a method."""

import ast
import inspect
from pathlib import Path

import egov_plugin.budgeting
from egov_plugin.budgeting import pages, views

ROOT = Path(egov_plugin.budgeting.__file__).parent


def own_imports(module, *, nested_only=False):
    tree = ast.parse((ROOT / f"{module}.py").read_text())
    top = set(tree.body)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if nested_only and node in top:
                continue
            found |= {node.module} if node.module else {a.name for a in node.names}
    return found


def test_the_routes_import_the_views_at_module_level():
    assert pages.views is views
    assert not own_imports("pages", nested_only=True)
    assert "views" not in own_imports("models")


def test_nothing_below_the_page_reaches_up_to_it():
    for module in ("views", "voting", "forms", "rules", "results", "fraud", "paper", "records"):
        assert not own_imports(module) & {"pages", "models"}, module


def test_every_route_calls_its_view():
    for name in ("index", "verify", "code", "ballot", "receipt", "results"):
        source = inspect.getsource(getattr(pages.BudgetVoteMixin, f"{name}_route"))
        assert "views." in source and "import" not in source
