"""Background work of consultations (django-tasks)."""

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from egov_plugin.core.public_url import page_url
from egov_plugin.core.queues import SENDING, queue_name

from .records import Opinion


@task(queue_name=queue_name(SENDING))
def send_outcome_notifications(app_label, model_name, page_id):
    """E-mail the published outcome to everyone who asked to be told; returns how many.

    Each address gets one message, however many opinions it gave; unconfirmed opinions (whose
    address nobody has proved) get none. The page is marked as notified first, in one
    conditional update, so two workers (or a retried task) never send the news twice: a mail
    server failing half-way leaves the rest untold rather than risk telling anyone twice.
    """
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
        .order_by("email")  # not the model's ordering: DISTINCT would count it in
        .values_list("email", flat=True)
        .distinct()
    )
    # Residents read it in the site's language, whoever published the page and in whatever
    # language their admin is.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _('[Seongdong-gu] The outcome of "%(title)s"') % {"title": page.title}
        body = render_to_string(
            "egov_consultations/email/outcome.txt", {"page": page, "url": page_url(page)}
        )
    sent = 0
    with get_connection() as connection:  # one SMTP session for the whole list
        for address in addresses.iterator():
            EmailMultiAlternatives(
                subject=subject, body=body, to=[address], connection=connection
            ).send()
            sent += 1
    return sent
