"""The consultations modules import one way: records and page fields, then the page mixins,
then the concrete page models. No module reaches back up, at the top or inside a function."""

import ast
from pathlib import Path

import egov_plugin.consultations

ROOT = Path(egov_plugin.consultations.__file__).parent


def own_imports(module):
    """The consultations modules ``module`` imports, wherever the import statement is."""
    tree = ast.parse((ROOT / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found |= {node.module} if node.module else {a.name for a in node.names}
            elif (node.module or "").startswith("egov_plugin.consultations."):
                found.add(node.module.rsplit(".", 1)[1])
    return found


def test_the_page_mixins_do_not_import_the_page_models():
    assert "models" not in own_imports("pages")


def test_records_and_page_fields_import_neither_pages_nor_models():
    for module in ("records", "page_fields", "forms", "submission", "review", "tasks"):
        assert not own_imports(module) & {"pages", "models"}, module


def test_the_models_module_still_offers_every_model():
    from egov_plugin.consultations import models, page_fields, records

    assert models.Opinion is records.Opinion
    assert models.ExpertInvitation is records.ExpertInvitation
    assert models.ConsultationSettings is records.ConsultationSettings
    assert models.ConsultationFields is page_fields.ConsultationFields
    assert models.Opinion._meta.app_label == "egov_consultations"
