"""Publishing a consultation with its outcome ticked tells the residents who asked by e-mail
(other apps listen to ``page_published`` themselves); a closed
consultation is kept out of the search index."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.search import index as search_index
from wagtail.signals import page_published

from .models import ConsultationFields
from .tasks import send_outcome_notifications
from .visibility import CLOSED


@receiver(page_published)
def notify_outcome_on_publish(sender, instance, **kwargs):
    page = instance
    if not isinstance(page, ConsultationFields):
        return
    if page.outcome_published and page.outcome and page.outcome_notified_at is None:
        meta = type(page)._meta
        transaction.on_commit(
            lambda: send_outcome_notifications.enqueue(meta.app_label, meta.model_name, page.pk)
        )


@receiver(post_save)
def keep_closed_consultations_out_of_search(sender, instance, **kwargs):
    """A consultation saved as closed leaves the search index (``get_indexed_objects`` keeps it
    from being added again; this removes the entry it had while it was public)."""
    if isinstance(instance, ConsultationFields) and instance.visibility == CLOSED:
        search_index.remove_object(instance)
