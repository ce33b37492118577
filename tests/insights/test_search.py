"""The cross-search as each staff role meets it: sections, masking, audit, bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov_plugin.core.models import AuditEvent
from egov_plugin.people.models import Person
from tests.factories import PersonFactory

from .conftest import INDEX

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(reverse(INDEX), params)
    assert response.status_code == 200
    return response


def people_names(response):
    table = next(r for r in response.context["results"] if r.key == "people").table
    return [row.record.name for row in table.paginated_rows] if table else []


def section(response, key):
    return next((r for r in response.context["results"] if r.key == key), None)


# What each role sees ----------------------------------------------------------------------

#: role → (names shown in clear, names shown masked) for a search matching all three people.
VISIBILITY = {
    "administrator": ({"김민수", "이서연", "박지훈"}, set()),
    "policy": (set(), {"김민수", "이서연", "박지훈"}),
    "committee": ({"이서연"}, {"김민수", "박지훈"}),
    "organization": ({"박지훈"}, {"김민수", "이서연"}),
}


@pytest.mark.parametrize("role", VISIBILITY)
def test_each_role_sees_people_clear_only_where_permitted(role, staff, district, admin_client_for):
    client = admin_client_for(staff[role])
    response = search(client, region="", group="", q="010")
    html = response.content.decode()
    clear, masked = VISIBILITY[role]
    assert set(people_names(response)) == clear | masked
    for name in clear:
        assert name in html
    for name in masked:
        assert name not in html  # e.g. 김민수 is shown as 김*수
        assert name[0] + "*" + name[-1] in html
    for person in (district["subscriber"], district["expert"], district["leader"]):
        shown = person.mobile in html
        assert shown == (person.name in clear)


def test_sections_follow_the_roles_model_permissions(staff, district, admin_client_for):
    keys = {
        role: [r.key for r in search(admin_client_for(user), q="예산").context["results"]]
        for role, user in staff.items()
    }
    assert keys["administrator"] == ["people", "consultations", "opinions", "activities",
                                     "minutes"]  # fmt: skip
    assert "opinions" in keys["policy"]
    # Opinions belong to policy work: committee and organization staff do not get that section.
    assert "opinions" not in keys["committee"] and "opinions" not in keys["organization"]


def test_committee_staff_see_committee_minutes_only(committee_staff, district, admin_client_for):
    response = search(admin_client_for(committee_staff), q="예산")
    minutes = section(response, "minutes")
    assert minutes.count == 0  # the only meeting is an organization's


# Each section -------------------------------------------------------------------------------


def test_a_person_in_several_groups_is_listed_once_with_a_badge_per_group(
    administrator, district, admin_client_for
):
    response = search(admin_client_for(administrator), q="박지훈")
    assert people_names(response) == ["박지훈"]
    html = response.content.decode()
    assert "E-communication subscriber" in html or "전자소통" in html
    row = section(response, "people").table.paginated_rows.data[0]
    assert row.in_group_subscriber and row.in_group_organization
    assert not row.in_group_committee


@pytest.mark.parametrize(
    "query, expected",
    [
        ("민수", ["김민수"]),  # name fragment
        ("2222", ["김민수"]),  # last four digits
        ("010-3333-4444", ["이서연"]),  # full number
        ("01033334444", ["이서연"]),  # full number without dashes
        ("univ.ac", ["이서연"]),  # e-mail fragment
        ("@example", ["김민수", "박지훈"]),
    ],
)
def test_people_are_found_by_name_number_and_email(
    query, expected, administrator, district, admin_client_for
):
    response = search(admin_client_for(administrator), q=query)
    assert people_names(response) == expected


def test_consultations_found_by_a_word_inside_an_inflected_form(
    administrator, district, admin_client_for
):
    response = search(admin_client_for(administrator), q="예산을")
    consultations = section(response, "consultations")
    assert consultations.count == 1
    assert consultations.table.paginated_rows.data[0].opinion_count == 2


def test_opinions_have_the_matching_words_highlighted(policy_staff, district, admin_client_for):
    response = search(admin_client_for(policy_staff), q="예산")
    opinions = section(response, "opinions")
    assert opinions.count == 1
    assert "놀이터 <mark>예산</mark>을 늘려 주세요." in response.content.decode()


def test_a_phone_number_finds_the_person_and_their_opinions_only(
    administrator, district, admin_client_for
):
    response = search(admin_client_for(administrator), q="010-5555-6666")
    assert people_names(response) == ["박지훈"]
    assert section(response, "opinions").count == 1
    assert not section(response, "activities").searched  # and says why


def test_activities_and_minutes_are_searched_inside_words(
    organization_staff, district, admin_client_for
):
    response = search(admin_client_for(organization_staff), q="청소를")
    assert section(response, "activities").count == 1
    response = search(admin_client_for(organization_staff), q="예산")
    assert section(response, "minutes").count == 1
    assert "<mark>예산</mark>" in response.content.decode()


def test_filters_narrow_people(administrator, district, admin_client_for, regions):
    client = admin_client_for(administrator)
    assert people_names(search(client, group="committee")) == ["이서연"]
    # "Agrees to SMS" is the one reach rule: the subscriber, and the expert whose consent is
    # recorded; not the organization's leader, who refused SMS.
    assert people_names(search(client, consent="sms")) == ["김민수", "이서연"]
    assert people_names(search(client, region=district["region"].pk)) == ["김민수"]
    assert people_names(search(client, gender="F")) == ["이서연"]
    assert people_names(search(client, organization=district["organization"].pk)) == ["박지훈"]
    field = district["committee"].field_id
    assert people_names(search(client, committee_field=field)) == ["이서연"]
    assert people_names(search(client, q="박", group="subscriber")) == ["박지훈"]


def test_people_filters_reach_opinions_through_their_authors(
    policy_staff, district, admin_client_for
):
    response = search(admin_client_for(policy_staff), group="organization")
    assert section(response, "opinions").count == 1  # 박지훈's
    # A person-only filter says it does not apply to activities instead of listing them all.
    assert not section(response, "activities").searched


def test_sections_sort_and_page_separately(administrator, district, admin_client_for):
    PersonFactory.create_batch(30, name="최가람")
    client = admin_client_for(administrator)
    first = search(client, q="가람")
    table = section(first, "people").table
    assert table.paginator.count == 30 and len(table.paginated_rows.data) == 20
    second = search(client, q="가람", **{"people-page": 2, "people-sort": "-created_at"})
    assert len(section(second, "people").table.paginated_rows.data) == 10
    assert 'href="?q=' in first.content.decode()  # sort and page links keep the query


# Audit ------------------------------------------------------------------------------------


def test_every_search_writes_exactly_one_audit_event(administrator, district, admin_client_for):
    client = admin_client_for(administrator)
    before = AuditEvent.objects.count()
    search(client, q="민수", gender="M")
    events = AuditEvent.objects.order_by("pk")[before:]
    assert len(events) == 1
    event = events[0]
    assert event.action == "search"
    assert event.data == {"query": "민수", "filters": {"gender": "M"}, "results": 1}
    search(client, q="민수", **{"people-page": 1})
    assert AuditEvent.objects.count() == before + 2


def test_the_dashboard_alone_is_not_a_search(administrator, district, admin_client_for):
    before = AuditEvent.objects.count()
    search(admin_client_for(administrator))
    assert AuditEvent.objects.count() == before


# Bad input --------------------------------------------------------------------------------


def test_empty_query_shows_the_dashboard(administrator, district, admin_client_for):
    response = search(admin_client_for(administrator), q="   ")
    assert response.context["searching"] is False
    assert "group_counts" in response.context


def test_one_character_searches_names_only_and_says_so(administrator, district, admin_client_for):
    response = search(admin_client_for(administrator), q="김")
    assert people_names(response) == ["김민수"]
    assert "names only" in response.content.decode()
    assert not section(response, "opinions").searched


def test_only_punctuation_is_nothing_to_search(administrator, district, admin_client_for):
    response = search(admin_client_for(administrator), q="...!?")
    assert response.context["searching"] is False
    assert "Nothing to search" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"region": "999999"},
        {"organization": "abc"},
        {"group": "nonsense"},
        {"q": "민수", "date_from": "2025-05-01", "date_to": "2025-04-01"},
        {"date_from": "2025-13-45"},
        {"q": "민수", "people-page": "abc", "people-sort": "nonsense"},
        {"q": "민수", "people-page": "999"},
    ],
)
def test_impossible_filters_give_no_results_never_an_error(
    params, administrator, district, admin_client_for
):
    response = search(admin_client_for(administrator), **params)
    if "people-page" in params:
        return  # a page out of range shows the last page, not an error
    assert all(r.count == 0 for r in response.context["results"])
    assert "No results." in response.content.decode()


# Cost ---------------------------------------------------------------------------------------


def _queries_for(client, query):
    with CaptureQueriesContext(connection) as captured:
        search(client, q=query)
    return len(captured)


def test_query_count_does_not_grow_with_the_number_of_results(
    administrator, district, admin_client_for
):
    client = admin_client_for(administrator)
    PersonFactory.create_batch(5, name="정다섯")
    PersonFactory.create_batch(60, name="정예순")
    assert Person.objects.filter(name="정예순").count() == 60
    search(client, q="정다섯")  # warm caches (content types, permissions)
    assert _queries_for(client, "정다섯") == _queries_for(client, "정예순")


@pytest.mark.parametrize("query", ["@", "%", "_", "-", "---", "()", "…", "「」", "@@", "%%_"])
def test_punctuation_alone_is_nothing_to_search(query, administrator, district, admin_client_for):
    before = AuditEvent.objects.count()
    response = search(admin_client_for(administrator), q=query)
    assert response.context["searching"] is False  # the dashboard, not everyone with an e-mail
    assert "Nothing to search" in response.content.decode()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    "query, expected",
    [
        ("%", None),  # covered above: nothing to search
        ("민%", ["김민수"]),  # a wildcard character is a separator, not a LIKE pattern
        ("a_b", []),  # "_" is matched literally (no name has it), not as "any character"
        ("1", []),  # one digit: names only
        ("수", ["김민수"]),  # one Hangul syllable: inside names
    ],
)
def test_wildcards_and_single_characters_are_literal(
    query, expected, administrator, district, admin_client_for
):
    if expected is None:
        return
    response = search(admin_client_for(administrator), q=query)
    assert people_names(response) == expected


def test_a_very_long_query_is_cut_not_refused(administrator, district, admin_client_for):
    response = search(admin_client_for(administrator), q="민수" + " 민수" * 300)
    assert people_names(response) == ["김민수"]


def test_a_null_character_is_refused_with_a_message_not_an_error(
    administrator, district, admin_client_for
):
    # RequestHygieneMiddleware answers before the search runs (KISA 코드 인젝션; issue 13 item 8):
    # a 400 that says what was wrong, and nothing searched or recorded.
    response = admin_client_for(administrator).get(reverse(INDEX), {"q": "민\x00수"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert not AuditEvent.objects.filter(action="search").exists()


@pytest.mark.parametrize("per_page", ["-5", "0", "abc", "99999999999999999999"])
def test_odd_page_sizes_are_not_errors(per_page, administrator, district, admin_client_for):
    response = search(admin_client_for(administrator), q="민수", **{"people-per_page": per_page})
    assert people_names(response) == ["김민수"]


def test_paging_parameters_cannot_ask_for_everything(administrator, district, admin_client_for):
    PersonFactory.create_batch(130, name="최가람")
    client = admin_client_for(administrator)
    response = search(client, q="가람", **{"people-per_page": 100000, "people-sort": "mobile"})
    table = section(response, "people").table
    assert len(table.paginated_rows.data) == 100  # at most 100 rows a page
    # Ordering by a masked column would reveal what it hides: the request is ignored.
    assert [r.pk for r in table.paginated_rows.data] == sorted(
        (r.pk for r in table.paginated_rows.data),
        key=lambda pk: (Person.objects.get(pk=pk).name, pk),
    )


@pytest.mark.parametrize(
    "params, everywhere",
    [
        # Nobody is in both, but the organization's activities and meetings are still found.
        ({"group": "committee", "organization": "__org__"}, False),
        ({"group": "organization", "consent": "sms"}, True),  # the member refused SMS
        ({"q": "김민수", "gender": "F"}, True),
        ({"q": "예산", "region": "__other__", "date_from": "2030-01-01"}, True),
        ({"consent": "email", "age_band": "70+", "gender": "F"}, True),
    ],
)
def test_impossible_combinations_show_no_results(
    params, everywhere, administrator, district, admin_client_for, regions
):
    values = {
        "__org__": district["organization"].pk,
        "__other__": next(r for name, r in regions.items() if name != "성수1가1동").pk,
    }
    params = {k: values.get(v, v) for k, v in params.items()}
    response = search(admin_client_for(administrator), **params)
    assert response.context["searching"] is True
    assert section(response, "people").count == 0
    assert section(response, "opinions").count == 0
    assert "No results." in response.content.decode()
    if everywhere:
        assert all(r.count == 0 for r in response.context["results"])
    else:
        assert section(response, "activities").count == 1


# Broad results ----------------------------------------------------------------------------


@pytest.fixture
def count_limit(monkeypatch):
    """A small count limit, so a broad result needs a handful of rows, not a thousand."""
    from egov_plugin.insights.search import sections

    monkeypatch.setattr(sections, "COUNT_LIMIT", 10)
    return 10


def test_a_broad_result_is_counted_up_to_the_limit_and_listed_by_registration(
    count_limit, administrator, district, admin_client_for
):
    people = PersonFactory.create_batch(25, name="정예순")
    client = admin_client_for(administrator)
    response = search(client, q="예순")
    result = section(response, "people")
    assert result.count == 10 and result.more
    html = response.content.decode()
    assert "10+" in html
    assert "listed in the order they were registered" in html
    assert [p.pk for p in result.table.paginated_rows.data] == [p.pk for p in people[:10]]
    event = AuditEvent.objects.get(action="search")
    assert event.data["results"] == 10 and event.data["more"] is True
    # The user may still sort by name; the export takes every person, not the counted ten.
    by_name = search(client, q="예순", **{"people-sort": "name"})
    assert "listed in the order" not in by_name.content.decode()
    export = client.get(reverse("egov_insights:export") + "?q=예순")
    assert "25" in export.content.decode()


def test_a_result_within_the_limit_is_exact_and_sorted_by_name(
    count_limit, administrator, district, admin_client_for
):
    PersonFactory(name="정나순")
    PersonFactory(name="정가순")
    response = search(admin_client_for(administrator), q="순")
    result = section(response, "people")
    assert result.count == 2 and not result.more
    assert people_names(response) == ["정가순", "정나순"]


def test_query_count_is_the_same_below_and_above_the_limit(
    count_limit, administrator, district, admin_client_for
):
    client = admin_client_for(administrator)
    PersonFactory.create_batch(3, name="정다섯")
    PersonFactory.create_batch(40, name="정예순")
    search(client, q="정다섯")  # warm caches (content types, permissions)
    assert _queries_for(client, "정다섯") == _queries_for(client, "정예순")
