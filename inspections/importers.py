"""The workbooks departments and townships keep: teams with their members, inspection results,
and the self-check reports enterprises send in. Each list, its export and its import are one."""

from django.db.models import Prefetch

from base.excel import Column, WorkbookImporter
from grid.importers import COUNTY

from .forms import InspectionImportForm, InspectionTeamImportForm, SelfCheckReportForm, members_text
from .models import TeamMember

NUMBER_NOTE = "导出的列表带有系统编号：修改后导入即更新该条记录；新增的行留空"
YES_NO = "是 / 否"
CAMPAIGN = Column("campaign__name", "检查行动", width=24, field="campaign", required=True, note="检查行动名称")
TOWNSHIP = Column("region__name", "乡镇（街道）", width=14)
CREDIT_CODE = Column(
    "enterprise__credit_code",
    "统一社会信用代码",
    width=22,
    field="enterprise",
    required=True,
    lookup=("credit_code",),
    page=False,
    note="被检查（自查）单位的18位代码",
)


def expert_share(team) -> str:
    """专家和专业人员占比 as the page shows it: 80%（4/5）."""
    members = list(team.members.all())
    qualified = sum(1 for member in members if member.is_expert or member.is_professional)
    return f"{round(qualified * 100 / len(members))}%（{qualified}/{len(members)}）" if members else "—"


class InspectionTeamImporter(WorkbookImporter):
    """A campaign's teams, one row per team, its members in one cell (``members_text``)."""

    title = "检查组名单"
    form_class = InspectionTeamImportForm
    key = "id"
    change_reason = "Excel导入"
    columns = [
        Column("id", "系统编号", width=10, field="id", page=False, note=NUMBER_NOTE),
        Column("name", "检查组名称", width=24, link=True, field="name", required=True),
        CAMPAIGN,
        Column(
            "region__name",
            "组织区划",
            width=12,
            field="region",
            required=True,
            lookup=("code", "name"),
            note="派出检查组的市、县（市、区）或乡镇（街道）名称或区划代码",
        ),
        Column("department__name", "牵头部门", width=22, field="department", note="部门全称；属地政府督查组可不填"),
        Column("leader_name", "组长", width=10, field="leader_name", required=True),
        Column(
            "members_text",
            "成员",
            width=60,
            value=members_text,
            field="members_text",
            required=True,
            note="每人“姓名（专业，专家/专业人员）”，用“；”分隔，如：张三（危险化学品，专家）；李四（电气，专业人员）；王五",
        ),
        Column("expert_share", "专家和专业人员占比", width=18, value=expert_share),
    ]

    def existing_queryset(self):
        return super().existing_queryset().prefetch_related(Prefetch("members", TeamMember.objects.order_by("pk")))


class InspectionImporter(WorkbookImporter):
    """Inspection results as a department keeps them; checklists and findings are recorded on the page."""

    title = "检查结果台账"
    form_class = InspectionImportForm
    key = "id"
    change_reason = "Excel导入"
    columns = [
        Column("id", "系统编号", width=10, field="id", page=False, note=NUMBER_NOTE),
        Column("inspected_on", "检查日期", width=12, link=True, field="inspected_on", required=True),
        CREDIT_CODE,
        Column("enterprise__name", "被检查单位", width=28),
        COUNTY,
        TOWNSHIP,
        CAMPAIGN,
        Column("phase", "检查阶段", width=12, field="phase", required=True),
        Column("team__name", "检查组", width=22, field="team", required=True, note="检查组名称"),
        Column("methods_label", "检查方式", width=22, field="methods", required=True, note="多个用顿号分隔"),
        Column("result", "检查结果", width=10, field="result", required=True),
        Column(
            "previous_id",
            "复查的检查编号",
            width=12,
            field="previous",
            lookup=("pk",),
            page=False,
            note="复查时填写被复查（不合格）检查的系统编号",
        ),
        Column("is_still_open", "待复查", width=8),
        Column("finding_count", "发现问题", width=10),
        Column("documents", "出具文书", width=24, field="documents", page=False),
        Column("document_number", "文书编号", width=22, field="document_number"),
        Column("note", "检查情况", width=30, field="note", page=False),
        Column(
            "outside_phase",
            "确认在阶段日期外登记",
            width=12,
            field="outside_phase",
            page=False,
            note="检查日期不在所填阶段内时填“是”",
        ),
    ]


class SelfCheckReportImporter(WorkbookImporter):
    """The self-check reports enterprises send (企业自查报告), one row per enterprise; each problem
    listed in 发现问题 (one per line) opens a hazard."""

    title = "企业自查报告"
    form_class = SelfCheckReportForm
    key = "id"
    change_reason = "Excel导入"
    columns = [
        Column("id", "系统编号", width=10, field="id", page=False, note=NUMBER_NOTE),
        Column("enterprise__name", "自查单位", width=28, link=True),
        CREDIT_CODE,
        COUNTY,
        TOWNSHIP,
        CAMPAIGN,
        Column("checked_on", "自查日期", width=12, field="checked_on", required=True, note="如 2026-05-06"),
        Column("items_checked", "检查项目数", width=10, field="items_checked", required=True),
        Column("problems_found", "发现问题数", width=10, field="problems_found", required=True),
        Column("principal_signed", "主要负责人已签字", width=12, field="principal_signed", note=YES_NO),
        Column("principal_name", "签字负责人", width=12, field="principal_name"),
        Column(
            "problems_text",
            "问题清单",
            width=40,
            value=lambda report: "\n".join(problem.description for problem in report.problems.all()),
            field="problems_text",
            page=False,
            note="每行一条；新增的问题登记为隐患（企业自查）",
        ),
        Column("note", "备注", width=20, field="note", page=False),
        Column(
            "outside_phase",
            "确认在阶段日期外登记",
            width=12,
            field="outside_phase",
            page=False,
            note="自查日期不在企业自查阶段内时填“是”",
        ),
    ]

    def existing_queryset(self):
        return super().existing_queryset().prefetch_related("problems")
