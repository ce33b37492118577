"""Closed expert review: personal, signed, expiring links, and the e-mails that carry them.

An invitation's link is ``<page>/review/<token>/``; the token is the invitation id signed with
the site's secret key, so it cannot be guessed or altered, and it stops working when the
invitation expires. Following it remembers the invitation in the session, which opens the
closed consultation and marks the opinion given there as an expert review.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from egov_plugin.core import audit
from egov_plugin.core.conf import egov_settings

SALT = "egov.consultations.review"


def _session_key(page):
    return f"egov_review_{page.pk}"


def make_token(invitation):
    return signing.dumps(invitation.pk, salt=SALT)


def review_url(invitation, request=None):
    page = invitation.page.specific
    path = page.url + page.reverse_subpage("review", kwargs={"token": make_token(invitation)})
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def open_link(token, page):
    """``(invitation, None)`` for a valid link to ``page``, else ``(None, message)``."""
    from .models import ExpertInvitation

    try:
        pk = signing.loads(token, salt=SALT, max_age=egov_settings.EXPERT_LINK_DAYS * 86400)
    except signing.SignatureExpired:
        return None, _("This invitation link has expired. Please ask the department for a new one.")
    except signing.BadSignature:
        return None, _("This invitation link is not valid.")
    invitation = ExpertInvitation.objects.filter(pk=pk, page_id=page.pk).first()
    if invitation is None:
        return None, _("This invitation link is not valid.")
    if invitation.expires_at <= timezone.now():
        return None, _("This invitation link has expired. Please ask the department for a new one.")
    if invitation.opened_at is None:
        ExpertInvitation.objects.filter(pk=pk).update(opened_at=timezone.now())
    return invitation, None


def remember(request, invitation):
    request.session[_session_key(invitation.page)] = invitation.pk


def invitation_in_session(request, page):
    """The valid invitation remembered for ``page`` in this session, or ``None``."""
    from .models import ExpertInvitation

    pk = request.session.get(_session_key(page)) if hasattr(request, "session") else None
    if pk is None:
        return None
    return (
        ExpertInvitation.objects.select_related("person", "person__region")
        .filter(pk=pk, page_id=page.pk, expires_at__gt=timezone.now())
        .first()
    )


def initial_for(invitation):
    """Opinion form values taken from the invited person (they can still change them)."""
    if invitation is None:
        return {}
    person = invitation.person
    return {
        "name": person.name,
        "gender": person.gender,
        "age_band": person.age_band,
        "region": str(person.region_id or ""),
        "mobile": person.mobile or "",
        "email": person.email,
    }


def mark_answered(invitation):
    from .models import ExpertInvitation

    ExpertInvitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
        answered_at=timezone.now()
    )


def _send(template, context, to, subject):
    text = render_to_string(f"egov_consultations/email/{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.send()


def invite(page, people, *, request=None, user=None, days=None):
    """Invite each person (once per consultation) and e-mail them their link.

    Returns ``(invited, skipped)``: people without an e-mail address, or already invited, are
    skipped. One audit event records the whole invitation.
    """
    from .models import ExpertInvitation

    days = days or egov_settings.EXPERT_LINK_DAYS
    expires = timezone.now() + timedelta(days=days)
    invited, skipped = [], []
    for person in people:
        if not person.email:
            skipped.append(person)
            continue
        invitation, created = ExpertInvitation.objects.get_or_create(
            page=page,
            person=person,
            defaults={
                "expires_at": expires,
                "invited_by": user.get_username() if user else "",
            },
        )
        if not created:
            skipped.append(person)
            continue
        _send_invitation(invitation, request, "invitation")
        invited.append(invitation)
    audit.record(
        request,
        audit.Action.EXPORT,
        user=user,
        summary=_("Expert review invitations: %(count)d") % {"count": len(invited)},
        reason=_("Closed consultation: %(title)s") % {"title": page.title},
        data={"page": page.pk, "invited": [i.person_id for i in invited]},
    )
    return invited, skipped


def remind(invitation, *, request=None):
    """E-mail the link again to someone who has not answered yet."""
    _send_invitation(invitation, request, "reminder")
    invitation.reminded_at = timezone.now()
    invitation.save(update_fields=["reminded_at"])


def _send_invitation(invitation, request, template):
    page = invitation.page.specific
    context = {
        "page": page,
        "person": invitation.person,
        "url": review_url(invitation, request),
        "expires_at": invitation.expires_at,
    }
    subject = (
        _("[Seongdong-gu] Your opinion is requested: %(title)s")
        if template == "invitation"
        else _("[Seongdong-gu] Reminder: %(title)s")
    ) % {"title": page.title}
    _send(template, context, invitation.person.email, subject)


def send_confirmation(request, page, opinion, url):
    """Ask the resident to confirm their e-mail address before the opinion counts."""
    _send(
        "confirm",
        {"page": page, "opinion": opinion, "url": url},
        opinion.email,
        _("[Seongdong-gu] Please confirm your opinion: %(title)s") % {"title": page.title},
    )
