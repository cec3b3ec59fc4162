import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from base import jobs


class Command(BaseCommand):
    help = "Run one cadence's scheduled jobs of every app as of a date (beat runs the same jobs)."

    def add_arguments(self, parser):
        parser.add_argument("cadence", choices=jobs.CADENCES)
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, cadence, date, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError("日期格式应为 YYYY-MM-DD") from error
        failed = False
        for name, result in jobs.run(cadence, day).items():
            if isinstance(result, Exception):
                failed = True
                self.stderr.write(f"{name}: 失败 {result!r}")
            else:
                self.stdout.write(f"{name}: {result}")
        if failed:
            raise CommandError("有任务失败，详见日志。")
