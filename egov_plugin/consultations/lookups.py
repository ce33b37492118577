"""Finding consultation pages, whatever concrete page classes a site builds.

A site may have several consultation page classes (its own, built from ``ConsultationMixin`` and
``ConsultationFields`` on a swapped base page, beside ours), so the admin never names
``ConsultationPage`` directly.
"""

from wagtail.models import get_page_models

from .models import ConsultationFields, Opinion


def consultation_page_models():
    """Every concrete page model with the consultation fields."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, ConsultationFields) and not model._meta.abstract
    ]


def consultation_pages():
    """All consultation pages, as base pages (the model ``Opinion.page`` points at)."""
    page_model = Opinion._meta.get_field("page").related_model
    models = consultation_page_models()
    if not models:
        return page_model.objects.none()
    return page_model.objects.type(*models)
