"""Campaigns reach all three groups by one rule: an address and a recorded consent per channel.

An SMS campaign to "단체 회원 of 성수1가1동" goes, through the local NHN Cloud stand-in, to
exactly the members with an SMS basis, once each even when they are also subscribers or sit in
two organizations; the audience screen says, per group, why the others get nothing.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from egov_plugin.committees.models import Committee, CommitteeField, CommitteeMembership
from egov_plugin.insights import dashboard
from egov_plugin.organizations.models import OrganizationMembership
from egov_plugin.outreach import audience, sending
from egov_plugin.outreach.models import Campaign, Channel, Delivery
from egov_plugin.people import consent
from egov_plugin.people.audiences import reach
from egov_plugin.people.models import Person
from tests.factories import PersonFactory, SubscriberFactory
from tests.organizations.factories import OrganizationFactory

OLD = timezone.now() - datetime.timedelta(days=3 * 365)


def grant(person, channel="sms", **kwargs):
    consent.grant(person, channel, wording="소통 네트워크 관리카드", wording_version="1", **kwargs)


@pytest.fixture
def seongsu(db, regions):
    """Members of two organizations of 성수1가1동, each in a different standing for SMS."""
    here, elsewhere = regions["성수1가1동"], regions["왕십리도선동"]
    council = OrganizationFactory(name="성수1가1동 주민자치회", region=here)
    club = OrganizationFactory(name="성수 생활체육회", region=here)

    def member(name, *organizations, region=here, **contacts):
        person = PersonFactory(name=name, region=region, **contacts)
        for organization in organizations or (council,):
            OrganizationMembership.objects.create(organization=organization, person=person)
        return person

    people = {
        "basis": member("김기록"),
        # A subscriber (SMS flag and a record) in both organizations: still one message.
        "subscriber": member("이가입", council, club),
        "stale": member("박오래"),
        "no_record": member("최미동"),
        "withdrawn": member("정철회"),
        "opted_out": member("강거부"),
        "no_mobile": member("조메일", mobile=None, email="mail@example.org"),
        "elsewhere": member("윤타동", region=elsewhere),
    }
    SubscriberFactory(person=people["subscriber"], sms_consent=True)
    for key in ("basis", "subscriber", "withdrawn", "opted_out", "no_mobile", "elsewhere"):
        grant(people[key])
    grant(people["stale"], at=OLD)
    consent.withdraw(people["withdrawn"], "sms", source="staff")
    consent.withdraw(people["opted_out"], "sms", source=reach.OPTOUT_080_SOURCE)
    # In 성수1가1동 and reachable, but not organization members: not in this audience.
    SubscriberFactory(person=PersonFactory(name="한구독", region=here), sms_consent=True)
    expert = PersonFactory(name="오위원", region=here)
    grant(expert)
    committee = Committee.objects.create(
        name="성동구 복지위원회", field=CommitteeField.objects.first()
    )
    CommitteeMembership.objects.create(committee=committee, person=expert)
    people["region"] = here
    return people


@pytest.fixture
def campaign(seongsu, make_campaign):
    return make_campaign(audience={"group": "organization", "region": seongsu["region"].pk})


def reached_keys(seongsu, numbers):
    digits = {n.replace("-", "") for n in numbers}
    return {
        k
        for k, p in seongsu.items()
        if isinstance(p, Person) and (p.mobile or "").replace("-", "") in digits
    }


def test_sms_reaches_exactly_the_members_with_a_basis_once_each(seongsu, campaign, nhn):
    assert sending.start_campaign(campaign) == 3
    numbers = nhn.numbers()
    assert reached_keys(seongsu, numbers) == {"basis", "subscriber", "stale"}
    assert set(numbers.values()) == {1} and nhn.duplicates() == 0
    assert Delivery.objects.filter(campaign=campaign, status="sent").count() == 3
    # Every rule of subscribers holds for members: the 080 opt-out footer is in each message.
    assert all("080-123-4567" in m["content"] for m in nhn.messages)


def test_one_campaign_reaches_organization_and_committee_members_once_each(
    seongsu, make_campaign, nhn
):
    # 단체 회원 and 위원 of 성수1가1동 ticked together: the union, each person once.
    campaign = make_campaign(
        audience={"group": ["organization", "committee"], "region": seongsu["region"].pk}
    )
    expert = Person.objects.get(name="오위원")
    assert sending.start_campaign(campaign) == 4
    numbers = nhn.numbers()
    assert reached_keys(seongsu, numbers) == {"basis", "subscriber", "stale"}
    assert expert.mobile.replace("-", "") in {n.replace("-", "") for n in numbers}
    assert set(numbers.values()) == {1} and nhn.duplicates() == 0


def test_the_audience_form_offers_groups_together(seongsu):
    from egov_plugin.outreach.forms import CampaignForm

    form = CampaignForm()
    assert form.fields["audience_group"].widget.allow_multiple_selected
    # An audience saved before groups could be combined (one key) still shows as ticked.
    form.set_audience_initial({"group": "organization"})
    assert form.initial["audience_group"] == ["organization"]


def _reach_cells(html):
    return {k: int(v) for k, v in re.findall(r'data-reach="([\w:]+)"[^>]*>[^\d<]*(\d+)', html)}


def test_audience_screen_explains_the_rest_per_group(
    seongsu, campaign, administrator, admin_client_for, settings
):
    settings.LANGUAGE_CODE = "ko"
    with translation.override("ko"):
        html = (
            admin_client_for(administrator)
            .get(reverse("egov_outreach_campaigns:send", args=[campaign.pk]))
            .content.decode()
        )
    cells = _reach_cells(html)
    assert cells["organization:total"] == 7
    assert cells["organization:sms:reachable"] == 3
    assert cells["organization:sms:stale"] == 1
    for code in ("no_address", "no_record", "withdrawn", "opted_out"):
        assert cells[f"organization:sms:{code}"] == 1, code
    # The subscriber among them is counted in their group too; the whole audience once each.
    assert (cells["subscriber:total"], cells["subscriber:sms:reachable"]) == (1, 1)
    assert (cells["all:total"], cells["all:sms:reachable"]) == (7, 3)
    assert "committee:total" not in cells  # nobody of this audience sits on a committee
    # Everyone left an e-mail address, nobody agreed to e-mail.
    assert cells["organization:email:reachable"] == 0
    assert cells["organization:email:no_record"] == 7
    for label in (
        "연락처 없음",
        "동의 기록 없음",
        "동의 철회",
        "수신 거부",
        "동의 기간 만료(재동의 필요)",
    ):
        assert label in html


def test_confirm_step_shows_the_same_table(seongsu, campaign, administrator, admin_client_for):
    html = (
        admin_client_for(administrator)
        .get(reverse("egov_outreach_campaigns:confirm", args=[campaign.pk]))
        .content.decode()
    )
    assert _reach_cells(html)["organization:sms:reachable"] == 3


def test_reasons_follow_the_newest_record(seongsu):
    people = Person.objects.filter(pk__in=[p.pk for p in seongsu.values() if isinstance(p, Person)])
    codes = dict(reach.classify(people).values_list("name", reach.annotation(reach.SMS)))
    assert codes == {
        "김기록": "reachable",
        "이가입": "reachable",
        "박오래": "stale",
        "최미동": "no_record",
        "정철회": "withdrawn",
        "강거부": "opted_out",
        "조메일": "no_address",
        "윤타동": "reachable",
    }
    # Consenting again after an opt-out is a basis again: the newest record counts.
    grant(seongsu["opted_out"])
    assert reach.reachable(people, reach.SMS).filter(pk=seongsu["opted_out"].pk).exists()


def test_an_opt_out_after_the_start_stops_the_message(seongsu, campaign, settings):
    settings.EGOV_OUTREACH_TASK_SIZE = 100
    sending.freeze(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    consent.withdraw(seongsu["basis"], "sms", source=reach.UNSUBSCRIBE_SOURCE)
    lo = Delivery.objects.order_by("pk").first().pk
    totals = sending.send_batch(campaign.pk, Channel.SMS, lo, lo + 100)
    assert totals["sent"] == 2 and totals["skipped"] == 1
    skipped = Delivery.objects.get(campaign=campaign, person=seongsu["basis"])
    assert skipped.status == Delivery.Status.SKIPPED and skipped.reason


def test_dashboard_counts_members_by_the_same_rule(seongsu):
    counts = {row.key: row for row in dashboard.group_counts()}
    # 8 members (one outside 성수1가1동); reachable by SMS: basis, subscriber, stale, elsewhere.
    assert (counts["organization"].total, counts["organization"].sms) == (8, 4)
    assert counts["organization"].email == 0  # addresses, but nobody agreed to e-mail
    assert (counts["committee"].total, counts["committee"].sms) == (1, 1)
    assert set(audience.recipients(Campaign(send_sms=True), Channel.SMS)) == set(
        reach.reachable(Person.objects.all(), reach.SMS)
    )


def test_080_opt_outs_are_recorded_once_and_stop_members_sms(seongsu, campaign, nhn, tmp_path):
    from django.core.management import call_command

    from egov_plugin.core.models import AuditEvent

    listing = tmp_path / "080.txt"
    number = seongsu["basis"].mobile.replace("-", "")
    listing.write_text(f"{number}\n010-9999-0000\nnot a number\n", encoding="utf-8")
    call_command("egov_outreach_optout_080", str(listing))
    call_command("egov_outreach_optout_080", str(listing))  # the same list again: no change
    records = seongsu["basis"].consents.filter(channel="sms", granted=False)
    assert list(records.values_list("source", flat=True)) == [reach.OPTOUT_080_SOURCE]
    assert AuditEvent.objects.filter(object_id=str(seongsu["basis"].pk)).count() == 1
    assert sending.start_campaign(campaign) == 2
    assert "basis" not in reached_keys(seongsu, nhn.numbers())


def test_the_email_unsubscribe_link_is_an_opt_out_for_a_member(seongsu, client):
    from egov_plugin.outreach.messages import unsubscribe_token

    member = seongsu["basis"]
    grant(member, "email")
    people = Person.objects.filter(pk=member.pk)
    assert reach.reachable(people, reach.EMAIL).exists()
    token = unsubscribe_token(member.pk, "email")
    client.post(reverse("egov_outreach:unsubscribe", args=[token]))
    codes = reach.classify(people).values_list(reach.annotation(reach.EMAIL), "reach_sms")
    assert list(codes) == [("opted_out", "reachable")]  # only the channel it came by
