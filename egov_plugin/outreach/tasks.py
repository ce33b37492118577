"""Background work of outreach (django-tasks)."""

from django_tasks import task


@task()
def send_batch(campaign_id, channel, lo, hi):
    """Send the queued deliveries of one campaign, channel and id range (see sending.send_batch)."""
    from . import sending

    return sending.send_batch(campaign_id, channel, lo, hi)
