"""파일 다운로드 (File download) — KISA web item: a download route hands out a file it should not,
through a path in the request (``../``), a guessed id or name, or to a user without the right.

Attacks tried here against this project's own routes: path traversal in the download route's
kind, id and name segments (plain and URL-encoded); guessing attachment ids one after another as
an unprivileged staff member and anonymously; asking for the sender's own file name under
``/media/``; fetching private meeting papers through Wagtail's ``/documents/`` view and private
photos through their rendition links, anonymously and as staff without rights on the collection.

Controls that stop them: files from outside live in private storage under random names
(``egov_plugin.core.storage``); the one download view (``egov_plugin.core.downloads``) finds a
record by its key and never opens a path from the URL, answers the same 404 to the anonymous,
the unprivileged and the non-existent, audits every download, and sends ``attachment`` +
``nosniff`` + ``CSP: sandbox`` + ``no-store``; private documents and renditions go through the
same code (``egov_plugin.core.private_media``).

파일 다운로드: 다운로드 경로의 ``../``, 추측한 번호·이름, 권한 없는 사용자로 남의 파일을 받아 가는
공격을 시도하고, 비공개 저장소·무작위 파일명·권한 검사 다운로드 한 곳·동일한 404 응답·감사 기록·
안전한 응답 헤더가 이를 막는지 확인합니다.
"""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from egov_plugin.core.models import AuditEvent
from egov_plugin.imports.models import MailAttachment

from .filedata import private_document, private_photo, public_document, store_attachment

pytestmark = pytest.mark.django_db


# Imported where used, so that this module also runs (and fails) on code without them.
def private_storage():
    from egov_plugin.core.storage import private_storage

    return private_storage()


def content_disposition(filename):
    from egov_plugin.core.downloads import content_disposition

    return content_disposition(filename)


def safe_filename(name):
    from egov_plugin.core.downloads import safe_filename

    return safe_filename(name)


@pytest.fixture(autouse=True)
def no_cached_renditions():
    # Wagtail caches renditions by image id; ids come again after each test's rollback.
    from django.core.cache import cache

    cache.clear()


def assert_inert_download(response, filename):
    """The headers every download of a stored file must carry."""
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert content_disposition(filename) == disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]


def test_attachments_are_stored_privately_under_random_names():
    attachment = store_attachment("주민명단_홍길동.html")
    name = attachment.file.name
    assert attachment.filename == "주민명단_홍길동.html"
    assert "홍길동" not in name and "주민명단" not in name and ".html" in name
    assert name.startswith("egov_imports/mail/")
    assert private_storage().exists(name)
    assert not default_storage.exists(name)  # nothing under MEDIA_ROOT


def test_anonymous_and_unprivileged_get_the_same_404_as_a_missing_file(
    client, admin_client_for, organization_staff, committee_staff
):
    attachment = store_attachment()
    url = attachment.download_url
    missing = reverse("egov_files:download", args=["mail-attachment", attachment.pk + 1000])
    anonymous = client.get(url)
    assert anonymous.status_code == 404
    assert b"pwned" not in anonymous.content
    for user in (organization_staff, committee_staff):  # no right to import opinions
        refused = admin_client_for(user).get(url)
        assert refused.status_code == 404 and b"pwned" not in refused.content
        assert refused.content == admin_client_for(user).get(missing).content
    assert not AuditEvent.objects.filter(data__kind="mail-attachment").exists()


def test_guessing_ids_finds_nothing(admin_client_for, organization_staff):
    attachments = [store_attachment(message_id=f"<guess-{n}@x>") for n in range(3)]
    client = admin_client_for(organization_staff)
    for pk in range(1, max(a.pk for a in attachments) + 5):
        response = client.get(reverse("egov_files:download", args=["mail-attachment", pk]))
        assert response.status_code == 404, pk


def test_permitted_staff_download_is_audited_and_inert(admin_client_for, policy_staff):
    attachment = store_attachment("민원 자료(최종).html")
    response = admin_client_for(policy_staff).get(attachment.download_url)
    assert_inert_download(response, "민원 자료(최종).html")
    assert response["Content-Type"] == "application/octet-stream"  # never text/html
    assert b"".join(response.streaming_content).startswith(b"<!doctype html>")
    event = AuditEvent.objects.get(data__kind="mail-attachment")
    assert event.actor == policy_staff and event.action == "view"
    assert event.object_id == str(attachment.pk)


@pytest.mark.parametrize(
    "path",
    [
        "/egov-files/mail-attachment/../../example_site/settings/base.py",
        "/egov-files/mail-attachment/n/../../../etc/passwd",
        "/egov-files/mail-attachment/n/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/egov-files/image-rendition/n/../../../../etc/passwd",
        "/egov-files/image-rendition/n/%2e%2e/%2e%2e/manage.py",
        "/egov-files/image-rendition/n//etc/passwd",
        "/egov-files/..%2f..%2fetc%2fpasswd/1/",
        "/egov-files/mail-attachment/1%00.html/",
    ],
)
def test_path_traversal_in_the_download_route(admin_client_for, administrator, path):
    store_attachment()
    response = admin_client_for(administrator).get(path)
    assert response.status_code in (400, 404)
    assert b"root:" not in response.content and b"SECRET_KEY" not in response.content


def test_the_senders_file_name_under_media_is_nothing(client, admin_client_for, administrator):
    attachment = store_attachment("report.html")
    for path in (
        "/media/egov_imports/mail/report.html",
        f"/media/{attachment.file.name}",
        "/media/egov_imports/",
    ):
        assert client.get(path).status_code == 404
        assert admin_client_for(administrator).get(path).status_code == 404


def test_attachment_names_are_made_safe():
    assert safe_filename("../../x") == "x"
    assert safe_filename("/etc/passwd") == "passwd"
    assert safe_filename("C:\\Windows\\win.ini") == "win.ini"
    assert safe_filename("a\x00b.html") == "ab.html"
    assert safe_filename("invoice\u202egpj.exe") == "invoicegpj.exe"  # RTL override gone
    assert safe_filename("..") == "file" and safe_filename("") == "file"
    assert len(safe_filename("가" * 400 + ".pdf")) == 150
    assert safe_filename("가" * 400 + ".pdf").endswith(".pdf")


def test_korean_names_follow_rfc_6266_and_5987():
    header = content_disposition("회의 자료.pdf")
    assert header == (
        'attachment; filename="download.pdf"; '
        "filename*=UTF-8''%ED%9A%8C%EC%9D%98%20%EC%9E%90%EB%A3%8C.pdf"
    )
    assert content_disposition('a"b\r\n.txt') == (
        "attachment; filename=\"ab.txt\"; filename*=UTF-8''a%22b.txt"
    )


def test_private_meeting_papers_through_wagtails_document_view(
    client, admin_client_for, organization_staff, policy_staff
):
    document = private_document()
    assert "홍길동" not in document.file.name and document.filename.startswith("egovp-")
    url = reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    direct = reverse("egov_files:download", args=["private-document", document.pk])
    for path in (url, direct):
        assert client.get(path).status_code == 404
        assert admin_client_for(policy_staff).get(path).status_code == 404  # no rights
    response = admin_client_for(organization_staff).get(url, follow=True)
    assert response.redirect_chain == [(direct, 302)]
    assert_inert_download(response, "2024년 3월 회의 참석자 명단.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert AuditEvent.objects.filter(
        actor=organization_staff, action="view", object_id=str(document.pk)
    ).exists()
    # The original uploader's name is not a path anywhere.
    assert client.get("/media/documents/참석자명단_홍길동.html").status_code == 404


def test_public_documents_are_still_served_by_wagtail(client, settings, tmp_path):
    # Wagtail serves a local file by its path, which the in-memory test storage lacks.
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    document = public_document()
    response = client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"


def test_private_photo_renditions_are_behind_the_checked_download(
    client, admin_client_for, organization_staff, policy_staff
):
    image = private_photo()
    assert image.file.name.startswith("original_images/egovp-")
    rendition = image.get_rendition("max-165x165")
    assert rendition.url.startswith("/egov-files/image-rendition/n/images/egovp-")
    # The rendition is not a file of the public storage, whatever its name.
    assert not default_storage.exists(rendition.file.name)
    assert private_storage().exists(f"wagtail-renditions/{rendition.file.name}")
    assert client.get(rendition.url).status_code == 404
    assert admin_client_for(policy_staff).get(rendition.url).status_code == 404
    response = admin_client_for(organization_staff).get(rendition.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_a_stored_image_moved_into_the_private_collection_loses_its_public_name():
    import io

    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from .filedata import jpeg_bytes, private_collection

    image = get_image_model()(title="공개", collection=Collection.get_first_root_node())
    image.file = ImageFile(io.BytesIO(jpeg_bytes()), name="public_hong.jpg")
    image.save()
    old_name = image.file.name
    public_rendition = image.get_rendition("max-165x165")
    assert default_storage.exists(public_rendition.file.name)
    image.collection = private_collection()
    image.save()
    assert image.file.name.startswith("original_images/egovp-")
    assert not default_storage.exists(old_name)
    assert not default_storage.exists(public_rendition.file.name)
    assert image.get_rendition("max-165x165").url.startswith("/egov-files/")


def test_mail_inbox_links_only_to_the_checked_download(admin_client_for, administrator):
    attachment = store_attachment()
    response = admin_client_for(administrator).get(reverse("egov_imports:mail"))
    assert response.status_code == 200
    assert attachment.download_url.encode() in response.content
    assert b"/media/" not in response.content


def test_export_downloads_carry_the_same_headers(admin_client_for, administrator, settings):
    settings.EGOV_ENCRYPT_EXPORTS = False
    response = admin_client_for(administrator).post(
        reverse("egov_imports:export_people"), {"format": "csv", "reason": "점검용 내보내기"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="people-')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]


def test_attachment_rows_without_their_file_are_404(admin_client_for, administrator):
    attachment = store_attachment()
    private_storage().delete(attachment.file.name)
    assert admin_client_for(administrator).get(attachment.download_url).status_code == 404
    assert MailAttachment.objects.filter(pk=attachment.pk).exists()


def test_settings_that_would_bypass_the_checks_are_reported(settings):
    from django.core.checks import run_checks

    assert not {"egov_core.W002", "egov_core.W003"} & {m.id for m in run_checks()}
    settings.WAGTAILDOCS_SERVE_METHOD = "direct"  # links straight to the storage
    del settings.WAGTAILIMAGES_RENDITION_STORAGE
    assert {"egov_core.W002", "egov_core.W003"} <= {m.id for m in run_checks()}
