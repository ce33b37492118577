"""A 정책 담당 opens a consultation's analysis page in Chromium; axe-core finds nothing serious."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from egov_plugin.consultations.models import ConsultationIndexPage
from egov_plugin.people import roles
from egov_plugin.people.regions import load_regions
from tests.browser import serious_violations
from tests.consultations.conftest import make_consultation
from tests.sitedata import ensure_site

from .conftest import add_opinion, days_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def analysed(django_user_model):
    roles.ensure_roles()
    load_regions()
    home = ensure_site()
    index = home.add_child(instance=ConsultationIndexPage(title="정책 제안", slug="consultations"))
    page = make_consultation(index, "왕십리 광장 조성 계획", opens=-10)
    from egov_plugin.people.models import Region

    regions = list(Region.objects.all()[:5])
    for n in range(40):
        add_opinion(
            page,
            text="광장에 그늘막과 벤치를 설치해 주세요.",
            gender="MF"[n % 2],
            age_band=["20s", "30s", "40s", "60s"][n % 4],
            region=regions[n % 5],
            created=days_ago(n % 7),
        )
    user = django_user_model.objects.create_user(username="policy-park", password="pw-1234")
    user.groups.add(Group.objects.get(name=roles.POLICY_STAFF))
    return page


def test_analysis_page_is_accessible(live_server, browser, analysed):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + reverse("wagtailadmin_login"))
        page.fill("input[name=username]", "policy-park")
        page.fill("input[name=password]", "pw-1234")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        page.goto(live_server.url + reverse("egov_analysis:consultation", args=[analysed.pk]))
        assert page.locator("svg[role=img]").count() >= 6
        # Each chart is named by its title and described for screen readers.
        first = page.locator("svg[role=img]").first
        assert first.get_attribute("aria-labelledby").endswith("-desc")
        assert serious_violations(page) == []
        for name in ("egov_analysis:trends", "egov_analysis:populations"):
            page.goto(live_server.url + reverse(name))
            assert serious_violations(page) == [], name
    finally:
        context.close()
