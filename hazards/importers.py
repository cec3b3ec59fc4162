from base.excel import ImportColumn, WorkbookImporter

from .forms import HazardForm, RiskPointForm

TOWNSHIP_NOTE = "乡镇（街道）名称或9位区划代码；重名时填代码"


class HazardImporter(WorkbookImporter):
    """A county's hazard ledger (隐患台账), as kept in Excel."""

    title = "隐患导入模板"
    form_class = HazardForm
    columns = [
        ImportColumn("隐患名称", "title", required=True),
        ImportColumn("隐患等级", "grade", required=True),
        ImportColumn("行业", "industry", required=True),
        ImportColumn("发现途径", "source", required=True),
        ImportColumn("所在单位", "enterprise", lookup=("credit_code", "name"), note="单位名称或统一社会信用代码"),
        ImportColumn("所在乡镇（街道）", "region", required=True, lookup=("code", "name"), note=TOWNSHIP_NOTE),
        ImportColumn("地点", "address", note="无所在单位时必填"),
        ImportColumn("监管部门", "department", note="部门全称，如 三元区应急管理局"),
        ImportColumn("隐患描述", "description", required=True),
        ImportColumn("发现日期", "found_on", required=True, note="如 2026-10-08"),
        ImportColumn("发现人", "finder", required=True),
        ImportColumn("整改措施", "measures"),
        ImportColumn("整改责任人", "responsible_person"),
        ImportColumn("整改责任单位", "responsible_unit"),
        ImportColumn("整改资金（万元）", "funds"),
        ImportColumn("整改期限", "deadline", note="如 2026-12-31"),
        ImportColumn("措施到位", "measures_in_place", note="是 / 否"),
        ImportColumn("责任到位", "responsibility_in_place", note="是 / 否"),
        ImportColumn("资金到位", "funds_in_place", note="是 / 否"),
        ImportColumn("时限到位", "time_limit_in_place", note="是 / 否"),
        ImportColumn("预案到位", "contingency_in_place", note="是 / 否"),
    ]


class RiskPointImporter(WorkbookImporter):
    """A county's risk-point register for a half-year period."""

    title = "风险点导入模板"
    form_class = RiskPointForm
    columns = [
        ImportColumn("风险点名称", "name", required=True),
        ImportColumn("辨识周期", "period", required=True, note="如 2026H1（上半年）、2026H2（下半年）"),
        ImportColumn("类型", "kind", required=True),
        ImportColumn("行业", "industry", required=True),
        ImportColumn("所属单位", "enterprise", lookup=("credit_code", "name"), note="单位名称或统一社会信用代码"),
        ImportColumn("所在乡镇（街道）", "region", required=True, lookup=("code", "name"), note=TOWNSHIP_NOTE),
        ImportColumn("位置", "address"),
        ImportColumn("经度", "longitude", note="如 117.639，与纬度同时填写"),
        ImportColumn("纬度", "latitude", note="如 26.263"),
        ImportColumn("管控层级", "control_level", required=True),
        ImportColumn("管控责任人", "responsible_person", required=True),
        ImportColumn("责任人电话", "responsible_phone"),
        ImportColumn("管控措施", "measures", required=True),
        ImportColumn("评估方法", "method", required=True),
        ImportColumn("L 可能性", "likelihood"),
        ImportColumn("S 严重性", "severity"),
        ImportColumn("E 暴露频繁程度", "exposure"),
        ImportColumn("C 后果严重程度", "consequence"),
        ImportColumn("风险等级", "grade", note="直接判定时必填；LS/LEC 由风险值自动定级"),
    ]
