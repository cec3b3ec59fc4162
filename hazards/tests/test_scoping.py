from hazards.importers import HazardImporter, RiskPointImporter
from tests.scoping import ScopingContract

from .factories import HazardFactory, RiskPointFactory

HAZARD_FIELDS = [
    "title",
    "grade",
    "industry",
    "source",
    "address",
    "description",
    "found_on",
    "finder",
    "measures",
    "responsible_person",
    "responsible_unit",
    "funds",
    "deadline",
]
RISK_POINT_FIELDS = [
    "name",
    "period",
    "kind",
    "industry",
    "longitude",
    "latitude",
    "control_level",
    "responsible_person",
    "measures",
    "method",
    "grade",
]


def plain(obj, names):
    return {name: "" if getattr(obj, name) is None else str(getattr(obj, name)) for name in names}


class TestHazardScoping(ScopingContract):
    list_url_name = "hazards:hazard_list"
    detail_url_name = "hazards:hazard_detail"
    edit_url_name = "hazards:hazard_edit"
    api_url = "/api/v1/hazards/hazards/"
    importer_class = HazardImporter
    import_url_name = "hazards:hazard_import"

    def make(self, region):
        return HazardFactory(region=region)

    def form_data(self, obj, region):
        return {**plain(obj, HAZARD_FIELDS), "region": region.pk}

    def api_data(self, region):
        return {**plain(HazardFactory.build(region=region), HAZARD_FIELDS), "region": region.pk}

    def import_row(self, region):
        return hazard_import_row(region)


def hazard_import_row(region) -> dict:
    return {
        "隐患名称": "配电箱无防护",
        "隐患等级": "一般隐患",
        "行业": "工贸企业",
        "发现途径": "部门检查",
        "所在乡镇（街道）": region.code,
        "地点": "某路1号",
        "隐患描述": "配电箱门缺失",
        "发现日期": "2026-10-08",
        "发现人": "王检查",
    }


class TestRiskPointScoping(ScopingContract):
    list_url_name = "hazards:risk_point_list"
    detail_url_name = "hazards:risk_point_detail"
    edit_url_name = "hazards:risk_point_edit"
    api_url = "/api/v1/hazards/risk-points/"
    importer_class = RiskPointImporter
    import_url_name = "hazards:risk_point_import"

    def make(self, region):
        return RiskPointFactory(region=region)

    def form_data(self, obj, region):
        return {**plain(obj, RISK_POINT_FIELDS), "region": region.pk}

    def api_data(self, region):
        return {**plain(RiskPointFactory.build(region=region), RISK_POINT_FIELDS), "region": region.pk}

    def import_row(self, region):
        return risk_point_import_row(region)


def risk_point_import_row(region) -> dict:
    return {
        "风险点名称": "液氨储罐区",
        "辨识周期": "2026H2",
        "类型": "危险物品储存场所",
        "行业": "危险化学品",
        "所在乡镇（街道）": region.code,
        "管控层级": "县级",
        "管控责任人": "李四",
        "管控措施": "双人巡检",
        "评估方法": "LS 风险矩阵法（R=L×S）",
        "L 可能性": 4,
        "S 严重性": 5,
    }
