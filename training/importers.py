from base.excel import ImportColumn, WorkbookImporter

from .forms import AttendanceImportForm


class AttendanceImporter(WorkbookImporter):
    """签到记录 from a workbook: the columns of the attendance list's export, so an export reads back in."""

    title = "签到记录导入模板"
    form_class = AttendanceImportForm
    unique = ("id_number",)
    change_reason = "Excel导入签到"
    columns = [
        ImportColumn("班次编号", "warning_class", required=True, lookup=("number",), note="如 350404-2026-001"),
        ImportColumn("学习班", "class_title", note="仅供核对"),
        ImportColumn("姓名", "name", required=True),
        ImportColumn("身份证号码", "id_number", required=True, note="18位，含校验位"),
        ImportColumn("单位名称", "enterprise_name", note="仅供核对：按身份证号码匹配企业主要负责人"),
        ImportColumn("乡镇（街道）", "township", note="仅供核对"),
        ImportColumn("签到时间", "checked_in_at", required=True, note="如 2026-03-05 08:45"),
        ImportColumn("签到方式", "method", note="留空按“表格导入”"),
        ImportColumn("现场报名", "walk_in", note="仅供核对：按邀请名单重新判断"),
    ]
