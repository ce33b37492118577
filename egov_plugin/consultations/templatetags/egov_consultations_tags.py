from django import template

from egov_plugin.core.text import mask_name as _mask_name

register = template.Library()


@register.filter
def mask_name(value):
    """``김민수`` → ``김*수``: how residents' names appear under a consultation."""
    return _mask_name(value or "")
