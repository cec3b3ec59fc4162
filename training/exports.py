"""The printable 签到表 of a class: A4 portrait, its title rows repeated on every page."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins

from base.excel import sheet_as_text

from .models import WarningClass

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADERS = ["序号", "姓名", "单位名称", "乡镇（街道）", "身份证号码", "类别", "签到时间", "本人签名"]
WIDTHS = [6, 10, 28, 14, 21, 9, 12, 14]
HEADER_ROW = 4


def attendance_sheet_rows(warning_class: WarningClass, viewer) -> list[list]:
    """Every invited principal (signed in or not), then the walk-ins; ID numbers of those signed in, as ``viewer``
    may see them."""
    rows = []
    invitations = warning_class.invitations.select_related("enterprise", "region", "attendance").order_by(
        "region__code", "enterprise__name"
    )
    for invitation in invitations:
        attendance = getattr(invitation, "attendance", None)
        # Who has not signed in yet shows their ID card at the desk; the sheet carries no ID of theirs.
        shown = viewer.show(attendance, "id_number", attendance.id_number) if attendance else ""
        checked = timezone.localtime(attendance.checked_in_at).strftime("%H:%M") if attendance else ""
        rows.append(
            [invitation.principal_name, invitation.enterprise.name, invitation.region.name, shown, "邀请", checked]
        )
    walk_ins = warning_class.attendances.filter(walk_in=True).select_related("enterprise", "region")
    for attendance in walk_ins.order_by("checked_in_at"):
        rows.append(
            [
                attendance.name,
                attendance.enterprise.name if attendance.enterprise else "",
                attendance.region.name,
                viewer.show(attendance, "id_number", attendance.id_number),
                "现场报名",
                timezone.localtime(attendance.checked_in_at).strftime("%H:%M"),
            ]
        )
    return [[number, *row, ""] for number, row in enumerate(rows, start=1)]


def attendance_sheet(warning_class: WarningClass, viewer) -> io.BytesIO:
    """The class's sign-in sheet for printing: title, time and venue, then one row per person to sign."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "签到表"
    starts = timezone.localtime(warning_class.starts_at)
    ends = timezone.localtime(warning_class.ends_at)
    last = chr(ord("A") + len(HEADERS) - 1)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = f"{warning_class.title} 签到表"
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = (
        f"班次编号：{warning_class.number}　主办：{warning_class.organiser}　"
        f"时间：{starts:%Y年%m月%d日 %H:%M}—{ends:%H:%M}　地点：{warning_class.venue}"
    )
    sheet.merge_cells(f"A3:{last}3")
    sheet["A3"] = f"参训对象：{warning_class.audience}　凭本人身份证签到"
    for index, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=header)
        cell.font = Font(bold=True)
        cell.border = GRID
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[cell.column_letter].width = width
    for values in attendance_sheet_rows(warning_class, viewer):
        sheet.append(values)
        row = sheet.max_row
        sheet.row_dimensions[row].height = 26
        for cell in sheet[row]:
            cell.border = GRID
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    viewer.record()
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet_as_text(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
