"""Moderating opinions: approve, hide with a reason, answer.

Each function changes only the opinions that need the change, and writes exactly one audit
event for each opinion it changed, in the same transaction as the change. The admin views and
the bulk actions both go through here, so a screen can never change an opinion unaudited.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from egov_plugin.core import audit

from .models import Opinion


class ModerationRefused(Exception):
    """The opinion cannot take this action; ``message`` says why, for the staff member."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def _page_title(opinion):
    # Opinion.page points at the base page model, whose title is all we need here.
    return opinion.page.title if opinion.page_id else ""


def _record(request, opinion, summary, *, reason="", data=None):
    # Filled in here rather than by audit.record, so the log reads in the site's language
    # whichever language the staff member's admin uses.
    with translation.override(settings.LANGUAGE_CODE):
        summary = str(summary) % {"id": opinion.pk, "title": _page_title(opinion)}
    audit.record(
        request,
        audit.Action.EDIT,
        obj=opinion,
        person=opinion.person_id,
        summary=summary,
        reason=reason,
        data=data or {},
    )


def can_approve(opinion):
    """Unconfirmed opinions wait for the resident: staff cannot stand in for the e-mail check."""
    return opinion.status in (Opinion.Status.PENDING, Opinion.Status.HIDDEN)


def approve(opinions, *, request):
    """Publish the pending or hidden ``opinions``; returns those that changed."""
    changed = [o for o in opinions if can_approve(o)]
    if not changed:
        return []
    with transaction.atomic():
        Opinion.objects.filter(pk__in=[o.pk for o in changed]).update(
            status=Opinion.Status.PUBLISHED, hidden_reason=""
        )
        for opinion in changed:
            _record(
                request,
                opinion,
                _("Opinion #%(id)d on “%(title)s” approved"),
                data={"status": [opinion.status, Opinion.Status.PUBLISHED]},
            )
            opinion.status, opinion.hidden_reason = Opinion.Status.PUBLISHED, ""
    return changed


def hide(opinions, reason, *, request):
    """Hide ``opinions`` from the public page, giving ``reason``; returns those that changed.

    An opinion already hidden for the same reason is left alone; a new reason replaces the old.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ModerationRefused(_("Give the reason for hiding."))
    changed = [
        o for o in opinions if o.status != Opinion.Status.HIDDEN or o.hidden_reason != reason
    ]
    if not changed:
        return []
    with transaction.atomic():
        Opinion.objects.filter(pk__in=[o.pk for o in changed]).update(
            status=Opinion.Status.HIDDEN, hidden_reason=reason
        )
        for opinion in changed:
            _record(
                request,
                opinion,
                _("Opinion #%(id)d on “%(title)s” hidden"),
                reason=reason,
                data={"status": [opinion.status, Opinion.Status.HIDDEN]},
            )
            opinion.status, opinion.hidden_reason = Opinion.Status.HIDDEN, reason
    return changed


def answer(opinion, text, *, request):
    """Give (or correct) the department's official answer; returns whether it changed."""
    text = (text or "").strip()
    if not text:
        raise ModerationRefused(_("Write the answer."))
    if text == opinion.answer:
        return False
    user = request.user
    opinion.answer = text
    opinion.answered_at = timezone.now()
    opinion.answered_by = user
    opinion.answered_by_label = (user.get_full_name() or user.get_username())[:150]
    with transaction.atomic():
        Opinion.objects.filter(pk=opinion.pk).update(
            answer=opinion.answer,
            answered_at=opinion.answered_at,
            answered_by=user,
            answered_by_label=opinion.answered_by_label,
        )
        _record(
            request,
            opinion,
            _("Opinion #%(id)d on “%(title)s” answered"),
            data={"fields": ["answer"]},
        )
    return True
