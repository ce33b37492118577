"""Public pages: the one-click unsubscribe of campaign e-mail (RFC 8058) and consent renewal."""

from django.core import signing
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from egov_plugin.core import audit
from egov_plugin.core.conf import egov_settings
from egov_plugin.core.text import mask_name
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord, Person

from .messages import read_consent_token, read_unsubscribe_token
from .models import Campaign, Channel, Delivery


@csrf_exempt  # mail clients POST "List-Unsubscribe=One-Click" without any cookie or token
def unsubscribe(request, token):
    """GET asks for confirmation (link scanners must not unsubscribe anyone); POST withdraws."""
    try:
        person_id, channel = read_unsubscribe_token(token)
    except signing.BadSignature:
        # The resident's own page, in the site's language, not a bare English error.
        return render(request, "egov_outreach/unsubscribe.html", {"invalid": True}, status=400)
    person = Person.objects.filter(pk=person_id).first()
    if person is None or channel not in ConsentRecord.Channel.values:
        return render(request, "egov_outreach/unsubscribe.html", {"done": True}, status=200)
    if request.method == "POST":
        consent.withdraw(person, channel, source="outreach-unsubscribe")
        audit.record(
            request,
            audit.Action.EDIT,
            obj=person,
            summary=_("Consent withdrawn (%(channel)s) from an unsubscribe link")
            % {"channel": channel},
        )
        return render(request, "egov_outreach/unsubscribe.html", {"done": True})
    return render(request, "egov_outreach/unsubscribe.html", {"done": False})


def _consent_page(request, context, status=200):
    return render(request, "egov_outreach/consent.html", context, status=status)


def renew_consent(request, token):
    """A resident's own page, reached from a consent-renewal message: confirm or withdraw.

    The link names one delivery (signed and dated), so it works only for the person it was
    sent to, for the channel it came by, and for ``OUTREACH_CONSENT_LINK_DAYS``. Confirming
    records a new consent with the campaign's wording and version; both answers are audited.
    """
    try:
        delivery_id = read_consent_token(token)
    except signing.SignatureExpired:
        return _consent_page(request, {"problem": "expired"}, status=410)
    except (signing.BadSignature, ValueError):
        return _consent_page(request, {"problem": "invalid"}, status=400)
    delivery = (
        Delivery.objects.select_related("campaign", "person")
        .filter(pk=delivery_id, campaign__kind=Campaign.Kind.CONSENT_RENEWAL)
        .first()
    )
    if delivery is None:
        return _consent_page(request, {"problem": "invalid"}, status=404)
    campaign, person, channel = delivery.campaign, delivery.person, delivery.channel
    context = {
        "campaign": campaign,
        "channel_label": Channel(channel).label,
        "masked_name": mask_name(person.name),
        "years": egov_settings.CONSENT_RENEWAL_YEARS,
        "current": consent.current(person, channel),
    }
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("confirm", "withdraw"):
            context["problem"] = "choose"
            return _consent_page(request, context, status=400)
        with transaction.atomic():
            if answer == "confirm":
                consent.grant(
                    person,
                    channel,
                    wording=campaign.consent_wording,
                    wording_version=campaign.consent_version,
                    source=campaign.tag,
                )
                summary = f"Consent renewed ({channel}) from campaign {campaign.pk}"
            else:
                consent.withdraw(person, channel, source=campaign.tag)
                summary = f"Consent withdrawn ({channel}) from campaign {campaign.pk}"
            audit.record(
                request,
                audit.Action.EDIT,
                obj=person,
                summary=summary,
                data={"campaign": campaign.pk, "channel": channel, "answer": answer},
            )
        context.update(done=answer, current=consent.current(person, channel))
    return _consent_page(request, context)
