"""Moderating opinions in the admin, as 정책 담당: listing, approve, hide, answer, bulk actions."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from egov_plugin.consultations.models import Opinion
from egov_plugin.core.models import AuditEvent
from tests.consultations.conftest import make_consultation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_egov_consultations_opinion:list"
EDIT = "wagtailsnippets_egov_consultations_opinion:edit"
ADD = "wagtailsnippets_egov_consultations_opinion:add"
DELETE = "wagtailsnippets_egov_consultations_opinion:delete"


def bulk_url(action, ids=(), **params):
    query = [("id", pk) for pk in ids] + list(params.items())
    return reverse("wagtail_bulk_action", args=["egov_consultations", "opinion", action]) + (
        "?" + urlencode(query)
    )


def make_opinion(page, text, *, name="김민수", status=Opinion.Status.PENDING, **fields):
    person = PersonFactory(name=name)
    return Opinion.objects.create(
        page=page, person=person, name=name, mobile=person.mobile, text=text, status=status,
        **fields,
    )  # fmt: skip


@pytest.fixture
def reviewed(consultation_index, regions):
    return make_consultation(consultation_index, "성수동 공영주차장 조성", moderation="review")


@pytest.fixture
def opinions(reviewed, consultation):
    return {
        "pending": make_opinion(reviewed, "주차장 위에 공원을 만들어 주세요."),
        "rude": make_opinion(reviewed, "광고 문구입니다 지금 바로 클릭", name="이광고"),
        "hidden": make_opinion(
            reviewed, "예전에 숨긴 의견입니다.", status=Opinion.Status.HIDDEN, hidden_reason="중복"
        ),
        "unconfirmed": make_opinion(
            reviewed, "이메일 확인을 기다리는 의견", status=Opinion.Status.UNCONFIRMED
        ),
        "published": make_opinion(
            reviewed,
            "이미 게시된 의견입니다.",
            status=Opinion.Status.PUBLISHED,
            answer="검토 중입니다.",
        ),
        "elsewhere": make_opinion(
            consultation, "다른 정책에 대한 주차 의견", channel=Opinion.Channel.MOBILE
        ),
    }


@pytest.fixture
def staff(admin_client_for, policy_staff):
    return admin_client_for(policy_staff)


def edits(opinion):
    return AuditEvent.objects.filter(
        action="edit", object_type="egov_consultations.opinion", object_id=str(opinion.pk)
    )


def listed(response):
    return {o.pk for o in response.context["object_list"]}


def test_the_listing_filters_by_consultation_status_channel_and_answer(staff, opinions, reviewed):
    o = opinions
    assert staff.get(reverse(LIST)).status_code == 200
    by_page = staff.get(reverse(LIST), {"page": reviewed.pk})
    assert listed(by_page) == {o[k].pk for k in o if k != "elsewhere"}
    assert listed(staff.get(reverse(LIST), {"status": "pending"})) == {
        o["pending"].pk, o["rude"].pk, o["elsewhere"].pk}  # fmt: skip
    assert listed(staff.get(reverse(LIST), {"channel": "mobile"})) == {o["elsewhere"].pk}
    assert listed(staff.get(reverse(LIST), {"answered": "yes"})) == {o["published"].pk}
    unanswered = staff.get(reverse(LIST), {"answered": "no", "page": reviewed.pk})
    assert o["published"].pk not in listed(unanswered) and len(listed(unanswered)) == 4


def test_the_listing_searches_the_text_korean_aware(staff, opinions):
    # "주차장을" finds "주차장" inside other words; "주차" finds both parking opinions.
    assert listed(staff.get(reverse(LIST), {"q": "주차장을"})) == {opinions["pending"].pk}
    assert listed(staff.get(reverse(LIST), {"q": "주차"})) == {
        opinions["pending"].pk, opinions["elsewhere"].pk}  # fmt: skip
    event = AuditEvent.objects.filter(action="search").latest("pk")
    assert event.data["query"] == "주차"


def test_names_are_masked_unless_the_user_may_see_personal_data(staff, administrator, opinions):
    rude = opinions["rude"]
    html = staff.get(reverse(LIST)).content.decode()
    assert "이*고" in html and "이광고" not in html
    screen = staff.get(reverse(EDIT, args=[rude.pk])).content.decode()
    assert "이*고" in screen and "이광고" not in screen and rude.mobile not in screen
    assert rude.text in screen
    viewed = AuditEvent.objects.get(action="view", object_id=str(rude.pk))
    assert viewed.person_id == rude.person_id

    admin = Client()
    admin.force_login(administrator)
    assert "이광고" in admin.get(reverse(LIST)).content.decode()
    screen = admin.get(reverse(EDIT, args=[rude.pk])).content.decode()
    assert "이광고" in screen and rude.mobile in screen


def test_per_consultation_entry_points(staff, opinions, reviewed):
    html = staff.get(reverse(LIST), {"page": reviewed.pk}).content.decode()
    assert reverse("egov_expert_review:consultation", args=[reviewed.pk]) in html


def test_the_page_explorer_links_a_consultation_to_its_opinions(admin_client, reviewed):
    opinions_link = f"{reverse(LIST)}?page={reviewed.pk}"
    review_link = reverse("egov_expert_review:consultation", args=[reviewed.pk])
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[reviewed.get_parent().pk]))
    assert opinions_link in listing.content.decode()
    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[reviewed.pk]))
    assert opinions_link in editor.content.decode() and review_link in editor.content.decode()
    index_editor = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[reviewed.get_parent().pk])
    )
    assert reverse(LIST) + "?page=" not in index_editor.content.decode()


def test_approve_publishes_and_writes_one_audit_event(client, staff, opinions, reviewed):
    pending = opinions["pending"]
    response = staff.post(reverse(EDIT, args=[pending.pk]), {"action": "approve"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Opinion.Status.PUBLISHED
    [event] = edits(pending)
    assert event.person_id == pending.person_id and event.actor_label == "policy-lee"
    assert pending.text in client.get(reviewed.url).content.decode()


def test_an_unconfirmed_opinion_cannot_be_approved(staff, opinions):
    unconfirmed = opinions["unconfirmed"]
    staff.post(reverse(EDIT, args=[unconfirmed.pk]), {"action": "approve"})
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == Opinion.Status.UNCONFIRMED
    assert not edits(unconfirmed).exists()


def test_hiding_needs_a_reason(client, staff, opinions, reviewed):
    published = opinions["published"]
    refused = staff.post(reverse(EDIT, args=[published.pk]), {"action": "hide", "reason": "  "})
    assert refused.status_code == 400
    assert "reason" in refused.context["hide_form"].errors
    published.refresh_from_db()
    assert published.status == Opinion.Status.PUBLISHED and not edits(published).exists()

    staff.post(reverse(EDIT, args=[published.pk]), {"action": "hide", "reason": "개인정보 포함"})
    published.refresh_from_db()
    assert (published.status, published.hidden_reason) == ("hidden", "개인정보 포함")
    [event] = edits(published)
    assert event.reason == "개인정보 포함"
    assert published.text not in client.get(reviewed.url).content.decode()


def test_answer_an_opinion(client, staff, opinions, reviewed):
    pending = opinions["pending"]
    staff.post(reverse(EDIT, args=[pending.pk]), {"action": "approve"})
    answer = "주차장 상부 녹지화를 설계에 반영하겠습니다."
    response = staff.post(reverse(EDIT, args=[pending.pk]), {"action": "answer", "answer": answer})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.answer == answer and pending.answered_at is not None
    assert pending.answered_by_label == "policy-lee"
    assert edits(pending).count() == 2  # the approval and the answer
    assert answer in client.get(reviewed.url).content.decode()

    # Saving the same answer again changes nothing and records nothing.
    staff.post(reverse(EDIT, args=[pending.pk]), {"action": "answer", "answer": answer})
    assert edits(pending).count() == 2

    empty = staff.post(reverse(EDIT, args=[pending.pk]), {"action": "answer", "answer": ""})
    assert empty.status_code == 400 and "answer" in empty.context["answer_form"].errors


def test_bulk_approve_changes_and_audits_only_what_it_can(staff, opinions):
    o = opinions
    chosen = [o["pending"], o["rude"], o["unconfirmed"], o["published"], o["hidden"]]
    url = bulk_url("approve", [x.pk for x in chosen], next=reverse(LIST))
    confirm = staff.get(url)
    assert confirm.status_code == 200
    assert len(confirm.context["unchanged"]) == 2  # the unconfirmed and the published one

    assert staff.post(url).status_code == 302
    statuses = dict(Opinion.objects.values_list("pk", "status"))
    assert [statuses[x.pk] for x in chosen] == [
        "published", "published", "unconfirmed", "published", "published"]  # fmt: skip
    assert [edits(x).count() for x in chosen] == [1, 1, 0, 0, 1]


def test_bulk_hide_asks_the_reason_once(staff, opinions):
    o = opinions
    chosen = [o["pending"], o["rude"], o["published"]]
    url = bulk_url("hide", [x.pk for x in chosen], next=reverse(LIST))
    without = staff.post(url, {"reason": ""})
    assert without.status_code == 200 and "reason" in without.context["form"].errors
    assert not Opinion.objects.filter(status="hidden").exclude(pk=o["hidden"].pk).exists()

    assert staff.post(url, {"reason": "광고성 게시물"}).status_code == 302
    for opinion in chosen:
        opinion.refresh_from_db()
        assert (opinion.status, opinion.hidden_reason) == ("hidden", "광고성 게시물")
        [event] = edits(opinion)
        assert event.reason == "광고성 게시물"


def test_select_all_acts_on_the_filtered_listing_only(staff, opinions, reviewed):
    url = bulk_url("hide", ["all"], page=reviewed.pk, status="pending", next=reverse(LIST))
    staff.post(url, {"reason": "일괄 숨김"})
    hidden = set(Opinion.objects.filter(hidden_reason="일괄 숨김").values_list("pk", flat=True))
    assert hidden == {opinions["pending"].pk, opinions["rude"].pk}


def test_opinions_are_neither_added_nor_deleted_in_the_admin(staff, admin_client, opinions):
    home = reverse("wagtailadmin_home")
    assert staff.get(reverse(ADD))["Location"] == home
    pending = opinions["pending"]
    for client in (staff, admin_client):  # not even a superuser
        client.post(reverse(DELETE, args=[pending.pk]))
        client.post(bulk_url("delete", [pending.pk], next=reverse(LIST)))
    assert Opinion.objects.filter(pk=pending.pk).exists()


def test_other_staff_cannot_moderate(admin_client_for, django_user_model, opinions):
    from django.contrib.auth.models import Group

    from egov_plugin.people import roles

    user = django_user_model.objects.create_user("org-choi", password="pw")
    user.groups.add(Group.objects.get(name=roles.ORGANIZATION_STAFF))
    client = admin_client_for(user)
    pending = opinions["pending"]
    client.post(reverse(EDIT, args=[pending.pk]), {"action": "approve"})
    client.post(bulk_url("approve", [pending.pk], next=reverse(LIST)))
    pending.refresh_from_db()
    assert pending.status == Opinion.Status.PENDING and not edits(pending).exists()


def test_the_moderation_screen_shows_each_state(staff, opinions):
    for opinion in opinions.values():
        response = staff.get(reverse(EDIT, args=[opinion.pk]))
        assert response.status_code == 200
        assert response.context["can_approve"] == (opinion.status in ("pending", "hidden"))
    html = staff.get(reverse(EDIT, args=[opinions["hidden"].pk])).content.decode()
    assert "중복" in html  # the reason it was hidden
