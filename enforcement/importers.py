"""A department's penalty ledger (行政处罚台账), kept in Excel: exported, edited and imported back.

Built on the current ``WorkbookImporter`` (which only adds rows): a row whose
处罚决定书文号 names a penalty the user may change updates that penalty,
with history; any other row adds one. The export's read-only columns
(the unit's name, county and township) are accepted and ignored.
"""

from base.excel import ImportColumn, WorkbookImporter
from base.forms import ScopedModelForm
from base.scoping import CHANGE

from .models import Penalty

LEDGER_FIELDS = [
    "case_number",
    "enterprise",
    "department",
    "decided_on",
    "violation",
    "legal_basis",
    "kind",
    "amount",
    "preventive",
    "note",
]


class PenaltyLedgerForm(ScopedModelForm):
    """The ledger's columns only: an update leaves the links to accident, hazard and prompt item as they were."""

    class Meta:
        model = Penalty
        fields = LEDGER_FIELDS


class PenaltyImporter(WorkbookImporter):
    title = "行政处罚台账"
    form_class = PenaltyLedgerForm
    unique = ("case_number",)
    change_reason = "Excel台账导入"
    columns = [
        ImportColumn("处罚决定书文号", "case_number", required=True, note="已有文号的行更新该处罚，其余新增"),
        ImportColumn(
            "统一社会信用代码", "enterprise", required=True, lookup=("credit_code",), note="被处罚单位的18位代码"
        ),
        ImportColumn("处罚部门", "department", required=True, note="部门全称，如 三元区应急管理局"),
        ImportColumn("决定日期", "decided_on", required=True, note="如 2026-10-08"),
        ImportColumn("违法行为", "violation", required=True),
        ImportColumn("处罚依据", "legal_basis", required=True),
        ImportColumn("处罚种类", "kind", required=True),
        ImportColumn("罚没金额（元）", "amount"),
        ImportColumn("非事故预防性", "preventive", note="是 / 否"),
        ImportColumn("备注", "note"),
    ]
    # Columns of the exported ledger that are read-only here.
    ignored_headers = ("被处罚单位", "县（市、区）", "乡镇（街道）")

    def run(self, upload, user):
        self._changeable = Penalty.objects.for_user(user, CHANGE)
        self._instance = None
        return super().run(upload, user)

    def form_kwargs(self, user) -> dict:
        return {"user": user, "instance": getattr(self, "_instance", None)}

    def _read_header(self, header_row, result):
        kept = [None if str(value or "").strip() in self.ignored_headers else value for value in header_row]
        return super()._read_header(kept, result)

    def _to_form_value(self, column, form_field, text, lookups):
        # The case number comes first in the row: it says which penalty the row's form edits.
        if column.field == "case_number":
            self._instance = self._changeable.filter(case_number=text).first() if text else None
        return super()._to_form_value(column, form_field, text, lookups)
