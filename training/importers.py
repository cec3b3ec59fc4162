from base.excel import Column, WorkbookImporter

from .forms import AttendanceImportForm


class AttendanceImporter(WorkbookImporter):
    """签到记录: the list, its export and the workbook that reads back in.

    Rows are added, never matched to a record: a person already signed in to the class is refused as a repeat.
    The class's title, the enterprise, the township and 现场报名 are read past: a check-in finds them again.
    """

    title = "签到记录导入模板"
    form_class = AttendanceImportForm
    unique = ("id_number",)
    change_reason = "Excel导入签到"
    columns = [
        Column(
            "warning_class__number",
            "班次编号",
            width=18,
            field="warning_class",
            required=True,
            lookup=("number",),
            note="如 350404-2026-001",
        ),
        Column("warning_class__title", "学习班", width=30),
        Column("name", "姓名", width=10, link=True, field="name", required=True),
        Column("id_number", "身份证号码", width=21, field="id_number", required=True, note="18位，含校验位"),
        Column("enterprise__name", "单位名称", width=28),
        Column("region__name", "乡镇（街道）", width=14),
        Column("checked_in_at", "签到时间", width=18, field="checked_in_at", required=True, note="如 2026-03-05 08:45"),
        Column("method", "签到方式", width=10, field="method", note="留空按“表格导入”"),
        Column("walk_in", "现场报名", width=8),
    ]
