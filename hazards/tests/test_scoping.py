import datetime

from grid.tests.factories import EnterpriseFactory
from hazards.choices import HazardGrade
from hazards.models import Hazard, LeaderAssignment, RiskPoint, SupervisionItem
from tests.scoping import (
    CountyRows,
    ScopedApi,
    ScopedApiWrites,
    ScopedByDepartment,
    ScopedEdit,
    ScopedExport,
    ScopedImport,
    ScopedList,
    ScopedPages,
    TownshipRows,
)

from .factories import HazardFactory, RiskPointFactory, SupervisionItemFactory

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


class TestHazardScoping(
    TownshipRows, ScopedPages, ScopedEdit, ScopedImport, ScopedExport, ScopedApiWrites, ScopedByDepartment
):
    model = Hazard

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


class TestRiskPointScoping(
    TownshipRows, ScopedPages, ScopedEdit, ScopedImport, ScopedExport, ScopedApiWrites, ScopedByDepartment
):
    model = RiskPoint

    def make(self, region):
        # An enterprise's risk point: its regulator is the enterprise's.
        return RiskPointFactory(region=region, enterprise=EnterpriseFactory(region=region))

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


class TestSupervisionItemScoping(CountyRows, ScopedPages, ScopedEdit, ScopedExport, ScopedApiWrites):
    """督办清单 of a county: its townships do not see it; the other county gets 404."""

    model = SupervisionItem

    def make(self, region):
        return SupervisionItemFactory(
            region=region, title=f"{region.name}督办事项", lead_unit=f"{region.name}应急管理局"
        )

    def form_data(self, obj, region):
        return {
            "year": 2026,
            "title": obj.title,
            "source": obj.source,
            "category": obj.category,
            "region": region.pk,
            "lead_unit": obj.lead_unit,
            "responsible_leader": obj.responsible_leader,
            "start_on": "2026-01-01",
            "deadline": "2026-12-31",
            "status": obj.status,
        }

    def api_data(self, region):
        return {
            "year": 2026,
            "title": "新督办事项",
            "source": "monthly_key_work",
            "region": region.pk,
            "lead_unit": "应急管理局",
            "responsible_leader": "黄副区长",
            "start_on": "2026-01-01",
            "deadline": "2026-12-31",
        }


class TestLeaderAssignmentScoping(TownshipRows, ScopedList, ScopedExport, ScopedApi, ScopedByDepartment):
    """挂包整改 of major hazards: seen where the hazard is seen, by region and by regulator."""

    model = LeaderAssignment

    def make(self, region):
        hazard = HazardFactory(region=region, grade=HazardGrade.MAJOR)
        return LeaderAssignment.objects.create(
            hazard=hazard, leader=self.cast.user_leader.official, round=2026, target_date=datetime.date(2026, 12, 31)
        )
