"""Run in the worker test's database: ``python -m tests.outreach.worker_script setup|status``."""

import json
import sys

import django


def setup(count):
    from egov_plugin.outreach import sending
    from egov_plugin.outreach.models import Campaign
    from egov_plugin.people.models import Person, SubscriberProfile

    for i in range(count):
        person = Person.objects.create(name=f"주민{i}", mobile=f"010-5555-{i:04d}")
        SubscriberProfile.objects.create(person=person, sms_consent=True)
    campaign = Campaign.objects.create(name="worker test", message="{name}님 안내입니다")
    print(sending.start_campaign(campaign))


def status():
    from egov_plugin.outreach.models import Campaign, Delivery

    campaign = Campaign.objects.get()
    counts = {}
    for value in Delivery.objects.values_list("status", flat=True):
        counts[value] = counts.get(value, 0) + 1
    print(json.dumps({"campaign": campaign.status, **counts}))


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "setup":
        setup(int(sys.argv[2]))
    else:
        status()
