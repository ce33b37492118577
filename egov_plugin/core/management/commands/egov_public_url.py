"""Show the public base URL, or write the default Wagtail Site record to match a new one."""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from egov_plugin.core import public_url


class Command(BaseCommand):
    """``manage.py egov_public_url [URL]``: without URL, print the address every link sent to
    residents starts with and whether they can open it; with URL, set the default Site's host
    name and port to it (the site must also set ``EGOV_PUBLIC_BASE_URL`` to the same URL, or
    leave it empty so that the Site record is the address)."""

    help = "Show the public base URL, or set the default Wagtail Site's host and port to URL."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="e.g. https://www.sd.go.kr")

    def handle(self, *args, url=None, **options):
        if url:
            self._write_site(url)
        base = public_url.base_url()
        self.stdout.write(base)
        found = public_url.problem(base)
        if found is not None:
            self.stderr.write(self.style.WARNING(found[1]))

    def _write_site(self, url):
        from wagtail.models import Site

        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in "/":
            raise CommandError(f"Not a site address (scheme://host[:port]): {url}")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default Wagtail Site yet: run migrate first.")
        site.hostname = parts.hostname
        site.port = parts.port or (443 if parts.scheme == "https" else 80)
        site.save(update_fields=["hostname", "port"])
