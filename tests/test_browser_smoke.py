"""The resident-facing home page in a real phone-sized browser, checked with axe-core."""

import pytest

from tests.browser import serious_violations
from tests.sitedata import ensure_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_home_page_on_a_phone_is_accessible(live_server, phone_page):
    ensure_site()
    phone_page.goto(live_server.url + "/")
    assert "성동구 e-거버넌스" in phone_page.title()
    assert phone_page.locator("html").get_attribute("lang") in ("ko", "ko-kr")
    assert serious_violations(phone_page) == []
