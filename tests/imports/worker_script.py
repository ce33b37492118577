"""Run in the killed-import test's database: ``python -m tests.imports.worker_script CMD``.

``setup ROWS`` uploads a people file and starts its import from the admin (the commit task
goes to the database queue); ``page`` opens the job's admin page (which tells a dead worker's
job from a running one); ``retry`` presses "Run the import again"; ``status`` prints the job.
Each prints one JSON object.
"""

import io
import json
import sys

import django


def _admin():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    return client


def setup(count):
    from openpyxl import Workbook

    from egov_plugin.imports.models import ImportJob

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("명단")
    sheet.append(["성명", "휴대폰"])
    for n in range(count):
        sheet.append([f"주민{n}", f"010-7{n // 1000:03d}-{n % 10000:04d}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "people.xlsx"
    client = _admin()
    response = client.post("/admin/egov/imports/", {"kind": "people", "file": buffer})
    assert response.status_code == 302, response.status_code
    job = ImportJob.objects.get()
    response = client.post(f"/admin/egov/imports/{job.pk}/", {"action": "commit"})
    assert response.status_code == 302, response.status_code
    print(json.dumps({"job": job.pk}))


def status():
    from egov_plugin.imports.models import ImportJob
    from egov_plugin.people.models import Person

    job = ImportJob.objects.get()
    print(
        json.dumps(
            {
                "status": job.status,
                "error": job.error,
                "people": Person.objects.count(),
                "file": bool(job.file) and job.file.storage.exists(job.file.name),
                "counts": job.counts,
            },
            ensure_ascii=False,
        )
    )


def page():
    from egov_plugin.imports.models import ImportJob

    job = ImportJob.objects.get()
    response = _admin().get(f"/admin/egov/imports/{job.pk}/")
    text = response.content.decode()
    job.refresh_from_db()
    print(
        json.dumps(
            {
                "code": response.status_code,
                "status": job.status,
                "reason_shown": bool(job.error) and job.error in text,
                "retry_button": 'value="retry"' in text,
            }
        )
    )


def retry():
    from egov_plugin.imports.models import ImportJob

    job = ImportJob.objects.get()
    response = _admin().post(f"/admin/egov/imports/{job.pk}/", {"action": "retry"})
    job.refresh_from_db()
    print(json.dumps({"code": response.status_code, "status": job.status}))


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1]
    if command == "setup":
        setup(int(sys.argv[2]))
    else:
        {"status": status, "page": page, "retry": retry}[command]()
