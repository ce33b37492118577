"""XSS (크로스사이트 스크립팅, Cross-site scripting) — KISA web item: script an attacker supplies
runs in the site's origin, in a resident's browser or with a staff member's session.

Attacks tried here: stored — a mail whose attachment name, subject and text carry markup, an
``.html``/``.svg`` attachment opened by staff, an import file whose names carry ``<script>``,
an opinion whose name and text carry markup (shown on the resident page and in the admin),
a private meeting paper that is an HTML page; reflected — ``<script>`` and attribute breakers
in the search parameters of the consultation list and of the admin's people and opinion
listings, and in the ``ch`` tag of a consultation page. A real browser (Chromium) opens the
HTML attachment as a logged-in staff member and checks that nothing ran.

Controls that stop them: Django's autoescaping in every template (no ``|safe`` on user text);
files are never served inline or with an active type: the one download
(``egov_plugin.core.downloads``) answers ``Content-Disposition: attachment``,
``application/octet-stream`` for anything not on the inert list, ``X-Content-Type-Options:
nosniff`` and ``Content-Security-Policy: sandbox`` (a page opened anyway has a unique origin,
no scripts); attachments are linked only through that download, never ``MEDIA_URL``.

XSS: 첨부 파일 이름·메일 제목·의견·일괄 등록 이름에 넣은 스크립트(저장형), 검색어에 넣은 스크립트
(반사형), HTML·SVG 첨부 파일을 시도하고, 출력이 이스케이프되고 파일은 다운로드로만 내려가 실행되지
않는지(실제 Chromium으로) 확인합니다.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from egov_plugin.consultations.models import Opinion
from egov_plugin.imports.jobs import create_job
from egov_plugin.people import roles
from tests.consultations.conftest import (  # noqa: F401 - fixtures used here
    consultation,
    consultation_index,
    home,
)

from .filedata import (
    HTML_PAYLOAD,
    SVG_PAYLOAD,
    attack_mail,
    mbox,
    private_document,
    store_attachment,
)

SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
BREAKER = '"><svg onload=alert(1)>'


def assert_escaped(response, *payloads):
    body = response.content.decode()
    for payload in payloads:
        assert payload not in body, payload


@pytest.mark.django_db
def test_markup_in_a_mail_is_escaped_in_the_inbox(admin_client_for, administrator):
    from egov_plugin.imports.mail import import_upload

    message = attack_mail(f"{IMG}.html", HTML_PAYLOAD)
    message.replace_header("Subject", f"민원 {SCRIPT}")
    import_upload(mbox(message), "inbox.mbox")
    response = admin_client_for(administrator).get(reverse("egov_imports:mail"))
    assert response.status_code == 200
    assert_escaped(response, SCRIPT, IMG)
    assert "&lt;script&gt;" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("filename, payload", [("a.html", HTML_PAYLOAD), ("b.svg", SVG_PAYLOAD)])
def test_html_and_svg_attachments_are_never_rendered(
    admin_client_for, administrator, filename, payload
):
    attachment = store_attachment(filename, payload, content_type="image/svg+xml")
    response = admin_client_for(administrator).get(attachment.download_url)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_an_html_meeting_paper_is_never_rendered(admin_client_for, organization_staff):
    document = private_document()
    response = admin_client_for(organization_staff).get(
        reverse("wagtaildocs_serve", args=[document.pk, document.filename]), follow=True
    )
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.django_db
def test_names_in_an_import_file_are_escaped_in_the_preview(admin_client_for, administrator):
    data = f"성명,휴대폰\n{SCRIPT},010-1234-5678\n{IMG},010-2345-6789\n".encode()
    job, __ = create_job("people", data, f"{BREAKER}.csv", user=administrator)
    response = admin_client_for(administrator).get(reverse("egov_imports:job", args=[job.pk]))
    assert response.status_code == 200
    assert_escaped(response, SCRIPT, IMG, BREAKER)
    index = admin_client_for(administrator).get(reverse("egov_imports:index"))
    assert_escaped(index, BREAKER)


@pytest.mark.django_db
def test_an_opinion_with_markup_is_escaped_for_residents_and_staff(
    client,
    consultation,  # noqa: F811 - the fixture imported above
    admin_client_for,
    administrator,
):
    Opinion.objects.create(
        page_id=consultation.pk,
        name=f"김{IMG}",
        text=f"공원 의견 {SCRIPT} {BREAKER}",
        status=Opinion.Status.PUBLISHED,
        mobile="010-1111-2222",
    )
    page = client.get(consultation.url)
    assert page.status_code == 200
    assert_escaped(page, SCRIPT, IMG, BREAKER)
    assert "공원 의견" in page.content.decode()
    listing = admin_client_for(administrator).get("/admin/egov/opinions/")
    assert listing.status_code == 200
    assert_escaped(listing, SCRIPT, IMG, BREAKER)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [SCRIPT, IMG, BREAKER])
def test_reflected_search_parameters_are_escaped(
    client,
    consultation,  # noqa: F811 - the fixtures imported above
    consultation_index,  # noqa: F811
    admin_client_for,
    administrator,
    payload,
):
    resident = client.get(consultation_index.url, {"q": payload})
    assert resident.status_code == 200
    assert_escaped(resident, payload)
    assert_escaped(client.get(consultation.url, {"ch": payload, "page": payload}), payload)
    staff = admin_client_for(administrator)
    for path in ("/admin/egov/people/", "/admin/egov/opinions/", reverse("egov_imports:mail")):
        response = staff.get(path, {"q": payload})
        assert response.status_code in (200, 400), path
        assert_escaped(response, payload)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_opening_an_html_attachment_downloads_it_and_nothing_runs(
    live_server, browser, django_user_model
):
    roles.ensure_roles()
    user = django_user_model.objects.create_user(username="policy-xss", password="pw-1234")
    user.groups.add(Group.objects.get(name=roles.POLICY_STAFF))
    attachment = store_attachment("민원자료.html", HTML_PAYLOAD)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ko-KR", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    context.on(
        "page", lambda new: new.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    )
    stolen = []
    context.route("**/steal*", lambda route: (stolen.append(route.request.url), route.abort()))
    try:
        page.goto(live_server.url + reverse("wagtailadmin_login"))
        page.fill("input[name=username]", "policy-xss")
        page.fill("input[name=password]", "pw-1234")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        page.goto(live_server.url + reverse("egov_imports:mail"))
        title = page.title()
        link = page.get_by_role("link", name="민원자료.html")
        href = link.get_attribute("href")
        assert not href.startswith("/media/"), "linked as a public file under MEDIA_URL"
        assert href == reverse("egov_files:download", args=["mail-attachment", attachment.pk])
        with page.expect_download() as download_info:
            link.click()
        download = download_info.value
        assert download.suggested_filename == "민원자료.html"
        with open(download.path(), "rb") as saved:
            assert saved.read() == HTML_PAYLOAD  # the file itself, kept as it came
        # Typed into the address bar, the link downloads too: no page of the file is shown.
        with page.expect_download():
            try:
                page.goto(live_server.url + href)
            except Exception as exc:  # Playwright: "Download is starting"
                assert "Download is starting" in str(exc)
        page.wait_for_timeout(500)
        assert dialogs == []
        assert stolen == []
        assert page.title() == title and "PWNED" not in page.content()
        assert page.locator("#pwned").count() == 0
        assert page.url.endswith(reverse("egov_imports:mail"))
        # The control: the same bytes served inline as text/html (what /media/ did) do run,
        # so the checks above would have seen it.
        control = context.new_page()  # its dialogs are caught by the context's handler
        control.route(
            "**/inline-control", lambda r: r.fulfill(body=HTML_PAYLOAD, content_type="text/html")
        )
        control.goto(live_server.url + "/inline-control")
        control.wait_for_timeout(300)
        assert dialogs == ["xss"] and "PWNED" in control.content()
    finally:
        context.close()
