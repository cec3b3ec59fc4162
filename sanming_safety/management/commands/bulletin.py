import datetime

from django.core.management.base import BaseCommand, CommandError

from grid.models import Region
from sanming_safety.bulletin import write_bulletin


class Command(BaseCommand):
    help = "Write the city's monthly 督查通报 workbook: bulletin YYYY-MM --out FILE.xlsx"

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--out", required=True, help="path of the .xlsx to write")
        parser.add_argument("--region", default="350400", help="region code (default: the city)")

    def handle(self, *args, month, out, region, **options):
        try:
            first = datetime.datetime.strptime(month, "%Y-%m").date()
        except ValueError as error:
            raise CommandError("月份格式应为 YYYY-MM，如 2026-10") from error
        try:
            target = Region.objects.get(code=region)
        except Region.DoesNotExist as error:
            raise CommandError(f"区划代码 {region} 不存在") from error
        with open(out, "wb") as handle:
            handle.write(write_bulletin(first, target).getvalue())
        self.stdout.write(self.style.SUCCESS(f"已写入 {out}"))
