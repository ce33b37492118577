"""Who may upload what: each kind needs the permissions that change that kind of data, and the
rejected rows of a job are personal data (a reason, an audit event, masked contacts)."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from egov_plugin.core.models import AuditEvent
from egov_plugin.imports.jobs import create_job
from egov_plugin.imports.models import ImportJob
from egov_plugin.imports.pipeline import commit_job

from .conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

KINDS = ["people", "organization-members", "committee-members", "opinions"]
ALLOWED = {
    "administrator": set(KINDS),
    "policy": {"opinions"},
    "committee": {"committee-members"},
    "organization": {"organization-members"},
}
FILE = [["성명", "휴대폰", "의견"], ["김민수", "010-1234-5678", "가로등을 늘려 주세요."]]


@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_sees_and_uploads_only_its_kinds(
    role, staff, admin_client_for, regions, organization, committee, consultation
):
    client = admin_client_for(staff[role])
    allowed = ALLOWED[role]
    index = client.get("/admin/egov/imports/")
    assert index.status_code == 200
    html = index.content.decode()
    for kind in KINDS:
        assert (f'<option value="{kind}"' in html) == (kind in allowed), kind
        template = client.get(f"/admin/egov/imports/templates/{kind}.xlsx")
        assert template.status_code == (200 if kind in allowed else 403), kind
    targets = {
        "organization-members": {"organization": organization.pk},
        "committee-members": {"committee": committee.pk},
        "opinions": {"consultation": consultation.pk},
    }
    for kind in KINDS:
        upload = SimpleUploadedFile("명단.xlsx", xlsx_bytes(FILE))
        response = client.post(
            "/admin/egov/imports/", {"kind": kind, "file": upload, **targets.get(kind, {})}
        )
        assert response.status_code == (302 if kind in allowed else 403), kind
    assert set(ImportJob.objects.values_list("kind", flat=True)) == allowed
    mail = client.get("/admin/egov/imports/mail/")
    assert mail.status_code == (200 if "opinions" in allowed else 403)


def test_jobs_of_another_kind_are_refused(staff, admin_client_for, regions):
    job, __ = create_job("people", csv_bytes(FILE), "p.csv")
    client = admin_client_for(staff["policy"])
    assert client.get(f"/admin/egov/imports/{job.pk}/").status_code == 403
    assert client.post(f"/admin/egov/imports/{job.pk}/", {"action": "commit"}).status_code == 403
    assert client.get(f"/admin/egov/imports/{job.pk}/errors/").status_code == 403
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    # The list of latest imports shows only the kinds one may upload.
    assert "p.csv" not in client.get("/admin/egov/imports/").content.decode()


def test_the_imports_permission_alone_opens_nothing(django_user_model, client):
    user = django_user_model.objects.create_user(username="clerk", password="pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_importjob"),
    )
    client.force_login(user)
    assert client.get("/admin/egov/imports/").status_code == 403


def _rejected_opinions_job(consultation, user):
    data = xlsx_bytes(
        [
            ["작성자", "연락처", "이메일", "의견내용"],
            ["김민수", "010-1234-5678", "minsu@example.com", ""],  # no opinion: rejected
            ["이서연", "010-2222-3333", "", "버스 노선을 늘려 주세요."],
        ]
    )
    job, report = create_job("opinions", data, "o.xlsx", target=consultation, user=user)
    assert report.skipped == 1
    commit_job(job, user=user)
    return job


def test_rejected_rows_are_masked_for_staff_without_personal_data(
    staff, admin_client_for, consultation
):
    job = _rejected_opinions_job(consultation, staff["policy"])
    client = admin_client_for(staff["policy"])
    url = f"/admin/egov/imports/{job.pk}/errors/"
    refused = client.post(url, {"format": "csv", "reason": ""})
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    assert not AuditEvent.objects.filter(action="export").exists()

    response = client.post(url, {"format": "csv", "reason": "반려 의견 확인"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["원래 행", "작성자", "연락처", "이메일", "의견내용", "오류 내용"]
    assert rows[1][:4] == ["2", "김*수", "010-1234-****", "m***@example.com"]
    assert "김민수" not in text and "5678" not in text and "minsu@" not in text
    event = AuditEvent.objects.get(action="export")
    assert event.reason == "반려 의견 확인" and event.data["rows"] == 1
    assert event.actor == staff["policy"]


def test_rejected_rows_are_whole_for_staff_with_personal_data(
    staff, admin_client_for, consultation
):
    job = _rejected_opinions_job(consultation, staff["administrator"])
    response = admin_client_for(staff["administrator"]).post(
        f"/admin/egov/imports/{job.pk}/errors/", {"format": "csv", "reason": "반려 의견 수정"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "김민수,010-1234-5678,minsu@example.com" in text
    assert AuditEvent.objects.filter(action="export").count() == 1
