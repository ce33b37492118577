"""디렉터리 인덱싱 (Directory indexing) — KISA web item: a folder's address lists its files, so an
attacker browses to what was never linked.

Attacks tried here against the example site as it runs (with ``DEBUG`` on, where it serves
files itself, and off): listing ``/media/``, ``/media/images/``, ``/media/documents/``,
``/media/original_images/``, the old mail-attachment folder, ``/static/`` and its app folders,
the private directory by any likely name, ``/documents/``, and the download route's own
folders (``/egov-files/``, ``/egov-files/<kind>/``); fetching an original image, a document
or a mail attachment straight from ``MEDIA_ROOT`` by its stored name.

Controls that stop them: no view lists a folder (Django's static views with
``show_indexes`` off, Wagtail's document URLs serve one id only, the download route needs a
kind and a key); the example site serves only ``MEDIA_URL + "images/"`` (renditions of public
images) and only under ``DEBUG``; private files live outside ``MEDIA_ROOT``
(``egov_plugin.core.storage``), which a system check enforces (``egov_core.E003``). In
production the web server must do the same: no autoindex, and ``/media/`` closed except
``/media/images/`` (docs/concepts/security.md).

디렉터리 인덱싱: /media/, /static/, 비공개 폴더, /documents/, 다운로드 경로의 목록을 요청하고
MEDIA_ROOT의 원본 파일을 이름으로 직접 요청해 보며, 목록이 나오지 않고 공개 이미지 썸네일 외에는
아무 파일도 제공되지 않는지 확인합니다.
"""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import clear_url_caches

import example_site

pytestmark = pytest.mark.django_db

URLS_FILE = Path(example_site.__file__).parent / "urls.py"

LISTINGS = [
    "/media/",
    "/media/images/",
    "/media/documents/",
    "/media/original_images/",
    "/media/egov_imports/",
    "/media/egov_imports/mail/",
    "/media/egov-exports/",
    "/static/",
    "/static/wagtailadmin/",
    "/static/egov_consultations/",
    "/private/",
    "/egov_private/",
    "/documents/",
    "/egov-files/",
    "/egov-files/mail-attachment/",
    "/egov-files/image-rendition/n/",
    "/egov-files/image-rendition/n/images/",
]


@pytest.fixture
def site_files(tmp_path, settings):
    """The example site's URLs built as under ``DEBUG``, over a real MEDIA_ROOT with files."""
    media = tmp_path / "media"
    for name, data in {
        "images/public.max-165x165.jpg": b"\xff\xd8public",
        "original_images/hong.jpg": b"\xff\xd8original",
        "documents/members.pdf": b"%PDF members",
        "egov_imports/mail/2024/04/report.html": b"<script>alert(1)</script>",
        "egov-exports/token.xlsx": b"PK",
    }.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(data)
    settings.MEDIA_ROOT = media
    settings.MEDIA_URL = "/media/"
    name = "tests_security_debug_urls"
    spec = importlib.util.spec_from_file_location(name, URLS_FILE)
    module = importlib.util.module_from_spec(spec)
    with override_settings(DEBUG=True):
        spec.loader.exec_module(module)
    sys.modules[name] = module
    settings.ROOT_URLCONF = name
    clear_url_caches()
    yield media
    sys.modules.pop(name, None)
    clear_url_caches()


@pytest.mark.parametrize("path", LISTINGS)
def test_no_folder_is_listed_with_debug_urls(
    site_files, client, admin_client_for, administrator, path
):
    for who in (client, admin_client_for(administrator)):
        response = who.get(path)
        assert response.status_code == 404, path
        assert b"Index of" not in response.content
        assert b"members.pdf" not in response.content and b"hong.jpg" not in response.content


@pytest.mark.parametrize("path", LISTINGS)
def test_no_folder_is_listed_in_production_urls(client, path):
    response = client.get(path)
    assert response.status_code == 404, path
    assert b"Index of" not in response.content


def test_only_public_renditions_are_served_from_media(site_files, client):
    assert client.get("/media/images/public.max-165x165.jpg").status_code == 200
    for path in (
        "/media/original_images/hong.jpg",
        "/media/documents/members.pdf",
        "/media/egov_imports/mail/2024/04/report.html",
        "/media/egov-exports/token.xlsx",
        "/media/images/../documents/members.pdf",
        "/media/images/%2e%2e/documents/members.pdf",
    ):
        assert client.get(path).status_code in (400, 404), path


def test_private_files_are_kept_outside_media_root(settings, tmp_path):
    from egov_plugin.core.storage import PrivateFileSystemStorage, default_private_root

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EGOV_PRIVATE_ROOT = ""
    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != "egov_private"}
    assert default_private_root() == (tmp_path / "egov_private").resolve()
    from egov_plugin.core.storage import private_storage

    assert isinstance(private_storage(), PrivateFileSystemStorage)
    with pytest.raises(NotImplementedError):
        private_storage().url("x")  # a private file has no URL to leak
    assert not [m for m in run_checks() if m.id == "egov_core.E003"]
    settings.EGOV_PRIVATE_ROOT = str(tmp_path / "media" / "private")  # a mistake
    assert [m for m in run_checks() if m.id == "egov_core.E003"]
