"""``manage.py egov_outreach_resume``: enqueue again what sending campaigns still have queued.

Run it after a worker was killed (its task stays "running" in the task table) or from cron
in the morning when the task backend cannot defer work past the quiet period.
"""

from django.core.management.base import BaseCommand

from egov_plugin.outreach.models import Campaign
from egov_plugin.outreach.sending import resume


class Command(BaseCommand):
    help = "Enqueue the queued deliveries of every sending campaign again."

    def handle(self, *args, **options):
        for campaign in Campaign.objects.filter(status=Campaign.Status.SENDING):
            tasks = resume(campaign)
            self.stdout.write(f"campaign {campaign.pk}: {tasks} batch task(s) enqueued")
