"""A closed (expert-only) consultation is invisible to the public everywhere (issue 13, item 10).

KISA 정보 누출: the title, summary and existence of a closed consultation must not reach anyone
but its invitees (and the staff who edit it) — not through the index and its search, Wagtail's
search index, a sitemap, share metadata, share links or a QR code.
"""

from datetime import timedelta

import pytest
from django.contrib.sites.requests import RequestSite
from django.test import Client
from django.utils import timezone
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page

from egov_plugin.consultations.models import ConsultationPage, ExpertInvitation
from tests.consultations.conftest import make_consultation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SECRET_TITLE = "왕십리 재개발 비공개 자문"
SECRET_SUMMARY = "재개발 구역 경계 조정안을 전문가에게만 묻습니다"


@pytest.fixture
def closed(consultation_index, regions):
    return make_consultation(
        consultation_index, SECRET_TITLE, visibility="closed", summary=SECRET_SUMMARY
    )


@pytest.fixture
def public(consultation_index, regions):
    return make_consultation(consultation_index, "왕십리 공원 개선 의견 수렴")


def invitee_client(page):
    """A browser in which an invited expert has proved who they are."""
    invitation = ExpertInvitation.objects.create(
        page=page,
        person=PersonFactory(name="김자문", email="kim@example.org", mobile=None),
        expires_at=timezone.now() + timedelta(days=5),
    )
    client = Client()
    session = client.session
    session[f"egov_review_{page.pk}"] = invitation.pk  # what a verified link leaves
    session.save()
    return client


def test_the_index_lists_only_public_consultations(client, consultation_index, closed, public):
    response = client.get(consultation_index.url)
    html = response.content.decode()
    assert [p.title for p in response.context["consultations"]] == [public.title]
    assert SECRET_TITLE not in html and SECRET_SUMMARY not in html


@pytest.mark.parametrize("query", ["재개발", "비공개 자문", "경계 조정안"])
def test_the_index_search_does_not_find_it(client, consultation_index, closed, public, query):
    response = client.get(consultation_index.url, {"q": query})
    assert list(response.context["consultations"]) == []
    assert SECRET_TITLE not in response.content.decode()


def test_its_page_is_not_found_for_the_public_and_names_nothing(client, closed):
    response = client.get(closed.url)
    assert response.status_code == 404
    html = response.content.decode()
    assert SECRET_TITLE not in html and SECRET_SUMMARY not in html


def test_the_queryset_method_drops_closed_consultations(closed, public):
    from egov_plugin.consultations.visibility import visible_to_public

    assert list(ConsultationPage.objects.visible_to_public()) == [public]
    # Any page queryset, whatever page types it mixes (menus, site search, home page lists).
    pages = visible_to_public(Page.objects.all())
    assert public.page_ptr in pages and closed.page_ptr not in pages
    assert visible_to_public(Page.objects.all()).filter(pk=closed.pk).count() == 0


def test_wagtail_search_does_not_find_it(closed, public):
    found = Page.objects.live().public().search("재개발")
    assert closed.pk not in [p.pk for p in found]
    assert public.pk in [p.pk for p in Page.objects.live().public().search("공원")]


def test_a_public_consultation_closed_later_leaves_the_search_index(public):
    assert public.pk in [p.pk for p in Page.objects.live().search("공원")]
    public.visibility = "closed"
    public.save_revision().publish()
    assert public.pk not in [p.pk for p in Page.objects.live().search("공원")]
    # And comes back when it is opened to the public again.
    public.visibility = "public"
    public.save_revision().publish()
    assert public.pk in [p.pk for p in Page.objects.live().search("공원")]


def test_the_sitemap_leaves_it_out(rf, closed, public):
    request = rf.get("/sitemap.xml")
    locations = [url["location"] for url in Sitemap(request).get_urls(site=RequestSite(request))]
    assert any(location.endswith(public.url) for location in locations)
    assert not any(location.endswith(closed.url) for location in locations)


def test_an_invitee_sees_it_without_share_metadata_links_or_qr_code(closed):
    expert = invitee_client(closed)
    response = expert.get(closed.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET_SUMMARY in html  # the material is theirs to read
    for leak in ('property="og:', 'name="twitter:', 'name="description"', "qr/qr/"):
        assert leak not in html, leak
    assert response.context["share_links"] == []
    assert '<meta name="robots" content="noindex' in html


@pytest.mark.parametrize("who", ["public", "invitee"])
def test_its_qr_code_is_not_served(client, closed, who):
    browser = client if who == "public" else invitee_client(closed)
    url = closed.url + closed.reverse_subpage("qr", args=["kakao"])
    assert browser.get(url).status_code == 404


def test_a_public_consultation_keeps_its_share_metadata(client, public):
    html = client.get(public.url).content.decode()
    assert 'property="og:title"' in html and "qr/qr/" in html
    qr = client.get(public.url + public.reverse_subpage("qr", args=["kakao"]))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/png"


def test_the_home_page_lists_no_closed_consultation(client, home, regions):
    # Where a site places a consultation right under its home page (a page type of its own,
    # or one added in code), the home page's list goes through the same rule.
    from egov_plugin.consultations.models import ConsultationPage

    now = timezone.now()
    for title, visibility in [(SECRET_TITLE, "closed"), ("공개 정책 의견 수렴", "public")]:
        page = ConsultationPage(
            title=title, slug=f"home-{visibility}", visibility=visibility,
            opens_at=now, closes_at=now + timedelta(days=3),
        )  # fmt: skip
        home.add_child(instance=page)
        page.save_revision().publish()
    html = client.get(home.url).content.decode()
    assert "공개 정책 의견 수렴" in html and SECRET_TITLE not in html
