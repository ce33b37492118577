"""The voter's own pages are never cached (issue 13, item 11).

KISA 정보 누출 / 불충분한 세션 관리: the receipt shows the choices, neighbourhood, age band and
gender of one ballot, the code page the voter's (masked) number and the ballot form their
answers; on a shared computer none of it may come back from a cache or the back button.
"""

import pytest

from .conftest import ballot_data, last_code, url

pytestmark = pytest.mark.django_db


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


def test_the_receipt_and_the_steps_before_it_answer_no_store(client, vote, outbox, regions):
    asked = client.post(url(vote, "verify/"), {"phone": "010-1234-5678", "consent": "on"})
    assert asked.status_code == 302 and no_store(asked)
    code_page = client.get(url(vote, "verify/code/"))
    assert code_page.status_code == 200 and no_store(code_page)
    proved = client.post(url(vote, "verify/code/"), {"code": last_code(outbox, "010-1234-5678")})
    assert proved.status_code == 302
    ballot_page = client.get(url(vote, "ballot/"))
    assert ballot_page.status_code == 200 and no_store(ballot_page)
    cast = client.post(url(vote, "ballot/"), ballot_data(vote, regions))
    assert cast.status_code == 302
    receipt = client.get(url(vote, "receipt/"))
    assert receipt.status_code == 200 and no_store(receipt)
    assert receipt["Referrer-Policy"] == "same-origin"


def test_the_public_project_list_stays_cacheable(client, vote):
    response = client.get(url(vote))
    assert response.status_code == 200 and not no_store(response)
