"""``{% load egov_format %}``: ``|egov_date``, ``|egov_datetime`` and ``|thousands`` (see
``egov_plugin.core.dates``)."""

from django import template

from egov_plugin.core import dates
from egov_plugin.core.conf import egov_settings

register = template.Library()

register.filter("egov_date", dates.local_date)
register.filter("egov_datetime", dates.local_datetime)
register.filter("thousands", dates.thousands)


@register.simple_tag
def egov_sender():
    """Who sends the district's messages: the site's name and the SMS sender number."""
    from django.conf import settings

    name = getattr(settings, "WAGTAIL_SITE_NAME", "") or ""
    number = egov_settings.SMS_SENDER
    return f"{name} ({number})" if name and number else name or number
