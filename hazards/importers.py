from base.excel import Column, WorkbookImporter
from grid.importers import COUNTY, ENTERPRISE_NOTE, TOWNSHIP
from grid.models import Region

from .choices import HazardColour
from .forms import HazardForm, RiskPointForm
from .models import Hazard
from .services import hazards_announce_unassigned

DEPARTMENT_NOTE = "部门全称，如 三元区应急管理局"
NUMBER_NOTE = "导出的列表带有系统编号：修改后导入即更新该条记录；新增的行留空"
YES_NO = "是 / 否"


class HazardImporter(WorkbookImporter):
    """A county's hazard ledger (隐患台账), as kept in Excel; the list and its export too.

    Written in bulk: what saving one hazard adds is done for all rows at once — the county
    stamped from the township (``Hazard.save``), a major hazard without a leader announced
    (the ``post_save`` signal); the form's own ``save`` adds only photos, which a workbook has none of.
    """

    title = "隐患导入模板"
    form_class = HazardForm
    key = "id"
    bulk_write = True
    columns = [
        Column("id", "系统编号", width=10, field="id", page=False, note=NUMBER_NOTE),
        Column("title", "隐患名称", width=30, link=True, field="title", required=True),
        Column("grade", "隐患等级", width=10, field="grade", required=True),
        Column("colour", "分色", width=8, choice_set=HazardColour),
        Column("status", "状态", width=10),
        COUNTY,
        TOWNSHIP,
        Column(
            "enterprise__name",
            "所在单位",
            width=28,
            field="enterprise",
            lookup=("credit_code", "name"),
            note=ENTERPRISE_NOTE,
        ),
        Column("address", "地点", width=24, field="address", page=False, note="无所在单位时必填"),
        Column("industry", "行业", width=12, field="industry", required=True),
        Column("source", "发现途径", width=12, field="source", required=True, page=False),
        Column("description", "隐患描述", width=36, field="description", required=True, page=False),
        Column("found_on", "发现日期", width=12, field="found_on", required=True, note="如 2026-10-08"),
        Column("finder", "发现人", width=10, field="finder", required=True, page=False),
        Column("deadline", "整改期限", width=12, field="deadline", note="如 2026-12-31"),
        Column("progress", "进度（%）", width=10),
        Column("funds", "整改资金（万元）", width=14, field="funds"),
        Column("leader_name", "挂包领导", width=12),
        Column("department__name", "监管部门", width=22, field="department", note=DEPARTMENT_NOTE),
        Column("measures", "整改措施", width=30, field="measures", page=False),
        Column("responsible_person", "整改责任人", width=12, field="responsible_person", page=False),
        Column("responsible_unit", "整改责任单位", width=20, field="responsible_unit", page=False),
        Column("measures_in_place", "措施到位", width=10, field="measures_in_place", page=False, note=YES_NO),
        Column(
            "responsibility_in_place", "责任到位", width=10, field="responsibility_in_place", page=False, note=YES_NO
        ),
        Column("funds_in_place", "资金到位", width=10, field="funds_in_place", page=False, note=YES_NO),
        Column("time_limit_in_place", "时限到位", width=10, field="time_limit_in_place", page=False, note=YES_NO),
        Column("contingency_in_place", "预案到位", width=10, field="contingency_in_place", page=False, note=YES_NO),
    ]

    def saves_in_bulk(self) -> bool:
        return True

    def stamp(self, records: list[Hazard], fields: set[str]) -> set[str]:
        parents = dict(Region.objects.filter(pk__in={r.region_id for r in records}).values_list("pk", "parent_id"))
        for record in records:
            record.county_id = parents.get(record.region_id)
        return fields | {"county"} if "region" in fields else fields

    def saved(self, created: list[Hazard], updated: list[Hazard]) -> None:
        hazards_announce_unassigned(created + updated)


class RiskPointImporter(WorkbookImporter):
    """A county's risk-point register for a half-year period; the list and its export too."""

    title = "风险点导入模板"
    form_class = RiskPointForm
    key = "id"
    columns = [
        Column("id", "系统编号", width=10, field="id", page=False, note=NUMBER_NOTE),
        Column("name", "风险点名称", width=28, link=True, field="name", required=True),
        Column("period", "辨识周期", width=14, field="period", required=True, note="如 2026年上半年、2026年下半年"),
        Column("grade", "风险等级", width=10, field="grade", note="直接判定时必填；LS/LEC 由风险值自动定级"),
        Column("control_level", "管控层级", width=10, field="control_level", required=True),
        Column("kind", "类型", width=14, field="kind", required=True),
        Column("industry", "行业", width=12, field="industry", required=True),
        COUNTY,
        TOWNSHIP,
        Column(
            "enterprise__name",
            "所属单位",
            width=28,
            field="enterprise",
            lookup=("credit_code", "name"),
            note=ENTERPRISE_NOTE,
        ),
        Column("address", "位置", width=24, field="address", page=False),
        Column("method", "评估方法", width=14, field="method", required=True),
        Column("likelihood", "L 可能性", width=10, field="likelihood", page=False),
        Column("severity", "S 严重性", width=10, field="severity", page=False),
        Column("exposure", "E 暴露频繁程度", width=10, field="exposure", page=False),
        Column("consequence", "C 后果严重程度", width=10, field="consequence", page=False),
        Column("score", "风险值", width=10),
        Column("responsible_person", "管控责任人", width=12, field="responsible_person", required=True),
        Column("responsible_phone", "责任人电话", width=14, field="responsible_phone", page=False),
        Column("measures", "管控措施", width=30, field="measures", required=True, page=False),
        Column("longitude", "经度", width=12, field="longitude", note="如 117.639，与纬度同时填写"),
        Column("latitude", "纬度", width=12, field="latitude", note="如 26.263"),
        Column("review", "复核情况", width=10),
    ]
