from django.core.management.base import BaseCommand, CommandError

from egov_plugin.people.regions import SEONGDONG_CSV, RegionFileError, load_regions


class Command(BaseCommand):
    """Load administrative neighbourhoods (행정동) from a CSV; Seongdong-gu's 17 by default.

    The CSV has the columns ``code`` (10 digits), ``name``, ``official_name`` and
    ``short_name``. Rows are matched on the code, so running it again updates, never duplicates.
    """

    help = "Load neighbourhoods (행정동) from a CSV file (default: Seongdong-gu's 17)."

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", default=str(SEONGDONG_CSV))

    def handle(self, *args, csv, **options):
        try:
            created, updated = load_regions(csv)
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {csv}") from exc
        except RegionFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Regions: {created} created, {updated} updated.")
