from grid.models import Enterprise
from tests.scoping import (
    ScopedApiWrites,
    ScopedByDepartment,
    ScopedEdit,
    ScopedExport,
    ScopedImport,
    ScopedPages,
    TownshipRows,
)

from .factories import EnterpriseFactory

FORM_FIELDS = [
    "name",
    "credit_code",
    "industry",
    "address",
    "supervision_level",
    "risk_grade",
    "principal_name",
    "principal_id_number",
    "principal_phone",
    "status",
]


class TestEnterpriseScoping(
    TownshipRows, ScopedPages, ScopedEdit, ScopedImport, ScopedExport, ScopedApiWrites, ScopedByDepartment
):
    model = Enterprise

    def make(self, region):
        return EnterpriseFactory(region=region)

    def form_data(self, obj, region):
        return {**{name: getattr(obj, name) for name in FORM_FIELDS}, "region": region.pk}

    def api_data(self, region):
        obj = EnterpriseFactory.build(region=region)
        return {**{name: getattr(obj, name) for name in FORM_FIELDS}, "region": region.pk}

    def import_row(self, region):
        obj = EnterpriseFactory.build(region=region)
        return {
            "单位名称": obj.name,
            "统一社会信用代码": obj.credit_code,
            "行业": "工贸企业",
            "所在乡镇（街道）": region.code,
            "监管层级": "乡镇级",
            "风险等级": "低风险",
            "主要负责人": obj.principal_name,
            "负责人身份证号": obj.principal_id_number,
            "负责人电话": obj.principal_phone,
            "经营状态": "正常经营",
        }
