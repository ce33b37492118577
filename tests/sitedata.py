"""The site skeleton that migrations create, recreated where a transactional test flushed it.

Browser tests run with ``transaction=True`` (the live server reads from another thread), and
their flush removes what data migrations made: the root page, the home page and the site.
"""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site


def ensure_site():
    """The default site's home page, creating the locale, root, home page and site if gone."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page.specific
    from home.models import HomePage

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="성동구 e-거버넌스", slug="home"))
    Site.objects.create(
        hostname="localhost", root_page=home, is_default_site=True, site_name="성동구 e-거버넌스"
    )
    return home
