"""Publishing a consultation with its outcome ticked also sends the SMS notice to those who gave
a mobile number and agreed to SMS (the consultations app e-mails the outcome itself and does not
know outreach exists). Connected by ``EgovOutreachConfig.ready()`` only when the consultations
app is installed."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from egov_plugin.consultations.models import ConsultationFields

from .tasks import send_outcome_sms


@receiver(page_published, dispatch_uid="egov_outreach.send_outcome_sms_on_publish")
def send_outcome_sms_on_publish(sender, instance, **kwargs):
    page = instance
    if not isinstance(page, ConsultationFields):
        return
    if page.outcome_published and page.outcome and page.outcome_notified_at is None:
        transaction.on_commit(lambda: send_outcome_sms.enqueue(page.pk))
