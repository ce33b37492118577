"""Activities in the admin, as a 단체 담당: photos, participants, bad input, search."""

import datetime
import json

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from egov_plugin.organizations.media_permissions import COLLECTION_NAME
from egov_plugin.organizations.models import Activity, ActivityPhoto
from tests.factories import PersonFactory

from .factories import (
    ActivityFactory,
    ImageFactory,
    MembershipFactory,
    OrganizationFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_egov_organizations_activity:add"
EDIT = "wagtailsnippets_egov_organizations_activity:edit"
LIST = "wagtailsnippets_egov_organizations_activity:list"


@pytest.fixture
def organization(organization_staff):
    organization = OrganizationFactory(name="행당1동 새마을지도자협의회")
    organization.managers.add(organization_staff)
    return organization


def _activity_form(organization, *, photos=(), participants=(), **fields):
    data = nested_form_data(
        {
            "organization": organization.pk,
            "start_date": "2014-05-10",
            "end_date": "",
            "title": "하천변 환경 정화",
            "description": "회원들이 중랑천 산책로에서 청소를 했습니다.",
            "place": "중랑천 산책로",
            "participant_count": "25",
            "photos": inline_formset(list(photos)),
            **fields,
        }
    )
    data["participants"] = [p.pk for p in participants]
    return data


def _photo(image, **overrides):
    return {
        "image": image.pk,
        "alt_text": "산책로에서 쓰레기를 줍는 회원들",
        "caption": "",
        **overrides,
    }


def test_create_an_activity_with_a_photo_and_participants(
    admin_client_for, organization_staff, organization
):
    members = [MembershipFactory(organization=organization).person for _ in range(3)]
    image = ImageFactory()
    response = admin_client_for(organization_staff).post(
        reverse(ADD),
        _activity_form(organization, photos=[_photo(image)], participants=members[:2]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get()
    assert activity.title == "하천변 환경 정화" and activity.participant_count == 25
    assert set(activity.participants.all()) == set(members[:2])
    photo = activity.photos.get()
    assert photo.image == image and photo.alt_text == "산책로에서 쓰레기를 줍는 회원들"


def test_edit_an_activity(admin_client_for, organization_staff, organization):
    activity = ActivityFactory(organization=organization, title="방역 봉사")
    image = ImageFactory()
    response = admin_client_for(organization_staff).post(
        reverse(EDIT, args=[activity.pk]),
        _activity_form(
            organization, photos=[_photo(image)], title="여름철 방역 봉사", end_date="2014-05-11"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity.refresh_from_db()
    assert activity.title == "여름철 방역 봉사"
    assert activity.end_date == datetime.date(2014, 5, 11) and activity.photos.count() == 1


def test_the_add_link_of_an_organization_offers_its_members_only(
    admin_client_for, organization_staff, organization
):
    MembershipFactory(organization=organization, person=PersonFactory(name="김회원"))
    MembershipFactory(person=PersonFactory(name="이외부"))  # another organization's member
    client = admin_client_for(organization_staff)
    html = client.get(reverse(ADD), {"organization": organization.pk}).content.decode()
    assert "김회원" in html and "이외부" not in html
    # Without an organization there is nobody to tick yet, and the form says why.
    html = client.get(reverse(ADD)).content.decode()
    assert "김회원" not in html and "이외부" not in html


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start_date": ""}, "start_date"),
        ({"start_date": "2014-05-10", "end_date": "2014-05-09"}, "end_date"),
        ({"start_date": "5월 10일"}, "start_date"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_dates_are_refused_on_their_field(
    admin_client_for, organization_staff, organization, change, field
):
    image = ImageFactory()
    response = admin_client_for(organization_staff).post(
        reverse(ADD), _activity_form(organization, photos=[_photo(image)], **change)
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert Activity.objects.count() == 0 and ActivityPhoto.objects.count() == 0


def test_an_end_before_the_start_says_so(admin_client_for, organization_staff, organization):
    response = admin_client_for(organization_staff).post(
        reverse(ADD), _activity_form(organization, end_date="2014-05-01")
    )
    with translation.override("en"):
        message = str(response.context["form"].errors["end_date"][0])
    assert message == "The activity cannot end before it starts."


def test_a_participant_who_is_not_a_member_is_refused(
    admin_client_for, organization_staff, organization
):
    outsider = MembershipFactory().person  # a member of another organization
    response = admin_client_for(organization_staff).post(
        reverse(ADD), _activity_form(organization, participants=[outsider])
    )
    assert list(response.context["form"].errors) == ["participants"]
    assert Activity.objects.count() == 0


def test_a_photo_needs_its_alternative_text(admin_client_for, organization_staff, organization):
    image = ImageFactory()
    response = admin_client_for(organization_staff).post(
        reverse(ADD), _activity_form(organization, photos=[_photo(image, alt_text="")])
    )
    assert response.status_code == 200
    photo_form = response.context["form"].formsets["photos"].forms[0]
    assert list(photo_form.errors) == ["alt_text"]
    assert Activity.objects.count() == 0 and ActivityPhoto.objects.count() == 0


def _upload(client, name, content, content_type):
    from wagtail.models import Collection

    collection = Collection.objects.get(name=COLLECTION_NAME)
    return client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": name,
            "image-chooser-upload-collection": collection.pk,
            "image-chooser-upload-file": SimpleUploadedFile(name, content, content_type),
        },
    )


def test_organization_staff_upload_photos_from_the_chooser(admin_client_for, organization_staff):
    response = _upload(admin_client_for(organization_staff), "현장.jpg", jpeg_bytes(), "image/jpeg")
    assert json.loads(response.content)["step"] == "chosen"
    assert get_image_model().objects.get().collection.name == COLLECTION_NAME


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("회의록.txt", "회의록".encode(), "text/plain"),
        ("사진.jpg", b"this is not a photo", "image/jpeg"),
        ("자료.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused_with_a_message(
    admin_client_for, organization_staff, name, content, content_type
):
    response = _upload(admin_client_for(organization_staff), name, content, content_type)
    payload = json.loads(response.content)
    assert payload["step"] == "reshow_creation_form"
    with translation.override("ko"):
        message = str(forms.ImageField.default_error_messages["invalid_image"])
    html = payload["htmlFragment"]
    file_field = html[html.index('data-contentpath="file"') :]
    assert message in file_field[: file_field.index("</div>")]  # the message on the file field
    assert get_image_model().objects.count() == 0


# Search ---------------------------------------------------------------------------------


@pytest.fixture
def activities(organization):
    other = OrganizationFactory(name="금호4가동 주민자치회")
    return {
        "cleaning": ActivityFactory(
            organization=organization,
            title="하천변 환경 정화",
            description="회원 20명이 청소를 했습니다.",
            start_date=datetime.date(2014, 5, 10),
        ),
        "budget": ActivityFactory(
            organization=other,
            title="설명회 개최",
            description="주민참여예산 제도를 설명했습니다.",
            place="주민센터 강당",
            start_date=datetime.date(2014, 4, 28),
            end_date=datetime.date(2014, 5, 2),
        ),
        "patrol": ActivityFactory(
            organization=organization,
            title="야간 순찰",
            description="골목길 방범 순찰",
            place="금호동 골목",
            start_date=datetime.date(2014, 6, 15),
        ),
    }


def _found(response, activities):
    html = response.content.decode()
    return {key for key, a in activities.items() if a.title in html}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "청소"}, {"cleaning"}),
        ({"q": "예산"}, {"budget"}),
        ({"q": "예산을"}, {"budget"}),
        ({"q": "강당"}, {"budget"}),  # the place
        ({"q": "골목 순찰"}, {"patrol"}),  # every term, in any field
        ({"q": "청소 예산"}, set()),
        ({"period_from": "2014-05-01", "period_to": "2014-05-31"}, {"cleaning", "budget"}),
        ({"period_from": "2014-05-03"}, {"cleaning", "patrol"}),
        ({"period_to": "2014-04-30"}, {"budget"}),
        ({"period_from": "2014-05-02", "period_to": "2014-05-02"}, {"budget"}),
        ({"q": "순찰", "period_to": "2014-05-31"}, set()),
    ],
)
def test_search_by_content_and_period(
    admin_client_for, organization_staff, activities, params, expected
):
    response = admin_client_for(organization_staff).get(reverse(LIST), params)
    assert response.status_code == 200
    assert _found(response, activities) == expected


def test_filter_by_organization(admin_client_for, organization_staff, activities, organization):
    response = admin_client_for(organization_staff).get(
        reverse(LIST), {"organization": organization.pk}
    )
    assert _found(response, activities) == {"cleaning", "patrol"}


def test_search_results_highlight_the_term(admin_client_for, organization_staff, activities):
    html = admin_client_for(organization_staff).get(reverse(LIST), {"q": "예산"}).content.decode()
    assert "주민참여<mark>예산</mark>" in html
