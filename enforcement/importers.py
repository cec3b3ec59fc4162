"""A department's penalty ledger (行政处罚台账), kept in Excel: the list, its export and its import are one."""

from base.excel import Column, WorkbookImporter

from .forms import PenaltyForm

DEPARTMENT_NOTE = "部门全称，如 三元区应急管理局"


class PenaltyImporter(WorkbookImporter):
    """Rows keyed by 处罚决定书文号: an exported, edited ledger updates the same penalties, with history."""

    title = "行政处罚台账"
    form_class = PenaltyForm
    key = "case_number"
    change_reason = "Excel台账导入"
    columns = [
        Column(
            "case_number",
            "处罚决定书文号",
            width=24,
            link=True,
            field="case_number",
            required=True,
            note="已有文号的行更新该处罚，其余行新增",
        ),
        Column(
            "enterprise__credit_code",
            "统一社会信用代码",
            width=22,
            field="enterprise",
            required=True,
            lookup=("credit_code",),
            page=False,
            note="被处罚单位的18位代码",
        ),
        Column("enterprise__name", "被处罚单位", width=28),
        Column("region__parent__name", "县（市、区）", width=12),
        Column("region__name", "乡镇（街道）", width=14),
        Column("department__name", "处罚部门", width=22, field="department", required=True, note=DEPARTMENT_NOTE),
        Column("decided_on", "决定日期", width=12, field="decided_on", required=True, note="如 2026-10-08"),
        Column("violation", "违法行为", width=30, field="violation", required=True),
        Column("legal_basis", "处罚依据", width=30, field="legal_basis", required=True, page=False),
        Column("kind", "处罚种类", width=12, field="kind", required=True),
        Column("amount", "罚没金额（元）", width=14, field="amount"),
        Column("preventive", "非事故预防性", width=12, field="preventive", note="是 / 否"),
        Column("note", "备注", width=20, field="note", page=False),
    ]
