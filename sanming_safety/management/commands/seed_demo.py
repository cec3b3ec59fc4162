from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Apps seed in dependency order; each may define ``add_arguments(parser)`` and ``seed(options, log)``.
DEMO_APPS = ("grid", "hazards", "inspections", "training", "enforcement")


def demo_modules():
    for app in DEMO_APPS:
        try:
            yield import_module(f"{app}.demo")
        except ModuleNotFoundError:
            continue


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
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
