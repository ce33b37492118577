"""Private files on S3-compatible object storage, against a real S3-protocol server (moto).

Mail attachments go through the real mail import into the bucket under random keys with no
public ACL; permitted staff download them through the checked view, streamed or as a redirect
to a signed URL that moto then serves with the forced ``attachment`` headers; everyone else
gets the view's 404, and the system checks warn of a private bucket made public. What moto
does not enforce (signatures, their expiry, ACLs on requests) is asserted on what the
application asks the store for: see tests/s3server.py and docs/reference/files.md.
"""

import datetime
import json
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from egov_plugin.core.models import AuditEvent
from tests.production_server import ROOT, production_env
from tests.s3server import (
    ACCESS_KEY,
    REGION,
    SECRET_KEY,
    moto_s3,  # noqa: F401 - fixture
    new_bucket,
    s3_client,
    s3_storage_options,
)
from tests.security.filedata import HTML_PAYLOAD, store_attachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def bucket(moto_s3, settings):  # noqa: F811
    """A new bucket as the private storage (the production recipe's options)."""
    name = new_bucket(moto_s3)
    settings.STORAGES = {
        **settings.STORAGES,
        "egov_private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_storage_options(moto_s3, name),
        },
    }
    return name


def keys(endpoint, bucket):
    listing = s3_client(endpoint).list_objects_v2(Bucket=bucket)
    return [item["Key"] for item in listing.get("Contents", [])]


def fetch(url):
    """GET ``url`` as a browser would after the redirect: (status, headers, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_an_imported_attachment_is_an_object_with_a_random_key_and_no_public_acl(
    moto_s3,  # noqa: F811
    bucket,
):
    from egov_plugin.core.storage import private_storage

    attachment = store_attachment("주민명단_홍길동.html")
    stored = keys(moto_s3, bucket)
    assert stored == [f"private/{attachment.file.name}"]
    key = stored[0]
    assert key.startswith("private/egov_imports/mail/") and key.endswith(".html")
    assert "홍길동" not in unquote(key) and "주민명단" not in unquote(key)
    assert len(key.rsplit("/", 1)[-1]) == len(uuid.uuid4().hex) + len(".html")
    client = s3_client(moto_s3)
    assert client.get_object(Bucket=bucket, Key=key)["Body"].read() == HTML_PAYLOAD
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner's, nobody else's
    assert all(g["Grantee"].get("Type") == "CanonicalUser" for g in grants)
    assert private_storage().exists(attachment.file.name)


def test_staff_download_is_streamed_from_the_bucket_inert_and_audited(
    bucket, admin_client_for, policy_staff
):
    attachment = store_attachment("주민명단_홍길동.html")
    response = admin_client_for(policy_staff).get(attachment.download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == HTML_PAYLOAD
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(actor=policy_staff, action="view").count() == 1


def test_signed_url_download_redirects_after_the_audit_to_a_working_inert_url(
    moto_s3,  # noqa: F811
    bucket,
    settings,
    admin_client_for,
    policy_staff,
):
    settings.EGOV_PRIVATE_DOWNLOADS = "signed_url"
    attachment = store_attachment("주민명단_홍길동.html")
    before = datetime.datetime.now(datetime.UTC)
    response = admin_client_for(policy_staff).get(attachment.download_url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert AuditEvent.objects.filter(actor=policy_staff, action="view").count() == 1
    url = response["Location"]
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == moto_s3
    assert parts.path == f"/{bucket}/private/{attachment.file.name}"
    query = parse_qs(parts.query)
    # Signed (SigV4), short-lived: 60 s from now.
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Signature"][0]
    assert query["X-Amz-Credential"][0].startswith(f"{ACCESS_KEY}/")
    assert query["X-Amz-Expires"] == ["60"]
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.UTC
    )
    assert before - datetime.timedelta(seconds=5) <= signed_at
    assert signed_at <= datetime.datetime.now(datetime.UTC)
    # The store is told to send it as an inert attachment, named without the sender's name.
    assert query["response-content-type"] == ["application/octet-stream"]
    assert query["response-cache-control"] == ["no-store"]
    disposition = query["response-content-disposition"][0]
    assert disposition == f'attachment; filename="mail-attachment-{attachment.pk}.html"'
    assert "홍길동" not in unquote(url) and "주민명단" not in unquote(url)
    status, headers, body = fetch(url)
    assert status == 200 and body == HTML_PAYLOAD
    assert headers["Content-Disposition"] == disposition
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Cache-Control"] == "no-store"


def test_a_signed_url_keeps_an_inert_type_it_may_show(
    moto_s3,  # noqa: F811
    bucket,
    settings,
    admin_client_for,
    policy_staff,
):
    settings.EGOV_PRIVATE_DOWNLOADS = "signed_url"
    settings.EGOV_PRIVATE_SIGNED_URL_SECONDS = 30
    attachment = store_attachment("회의자료.pdf", PDF, content_type="application/pdf")
    url = admin_client_for(policy_staff).get(attachment.download_url)["Location"]
    assert parse_qs(urlsplit(url).query)["X-Amz-Expires"] == ["30"]
    status, headers, body = fetch(url)
    assert status == 200 and body == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("mode", ["stream", "signed_url"])
def test_anonymous_and_unprivileged_get_the_views_404_and_no_url(
    mode, bucket, settings, client, admin_client_for, organization_staff
):
    settings.EGOV_PRIVATE_DOWNLOADS = mode
    attachment = store_attachment("주민명단_홍길동.html")
    anonymous = client.get(attachment.download_url)
    assert anonymous.status_code == 404 and "Location" not in anonymous
    refused = admin_client_for(organization_staff).get(attachment.download_url)
    assert refused.status_code == 404 and "Location" not in refused
    assert not AuditEvent.objects.filter(action="view").exists()


def test_an_object_deleted_from_the_bucket_is_a_404(
    moto_s3,  # noqa: F811
    bucket,
    admin_client_for,
    policy_staff,
):
    attachment = store_attachment("a.pdf", PDF)
    s3_client(moto_s3).delete_object(Bucket=bucket, Key=f"private/{attachment.file.name}")
    assert admin_client_for(policy_staff).get(attachment.download_url).status_code == 404


def _object_storage_warnings():
    from egov_plugin.core.checks import check_object_storage

    return sorted(problem.id for problem in check_object_storage(None))


def test_checks_pass_the_private_recipe_and_warn_of_public_or_unsigned_buckets(
    moto_s3,  # noqa: F811
    settings,
):
    name = new_bucket(moto_s3)

    def private(**extra):
        settings.STORAGES = {
            **settings.STORAGES,
            "egov_private": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": s3_storage_options(moto_s3, name, **extra),
            },
        }

    private()
    assert _object_storage_warnings() == []
    private(default_acl="public-read")
    assert _object_storage_warnings() == ["egov_core.W007"]
    private(querystring_auth=False)
    assert _object_storage_warnings() == ["egov_core.W008"]
    private(custom_domain="files.sd.go.kr")
    assert _object_storage_warnings() == ["egov_core.W008"]
    private()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_storage_options(moto_s3, name, querystring_auth=False),
        },
    }
    assert _object_storage_warnings() == ["egov_core.W009"]
    settings.EGOV_PRIVATE_DOWNLOADS = "public"
    assert "egov_core.E007" in _object_storage_warnings()


#: Run in the production settings: store through the private storage, report what the checks
#: and the bucket say.
PRODUCTION_PROBE = """
import json, django
django.setup()
from django.core import checks
from egov_plugin.core.storage import private_storage
from egov_plugin.core.object_storage import is_object_storage
name = private_storage().save("probe/x.txt", __import__("io").BytesIO(b"probe"))
ids = sorted(m.id for m in checks.run_checks() if m.id and m.id.startswith("egov_core"))
print(json.dumps({"s3": is_object_storage(private_storage()), "name": name, "checks": ids}))
"""


def test_the_production_settings_recipe_puts_private_files_in_the_bucket(
    moto_s3,  # noqa: F811
    tmp_path,
):
    name = new_bucket(moto_s3)
    env = production_env(
        tmp_path,
        EGOV_S3_BUCKET=name,
        AWS_S3_ENDPOINT_URL=moto_s3,
        AWS_S3_REGION_NAME=REGION,
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT / "example_site",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["s3"] is True
    assert not {"egov_core.W007", "egov_core.W008", "egov_core.W009"} & set(report["checks"])
    assert keys(moto_s3, name) == [f"private/{report['name']}"]
    head = s3_client(moto_s3).head_object(Bucket=name, Key=f"private/{report['name']}")
    assert head["CacheControl"] == "no-store"
