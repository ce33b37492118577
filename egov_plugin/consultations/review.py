"""Closed expert review: personal, signed, expiring links, and the e-mails that carry them.

An invitation's link is ``<page>/review/<token>/``; the token is the invitation id signed with
the site's secret key, so it cannot be guessed or altered, and it stops working when the
invitation expires. A browser following it proves itself with a code sent to the invitee
(:mod:`.review_access`); only then is the invitation remembered in that browser's session, which
opens the closed consultation and marks the opinion given there as an expert review. The
invitee's mobile number and e-mail address never go to the browser in full: the form shows
them masked and the opinion is stored with the invitation's own contact.
"""

import logging
import smtplib
from datetime import timedelta
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov_plugin.core import audit
from egov_plugin.core.public_url import page_url
from egov_plugin.core.resident_links import my_participation_url

from . import tokens
from .conf import app_settings
from .records import ExpertInvitation

SALT = "egov.consultations.review"

#: What a refused or unreachable mail server raises through Django's SMTP backend.
MAIL_ERRORS = (smtplib.SMTPException, OSError)

logger = logging.getLogger(__name__)


def session_key(page):
    """The session key that holds the invitation admitted to ``page`` in this browser."""
    return f"egov_review_{page.pk}"


def make_token(invitation):
    return tokens.make(invitation.pk, salt=SALT)


def review_url(invitation, request=None):
    """The invitation's personal link on the public base URL (never the staff browser's host;
    ``request`` is accepted for callers that pass it)."""
    page = invitation.page.specific
    return page_url(page) + page.reverse_subpage("review", kwargs={"token": make_token(invitation)})


def open_link(token, page):
    """``(invitation, None)`` for a valid link to ``page``, else ``(None, message)``."""
    try:
        # The invitation's own expiry (renewed by reminders) is checked below; the token's
        # age only guards against links from long-gone invitations.
        pk = tokens.read(token, salt=SALT, max_age=app_settings.EXPERT_LINK_DAYS * 86400)
    except signing.SignatureExpired:
        return None, _("This invitation link has expired. Please ask the department for a new one.")
    except signing.BadSignature:
        return None, _("This invitation link is not valid.")
    invitation = ExpertInvitation.objects.filter(pk=pk, page_id=page.pk).first()
    if invitation is None:
        return None, _("This invitation link is not valid.")
    if invitation.expires_at <= timezone.now():
        return None, _("This invitation link has expired. Please ask the department for a new one.")
    return invitation, None


def admit(request, invitation):
    """Remember ``invitation`` in this browser, which has just proved itself with a code.

    The session gets a new key first, so that a session id planted or seen before the proof
    is worth nothing after it. The invitation counts as opened from now on.
    """
    request.session.cycle_key()
    request.session[session_key(invitation.page)] = invitation.pk
    ExpertInvitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


def is_admitted(request, invitation):
    """Whether this browser was admitted to ``invitation`` already."""
    return request.session.get(session_key(invitation.page)) == invitation.pk


def invitation_in_session(request, page):
    """The valid invitation remembered for ``page`` in this session, or ``None``."""
    pk = request.session.get(session_key(page)) if hasattr(request, "session") else None
    if pk is None:
        return None
    return (
        ExpertInvitation.objects.select_related("person", "person__region")
        .filter(pk=pk, page_id=page.pk, expires_at__gt=timezone.now())
        .first()
    )


def hide_known_fields(form, invitation):
    """An invited expert is not asked what their record already says (gender, age band,
    neighbourhood): those fields become hidden inputs carrying the record's values."""
    if invitation is None:
        return
    for name, value in initial_for(invitation).items():
        if name in ("gender", "age_band") and value and name in form.fields:
            form.fields[name].widget = forms.HiddenInput()
            form.initial[name] = value


def initial_for(invitation):
    """Opinion form values taken from the invited person (they can still change them).

    Never the mobile number or e-mail address: those stay on the server (:func:`contact_for`).
    """
    if invitation is None:
        return {}
    person = invitation.person
    return {
        "name": person.name,
        "gender": person.gender,
        "age_band": person.age_band,
        "region": str(person.region_id or ""),
    }


def contact_for(invitation):
    """``(mobile, email)`` the invitee's opinion is stored with, whatever the browser sends."""
    person = invitation.person
    return person.mobile or "", person.email or ""


def mark_answered(invitation):
    ExpertInvitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
        answered_at=timezone.now()
    )


def _send(template, context, to, subject):
    text = render_to_string(f"egov_consultations/email/{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.send()


class InviteResult(NamedTuple):
    """What :func:`invite` did, person by person."""

    invited: list  # the new ExpertInvitation objects, their e-mail sent
    skipped: list  # people without an e-mail address, or invited before
    failed: list  # people whose e-mail the mail server refused (nothing stored for them)


def invite(page, people, *, request=None, user=None, days=None):
    """Invite each person (once per consultation) and e-mail them their link.

    Each invitation is stored together with its e-mail: when the mail server refuses the
    message, the invitation is rolled back, so inviting again later sends it. One audit event
    records the whole invitation.
    """
    days = days or app_settings.EXPERT_LINK_DAYS
    expires = timezone.now() + timedelta(days=days)
    invited, skipped, failed = [], [], []
    for person in people:
        if not person.email:
            skipped.append(person)
            continue
        try:
            with transaction.atomic():
                invitation, created = ExpertInvitation.objects.get_or_create(
                    page=page,
                    person=person,
                    defaults={
                        "expires_at": expires,
                        "invited_by": user,
                        "invited_by_label": user.get_username() if user else "",
                    },
                )
                if created:
                    _send_invitation(invitation, request, "invitation")
        except MAIL_ERRORS:
            logger.warning("Expert invitation e-mail refused (page %s, person %s)", page.pk,
                           person.pk, exc_info=True)  # fmt: skip
            failed.append(person)
            continue
        if created:
            invited.append(invitation)
        else:
            skipped.append(person)
    with _site_language():
        summary = _("Expert review invitations: %(count)d") % {"count": len(invited)}
        reason = _("Closed consultation: %(title)s") % {"title": page.title}
    audit.record(
        request,
        audit.Action.EXPORT,
        user=user,
        summary=summary,
        reason=reason,
        data={
            "page": page.pk,
            "invited": [i.person_id for i in invited],
            "failed": [p.pk for p in failed],
        },
    )
    return InviteResult(invited, skipped, failed)


def can_remind(invitation):
    """Reminders go to those who have not answered (and have an address to write to)."""
    return invitation.answered_at is None and bool(invitation.person.email)


def remind(invitation, *, request=None, days=None):
    """E-mail the link again to someone who has not answered yet.

    The link is renewed to work at least as long as a new invitation's: a reminder that
    carries a dead (or nearly dead) link would only annoy.
    """
    renewed = timezone.now() + timedelta(days=days or app_settings.EXPERT_LINK_DAYS)
    invitation.expires_at = max(invitation.expires_at, renewed)
    _send_invitation(invitation, request, "reminder")
    invitation.reminded_at = timezone.now()
    invitation.save(update_fields=["reminded_at", "expires_at"])


def remind_many(invitations, *, request=None, user=None):
    """Remind each of ``invitations`` who has not answered; returns ``(reminded, failed)``.

    One audit event records the whole batch, as for :func:`invite`.
    """
    reminded, failed = [], []
    page = None
    for invitation in invitations:
        page = invitation.page
        if not can_remind(invitation):
            continue
        try:
            remind(invitation, request=request)
        except MAIL_ERRORS:
            logger.warning("Expert reminder e-mail refused (invitation %s)", invitation.pk,
                           exc_info=True)  # fmt: skip
            failed.append(invitation)
            continue
        reminded.append(invitation)
    if reminded or failed:
        with _site_language():
            summary = _("Expert review reminders: %(count)d") % {"count": len(reminded)}
            reason = _("Closed consultation: %(title)s") % {"title": page.title}
        audit.record(
            request,
            audit.Action.EXPORT,
            user=user,
            summary=summary,
            reason=reason,
            data={
                "page": page.pk,
                "reminded": [i.person_id for i in reminded],
                "failed": [i.person_id for i in failed],
            },
        )
    return reminded, failed


class State(models.TextChoices):
    """Where an invitation stands, for the staff's status table."""

    ANSWERED = "answered", gettext_lazy("Answered")
    OPENED = "opened", gettext_lazy("Link opened, no answer yet")
    SENT = "sent", gettext_lazy("Invited, link not opened")
    EXPIRED = "expired", gettext_lazy("Link expired, no answer")


def state_of(invitation, now=None):
    if invitation.answered_at:
        return State.ANSWERED
    if invitation.expires_at <= (now or timezone.now()):
        return State.EXPIRED
    return State.OPENED if invitation.opened_at else State.SENT


def _site_language():
    # Invitations and the audit log read in the site's language, whatever language the staff
    # member who sent them uses in the admin.
    return translation.override(settings.LANGUAGE_CODE)


def _send_invitation(invitation, request, template):
    page = invitation.page.specific
    context = {
        "page": page,
        "person": invitation.person,
        "url": review_url(invitation, request),
        "expires_at": invitation.expires_at,
    }
    with _site_language():
        subject = (
            _("[Seongdong-gu] Your opinion is requested: %(title)s")
            if template == "invitation"
            else _("[Seongdong-gu] Reminder: %(title)s")
        ) % {"title": page.title}
        _send(template, context, invitation.person.email, subject)


def send_confirmation(request, page, opinion, url):
    """Ask the resident to confirm their e-mail address before the opinion counts."""
    my_url = my_participation_url(request, opinion)
    _send(
        "confirm",
        {"page": page, "opinion": opinion, "url": url, "my_url": my_url},
        opinion.email,
        _("[Seongdong-gu] Please confirm your opinion: %(title)s") % {"title": page.title},
    )
