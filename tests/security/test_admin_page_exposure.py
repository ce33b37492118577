"""KISA 웹 취약점 — 관리자 페이지 노출 (Admin Page Exposure).

항목: 추측하기 쉬운 주소(/admin 등)로 관리자 페이지에 누구나 접근할 수 있거나, 주민 화면의
링크·검색엔진을 통해 관리자 페이지의 위치가 드러나는지 점검한다.

The item: an admin reachable by anyone at a guessable address (/admin and the like), or whose
location is given away by links on public pages or by search engines.

Attacks tried here:
- reaching the admin (its login page and its inner pages) from an address outside the staff
  networks, directly and with a forged ``X-Forwarded-For`` naming a staff address;
- guessing ``/admin/`` when the site has moved the admin elsewhere;
- looking for admin links on the resident pages (home, consultations, budget vote) as a
  resident sees them;
- search-engine indexing of admin answers (pages, redirects).

Controls: ``EGOV_ADMIN_PATH`` (environment variable of the example site) moves the admin;
``EGOV_ADMIN_ALLOWED_NETWORKS`` limits it to the staff networks, judged on the client address
that the trusted proxy saw (``egov_plugin.privacy.admin_access``), answering outsiders with the
site's ordinary 404; resident pages link to no admin URL (Wagtail's user bar appears only for
signed-in staff); every admin answer carries ``X-Robots-Tag: noindex, nofollow`` and Wagtail's
pages ``<meta name="robots" content="noindex">``. A ``robots.txt`` naming the admin's path would
tell everyone where it is, so there is none for it.
"""

import importlib
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import clear_url_caches, reverse

from egov_plugin.consultations.models import ConsultationIndexPage
from tests.budgeting.factories import BudgetVotePageFactory
from tests.consultations.conftest import make_consultation
from tests.production_server import ROOT, production_env
from tests.sitedata import ensure_site

pytestmark = pytest.mark.django_db

STAFF_NETWORK = ["10.20.0.0/16"]


@pytest.fixture
def staff_networks_only(settings):
    settings.EGOV_ADMIN_ALLOWED_NETWORKS = STAFF_NETWORK


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/pages/", "/admin/users/"])
def test_the_admin_is_a_404_outside_the_staff_networks(staff_networks_only, path):
    ensure_site()
    outsider = Client(REMOTE_ADDR="203.0.113.7")
    response = outsider.get(path)
    assert response.status_code == 404
    assert b"wagtail" not in response.content.lower()  # the site's ordinary 404 page
    assert outsider.post(path, {"username": "x", "password": "y"}).status_code == 404


def test_the_admin_login_answers_inside_the_staff_networks(staff_networks_only):
    assert Client(REMOTE_ADDR="10.20.3.4").get("/admin/login/").status_code == 200
    assert Client(REMOTE_ADDR="::ffff:10.20.3.4").get("/admin/login/").status_code == 200


def test_a_forged_forwarded_for_does_not_open_the_admin(staff_networks_only):
    # Without a trusted proxy the header is the client's own words.
    outsider = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.20.3.4")
    assert outsider.get("/admin/login/").status_code == 404


def test_behind_the_trusted_proxy_the_address_the_proxy_saw_counts(staff_networks_only, settings):
    settings.EGOV_TRUSTED_PROXY_COUNT = 1
    proxy = "10.99.0.1"  # the load balancer, itself outside the staff network
    staff = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="10.20.3.4")
    assert staff.get("/admin/login/").status_code == 200
    outsider = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert outsider.get("/admin/login/").status_code == 404


def test_a_forged_first_forwarded_for_entry_behind_the_proxy_is_ignored(
    staff_networks_only, settings
):
    settings.EGOV_TRUSTED_PROXY_COUNT = 1
    # The outsider wrote "10.20.3.4"; the proxy appended the address it really saw.
    spoofed = Client(REMOTE_ADDR="10.99.0.1", HTTP_X_FORWARDED_FOR="10.20.3.4, 203.0.113.7")
    assert spoofed.get("/admin/login/").status_code == 404


@pytest.fixture
def moved_admin(settings):
    """The example site's URLconf rebuilt with EGOV_ADMIN_PATH = "gov-staff-7f3a/"."""
    import example_site.urls

    settings.EGOV_ADMIN_PATH = "gov-staff-7f3a/"
    importlib.reload(example_site.urls)
    clear_url_caches()
    yield "/gov-staff-7f3a/"
    settings.EGOV_ADMIN_PATH = "admin/"
    importlib.reload(example_site.urls)
    clear_url_caches()


def test_a_moved_admin_is_not_at_slash_admin(moved_admin):
    ensure_site()
    assert reverse("wagtailadmin_home") == moved_admin
    client = Client()
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    assert client.get(moved_admin + "login/").status_code == 200


def test_the_admin_path_comes_from_the_environment(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.urls import reverse; print(reverse('wagtailadmin_home'))",
        ],
        cwd=ROOT / "example_site",
        env=production_env(tmp_path, EGOV_ADMIN_PATH="/district-staff/"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "/district-staff/"


def test_resident_pages_link_to_no_admin_page(regions):
    index = ensure_site().add_child(instance=ConsultationIndexPage(title="정책 제안", slug="c"))
    consultation = make_consultation(index, "성수동 공원 조성")
    vote = BudgetVotePageFactory()
    admin = reverse("wagtailadmin_home")
    resident = Client()
    for url in ("/", index.url, consultation.url, vote.url, vote.url + "verify/"):
        response = resident.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'href="{admin}' not in html and f"{admin}login" not in html, url
        assert "wagtail-userbar" not in html, url


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/", "/admin/pages/"])
def test_admin_answers_are_not_indexed(path):
    ensure_site()
    response = Client().get(path)
    assert response.status_code in (200, 302)
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_admin_login_page_says_noindex():
    ensure_site()
    html = Client().get("/admin/login/").content.decode()
    assert '<meta name="robots" content="noindex"' in html
