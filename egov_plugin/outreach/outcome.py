"""Telling residents by SMS that a consultation's outcome is published (the e-mail is sent by
``egov_plugin.consultations.tasks``).

The notice is a campaign of kind ``outcome`` for the page — at most one per page, a database
constraint — so it goes through the same rules as every campaign: consent, the quiet period,
one delivery per person however many opinions they gave, retries, and a record of what was sent
to whom.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from . import audience, rules
from .conf import app_settings
from .models import Campaign, Channel

TITLE_MAX_CHARS = 30


def notice_text(page):
    """The SMS body, in the site's language, with the ``{link}`` merge field."""
    title = page.title
    if len(title) > TITLE_MAX_CHARS:
        title = title[: TITLE_MAX_CHARS - 1] + "…"
    with translation.override(settings.LANGUAGE_CODE):
        return _('The outcome of the consultation "%(title)s" is published: {link}') % {
            "title": title
        }


def notify_outcome_by_sms(page):
    """Create and start the page's outcome notice; returns the number of SMS queued.

    Nothing happens when the setting is off, when the notice already exists (the page was
    published again) or when nobody who asked to be told has valid SMS consent.
    """
    if not app_settings.OUTREACH_OUTCOME_SMS:
        return 0
    if Campaign.objects.filter(kind=Campaign.Kind.OUTCOME, page_id=page.pk).exists():
        return 0
    text = notice_text(page)
    with translation.override(settings.LANGUAGE_CODE):
        name = _("Outcome notice: %(title)s") % {"title": page.title}
        title = _("Consultation outcome")
    campaign = Campaign(
        kind=Campaign.Kind.OUTCOME,
        name=name[:200],
        page_id=page.pk,
        send_sms=True,
        send_email=False,  # the consultations app e-mails the outcome itself
        message=text,
        sms_title=title if rules.euckr_len(title) <= rules.LMS_TITLE_MAX_BYTES else "",
    )
    if not audience.recipients(campaign, Channel.SMS).exists():
        return 0
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError:
        return 0  # another worker created it a moment ago
    from . import sending

    try:
        return sending.start_campaign(campaign)
    except ValidationError as exc:
        # Kept as a draft with the reason, for staff to see on the campaigns screen.
        Campaign.objects.filter(pk=campaign.pk).update(purpose="\n".join(exc.messages)[:2000])
        return 0
