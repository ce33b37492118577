"""The audience layer: one form mixin for every audience form, and groups that bring their own
filters — a new kind of body plugs into the cross-search and campaigns by registering."""

import pytest
from django import forms
from django.http import QueryDict

from egov_plugin.insights.filters import CrossSearchForm
from egov_plugin.outreach.forms import CampaignForm
from egov_plugin.outreach.models import Campaign
from egov_plugin.people import groups
from egov_plugin.people.audiences.conditions import filtered_people, people_queryset
from egov_plugin.people.audiences.criteria import Criteria, audience_keys, filter_keys
from egov_plugin.people.audiences.forms import AudienceFieldsMixin
from egov_plugin.people.groups import GroupFilter, PersonGroup, register_group
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def volunteer_group():
    """A kind of body no form names: subscribers, with a filter by their neighbourhood."""
    saved = dict(groups._groups)
    register_group(
        PersonGroup(
            key="volunteer",
            label="Volunteer",
            model="egov_people.SubscriberProfile",
            extra={"withdrawn_at__isnull": True},
            order=90,
            filters=(
                GroupFilter(
                    key="volunteer_region",
                    label="Volunteers' neighbourhood",
                    model="egov_people.Region",
                    lookup="person__region",
                ),
            ),
        )
    )
    yield
    groups._groups.clear()
    groups._groups.update(saved)


class PrefixedForm(AudienceFieldsMixin, forms.Form):
    audience_field_prefix = "who_"
    audience_label_format = "Who: %(filter)s"


def test_the_mixin_names_labels_and_reads_back_every_filter(regions, english):
    region = regions["성수1가1동"]
    form = PrefixedForm({"who_region": region.pk, "who_gender": "F", "who_consent": "sms"})
    assert form.is_valid(), form.errors
    assert list(form.fields) == [f"who_{key}" for key in audience_keys()]
    assert form.fields["who_region"].label == "Who: Neighbourhood"
    assert form.audience_values() == {"region": region, "gender": "F", "consent": "sms"}
    assert form.audience_filters() == {"region": region.pk, "gender": "F", "consent": "sms"}
    again = PrefixedForm()
    again.set_audience_initial({"region": region.pk, "gender": ""})
    assert again.initial == {"who_region": region.pk}


def test_both_audience_forms_are_built_from_the_one_key_list(english):
    cross = CrossSearchForm()
    campaign = CampaignForm()
    assert list(cross.fields) == ["q", *filter_keys()]
    assert [name for name in campaign.fields if name.startswith("audience_")] == [
        f"audience_{key}" for key in audience_keys()
    ]
    # The bodies' filters come from their group registrations, not from these forms.
    assert {"organization", "committee_field"} <= set(cross.fields)
    assert {"audience_organization", "audience_committee_field"} <= set(campaign.fields)
    assert campaign.fields["audience_region"].label == "Audience: Neighbourhood"


def test_a_registered_group_filter_shows_up_in_both_forms_and_selects_its_members(
    volunteer_group, regions, english
):
    here, there = regions["성수1가1동"], regions["왕십리도선동"]
    inside = SubscriberFactory(person__region=here).person
    SubscriberFactory(person__region=there)
    assert "volunteer_region" in CrossSearchForm().fields
    assert "audience_volunteer_region" in CampaignForm().fields
    assert ("volunteer", "Volunteer") in CrossSearchForm().fields["group"].choices

    # The cross-search parses it and selects the volunteers of that neighbourhood ...
    criteria, _form = Criteria.from_request(
        QueryDict(f"volunteer_region={here.pk}"), CrossSearchForm
    )
    assert criteria.filters == {"volunteer_region": here} and not criteria.problems
    assert list(people_queryset(criteria)) == [inside]
    # ... and a campaign stores it as an id and sends to the same people.
    form = CampaignForm(
        {
            "name": "자원봉사 안내",
            "kind": Campaign.Kind.MESSAGE,
            "send_sms": "on",
            "message": "안내",
            "audience_volunteer_region": here.pk,
        }
    )
    assert form.is_valid(), form.errors
    campaign = form.save()
    assert campaign.audience == {"volunteer_region": here.pk}
    assert list(filtered_people(campaign.audience)) == [inside]


def test_a_filter_whose_group_is_gone_selects_nobody(regions):
    SubscriberFactory(person__region=regions["성수1가1동"])
    assert filtered_people({"volunteer_region": regions["성수1가1동"].pk}).count() == 0
    assert filtered_people({}).count() == 1


@pytest.mark.django_db
def test_a_saved_audience_keeps_its_makers_name_after_the_account_goes(admin_user):
    from egov_plugin.people.audiences.models import SavedAudience

    audience = SavedAudience.objects.create(name="복지 위원", created_by=admin_user)
    admin_user.delete()
    audience.refresh_from_db()
    assert audience.created_by is None
    assert audience.created_by_label == "admin"


def test_groups_can_be_combined_and_one_group_is_stored_as_before():
    from egov_plugin.people.audiences.criteria import Criteria

    both, _ = Criteria.from_request(
        QueryDict("group=organization&group=committee"), CrossSearchForm
    )
    assert both.filters["group"] == ["organization", "committee"] and not both.problems
    one, _ = Criteria.from_request(QueryDict("group=organization"), CrossSearchForm)
    assert one.filters["group"] == "organization"  # the format audiences were saved in
    empty, _ = Criteria.from_request(QueryDict("group="), CrossSearchForm)
    assert "group" not in empty.filters and not empty.problems
    unknown, _ = Criteria.from_request(QueryDict("group=nonsense"), CrossSearchForm)
    assert unknown.problems


def test_combined_groups_select_their_members_once():
    from egov_plugin.committees.models import Committee, CommitteeField, CommitteeMembership

    member = SubscriberFactory().person
    committee = Committee.objects.create(name="복지위원회", field=CommitteeField.objects.first())
    CommitteeMembership.objects.create(committee=committee, person=member)
    selected = filtered_people({"group": ["subscriber", "committee"]})
    assert list(selected) == [member]
    assert list(filtered_people({"group": ["committee", "gone"]})) == []
