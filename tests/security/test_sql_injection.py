"""KISA 웹 취약점 — SQL 인젝션 (SQL Injection).

항목: 검색어, 필터, 정렬 기준, 페이지 번호처럼 사용자가 보내는 값이 SQL 문에 그대로 들어가 데이터를
빼내거나 바꾸거나 지울 수 있는지 점검한다.

The item: values a user sends — search words, filters, sort keys, page numbers — reaching an
SQL statement as SQL, to read, change or delete data.

Attacks tried here, on SQLite and on PostgreSQL (``scripts/test`` runs both): the classic
payloads (``' OR '1'='1``, ``'; DROP TABLE …; --``, ``UNION SELECT``, comment and stacked
queries, ``%``/``_`` wildcards) in
- the resident consultation search ``/consultations/?q=`` and its page number;
- the admin listings' search and filters (people, opinions, access records, organizations,
  committees, audit log) and their ``ordering`` sort keys (``ordering=name; DROP TABLE``,
  ``ordering=password``, ``ordering=-id)--``, a field of a related model);
- the person chooser's search.

Wanted: no 500, no row beyond what an honest search finds (``' OR '1'='1`` finds nothing),
every table still there afterwards. The package builds every query with Django's ORM (no
``raw()``/``extra()``; the full-text search goes through Wagtail's backend with parameters),
and Wagtail's listings take ``ordering`` only from their declared sort columns.
"""

import pytest
from django.db import connection
from django.test import Client

from egov_plugin.people.models import Person
from tests.consultations.test_moderation import make_opinion
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "1' OR '1'='1' /*",
    "'; DROP TABLE egov_people_person; --",
    "x' UNION SELECT username, password FROM auth_user --",
    "1; SELECT pg_sleep(0) --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "김%' OR 'a'='a",
]
ORDERINGS = [
    "name; DROP TABLE egov_people_person",
    "-id)--",
    "password",
    "actor__password",
    "(SELECT 1)",
    "name,(select 1)",
]
ADMIN_LISTINGS = [
    ("/admin/egov/people/", ["q"]),
    ("/admin/egov/opinions/", ["q", "status", "page"]),
    ("/admin/egov/privacy/access/", ["person", "actor", "action"]),
    ("/admin/egov/organizations/", ["q"]),
    ("/admin/egov/committees/", ["q"]),
    ("/admin/egov/audit/", ["q"]),
    ("/admin/egov/people/choose/", ["q"]),
]


@pytest.fixture
def data(consultation):
    people = [PersonFactory(name=n) for n in ("김민수", "이서연", "박지훈")]
    make_opinion(consultation, "공원 조명을 늘려 주세요.", status="published")
    return people


def tables():
    return set(connection.introspection.table_names())


def test_the_resident_search_runs_no_sql_from_the_query(data, consultation_index):
    before, people = tables(), Person.objects.count()
    client = Client(raise_request_exception=False)
    for payload in PAYLOADS:
        for params in ({"q": payload}, {"page": payload}, {"q": "조명", "page": payload}):
            response = client.get("/consultations/", params)
            assert response.status_code in (200, 400, 404), (params, response.status_code)
    assert tables() == before
    assert Person.objects.count() == people


@pytest.mark.parametrize("path, fields", ADMIN_LISTINGS)
def test_admin_listings_filters_and_sort_keys_run_no_sql(data, admin_client, path, fields):
    before, people = tables(), Person.objects.count()
    admin_client.raise_request_exception = False
    baseline = admin_client.get(path)
    assert baseline.status_code == 200, path
    for field in fields:
        for payload in PAYLOADS:
            response = admin_client.get(path, {field: payload})
            assert response.status_code in (200, 400), (path, field, payload, response.status_code)
    for ordering in ORDERINGS:
        response = admin_client.get(path, {"ordering": ordering})
        assert response.status_code in (200, 400), (path, ordering, response.status_code)
        assert b"pbkdf2" not in response.content and b"md5$" not in response.content
    assert tables() == before
    assert Person.objects.count() == people


def test_an_always_true_search_finds_nobody(data, admin_client):
    response = admin_client.get("/admin/egov/people/", {"q": "' OR '1'='1"})
    html = response.content.decode()
    for person in data:
        assert person.name not in html and person.name[0] + "*" not in html
    honest = admin_client.get("/admin/egov/people/", {"q": "김민수"}).content.decode()
    assert "김민수" in honest or "김*수" in honest
