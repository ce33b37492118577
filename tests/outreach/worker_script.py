"""Run in a worker test's database: ``python -m tests.outreach.worker_script COMMAND``.

``setup N`` creates N subscribers and starts a campaign; ``status`` prints the campaign's and
the deliveries' states; ``busy SECONDS`` queues the analysis stand-in and prints its id;
``task ID`` prints that task's status.
"""

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


def busy(seconds):
    from tests.outreach.slow_tasks import busy as task

    print(task.enqueue(seconds).id)


def task_status(task_id):
    from tests.outreach.slow_tasks import busy as task

    print(task.get_backend().get_result(task_id).status)


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "setup":
        setup(int(sys.argv[2]))
    elif sys.argv[1] == "busy":
        busy(float(sys.argv[2]))
    elif sys.argv[1] == "task":
        task_status(sys.argv[2])
    else:
        status()
