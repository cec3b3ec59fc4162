import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grid.models import Region
from sanming_safety.bulletin import write_bulletin
from sanming_safety.document import write_document
from sanming_safety.models import BulletinIssue


class Command(BaseCommand):
    help = (
        "Write a month's 督查通报: bulletin YYYY-MM --out FILE.docx (the document) or FILE.xlsx (the workbook); "
        "the issued bulletin's archived file where the month was issued, a fresh draft otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--out", required=True, help="path of the .docx or .xlsx to write")
        parser.add_argument("--region", default="350400", help="region code (default: the city)")

    def handle(self, *args, month, out, region, **options):
        try:
            first = datetime.datetime.strptime(month, "%Y-%m").date()
        except ValueError as error:
            raise CommandError("月份格式应为 YYYY-MM，如 2026-10") from error
        kind = Path(out).suffix.lower().lstrip(".")
        if kind not in ("docx", "xlsx"):
            raise CommandError("--out 须以 .docx（通报文档）或 .xlsx（附表工作簿）结尾")
        try:
            target = Region.objects.get(code=region)
        except Region.DoesNotExist as error:
            raise CommandError(f"区划代码 {region} 不存在") from error
        issue = BulletinIssue.objects.filter(month=first, region=target).first()
        if issue is not None and issue.is_issued:
            archived = issue.file if kind == "xlsx" else issue.document
            content = archived.read() if archived else None
            source = f"已签发的{issue}"
        else:
            content, source = None, "草稿" if issue is not None else "按当前数据起草的草稿"
        if content is None:
            write = write_bulletin if kind == "xlsx" else write_document
            content = write(first, target, issue).getvalue()
        Path(out).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"已写入 {out}（{source}）"))
