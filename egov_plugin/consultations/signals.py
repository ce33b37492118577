"""Publishing a consultation with its outcome ticked tells the residents who asked."""

from django.apps import apps
from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ConsultationFields


@receiver(page_published)
def notify_outcome_on_publish(sender, instance, **kwargs):
    page = instance
    if not isinstance(page, ConsultationFields):
        return
    if page.outcome_published and page.outcome and page.outcome_notified_at is None:
        from .tasks import send_outcome_notifications

        meta = type(page)._meta
        transaction.on_commit(
            lambda: send_outcome_notifications.enqueue(meta.app_label, meta.model_name, page.pk)
        )
        if apps.is_installed("egov_plugin.outreach"):
            # SMS to those who also gave a mobile number and agreed to SMS (outreach decides).
            from egov_plugin.outreach.tasks import send_outcome_sms

            transaction.on_commit(lambda: send_outcome_sms.enqueue(page.pk))
