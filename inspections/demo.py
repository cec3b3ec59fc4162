"""Demo data of the inspection campaign: the city's campaign of this year, in its third phase
(属地政府督查) today, with the checklists, the departments' duties, expert teams, self-check reports,
inspections passed and failed whose findings became hazards, a 不合格 enterprise whose re-inspection
passed and one still waiting for it.

Deterministic and idempotent: a second run adds nothing.
"""

import datetime

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from base.choices import Role, SupervisionLevel
from grid.choices import Industry, RegionLevel
from grid.models import Department, Enterprise, Official, Region, SafetyExpert
from hazards.demo import HAZARD_TEXTS

from . import services
from .checklists import seed_checklists
from .choices import CheckOutcome, InspectionMethod, InspectionResult, PhaseKind
from .models import (
    Campaign,
    CampaignPhase,
    ChecklistItem,
    DutyAssignment,
    Inspection,
    InspectionTeam,
    SelfCheckReport,
    TeamMember,
)

CITY_CODE = "350400"
DEMO_COUNTY = "350404"  # 三元区
# Each department leads the 15 hard measures' items of its field.
MEASURES = {
    "emergency": "第1、2、5、9条（危险化学品、非煤矿山、烟花爆竹、工贸）",
    "housing": "第3、4条（建筑施工、城镇燃气）",
    "transport": "第6条（道路运输）",
    "fire": "第7、8条（人员密集场所消防）",
    "market": "第10条（特种设备）",
    "education": "第11条（校园安全）",
    "culture_tourism": "第12条（文化旅游）",
    "natural_resources": "第13条（地质灾害）",
}


def phase_dates(today: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    """Four phases placed so that today falls in the third (属地政府督查)."""
    day = datetime.timedelta
    return {
        PhaseKind.SELF_CHECK: (today - day(50), today - day(36)),
        PhaseKind.DEPARTMENT: (today - day(35), today - day(11)),
        PhaseKind.LOCAL: (today - day(10), today + day(10)),
        PhaseKind.LOCKDOWN: (today + day(11), today + day(40)),
    }


def user_of(role: str, region_code: str, **extra):
    official = Official.objects.filter(role=role, region__code=region_code, **extra).select_related("user").first()
    return official.user if official else None


def seed_campaign(city: Region, today: datetime.date) -> Campaign | None:
    """The city's campaign and its four phases, unless there is one already."""
    if Campaign.objects.filter(region=city).exists():
        return None
    dates = phase_dates(today)
    starts, ends = dates[PhaseKind.SELF_CHECK][0], dates[PhaseKind.LOCKDOWN][1]
    campaign = Campaign.objects.create(
        name=f"{starts.year}年安全生产大检查",
        year=starts.year,
        region=city,
        document_number=f"明安委〔{starts.year}〕12号",
        starts_on=starts,
        ends_on=ends,
        created_by=user_of(Role.CITY_COMMITTEE, CITY_CODE),
    )
    for kind, (start, end) in dates.items():
        CampaignPhase.objects.create(campaign=campaign, kind=kind, starts_on=start, ends_on=end)
    return campaign


def seed_duties(campaign: Campaign) -> int:
    """以条为主: every city department with inspection duties, and those of the demo county."""
    departments = Department.objects.filter(
        has_inspection_duty=True, region__code__in=[CITY_CODE, DEMO_COUNTY]
    ).select_related("region")
    rows = []
    for department in departments:
        city = department.region.level == RegionLevel.CITY
        rows.append(
            DutyAssignment(
                campaign=campaign,
                department=department,
                industries=department.industries or [Industry.OTHER],
                supervision_levels=[SupervisionLevel.CITY]
                if city
                else [SupervisionLevel.COUNTY, SupervisionLevel.TOWNSHIP],
                measures=MEASURES.get(department.kind, ""),
            )
        )
    bulk_create_with_history(rows, DutyAssignment, default_change_reason="演示数据")
    return len(rows)


def _member(name: str, profession: str, *, expert=None, official=None, is_professional=True) -> TeamMember:
    return TeamMember(
        name=name,
        profession=profession,
        expert=expert,
        official=official,
        is_expert=expert is not None,
        is_professional=is_professional,
    )


def seed_teams(campaign: Campaign, by) -> list[InspectionTeam]:
    """Two department teams of the demo county and its government's team, each at least 80% experts."""
    county = Region.objects.get(code=DEMO_COUNTY)
    experts = list(SafetyExpert.objects.filter(region=county).order_by("pk")[:6])
    dept_official = Official.objects.filter(role=Role.DEPARTMENT, region=county).first()
    specs = [
        ("emergency", "三元区应急局第一检查组", "吴强", ["危险化学品", "工贸安全", "电气"]),
        ("housing", "三元区住建局检查组", "李建国", ["建筑施工", "起重机械", "燃气"]),
        (None, "三元区政府督查组", "黄副区长", ["综合监管", "消防", "道路运输"]),
    ]
    teams = []
    for index, (kind, name, leader_name, professions) in enumerate(specs):
        department = Department.objects.filter(region=county, kind=kind).first() if kind else None
        team = InspectionTeam(
            campaign=campaign,
            name=name,
            region=county,
            department=department,
            leader=dept_official if kind == "emergency" else None,
            leader_name=leader_name,
        )
        members = [_member(leader_name, "安全管理", official=team.leader)]
        members += [
            _member(expert.name, professions[number % 3], expert=expert)
            for number, expert in enumerate(experts[index * 2 : index * 2 + 2])
        ]
        members += [_member(f"{name[:3]}干部{number}", professions[number]) for number in (1, 2)]
        if len(members) >= 5:
            # A liaison who is neither: the team is still above 80% (5 of 6).
            members.append(_member(f"{name[:3]}联络员", "", is_professional=False))
        teams.append(services.team_save(team=team, members=members, by=by, reason="演示数据"))
    return teams


def seed_self_checks(campaign: Campaign, enterprises: list[Enterprise], by) -> int:
    """企业自查 reports of phase 1, entered by the county; some list problems, which became hazards."""
    start = campaign.phases.get(kind=PhaseKind.SELF_CHECK).starts_on
    for index, enterprise in enumerate(enterprises):
        # What the unit found is what goes wrong in its industry (the hazards demo's catalogue).
        problems = [title for title, _, _ in HAZARD_TEXTS[enterprise.industry][: index % 3]] if index % 2 else []
        report = SelfCheckReport(
            campaign=campaign,
            enterprise=enterprise,
            checked_on=start + datetime.timedelta(days=index % 10),
            items_checked=20 + index % 7,
            problems_found=len(problems),
            principal_signed=index % 5 != 4,
            principal_name=enterprise.principal_name if index % 5 != 4 else "",
        )
        services.self_check_save(report=report, problems=problems, by=by)
    return len(enterprises)


def _checks(enterprise: Enterprise, failed: bool) -> dict[int, str]:
    items = list(ChecklistItem.objects.filter(industry=enterprise.industry, region__code=CITY_CODE))
    outcomes = {item.pk: CheckOutcome.PASS for item in items}
    if failed and items:
        outcomes[items[0].pk] = CheckOutcome.FAIL
    if len(items) > 2:
        outcomes[items[-1].pk] = CheckOutcome.NOT_APPLICABLE
    return outcomes


def _inspect(campaign, team, enterprise, day, phase, result, by, *, previous=None, findings=()) -> Inspection:
    inspection = Inspection(
        campaign=campaign,
        phase=phase,
        team=team,
        enterprise=enterprise,
        inspected_on=day,
        methods=[InspectionMethod.FOUR_NOS, InspectionMethod.CHECKLIST]
        if previous is None
        else [InspectionMethod.CHECKLIST],
        result=result,
        previous=previous,
        documents="责令限期整改指令书" if findings else "",
        document_number=f"（三）应急责改〔{day.year}〕{enterprise.pk % 900 + 1}号" if findings else "",
        note="现场检查，对照检查表逐项核查。",
    )
    return services.inspection_record(
        inspection=inspection,
        checks=_checks(enterprise, result == InspectionResult.FAILED),
        findings=findings,
        by=by,
    )


def seed_inspections(campaign: Campaign, teams: list[InspectionTeam], by, today: datetime.date) -> int:
    """行业检查 by the department teams (passed and failed, findings opening hazards), then the
    government team's 属地政府督查 and re-inspections: one 不合格 enterprise passed its re-inspection,
    another is still open."""
    department_start = campaign.phases.get(kind=PhaseKind.DEPARTMENT).starts_on
    local_start = campaign.phases.get(kind=PhaseKind.LOCAL).starts_on
    recorded = 0
    failed = []
    for team in teams[:2]:
        enterprises = list(
            Enterprise.objects.filter(department=team.department, region__parent__code=DEMO_COUNTY).order_by("pk")[:8]
        )
        for index, enterprise in enumerate(enterprises):
            fails = index % 4 == 1
            findings = []
            if fails:
                deadline = department_start + datetime.timedelta(days=index + 20)
                findings = [
                    services.FindingInput(description=title, deadline=deadline)
                    for title, _, _ in HAZARD_TEXTS[enterprise.industry][:2]
                ]
            day = department_start + datetime.timedelta(days=index * 2)
            result = InspectionResult.FAILED if fails else InspectionResult.PASSED
            inspection = _inspect(campaign, team, enterprise, day, PhaseKind.DEPARTMENT, result, by, findings=findings)
            recorded += 1
            if fails:
                failed.append(inspection)
    government = teams[2]
    if failed:
        _inspect(
            campaign,
            failed[0].team,
            failed[0].enterprise,
            local_start,
            PhaseKind.LOCAL,
            "passed",
            by,
            previous=failed[0],
        )
        recorded += 1
    townships = Enterprise.objects.filter(region__parent__code=DEMO_COUNTY).exclude(inspections__isnull=False)
    for index, enterprise in enumerate(townships.order_by("pk")[:4]):
        day = min(today, local_start + datetime.timedelta(days=index + 1))
        _inspect(campaign, government, enterprise, day, PhaseKind.LOCAL, InspectionResult.PASSED, by)
        recorded += 1
    return recorded


def seed(options: dict, log) -> None:
    today = timezone.localdate()
    city = Region.objects.get(code=CITY_CODE)
    log(f"检查表：新增 {seed_checklists(city)} 条")
    campaign = seed_campaign(city, today)
    if campaign is None:
        log("安全生产大检查：已存在")
        return
    by = user_of(Role.COUNTY_COMMITTEE, DEMO_COUNTY) or user_of(Role.CITY_COMMITTEE, CITY_CODE)
    log(f"职责分工：新增 {seed_duties(campaign)}")
    teams = seed_teams(campaign, by)
    log(f"检查组：新增 {len(teams)}")
    enterprises = list(Enterprise.objects.filter(region__parent__code=DEMO_COUNTY).order_by("-pk")[:12])
    log(f"企业自查报告：新增 {seed_self_checks(campaign, enterprises, by)}")
    log(f"检查记录：新增 {seed_inspections(campaign, teams, by, today)}")
