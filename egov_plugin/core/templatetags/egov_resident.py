"""Template tags of the residents' pages (``{% load egov_resident %}``).

``egov_site`` gives the base template what it shows on every page — the site's name, the
office's identifier, the responsible department's contact and the footer's policy links — from
the ``EGOV_SITE_*`` settings, falling back to the Wagtail site's name. ``egov_breadcrumbs`` lists
the Wagtail ancestors of a page for the KRDS breadcrumb.
"""

from django import template
from django.urls import NoReverseMatch, reverse

from .. import resident_links
from ..conf import egov_settings

register = template.Library()

DEFAULT_SITE_NAME = "e-거버넌스"


def resolve_link(value):
    """A footer link's address: a path or URL as given, otherwise a URL name to reverse."""
    if not value:
        return ""
    if value.startswith(("/", "http://", "https://")):
        return value
    try:
        return reverse(value)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def egov_site(context):
    """What the resident base template shows of the site (see docs/reference/templates.md).

    Keys: ``name`` (EGOV_SITE_NAME, else the Wagtail site's name), ``owner`` (EGOV_SITE_OWNER,
    the office named in the identifier), ``contact`` (EGOV_SITE_CONTACT, a dict), ``links``
    (EGOV_SITE_LINKS resolved: ``privacy``, ``terms``, ``accessibility``), ``home_url`` (the
    Wagtail site's root page) and ``menu`` (``[(title, url)]`` of its live children shown in
    menus).
    """
    request = context.get("request")
    name = egov_settings.SITE_NAME
    home_url = "/"
    wagtail_site = getattr(request, "_wagtail_site", None) if request else None
    if request is not None and wagtail_site is None:
        try:
            from wagtail.models import Site

            wagtail_site = Site.find_for_request(request)
        except Exception:  # noqa: BLE001 - no database yet (error pages): the defaults do
            wagtail_site = None
    if not name and wagtail_site is not None:
        name = wagtail_site.site_name
    menu = []
    if wagtail_site is not None:
        home_url = wagtail_site.root_page.url or "/"
        menu = [
            (child.title, child.url)
            for child in wagtail_site.root_page.get_children().live().in_menu()
            if child.url
        ]
    links = {key: resolve_link(value) for key, value in egov_settings.SITE_LINKS.items()}
    return {
        "name": name or DEFAULT_SITE_NAME,
        "owner": egov_settings.SITE_OWNER,
        "contact": dict(egov_settings.SITE_CONTACT),
        "links": links,
        "home_url": home_url,
        "menu": menu,
    }


@register.simple_tag
def egov_breadcrumbs(page):
    """``[(title, url), ...]`` of the page's ancestors below the tree's root, home first."""
    if page is None or not hasattr(page, "get_ancestors"):
        return []
    crumbs = []
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        url = ancestor.get_url()
        if url:
            crumbs.append((ancestor.title, url))
    return crumbs


def page_title_trail(page):
    """ "<page> - <parent>" for a page below a section, "<page>" for a section, "" for the home."""
    if page is None or not hasattr(page, "get_parent"):
        return ""
    title = getattr(page, "seo_title", "") or page.title
    if page.depth <= 2:  # the site's root page: the site's name alone says where one is
        return ""
    parent = page.get_parent()
    if parent is not None and parent.depth > 2:
        return f"{title} - {parent.title}"
    return title


@register.simple_tag
def egov_page_title(page):
    """The page part of a resident page's title: ``<page> - <parent>`` (see egov_title)."""
    return page_title_trail(page)


class TitleNode(template.Node):
    """Renders its content as the page part of the title and appends `` - <site name>``."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        from django.utils.html import escape, strip_tags

        part = " ".join(strip_tags(self.nodelist.render(context)).split())
        name = escape(egov_site(context)["name"])
        if not part or part == name:
            return name
        return f"{part} - {name}"


@register.tag("egov_title")
def do_egov_title(parser, token):
    """``{% egov_title %}…{% endegov_title %}``: "<content> - <site name>", or the site's name.

    The content is already escaped by the template; tags are stripped and spaces collapsed.
    """
    nodelist = parser.parse(("endegov_title",))
    parser.delete_first_token()
    return TitleNode(nodelist)


@register.filter
def egov_widget(field, css_class):
    """A bound field's widget with a KRDS class added: ``{{ field|egov_widget:"krds-input" }}``.

    Django's own attributes (``aria-invalid``, ``aria-describedby``, ``required``) are kept.
    """
    attrs = dict(field.field.widget.attrs)
    classes = " ".join(filter(None, [attrs.get("class", ""), css_class]))
    return field.as_widget(attrs={"class": classes})


@register.simple_tag
def egov_page_links(page_obj, query=None, anchor=""):
    """The KRDS pagination's links: ``[{"number", "url", "current"}]``, None for an ellipsis.

    ``query`` (a dict of the list's other GET parameters) is kept in every link; ``anchor`` is
    appended (``#egov-opinions``).
    """
    from urllib.parse import urlencode

    params = {k: v for k, v in (query or {}).items() if k != "page" and v not in ("", None)}

    def url(number):
        return "?" + urlencode({**params, "page": number}) + anchor

    links = []
    for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2):
        if number == page_obj.paginator.ELLIPSIS:
            links.append(None)
        else:
            current = number == page_obj.number
            links.append({"number": number, "url": url(number), "current": current})
    return {
        "pages": links,
        "previous": url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next": url(page_obj.next_page_number()) if page_obj.has_next() else "",
    }


@register.simple_tag(takes_context=True)
def my_participation_url(context):
    """``{% my_participation_url as my_url %}``: the address of 내 참여, or ``""`` when no
    installed app serves it (see :mod:`egov_plugin.core.resident_links`)."""
    return resident_links.my_participation_url(context.get("request"))
