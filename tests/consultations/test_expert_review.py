"""Closed expert review end to end, with mail through a real SMTP server on loopback.

Staff invite in the admin → each expert receives a personal link → following it opens the
closed consultation → the opinion is stored as an expert review → staff see it answered.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from egov_plugin.committees.models import Committee, CommitteeField, CommitteeMembership
from egov_plugin.consultations import review
from egov_plugin.consultations.models import ExpertInvitation, Opinion
from egov_plugin.core import sms
from egov_plugin.core.models import AuditEvent
from tests.consultations.conftest import make_consultation
from tests.consultations.smtp import smtp  # noqa: F401 - fixture
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REVIEW = "egov_expert_review:consultation"
REMIND = "egov_expert_review:remind"
OPINIONS = "wagtailsnippets_egov_consultations_opinion:list"
MATERIAL = "자문 자료: 성수동 도시재생 활성화 계획(안) 요약"


def ko(text):
    """A message as the Korean site shows it (the same text while no translation exists)."""
    with translation.override("ko"):
        return translation.gettext(text)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    sms.outbox.clear()
    cache.clear()


@pytest.fixture
def closed(consultation_index, regions):
    return make_consultation(
        consultation_index,
        "성수동 도시재생 전문가 자문",
        visibility="closed",
        body=[{"type": "text", "value": f"<p>{MATERIAL}</p>"}],
    )


@pytest.fixture
def committee():
    committee = Committee.objects.create(
        name="도시재생위원회", field=CommitteeField.objects.first()
    )
    for name, email in [
        ("김도시", "kim.city@example.org"),
        ("이재생", "lee.renewal@example.org"),
        ("박전화", ""),  # no address: cannot be invited by e-mail
    ]:
        CommitteeMembership.objects.create(
            committee=committee, person=PersonFactory(name=name, email=email)
        )
    return committee


def review_url(page):
    return reverse(REVIEW, args=[page.pk])


def test_invite_a_committee_follow_the_link_answer_and_see_it_in_the_admin(
    smtp,  # noqa: F811
    admin_client_for,
    policy_staff,
    closed,
    committee,
    regions,
):
    staff = admin_client_for(policy_staff)
    assert staff.get(review_url(closed)).status_code == 200
    response = staff.post(review_url(closed), {"committees": [committee.pk], "current_only": "on"})
    assert response.status_code == 302

    # One message per member with an address, each with their own link.
    assert sorted(smtp.recipients()) == ["kim.city@example.org", "lee.renewal@example.org"]
    body = smtp.to("kim.city@example.org")[0]
    assert "김도시" in body and closed.title in body
    links = smtp.links("/review/")
    assert len(set(links)) == 2
    kim = ExpertInvitation.objects.get(person__email="kim.city@example.org")
    [link] = [path for path in links if path in body]
    assert kim.opened_at is None and kim.invited_by_label == "policy-lee"

    # Before the link, the closed consultation shows neither material nor form.
    expert = Client()
    refused = expert.get(closed.url)
    assert refused.status_code == 404 and MATERIAL not in refused.content.decode()

    # The link asks for a code, sent to the expert (by SMS: the registry has a mobile).
    followed = expert.get(link)
    assert followed.status_code == 200 and MATERIAL not in followed.content.decode()
    expert.post(link, {"action": "send"})
    [text] = [m.text for m in sms.outbox if m.to == kim.person.mobile]
    code = re.search(r"\d{6}", text).group(0)
    admitted = expert.post(link, {"action": "check", "code": code})
    assert admitted.status_code == 302 and admitted["Location"] == closed.url
    kim.refresh_from_db()
    assert kim.opened_at is not None and kim.answered_at is None

    shown = expert.get(closed.url)
    html = shown.content.decode()
    assert shown.status_code == 200 and MATERIAL in html
    form = shown.context["form"]
    assert form.initial["name"] == "김도시"
    # The contact is shown masked and never sent back in a field.
    assert "kim.city@example.org" not in html and "k***@example.org" in html

    data = {key: value for key, value in form.initial.items() if value}
    data.update(
        region=str(regions["성수1가1동"].pk),
        text="1단계 사업지에 주민 공유공간을 먼저 조성하는 방안을 제안합니다.",
        consent="on",
    )
    answered = expert.post(closed.url, data)
    assert answered.status_code == 302, answered.context["form"].errors
    opinion = Opinion.objects.get()
    assert (opinion.channel, opinion.person_id) == ("expert_review", kim.person_id)
    assert opinion.status == Opinion.Status.PENDING
    kim.refresh_from_db()
    assert kim.answered_at is not None

    listing = staff.get(reverse(OPINIONS), {"page": closed.pk})
    assert [o.pk for o in listing.context["object_list"]] == [opinion.pk]
    assert "1단계 사업지에 주민 공유공간" in listing.content.decode()

    status = staff.get(review_url(closed))
    assert status.context["counts"] == {"invited": 2, "opened": 1, "answered": 1}
    states = {i.person.name: i.state for i in status.context["table"].data}
    assert states == {"김도시": review.State.ANSWERED, "이재생": review.State.SENT}


def test_the_status_table_masks_names_unless_permitted(
    admin_client_for, policy_staff, administrator, closed
):
    person = PersonFactory(name="김도시", email="kim.city@example.org")
    ExpertInvitation.objects.create(
        page=closed, person=person, expires_at=timezone.now() + timedelta(days=3)
    )
    masked = admin_client_for(policy_staff).get(review_url(closed)).content.decode()
    assert "김*시" in masked and "김도시" not in masked
    assert "kim.city@example.org" not in masked
    shown = admin_client_for(administrator).get(review_url(closed)).content.decode()
    assert "김도시" in shown and "kim.city@example.org" in shown
    # Each look at the table is an audit event.
    assert AuditEvent.objects.filter(action="list", data__page=closed.pk).count() == 2


def _invitation(page, **fields):
    return ExpertInvitation.objects.create(
        page=page,
        person=PersonFactory(name="이재생", email="lee.renewal@example.org"),
        expires_at=fields.pop("expires_at", timezone.now() + timedelta(days=10)),
        **fields,
    )


def test_a_tampered_link_is_refused_with_a_message(client, closed):
    invitation = _invitation(closed)
    token = review.make_token(invitation)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.get(closed.url + closed.reverse_subpage("review", args=[tampered]))
    assert response.status_code == 403
    assert ko("This invitation link is not valid.") in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.opened_at is None
    assert client.get(closed.url).status_code == 404  # nothing remembered in the session


def test_an_expired_invitation_is_refused_with_a_message(client, closed):
    invitation = _invitation(closed, expires_at=timezone.now() - timedelta(minutes=1))
    url = closed.url + closed.reverse_subpage("review", args=[review.make_token(invitation)])
    response = client.get(url)
    assert response.status_code == 403
    expired = ko("This invitation link has expired. Please ask the department for a new one.")
    assert expired in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.opened_at is None
    assert client.get(closed.url).status_code == 404


def test_a_link_to_another_consultation_is_refused(client, consultation_index, closed):
    other = make_consultation(consultation_index, "다른 자문", visibility="closed")
    invitation = _invitation(other)
    url = closed.url + closed.reverse_subpage("review", args=[review.make_token(invitation)])
    assert client.get(url).status_code == 403


def test_reminders_go_only_to_those_who_have_not_answered(
    smtp,  # noqa: F811
    admin_client_for,
    policy_staff,
    closed,
):
    now = timezone.now()
    waiting = ExpertInvitation.objects.create(
        page=closed,
        person=PersonFactory(email="waiting@example.org"),
        expires_at=now + timedelta(days=5),
        opened_at=now,
    )
    expired = ExpertInvitation.objects.create(
        page=closed,
        person=PersonFactory(email="late@example.org"),
        expires_at=now - timedelta(days=1),
    )
    answered = ExpertInvitation.objects.create(
        page=closed,
        person=PersonFactory(email="done@example.org"),
        expires_at=now + timedelta(days=5),
        answered_at=now,
    )
    staff = admin_client_for(policy_staff)
    page = staff.get(review_url(closed))
    assert page.context["remind_count"] == 2

    response = staff.post(reverse(REMIND, args=[closed.pk]), {"remind": "all"})
    assert response.status_code == 302
    assert sorted(smtp.recipients()) == ["late@example.org", "waiting@example.org"]
    for invitation in (waiting, expired, answered):
        invitation.refresh_from_db()
    assert waiting.reminded_at and expired.reminded_at and answered.reminded_at is None
    # The reminder's link works: an expired invitation is renewed by it.
    assert expired.expires_at > now + timedelta(days=7)
    [late_link] = [p for p in smtp.links("/review/") if p in smtp.to("late@example.org")[0]]
    # (A valid link asks for the code; a dead one answers 403 with the reason.)
    assert Client().get(late_link).status_code == 200

    # Reminding one chosen person writes to that person only.
    smtp.envelopes.clear()
    staff.post(reverse(REMIND, args=[closed.pk]), {"remind": "selected", "invitation": waiting.pk})
    assert smtp.recipients() == ["waiting@example.org"]
    # One audit event per batch of reminders.
    assert (
        AuditEvent.objects.filter(
            action="export", data__page=closed.pk, data__has_key="reminded"
        ).count()
        == 2
    )


def test_invite_people_by_email_and_mobile_lines(
    smtp,  # noqa: F811
    admin_client_for,
    policy_staff,
    closed,
):
    by_mail = PersonFactory(name="정메일", email="jung@example.org")
    by_phone = PersonFactory(name="최전화", mobile="010-2345-6789", email="choi@example.org")
    staff = admin_client_for(policy_staff)
    contacts = "JUNG@example.org\n010 2345 6789; jung@example.org\n"
    response = staff.post(review_url(closed), {"contacts": contacts})
    assert response.status_code == 302
    assert sorted(smtp.recipients()) == ["choi@example.org", "jung@example.org"]
    invited = set(ExpertInvitation.objects.values_list("person_id", flat=True))
    assert invited == {by_mail.pk, by_phone.pk}

    # Inviting again writes to no one: each person is invited once per consultation.
    staff.post(review_url(closed), {"contacts": "jung@example.org"})
    assert len(smtp.envelopes) == 2


@pytest.mark.parametrize(
    ("contacts", "line"),
    [
        ("jung@example.org\nnobody@example.org", 2),
        ("jung@example.org\n02-123-4567", 2),
        ("not a contact", 1),
    ],
)
def test_a_contact_that_matches_no_one_is_an_error_and_nothing_is_sent(
    smtp,  # noqa: F811
    admin_client_for,
    policy_staff,
    closed,
    contacts,
    line,
):
    PersonFactory(email="jung@example.org")
    response = admin_client_for(policy_staff).post(review_url(closed), {"contacts": contacts})
    assert response.status_code == 400
    errors = response.context["form"].errors["contacts"]
    assert any(f"{line}" in error for error in errors)
    assert smtp.envelopes == [] and ExpertInvitation.objects.count() == 0


def test_an_empty_invitation_form_is_refused(admin_client_for, policy_staff, closed):
    response = admin_client_for(policy_staff).post(review_url(closed), {"contacts": " \n"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()


def test_when_the_mail_server_is_down_nothing_is_stored(
    admin_client_for, policy_staff, closed, committee, settings
):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    response = admin_client_for(policy_staff).post(
        review_url(closed), {"committees": [committee.pk], "current_only": "on"}, follow=True
    )
    assert response.status_code == 200
    assert ExpertInvitation.objects.count() == 0
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_email_confirmation_through_smtp(
    smtp,  # noqa: F811
    client,
    consultation_index,
    opinion_data,
):
    page = make_consultation(consultation_index, "이메일 확인 정책", identity_check="email")
    data = {**opinion_data, "mobile": "", "email": "resident@example.net"}
    response = client.post(page.url, data)
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.status == Opinion.Status.UNCONFIRMED
    assert opinion.text not in client.get(page.url).content.decode()
    assert opinion.person is None  # the address is not verified yet: nobody is linked

    assert smtp.recipients() == ["resident@example.net"]
    [link] = smtp.links("/confirm/")
    tampered = link.replace("/confirm/", "/confirm/x")
    assert client.get(tampered).status_code == 403
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.UNCONFIRMED

    confirmed = client.get(link)
    assert confirmed.status_code == 302 and confirmed["Location"].endswith("/thanks/")
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.PUBLISHED
    assert opinion.text in client.get(page.url).content.decode()
    # The signed link reached the address: now the opinion is linked, by that address only.
    person = opinion.person
    assert (person.email, person.mobile) == ("resident@example.net", None)
    assert person.consents.get().channel == "personal_data"


def test_staff_without_the_permission_cannot_invite(admin_client_for, closed, django_user_model):
    from django.contrib.auth.models import Group

    from egov_plugin.people import roles

    user = django_user_model.objects.create_user("committee-only", password="pw")
    user.groups.add(Group.objects.get(name=roles.COMMITTEE_STAFF))
    PersonFactory(email="x@example.org")
    client = admin_client_for(user)
    home = reverse("wagtailadmin_home")
    assert client.get(review_url(closed))["Location"] == home
    assert client.post(review_url(closed), {"contacts": "x@example.org"})["Location"] == home
    assert ExpertInvitation.objects.count() == 0


def test_the_list_of_consultations_counts_invitations(admin_client_for, policy_staff, closed):
    now = timezone.now()
    for opened, answered in [(now, now), (now, None), (None, None)]:
        ExpertInvitation.objects.create(
            page=closed,
            person=PersonFactory(),
            expires_at=now + timedelta(days=3),
            opened_at=opened,
            answered_at=answered,
        )
    response = admin_client_for(policy_staff).get(reverse("egov_expert_review:index"))
    assert response.status_code == 200
    [row] = [p for p in response.context["table"].data if p.pk == closed.pk]
    assert (row.invited, row.opened, row.answered) == (3, 2, 1)
    assert review_url(closed) in response.content.decode()


def test_the_menu_offers_the_screens_to_policy_staff_only(
    admin_client_for, policy_staff, django_user_model
):
    from django.contrib.auth.models import Group

    from egov_plugin.people import roles

    screens = [reverse("egov_expert_review:index"), reverse(OPINIONS)]
    html = admin_client_for(policy_staff).get(reverse("wagtailadmin_home")).content.decode()
    assert all(url in html for url in screens)
    other = django_user_model.objects.create_user("org-choi", password="pw")
    other.groups.add(Group.objects.get(name=roles.ORGANIZATION_STAFF))
    html = admin_client_for(other).get(reverse("wagtailadmin_home")).content.decode()
    assert not any(url in html for url in screens)
