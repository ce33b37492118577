from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The example site's home page."""

    name = "home"
    default_auto_field = "django.db.models.BigAutoField"
