"""Personal pages: responses that carry one person's data or stand for one person's link.

An expert's review page, a consent-renewal or unsubscribe page, the thank-you page after an
opinion, a ballot receipt: none of them may stay in a browser's cache, a shared proxy or the
back-button history of a shared computer, and the personal link in their address must not leak
to other sites through ``Referer``. Every such view goes through :func:`personal_page` (or
:class:`PersonalPageMixin`), so the rule is written once.
"""

from functools import wraps

from django.utils.cache import add_never_cache_headers


def mark_personal(response):
    """Make ``response`` uncacheable anywhere (``Cache-Control: no-store``, ``private``),
    keep its address out of ``Referer`` headers to other sites and out of search engines;
    returns it."""
    add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
    # "same-origin", not "no-referrer": under "no-referrer" browsers send ``Origin: null`` with
    # the page's own form posts, and Django's CSRF check refuses them.
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    return response


def personal_page(view):
    """Decorate a view function, or a method of a page or view, whose responses are personal."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return mark_personal(view(*args, **kwargs))

    return wrapped


class PersonalPageMixin:
    """For class-based views whose every response is personal."""

    def dispatch(self, request, *args, **kwargs):
        return mark_personal(super().dispatch(request, *args, **kwargs))
