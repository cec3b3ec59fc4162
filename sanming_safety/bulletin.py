"""The monthly 督查通报 workbook.

Each app's ``reports.py`` may define ``bulletin_sheets(month, region)``
returning ``Sheet`` objects for that month and jurisdiction (a county's
bulletin holds its own numbers). This module numbers the issue, adds the
cover and lays every sheet out for print with Chinese headers.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from base.discovery import app_modules
from base.excel import BORDER, HEADER_FILL, HEADER_FONT, sheet_as_text, solid_fill
from base.reports import Sheet

from .models import BulletinIssue


def collect_sheets(month: datetime.date, region) -> list[Sheet]:
    return [
        sheet
        for reports in app_modules("reports")
        if hasattr(reports, "bulletin_sheets")
        for sheet in reports.bulletin_sheets(month=month, region=region)
    ]


def issue_number(month: datetime.date) -> int:
    """The bulletin of month M is issue M of its year (第N期)."""
    return month.month


def write_bulletin(month: datetime.date, region) -> io.BytesIO:
    """The workbook for ``month`` covering ``region``'s subtree."""
    month = month.replace(day=1)
    sheets = collect_sheets(month, region)
    workbook = Workbook()
    cover = workbook.active
    cover.title = "封面"
    title = f"{region.name}安全生产督查通报"
    cover["A1"] = title
    cover["A1"].font = Font(size=18, bold=True)
    cover["A2"] = f"{month.year}年第{issue_number(month)}期（{month.year}年{month.month}月）"
    cover["A3"] = f"生成日期：{timezone.localdate():%Y-%m-%d}"
    cover.append([])
    cover.append(["目录"])
    for index, sheet in enumerate(sheets, start=1):
        cover.append([f"{index}. {sheet.title}"])
    cover.column_dimensions["A"].width = 60
    for sheet in sheets:
        _write_sheet(workbook, sheet, title, month)
    for target in workbook.worksheets:
        sheet_as_text(target)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _write_sheet(workbook: Workbook, sheet: Sheet, title: str, month: datetime.date) -> None:
    target = workbook.create_sheet(sheet.title[:31])
    columns = len(sheet.headers)
    target.append([f"{title} · {sheet.title}（{month.year}年{month.month}月）"])
    target.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(columns, 1))
    target["A1"].font = Font(size=14, bold=True)
    target["A1"].alignment = Alignment(horizontal="center")
    target.append(sheet.headers)
    for cell in target[2]:
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row_index, row in enumerate(sheet.rows):
        target.append(row)
        for column_index, cell in enumerate(target[row_index + 3]):
            cell.border = BORDER
            colour = sheet.fills.get((row_index, column_index))
            if colour:
                cell.fill = solid_fill(colour)
    if sheet.note:
        target.append([])
        target.append([sheet.note])
    for index in range(columns):
        width = sheet.widths[index] if sheet.widths else max(10, len(str(sheet.headers[index])) * 2 + 2)
        target.column_dimensions[get_column_letter(index + 1)].width = width
    target.freeze_panes = "A3"
    target.print_title_rows = "1:2"
    target.page_setup.orientation = "landscape"
    target.page_setup.paperSize = target.PAPERSIZE_A4
    target.page_setup.fitToWidth = 1
    target.page_setup.fitToHeight = 0
    target.sheet_properties.pageSetUpPr.fitToPage = True


def archive(month: datetime.date, region) -> tuple[BulletinIssue, bool]:
    """Write and keep ``region``'s workbook for ``month``, once; returns the issue and whether it is new.

    The row is claimed before the file is written: a second run at the same
    time waits on the row's unique key and then finds it, instead of writing
    a second workbook and failing on the key.
    """
    month = month.replace(day=1)
    with transaction.atomic():
        issue, created = BulletinIssue.objects.get_or_create(
            month=month, region=region, defaults={"number": issue_number(month)}
        )
        if not created:
            return issue, False
        name = f"{region.code}-{month:%Y-%m}.xlsx"
        issue.file.save(name, ContentFile(write_bulletin(month, region).getvalue()), save=False)
        issue.save(update_fields=["file"])
    return issue, True
