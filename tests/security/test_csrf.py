"""KISA 웹 취약점 — CSRF (크로스사이트 요청 위조, Cross-Site Request Forgery).

항목: 다른 사이트가 주민이나 직원의 브라우저로 이 사이트에 요청을 보내게 해, 본인 모르게 의견
등록·인증번호 발송·투표·수신 동의 변경·관리 화면의 저장과 삭제가 일어나는지 점검한다.

The item: a page on another site makes a resident's or a staff member's browser send a request
here, so that an opinion is posted, a code is sent, a ballot is cast, a consent is changed or an
admin object is saved or deleted without them knowing.

Attacks tried here, on this project's own routes:
- every URL of the site (all ~400 admin routes, Wagtail's page routes, the outreach links) is
  POSTed by a signed-in superuser's browser with no CSRF token, and with a forged token;
- the resident flows — an opinion on a consultation, an SMS code for it, the budget vote's phone
  step, code step and ballot, the consent-renewal answer — with no token and a forged token;
- GET on each state-changing route, with the data of the change in the query string.

Controls that stop them: Django's ``CsrfViewMiddleware`` on every route (token in the form,
checked against the cookie; ``Origin``/``Referer`` checked over HTTPS); state changes only on
POST (a GET shows a page and changes nothing); cookies ``SameSite=Lax`` in production, so a
cross-site POST carries no session at all (checked in ``test_session_management``). One route is
exempt on purpose: the one-click unsubscribe of RFC 8058 (mail clients POST it without cookies);
its signed, per-person token is what protects it, and a forged token changes nothing.
"""

import re
import uuid

import pytest
from django.test import Client
from django.urls import Resolver404, get_resolver, resolve

from egov_plugin.budgeting.models import Ballot
from egov_plugin.consultations.models import ConsultationIndexPage, Opinion
from egov_plugin.core.models import VerificationCode
from egov_plugin.people.models import ConsentRecord
from tests.budgeting.factories import BudgetVotePageFactory
from tests.consultations.conftest import make_consultation
from tests.factories import SubscriberFactory
from tests.sitedata import ensure_site

pytestmark = pytest.mark.django_db

#: Routes that take a POST without a CSRF token, and why that is safe.
CSRF_EXEMPT = {
    "outreach/unsubscribe/%(token)s/": "RFC 8058 one-click unsubscribe; the signed token protects",
}

SAMPLES = {"IntConverter": "1", "UUIDConverter": str(uuid.UUID(int=1))}


def all_routes(resolver=None, prefix=""):
    """Every URL pattern of the site as a path with sample values (``/admin/pages/1/edit/``)."""
    resolver = resolver or get_resolver()
    routes = {}
    for _key, possibilities in resolver.reverse_dict.lists():
        for bits, _pattern, _defaults, converters in possibilities:
            for fmt, params in bits:
                values = {
                    # regex groups without a converter (Wagtail's documents, its page
                    # catch-all) get "1", which they all accept
                    p: SAMPLES.get(
                        type(converters.get(p)).__name__, "x" if p in converters else "1"
                    )
                    for p in params
                }
                # reverse_dict keeps the regex escapes of the route ("budget\\-votes")
                path = re.sub(r"\\(.)", r"\1", "/" + (prefix + fmt) % values)
                routes[prefix + fmt] = _resolvable(path)
    for _ns, (ns_prefix, sub) in resolver.namespace_dict.items():
        routes.update(all_routes(sub, prefix + ns_prefix))
    return routes


def _resolvable(path):
    """``path``, or ``path/`` where only that resolves (the page catch-all wants a slash)."""
    try:
        resolve(path)
    except Resolver404:
        return path + "/"
    return path


def is_csrf_refusal(response):
    return response.status_code == 403 and b"CSRF" in response.content


@pytest.fixture
def superuser_browser(django_user_model):
    user = django_user_model.objects.create_superuser("csrf-root", "root@example.org", "pw")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def test_every_route_refuses_a_post_without_a_token(superuser_browser):
    routes = all_routes()
    assert len([r for r in routes if r.startswith("admin/")]) > 300  # the whole admin is here
    accepted = {}
    for pattern, path in sorted(routes.items()):
        if pattern in CSRF_EXEMPT:
            continue
        response = superuser_browser.post(path, {"title": "csrf", "name": "csrf"})
        if not is_csrf_refusal(response):
            accepted[path] = response.status_code
    assert accepted == {}


def test_every_route_refuses_a_forged_token(superuser_browser):
    superuser_browser.cookies["csrftoken"] = "a" * 32
    accepted = {}
    for pattern, path in sorted(all_routes().items()):
        if pattern in CSRF_EXEMPT:
            continue
        response = superuser_browser.post(path, {"csrfmiddlewaretoken": "b" * 32})
        if not is_csrf_refusal(response):
            accepted[path] = response.status_code
    assert accepted == {}


@pytest.fixture
def resident_routes(regions, settings):
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    index = ensure_site().add_child(instance=ConsultationIndexPage(title="정책 제안", slug="c"))
    consultation = make_consultation(index, "성수동 공원 조성", identity_check="sms")
    vote = BudgetVotePageFactory()
    return consultation, vote


def _opinion(regions):
    return {
        "name": "김민수",
        "gender": "M",
        "age_band": "30s",
        "region": str(regions["마장동"].pk),
        "mobile": "010-0123-4567",
        "text": "공원에 그늘막을 설치해 주세요.",
        "stance": "agree",
        "consent": "on",
        "code": "123456",
    }


def _resident_posts(consultation, vote, regions):
    return [
        (consultation.url, _opinion(regions)),
        (consultation.url, {"action": "send_code", "mobile": "010-0123-4567"}),
        (vote.url + "verify/", {"phone": "010-0123-4567", "consent": "on"}),
        (vote.url + "verify/code/", {"code": "123456"}),
        (vote.url + "ballot/", {"projects": [p.pk for p in vote.projects.all()][:1]}),
    ]


def _state():
    return (
        Opinion.objects.count(),
        VerificationCode.objects.count(),
        Ballot.objects.count(),
        ConsentRecord.objects.count(),
    )


@pytest.mark.parametrize("token", [None, "forged"])
def test_resident_forms_refuse_a_missing_or_forged_token(resident_routes, regions, token):
    consultation, vote = resident_routes
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(consultation.url).status_code == 200  # the resident has a CSRF cookie
    before = _state()
    for url, data in _resident_posts(consultation, vote, regions):
        if token:
            data = {**data, "csrfmiddlewaretoken": "f" * 64}
        response = browser.post(url, data)
        assert is_csrf_refusal(response), (url, response.status_code)
    assert _state() == before


def test_get_changes_nothing_on_state_changing_routes(resident_routes, regions):
    consultation, vote = resident_routes
    browser = Client()
    before = _state()
    for url, data in _resident_posts(consultation, vote, regions):
        response = browser.get(url, data)
        assert response.status_code in (200, 302, 400, 403, 405), (url, response.status_code)
    assert _state() == before


def test_the_token_exempt_unsubscribe_needs_its_signed_token(regions):
    from egov_plugin.outreach.messages import unsubscribe_token

    person = SubscriberFactory().person
    browser = Client(enforce_csrf_checks=True)
    before = ConsentRecord.objects.count()
    # A forged or altered token: nothing is withdrawn.
    good = unsubscribe_token(person.pk, "email")
    for forged in ("x", good[:-2] + "aa", unsubscribe_token(person.pk, "email") + "0"):
        response = browser.post(f"/outreach/unsubscribe/{forged}/")
        assert response.status_code == 400
    # GET (a link scanner following the mail's link) only asks for confirmation.
    assert browser.get(f"/outreach/unsubscribe/{good}/").status_code == 200
    assert ConsentRecord.objects.count() == before
