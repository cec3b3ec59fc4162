from django.core.management.base import BaseCommand
from django.db import transaction

from base.discovery import app_modules
from base.seeding import analyze

# Apps seed in INSTALLED_APPS order (grid first); each ``<app>/demo.py`` may
# define ``add_arguments(parser)`` and defines ``seed(options, log)``. ``--enterprises N --hazards M``
# make exactly N enterprises and M hazards (found over ten years), and the other apps' records in
# proportion: the benchmarks (benchmarks/scale.py) seed 10,000/100,000 and 100,000/1,000,000 this way.


def demo_modules():
    return app_modules("demo")


class Command(BaseCommand):
    help = "Load Sanming's divisions and demo data and users. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="sanming", help="password of the demo users (default: sanming)")
        for module in demo_modules():
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args, **options):
        for module in demo_modules():
            with transaction.atomic():
                module.seed(options, self.stdout.write)
            analyze()  # the next app's queries are planned on what this one wrote
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
