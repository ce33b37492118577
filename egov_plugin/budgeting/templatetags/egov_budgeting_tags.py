"""Template filters of the vote pages."""

from django import template

from ..rules import format_won

register = template.Library()


@register.filter
def won(amount):
    """``{{ project.cost|won }}`` → ``1,234,500원`` (in Korean; ``1,234,500 won`` in English)."""
    if amount in (None, ""):
        return ""
    return format_won(int(amount))


@register.filter
def percent(part, whole):
    """``{{ part|percent:whole }}`` → ``"12.5%"``; empty when ``whole`` is 0 or ``part`` is not
    a number (a suppressed small cell: its share would give its count away)."""
    if not whole or not isinstance(part, int | float):
        return ""
    return f"{100 * part / whole:.1f}%"
