"""``manage.py egov_analyse_keywords [PAGE_ID ...] [--missing]``: queue keyword tasks."""

from django.core.management.base import BaseCommand

from egov_plugin.analysis.keywords import request_keywords
from egov_plugin.analysis.models import KeywordAnalysis
from egov_plugin.consultations.lookups import consultation_pages


class Command(BaseCommand):
    """Queue the keyword task of the given consultations, of those without keywords
    (``--missing``), or of every consultation."""

    help = "Queue the keyword task of consultations (all, the given ids, or --missing)."

    def add_arguments(self, parser):
        parser.add_argument("page_ids", nargs="*", type=int)
        parser.add_argument(
            "--missing", action="store_true", help="only consultations without keywords"
        )

    def handle(self, *args, page_ids, missing, **options):
        pages = consultation_pages()
        if page_ids:
            pages = pages.filter(pk__in=page_ids)
        ids = list(pages.values_list("pk", flat=True))
        if missing:
            done = set(
                KeywordAnalysis.objects.filter(state=KeywordAnalysis.State.DONE).values_list(
                    "page_id", flat=True
                )
            )
            ids = [pk for pk in ids if pk not in done]
        for page_id in ids:
            request_keywords(page_id)
        self.stdout.write(f"Keyword tasks queued: {len(ids)}.")
