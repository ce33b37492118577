"""``{% load egov_format %}``: ``|egov_date``, ``|egov_datetime`` and ``|thousands`` (see
``egov_plugin.core.dates``)."""

from django import template

from egov_plugin.core import dates

register = template.Library()

register.filter("egov_date", dates.local_date)
register.filter("egov_datetime", dates.local_datetime)
register.filter("thousands", dates.thousands)
