"""Background work of outreach (django-tasks)."""

from django_tasks import task

from egov_plugin.core.queues import SENDING, queue_name


@task(queue_name=queue_name(SENDING))
def send_batch(campaign_id, channel, lo, hi):
    """Send the queued deliveries of one campaign, channel and id range (see sending.send_batch)."""
    from . import sending

    return sending.send_batch(campaign_id, channel, lo, hi)


@task(queue_name=queue_name(SENDING))
def send_outcome_sms(page_id):
    """Start the SMS notice of a published consultation outcome (see outcome.py)."""
    from wagtail.models import Page

    from . import outcome

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    return outcome.notify_outcome_by_sms(page.specific)


@task(queue_name=queue_name(SENDING))
def poll_delivery_reports():
    """Ask the SMS provider which sent messages reached the phone (see reports.py)."""
    from . import reports

    return reports.update_delivery_reports()
