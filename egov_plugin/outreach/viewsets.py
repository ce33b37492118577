"""Campaigns in the "e-거버넌스" admin menu: list, create, edit, and the send screen."""

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from egov_plugin.core import audit
from egov_plugin.core.conf import egov_settings
from egov_plugin.core.menu import OUTREACH, menu_hook_for
from egov_plugin.core.sms import SmsMessage, get_backend
from egov_plugin.core.text import mask_name, mask_phone
from egov_plugin.people.audiences import reach
from egov_plugin.people.conf import app_settings as people_settings
from egov_plugin.people.permissions import can_view_personal_data

from . import approval, audience, messages, rules, sending
from .conf import app_settings
from .forms import CampaignForm
from .models import Campaign, Channel, Delivery


class CampaignCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.created_by = self.request.user
        instance.save()
        return instance

    def get_success_url(self):
        # Next comes the check: recipients, cost, preview, approval.
        return reverse("egov_outreach_campaigns:send", args=[self.object.pk])


LOCKED_MESSAGE = gettext_lazy(
    "This campaign has started sending: its message and audience can no longer be changed. "
    "Pause or cancel it on its sending page."
)


class CampaignEditView(generic.EditView):
    """Editing is refused once sending started; editing an approved campaign needs approval
    again, since the approver agreed to what it said then."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.object.locked:
            for field in form.fields.values():
                field.disabled = True
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locked_message"] = LOCKED_MESSAGE if self.object.locked else ""
        context["send_url"] = reverse("egov_outreach_campaigns:send", args=[self.object.pk])
        if not self.object.locked:
            counts, cost = sending.estimated_cost(self.object)
            context["counts"] = [(c, Channel(c).label, n) for c, n in counts.items()]
            context["cost"] = cost
        return context

    def form_valid(self, form):
        with transaction.atomic():
            # The row lock makes a start and an edit wait for each other, never interleave.
            status = (
                Campaign.objects.select_for_update()
                .filter(pk=self.object.pk)
                .values_list("status", flat=True)
                .first()
            )
            if status not in (Campaign.Status.DRAFT, Campaign.Status.APPROVED):
                flash.error(self.request, LOCKED_MESSAGE)
                return redirect("egov_outreach_campaigns:send", self.object.pk)
            instance = form.save(commit=False)
            if status == Campaign.Status.APPROVED and form.has_changed():
                instance.status = Campaign.Status.DRAFT
                instance.approved_by = None
                instance.approved_at = None
                flash.warning(
                    self.request, _("The campaign changed, so it must be approved again.")
                )
            instance.save()
            self.object = instance
        flash.success(self.request, _("Campaign saved."))
        return redirect("egov_outreach_campaigns:send", self.object.pk)


class CampaignDeleteView(generic.DeleteView):
    """A campaign that sent anything stays: it is the record of what was sent to whom."""

    def dispatch(self, request, *args, **kwargs):
        campaign = get_object_or_404(Campaign, pk=kwargs.get("pk"))
        if campaign.locked:
            flash.error(
                request,
                _("A campaign that has started sending cannot be deleted; cancel it instead."),
            )
            return redirect("egov_outreach_campaigns:send", campaign.pk)
        return super().dispatch(request, *args, **kwargs)


def progress_context(campaign):
    """Counts per status with their labels, and the share of deliveries no longer queued."""
    counts = sending.progress(campaign)
    total = sum(counts.values())
    done = total - counts[Delivery.Status.QUEUED]
    return {
        "progress": [(s, Delivery.Status(s).label, n) for s, n in counts.items()],
        "progress_total": total,
        "progress_done": done,
        "progress_percent": int(100 * done / total) if total else 100,
    }


def reach_context(campaign):
    """Per group of the audience: reachable by SMS and by e-mail, and why not the others."""
    return {
        "reach_rows": audience.reach_by_group(campaign),
        "stale_label": reach.Reason.STALE.label,
    }


class CampaignSendView(TemplateView):
    """Preview for a chosen recipient, count and cost, test send, approval, start, progress."""

    template_name = "egov_outreach/send.html"

    def dispatch(self, request, pk):
        if not request.user.has_perm("egov_outreach.change_campaign"):
            raise PermissionDenied
        self.campaign = get_object_or_404(Campaign.objects.select_related("page"), pk=pk)
        return super().dispatch(request, pk)

    def _preview_person(self):
        people = audience.recipients(self.campaign, (self.campaign.channels or [Channel.SMS])[0])
        chosen = self.request.GET.get("person", "")
        person = people.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        return person or people.order_by("pk").first(), people.order_by("pk")[:20]

    def get_context_data(self, **kwargs):
        campaign = self.campaign
        context = super().get_context_data(**kwargs)
        started = campaign.status not in (Campaign.Status.DRAFT, Campaign.Status.APPROVED)
        if not started:
            person, choices = self._preview_person()
            see_all = can_view_personal_data(self.request.user)
            if person is not None:
                if not see_all:
                    person.name = mask_name(person.name)
                text, title = messages.render_sms(campaign, person, messages.sample_link(campaign))
                kind, rate = sending.sms_rate(text)
                context.update(
                    preview=text,
                    preview_title=title,
                    preview_type=kind,
                    preview_rate=rate,
                    preview_bytes=rules.euckr_len(text),
                    preview_max=rules.SMS_MAX_BYTES,
                    preview_person=person,
                )
                audit.record(
                    self.request,
                    audit.Action.VIEW,
                    obj=campaign,
                    person=person,
                    summary=_("Campaign message previewed for a recipient"),
                )
            counts, cost = sending.estimated_cost(campaign)
            stale = audience.stale_counts(campaign)
            context.update(
                choices=[(p.pk, p.name if see_all else mask_name(p.name)) for p in choices],
                counts=[(c, Channel(c).label, n, stale.get(c, 0)) for c, n in counts.items()],
                any_stale=any(stale.values()),
                cost=cost,
                check=sending.check_campaign(campaign),
                renewal_years=people_settings.CONSENT_RENEWAL_YEARS,
                **reach_context(campaign),
            )
        else:
            context.update(progress_context(campaign))
        user = self.request.user
        needs_approval = campaign.status == Campaign.Status.DRAFT and approval.required(
            campaign, user=user
        )
        context.update(
            campaign=campaign,
            started=started,
            needs_approval=needs_approval,
            # Only those who may approve see the button; the author sees who can, and asks.
            can_approve=needs_approval and approval.may_approve(campaign, user),
            approver_names=[approval.display_name(u) for u in approval.approvers(campaign)]
            if needs_approval
            else [],
            requested_by=approval.display_name(campaign.approval_requested_by)
            if campaign.approval_requested_by
            else "",
            can_start=sending.can_start(campaign)
            and (approval.approval_holds(campaign) or not approval.required(campaign, user=user)),
            confirm_url=reverse("egov_outreach_campaigns:confirm", args=[campaign.pk]),
            header_title=campaign.name,
            page_title=campaign.name,
        )
        return context

    def post(self, request, pk):
        action = request.POST.get("action")
        try:
            if action == "test":
                self._test_send()
            elif action == "approve":
                approval.approve(self.campaign, request.user)
                flash.success(request, _("Campaign approved."))
            elif action == "request_approval":
                told = approval.request_approval(self.campaign, request.user)
                flash.success(
                    request,
                    _(
                        "Approval asked: the campaign waits on the approvers' dashboard "
                        "(%(n)d told by e-mail)."
                    )
                    % {"n": told},
                )
            elif action == "pause" and sending.pause(self.campaign):
                flash.success(request, _("Sending paused."))
            elif action == "resume" and self.campaign.status == Campaign.Status.PAUSED:
                sending.resume(self.campaign)
                flash.success(request, _("Sending resumed."))
            elif action == "cancel" and sending.cancel(self.campaign):
                flash.success(request, _("Campaign cancelled."))
            elif action == "start":
                total = sending.start_campaign(self.campaign, user=request.user)
                flash.success(request, _("Sending to %(n)d recipients.") % {"n": total})
        except ValidationError as exc:
            for message in exc.messages:
                flash.error(request, message)
        return redirect(request.path)

    def _test_send(self):
        """Send the message, with the author's own details, to the sender's number and e-mail."""

        class Sample:
            pk = None
            name = self.request.user.get_full_name() or self.request.user.get_username()
            region_id = None
            email = self.request.user.email

        sample, campaign = Sample(), self.campaign
        link = messages.sample_link(campaign)
        if campaign.send_sms:
            text, title = messages.render_sms(campaign, sample, link)
            number = egov_settings.SMS_SENDER
            result = get_backend().send_messages(
                [
                    SmsMessage(
                        to=number,
                        text=text,
                        sender=number,
                        title=title,
                        advertising=campaign.advertising,
                    )
                ]
            )[0]
            if result.ok:
                flash.success(
                    self.request, _("Test SMS sent to %(number)s.") % {"number": mask_phone(number)}
                )
            else:
                flash.error(self.request, result.error)
        if campaign.send_email and sample.email:
            text = messages.fill(campaign.message, name=sample.name, region="", link=link)
            from django.core.mail import send_mail

            subject = f"[TEST] {campaign.email_subject or campaign.name}"
            send_mail(subject, text, None, [sample.email])
            flash.success(self.request, _("Test e-mail sent to your address."))


class CampaignConfirmView(TemplateView):
    """The last look before sending: how many, by which channel, what it costs, and when the
    first message actually goes out (a schedule, or the quiet period, may hold it)."""

    template_name = "egov_outreach/confirm.html"

    def dispatch(self, request, pk):
        if not request.user.has_perm("egov_outreach.change_campaign"):
            raise PermissionDenied
        self.campaign = get_object_or_404(Campaign.objects.select_related("page"), pk=pk)
        if not sending.can_start(self.campaign):
            return redirect("egov_outreach_campaigns:send", pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        campaign = self.campaign
        context = super().get_context_data(**kwargs)
        counts, cost = sending.estimated_cost(campaign)
        rows = []
        for channel, n in counts.items():
            if channel == Channel.SMS:
                sample = sending.sample_sms(campaign)
                kind, rate = sending.sms_rate(sample)
                rows.append(
                    {
                        "channel": channel,
                        "label": Channel(channel).label,
                        "count": n,
                        "kind": kind,
                        "bytes": rules.euckr_len(sample),
                        "rate": rate,
                        "won": n * rate,
                    }
                )
            else:
                rate = app_settings.OUTREACH_COST_EMAIL
                rows.append(
                    {
                        "channel": channel,
                        "label": Channel(channel).label,
                        "count": n,
                        "rate": rate,
                        "won": n * rate,
                    }
                )
        starts, held = sending.send_starts(campaign)
        allowed = approval.approval_holds(campaign) or not approval.required(
            campaign, user=self.request.user
        )
        context.update(
            campaign=campaign,
            rows=rows,
            total=sum(counts.values()),
            cost=cost,
            starts=starts,
            held_by_quiet=held,
            quiet_start=app_settings.OUTREACH_QUIET_START,
            quiet_end=app_settings.OUTREACH_QUIET_END,
            check=sending.check_campaign(campaign),
            allowed=allowed,
            **reach_context(campaign),
            send_url=reverse("egov_outreach_campaigns:send", args=[campaign.pk]),
            header_title=_("Confirm sending: %(name)s") % {"name": campaign.name},
            page_title=_("Confirm sending"),
        )
        return context


class CampaignViewSet(ModelViewSet):
    """Outreach campaigns."""

    model = Campaign
    icon = "mail"
    menu_label = gettext_lazy("Campaigns")
    menu_order = 700
    menu_hook = menu_hook_for(OUTREACH)
    add_to_admin_menu = True
    url_prefix = "egov/outreach"
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView
    edit_template_name = "egov_outreach/edit.html"
    delete_view_class = CampaignDeleteView
    list_display = ["name", "kind", "status", "scheduled_at", "created_at"]
    list_filter = ["status", "kind"]

    def get_form_class(self, for_update=False):
        return CampaignForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/send/", CampaignSendView.as_view(), name="send"),
            path("<int:pk>/send/confirm/", CampaignConfirmView.as_view(), name="confirm"),
        ]

    def get_edit_url(self, pk):
        return reverse(self.get_url_name("edit"), args=[pk])
