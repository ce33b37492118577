"""Demo organization and committee members carry consents with a legal basis, as on the card."""

import io

import pytest
from django.core.management import call_command

from egov_plugin.committees.models import CommitteeMembership
from egov_plugin.organizations.models import OrganizationMembership
from egov_plugin.people.models import ConsentRecord


@pytest.mark.django_db
def test_demo_members_consent_on_the_card_or_on_paper():
    call_command("egov_demo_data", "--scale", "0.01", stdout=io.StringIO())
    members = set()
    for model in (OrganizationMembership, CommitteeMembership):
        group = set(model.objects.values_list("person_id", flat=True))
        assert ConsentRecord.objects.filter(person_id__in=group, granted=True).exists(), model
        members |= group
    assert len(members) >= 20
    records = ConsentRecord.objects.filter(person_id__in=members, channel__in=["sms", "email"])
    with_sms = set(records.filter(channel="sms", granted=True).values_list("person", flat=True))
    # A realistic share, not everyone: some members never agreed to text messages.
    assert 0.3 * len(members) <= len(with_sms) < len(members)
    assert {"card", "paper"} <= set(records.values_list("basis", flat=True))
    for record in records.filter(basis__in=["card", "paper"]):
        record.full_clean()  # card: wording and version; paper: the day it was signed
