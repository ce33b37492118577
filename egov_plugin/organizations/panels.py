"""The organization's member rows: the registry's member panel, refusing a person twice."""

from egov_plugin.people.panels import MemberInlinePanel

from .forms import OneRowPerPersonFormSet


class UniqueMemberInlinePanel(MemberInlinePanel):
    """A :class:`MemberInlinePanel` whose formset puts "already a member" on the person field."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = OneRowPerPersonFormSet
        return options
