"""The consultations app works without outreach: outreach listens to ``page_published`` itself."""

from pathlib import Path

from django.apps import apps

import egov_plugin.consultations


def test_consultations_never_names_outreach():
    root = Path(egov_plugin.consultations.__file__).parent
    naming = [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and "outreach" in path.read_text()
    ]
    assert naming == []


def test_outreach_connects_its_own_outcome_listener():
    from wagtail.signals import page_published

    assert apps.is_installed("egov_plugin.outreach")
    uids = {key[0] for key, *_ in page_published.receivers}
    assert "egov_outreach.send_outcome_sms_on_publish" in uids
