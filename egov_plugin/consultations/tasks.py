"""Background work of consultations (django-tasks)."""

from django.apps import apps
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_outcome_notifications(app_label, model_name, page_id):
    """E-mail the published outcome to everyone who asked to be told; returns how many.

    The page is marked as notified first, in one conditional update, so two workers (or a
    retried task) never send the news twice.
    """
    from .models import Opinion

    model = apps.get_model(app_label, model_name)
    claimed = model.objects.filter(pk=page_id, outcome_notified_at__isnull=True).update(
        outcome_notified_at=timezone.now()
    )
    if not claimed:
        return 0
    page = model.objects.get(pk=page_id)
    addresses = (
        Opinion.objects.filter(page_id=page_id, notify_outcome=True)
        .exclude(email="")
        .exclude(status=Opinion.Status.UNCONFIRMED)
        .values_list("email", flat=True)
        .distinct()
    )
    subject = _('[Seongdong-gu] The outcome of "%(title)s"') % {"title": page.title}
    sent = 0
    for address in addresses.iterator():
        body = render_to_string(
            "egov_consultations/email/outcome.txt", {"page": page, "url": page.full_url}
        )
        EmailMultiAlternatives(subject=subject, body=body, to=[address]).send()
        sent += 1
    return sent
