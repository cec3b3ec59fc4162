from sanming_safety.excel import ImportColumn, WorkbookImporter

from .forms import EnterpriseForm


class EnterpriseImporter(WorkbookImporter):
    """A county's or township's enterprise register, as they keep it in Excel."""

    title = "生产经营单位导入模板"
    form_class = EnterpriseForm
    unique = ("credit_code",)
    columns = [
        ImportColumn("单位名称", "name", required=True),
        ImportColumn("统一社会信用代码", "credit_code", required=True, note="18位，含校验位"),
        ImportColumn("行业", "industry", required=True),
        ImportColumn(
            "所在乡镇（街道）",
            "region",
            required=True,
            lookup=("code", "name"),
            note="乡镇（街道）名称或9位区划代码；重名时填代码",
        ),
        ImportColumn("地址", "address"),
        ImportColumn("经度", "longitude", note="如 117.639，与纬度同时填写"),
        ImportColumn("纬度", "latitude", note="如 26.263"),
        ImportColumn("监管部门", "department", note="部门全称，如 三元区应急管理局"),
        ImportColumn("监管层级", "supervision_level", required=True),
        ImportColumn("风险等级", "risk_grade", required=True),
        ImportColumn("基础薄弱", "weak_foundation", note="是 / 否"),
        ImportColumn("主要负责人", "principal_name", required=True),
        ImportColumn("负责人身份证号", "principal_id_number", required=True, note="18位，含校验位"),
        ImportColumn("负责人电话", "principal_phone", required=True),
        ImportColumn("经营状态", "status", required=True),
    ]
