"""Our audit events in Wagtail's own history: the "Site history" report and each record's history.

:class:`~egov_plugin.core.models.AuditEvent` stays the record the law asks for (append-only,
hash-chained, with the IP address and the reason). Staff, though, look for "who did what" in
Wagtail's Site history and in a record's History tab, so every event is mirrored there as a
``ModelLogEntry`` with the action ``egov.<action>``. The mirror carries only the event's masked
summary and its id — never the search query or a contact detail — because Wagtail's log views do
not know about our masking permissions.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy
from wagtail.log_actions import LogFormatter
from wagtail.models import ModelLogEntry

from .models import AuditEvent

#: Prefix of the Wagtail log actions that mirror our audit events.
ACTION_PREFIX = "egov."


class AuditEventFormatter(LogFormatter):
    """Shows the audit event's (masked) summary as the log message."""

    def format_message(self, log_entry):
        return log_entry.data.get("summary") or self.label


def register_log_actions(actions):
    """Register one Wagtail log action per audit action (called from the ``register_log_actions``
    hook)."""
    for value, label in AuditEvent.Action.choices:
        formatter = type(
            "AuditEventFormatter",
            (AuditEventFormatter,),
            # Lazy: the registry is built once per process, the label is read in each user's
            # language.
            {"label": format_lazy(pgettext_lazy("site history", "Personal data: {}"), label)},
        )
        actions.register_action(ACTION_PREFIX + value)(formatter)


def mirror(event):
    """Write the Wagtail log entry for ``event``.

    The entry belongs to the record acted on, else to the person whose data it was, else (a search
    or a listing) to the audit event itself, so it shows in that record's history.
    """
    content_type, object_id = _subject(event)
    return ModelLogEntry.objects.create(
        content_type=content_type,
        object_id=object_id,
        label=event.summary or str(content_type),
        action=ACTION_PREFIX + event.action,
        data={"audit_event": event.pk, "summary": event.summary},
        timestamp=event.timestamp,
        user_id=event.actor_id,
    )


def _subject(event):
    if event.object_type and event.object_id:
        app_label, _, model = event.object_type.partition(".")
        try:
            return ContentType.objects.get_by_natural_key(app_label, model), event.object_id
        except ContentType.DoesNotExist:
            pass
    if event.person_id is not None:
        return ContentType.objects.get_by_natural_key("egov_people", "person"), str(event.person_id)
    return ContentType.objects.get_for_model(AuditEvent), str(event.pk)


def mirror_new_event(sender, instance, created, raw=False, **kwargs):
    """``post_save`` receiver: mirror each new audit event (not fixtures being loaded)."""
    if created and not raw:
        mirror(instance)
