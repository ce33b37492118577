"""Every people, member and opinion listing offers its current selection as .xlsx and .csv from
a header button that carries the listing's search and filters; the export asks a reason."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from egov_plugin.committees.models import CommitteeMembership
from egov_plugin.consultations.models import Opinion
from egov_plugin.core.models import AuditEvent
from egov_plugin.organizations.models import OrganizationMembership
from tests.consultations.conftest import make_consultation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def export_link(response, url_name):
    """The header button's link to the export ``url_name``, or ``None``."""
    base = reverse(url_name)
    for href in re.findall(r'href="([^"]*)"', response.content.decode()):
        href = html.unescape(href)
        if href.split("?")[0] == base:
            return href
    return None


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_people_listing_exports_its_search_and_filters(regions, admin_client_for, administrator):
    minsu = PersonFactory(name="김민수", mobile="010-1234-5678", region=regions["마장동"])
    PersonFactory(name="김민수", mobile="010-9999-5678", region=regions["사근동"])
    PersonFactory(name="박서준", mobile="010-4444-4444", region=regions["마장동"])
    client = admin_client_for(administrator)
    listing = client.get(
        reverse("egov_people:index"), {"q": "민수", "region": regions["마장동"].pk}
    )
    link = export_link(listing, "egov_imports:export_people")
    assert link is not None and "q=" in link and f"region={regions['마장동'].pk}" in link

    assert client.get(link).status_code == 200
    for export_format in ("xlsx", "csv"):
        response = client.post(link, {"format": export_format, "reason": "동 주민 간담회"})
        if export_format == "csv":
            rows = csv_rows(response)
        else:
            content = b"".join(response.streaming_content)
            rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
        assert [(r[0], r[1]) for r in rows[1:]] == [("김민수", "010-1234-5678")], export_format
        # 등록일 is the Seoul wall-clock time (spreadsheets have no time zones).
        local = timezone.localtime(minsu.created_at).replace(tzinfo=None, microsecond=0)
        assert str(rows[1][7])[:19] == local.isoformat(sep=" "), export_format
    events = AuditEvent.objects.filter(action="export")
    assert [e.data["format"] for e in events.order_by("pk")] == ["xlsx", "csv"]
    assert {e.reason for e in events} == {"동 주민 간담회"}
    assert events.first().data["selection"]["q"] == ["민수"]


def test_people_listing_shows_no_export_to_staff_who_see_it_masked(
    regions, admin_client_for, policy_staff
):
    client = admin_client_for(policy_staff)
    listing = client.get(reverse("egov_people:index"))
    assert listing.status_code == 200
    assert export_link(listing, "egov_imports:export_people") is None
    assert client.get(reverse("egov_imports:export_people")).status_code in (302, 403)


def test_opinion_listing_exports_its_selection_masked_for_policy_staff(
    consultation, consultation_index, admin_client_for, policy_staff
):
    other = make_consultation(consultation_index, "성수동 공영주차장 조성")
    for page, text in (
        (consultation, "가로등을 늘려 주세요."),
        (consultation, "버스 정류장에 그늘막을."),
        (other, "가로등이 너무 밝아요."),
    ):
        Opinion.objects.create(
            page=page, name="김민수", mobile="010-1234-5678", text=text,
            status=Opinion.Status.PUBLISHED,
        )  # fmt: skip
    client = admin_client_for(policy_staff)
    listing = client.get(
        reverse("wagtailsnippets_egov_consultations_opinion:list"),
        {"page": consultation.pk, "q": "가로등"},
    )
    link = export_link(listing, "egov_imports:export_opinions")
    assert link is not None and f"page={consultation.pk}" in link and "q=" in link
    response = client.post(link, {"format": "csv", "reason": "의견 결과 보고"})
    rows = csv_rows(response)
    assert [r[7] for r in rows[1:]] == ["가로등을 늘려 주세요."]
    # 정책 담당 see names and contacts masked in the listing, and so in the export.
    assert rows[1][1:3] == ["김*수", "010-1234-****"]
    event = AuditEvent.objects.get(action="export")
    assert event.reason == "의견 결과 보고" and event.data["rows"] == 1


def test_member_listings_offer_the_export_of_their_selection(
    regions, admin_client_for, administrator, organization, committee
):
    person = PersonFactory(name="김민수", mobile="010-1234-5678", email="minsu@example.com")
    CommitteeMembership.objects.create(committee=committee, person=person)
    OrganizationMembership.objects.create(organization=organization, person=person)
    client = admin_client_for(administrator)
    for listing_name, export_name in (
        ("egov_committee_members:index", "egov_committee_members:export"),
        ("egov_organization_members:index", "egov_organization_members:export"),
    ):
        listing = client.get(reverse(listing_name), {"q": "민수"})
        link = export_link(listing, export_name)
        assert link is not None and "q=" in link, listing_name
        response = client.post(link, {"format": "csv", "reason": "명단 확인"})
        rows = csv_rows(response)
        assert len(rows) == 2 and rows[1][0] == "김민수", listing_name
    assert AuditEvent.objects.filter(action="export", reason="명단 확인").count() == 2
