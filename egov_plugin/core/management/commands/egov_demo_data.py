import random
import time

from django.core.management.base import BaseCommand, CommandError
from wagtail import hooks

DEMO_DATA_HOOK = "egov_demo_data"


class Command(BaseCommand):
    """Create synthetic demo data at a chosen scale (1.0 is the source's: 78,785 subscribers).

    Every installed egov app contributes through the ``egov_demo_data`` hook: a function
    ``fn(*, scale, rng, stdout)`` registered with an ``order`` (people first, then the apps that
    use them). Running the command again with the same scale changes nothing; with another scale
    it replaces the demo records (and only those).
    """

    help = "Create synthetic demo data (people, and whatever each installed egov app adds)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=0.1, help="1.0 is the source's scale (default 0.1)."
        )
        parser.add_argument("--seed", type=int, default=2014, help="Random seed (default 2014).")

    def handle(self, *args, scale, seed, **options):
        if not 0 < scale <= 10:
            raise CommandError(f"--scale must be more than 0 and at most 10, not {scale}.")
        rng = random.Random(seed)
        started = time.perf_counter()
        for fn in hooks.get_hooks(DEMO_DATA_HOOK):
            fn(scale=scale, rng=rng, stdout=self.stdout)
        self.stdout.write(f"Demo data ready in {time.perf_counter() - started:.1f} s.")
