"""Public pages: the one-click unsubscribe of campaign e-mail (RFC 8058), consent renewal, and
the redirect of campaign short links.

Both are personal pages (never cached) and idempotent: an answer that is already the person's
newest consent record — a double click, a mail client retrying its one-click POST, a replayed
request — writes nothing and says so.
"""

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from egov_plugin.core import audit
from egov_plugin.core.personal import personal_page
from egov_plugin.core.text import mask_name
from egov_plugin.people import consent
from egov_plugin.people.audiences import reach
from egov_plugin.people.conf import app_settings as people_settings
from egov_plugin.people.models import ConsentRecord, Person

from .messages import read_consent_token, read_unsubscribe_token
from .models import Campaign, Channel, Delivery, ShortLink


def follow_short_link(request, code):
    """``/s/<code>``: on to the campaign's page, its ``?ch=`` tag kept (a path on this site)."""
    link = ShortLink.objects.filter(code=code).values_list("pk", "target").first()
    if link is None:
        raise Http404
    pk, target = link
    ShortLink.objects.filter(pk=pk).update(hits=F("hits") + 1)
    # 302, not 301: a browser must not remember it if the campaign's page moves.
    return redirect(target)


@csrf_exempt  # mail clients POST "List-Unsubscribe=One-Click" without any cookie or token
@personal_page
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
        with transaction.atomic():
            _lock(person)
            newest = consent.current(person, channel)
            unchanged = newest is not None and not newest.granted
            if not unchanged:
                consent.withdraw(person, channel, source=reach.UNSUBSCRIBE_SOURCE)
                audit.record(
                    request,
                    audit.Action.EDIT,
                    obj=person,
                    summary=_("Consent withdrawn (%(channel)s) from an unsubscribe link")
                    % {"channel": channel},
                )
        return render(
            request, "egov_outreach/unsubscribe.html", {"done": True, "unchanged": unchanged}
        )
    return render(request, "egov_outreach/unsubscribe.html", {"done": False})


def _lock(person):
    # Two POSTs of one link at the same moment: the second waits for the first, then finds its
    # record (a row lock on PostgreSQL; SQLite writes one transaction at a time anyway).
    Person.objects.select_for_update().filter(pk=person.pk).first()


def _already(newest, answer, campaign):
    """Whether ``answer`` is what the newest record says already (so nothing is to be written)."""
    if newest is None:
        return False
    if answer == "withdraw":
        return not newest.granted
    # A renewal is new unless this very campaign's wording was confirmed last.
    return (
        newest.granted
        and newest.source == campaign.tag
        and newest.wording_version == campaign.consent_version
    )


def _consent_page(request, context, status=200):
    return render(request, "egov_outreach/consent.html", context, status=status)


@personal_page
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
        "years": people_settings.CONSENT_RENEWAL_YEARS,
        "current": consent.current(person, channel),
    }
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("confirm", "withdraw"):
            context["problem"] = "choose"
            return _consent_page(request, context, status=400)
        with transaction.atomic():
            _lock(person)
            unchanged = _already(consent.current(person, channel), answer, campaign)
            if not unchanged:
                _record_answer(request, person, channel, campaign, answer)
        context.update(done=answer, unchanged=unchanged, current=consent.current(person, channel))
    return _consent_page(request, context)


def _record_answer(request, person, channel, campaign, answer):
    if answer == "confirm":
        consent.grant(
            person,
            channel,
            wording=campaign.consent_wording,
            wording_version=campaign.consent_version,
            source=campaign.tag,
        )
    else:
        consent.withdraw(person, channel, source=campaign.tag)
    summary = (
        _("Consent renewed (%(channel)s) from campaign %(campaign)s")
        if answer == "confirm"
        else _("Consent withdrawn (%(channel)s) from campaign %(campaign)s")
    )
    audit.record(
        request,
        audit.Action.EDIT,
        obj=person,
        summary=summary % {"channel": channel, "campaign": campaign.pk},
        data={"campaign": campaign.pk, "channel": channel, "answer": answer},
    )
