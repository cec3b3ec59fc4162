"""Numbers of 三为主三明确, computed in the database: each department's list of units, coverage, the
follow-up cadence's tables, the dashboard panel and the monthly bulletin's sheets.

A unit is on a department's list (各级监管的生产经营单位清单) in a campaign when it operates in the
campaign's region and the department's, is regulated by a department of its kind, at a supervision
level (and in an industry) the department's duty names. Coverage counts those units with an
inspection of the campaign (in a phase: with that phase's inspection, or self-check report).
Every count is one GROUP BY, whatever the number of units, inspections or departments.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from base.reports import Sheet, month_bounds, rate
from base.scoping import VIEW
from grid.choices import EnterpriseStatus, Industry, RegionLevel
from grid.models import Enterprise, Region
from hazards.choices import HazardGrade, HazardStatus
from hazards.reports import root_region

from .choices import InspectionResult, PhaseKind
from .models import Campaign, DutyAssignment, Inspection, InspectionFinding, SelfCheckReport
from .priority import HIGH_PRIORITY, with_priority

# "350400/350404/": the path of a county is this long, so its prefix names a unit's county.
COUNTY_PATH_LENGTH = len("350400/350404/")


# The list of units ---------------------------------------------------------------------------


def duty_condition(duty: DutyAssignment) -> Q:
    """Enterprises ``duty``'s department inspects: its kind's, in its region, at its levels and industries."""
    condition = Q(department__kind=duty.department.kind, region__path__startswith=duty.department.region.path)
    if duty.supervision_levels:
        condition &= Q(supervision_level__in=duty.supervision_levels)
    if duty.industries:
        condition &= Q(industry__in=duty.industries)
    return condition


def duties_of(campaign: Campaign, user=None) -> list[DutyAssignment]:
    """The campaign's duty matrix (as ``user`` may see it), departments in order."""
    duties = DutyAssignment.objects.filter(campaign=campaign)
    if user is not None:
        duties = duties.for_user(user, VIEW)
    return list(duties.select_related("department__region").order_by("department__region__code", "department__kind"))


def listed(campaign: Campaign, duties: list[DutyAssignment]) -> Q:
    """Units on any of ``duties``' lists in ``campaign`` (none without duties)."""
    if not duties:
        return Q(pk__in=[])
    return (
        Q(status=EnterpriseStatus.OPERATING, region__path__startswith=campaign.region.path)
        & reduce(or_, (duty_condition(duty) for duty in duties))
    )


def inspected(campaign: Campaign, phase: str | None = None, *, by: datetime.date | None = None) -> Exists:
    """Whether the unit was inspected in ``campaign`` (in ``phase``; by the day ``by``).

    The self-check phase counts the unit's own self-check report.
    """
    if phase == PhaseKind.SELF_CHECK:
        reports = SelfCheckReport.objects.filter(campaign=campaign, enterprise=OuterRef("pk"))
        return Exists(reports.filter(checked_on__lte=by) if by else reports)
    inspections = Inspection.objects.filter(campaign=campaign, enterprise=OuterRef("pk"))
    if phase:
        inspections = inspections.filter(phase=phase)
    if by:
        inspections = inspections.filter(inspected_on__lte=by)
    return Exists(inspections)


def open_failures() -> Q:
    """Inspections found 不合格 with no re-inspection after them yet: 检查一家、合格一家 keeps them open."""
    return Q(result=InspectionResult.FAILED) & ~Exists(Inspection.objects.filter(previous=OuterRef("pk")))


def units(campaign: Campaign, user, *, department=None, day: datetime.date | None = None) -> QuerySet:
    """The units ``user`` sees on the lists of ``campaign`` (of one ``department``), highest priority first.

    Each carries its priority and its parts, ``inspected`` (in the campaign), ``failed_open`` (不合格
    not re-inspected to 合格) and ``inspections`` (how many of the campaign).
    """
    duties = [d for d in duties_of(campaign) if department is None or d.department_id == department.pk]
    campaign_inspections = Inspection.objects.filter(campaign=campaign, enterprise=OuterRef("pk"))
    return (
        with_priority(Enterprise.objects.for_user(user, VIEW).filter(listed(campaign, duties)), day)
        .annotate(
            inspected=inspected(campaign),
            failed_open=Exists(campaign_inspections.filter(open_failures())),
        )
        .select_related("region", "department")
        .order_by("-priority", "region__code", "name", "pk")
    )


def current_campaign(user, day: datetime.date | None = None) -> Campaign | None:
    """The campaign running on ``day`` that ``user`` sees (the latest started, if none runs)."""
    day = day or timezone.localdate()
    campaigns = Campaign.objects.for_user(user, VIEW).select_related("region")
    running = campaigns.filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on", "-pk").first()
    return running or campaigns.filter(starts_on__lte=day).order_by("-starts_on", "-pk").first()


# Coverage -------------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    """Units on a list and how many of them were inspected, in all and per phase."""

    label: str
    listed: int = 0
    inspected: int = 0
    on_time: int = 0
    failed_open: int = 0
    high_uninspected: int = 0
    phases: dict[str, int] = field(default_factory=dict)
    department: object = None
    county: Region | None = None

    @property
    def rate(self) -> float | str:
        return rate(self.inspected, self.listed)

    @property
    def uninspected(self) -> int:
        return self.listed - self.inspected

    def add(self, group: dict) -> None:
        self.listed += group["listed"]
        self.inspected += group["inspected"]
        self.on_time += group["on_time"]
        self.failed_open += group["failed_open"]
        self.high_uninspected += group["high_uninspected"]
        for kind in PhaseKind.values:
            self.phases[kind] = self.phases.get(kind, 0) + group[kind]


def phase_deadlines(campaign: Campaign) -> dict[str, datetime.date]:
    return {phase.kind: phase.ends_on for phase in campaign.phases.all()}


def coverage_groups(campaign: Campaign, enterprises: QuerySet, day: datetime.date | None = None) -> list[dict]:
    """Listed-unit counts of the campaign per (kind of regulator, level, industry, county): one GROUP BY.

    ``enterprises`` is already limited to who asks; a department's list is then the sum of its groups.
    """
    deadline = phase_deadlines(campaign).get(PhaseKind.DEPARTMENT)
    failures = Inspection.objects.filter(campaign=campaign, enterprise=OuterRef("pk")).filter(open_failures())
    rows = (
        with_priority(enterprises.filter(listed(campaign, duties_of(campaign))), day)
        .annotate(
            county_path=Substr("region__path", 1, COUNTY_PATH_LENGTH),
            kind=F("department__kind"),
            done=inspected(campaign),
            done_on_time=inspected(campaign, by=deadline) if deadline else inspected(campaign),
            failing=Exists(failures),
            **{f"phase_{kind}": inspected(campaign, kind) for kind in PhaseKind.values},
        )
        .order_by()
        .values("kind", "supervision_level", "industry", "county_path")
        .annotate(
            listed=Count("pk"),
            inspected=Count("pk", filter=Q(done=True)),
            on_time=Count("pk", filter=Q(done_on_time=True)),
            failed_open=Count("pk", filter=Q(failing=True)),
            high_uninspected=Count("pk", filter=Q(done=False, priority__gte=HIGH_PRIORITY)),
            **{kind: Count("pk", filter=Q(**{f"phase_{kind}": True})) for kind in PhaseKind.values},
        )
    )
    return list(rows)


def _in_duty(group: dict, duty: DutyAssignment) -> bool:
    return (
        group["kind"] == duty.department.kind
        and group["county_path"].startswith(duty.department.region.path[:COUNTY_PATH_LENGTH])
        and (not duty.supervision_levels or group["supervision_level"] in duty.supervision_levels)
        and (not duty.industries or group["industry"] in duty.industries)
    )


def coverage(campaign: Campaign, user, day: datetime.date | None = None) -> dict:
    """覆盖率 of ``campaign`` as ``user`` sees it: per department and county, per county, and in all."""
    return coverage_of(
        campaign, Enterprise.objects.for_user(user, VIEW), duties_of(campaign, user), day or timezone.localdate()
    )


def coverage_in(campaign: Campaign, region: Region, day: datetime.date) -> dict:
    """``coverage`` of ``campaign``'s units in ``region`` (a county's bulletin holds its own units)."""
    return coverage_of(
        campaign, Enterprise.objects.filter(region__path__startswith=region.path), duties_of(campaign), day
    )


def coverage_of(campaign: Campaign, enterprises: QuerySet, duties: list[DutyAssignment], day: datetime.date) -> dict:
    """Coverage of the listed units among ``enterprises``, per duty of ``duties`` and county, per county, in all.

    A unit counts once in the totals and once for each list it is on.
    """
    groups = coverage_groups(campaign, enterprises, day)
    counties = {r.path: r for r in Region.objects.filter(level=RegionLevel.COUNTY, path__startswith=campaign.region.path)}
    by_duty: dict[tuple, CoverageRow] = {}
    by_county: dict[str, CoverageRow] = {}
    total = CoverageRow("合计")
    for group in groups:
        county = counties.get(group["county_path"])
        total.add(group)
        by_county.setdefault(group["county_path"], CoverageRow(county.name if county else "—", county=county)).add(
            group
        )
    for duty in duties:
        for group in groups:
            if _in_duty(group, duty):
                county = counties.get(group["county_path"])
                key = (duty.pk, group["county_path"])
                if key not in by_duty:
                    by_duty[key] = CoverageRow(duty.department.name, department=duty.department, county=county)
                by_duty[key].add(group)
    deadlines = phase_deadlines(campaign)
    return {
        "campaign": campaign,
        "day": day,
        "phase": campaign.phase_on(day),
        "deadlines": [
            {"kind": kind, "label": PhaseKind.label(kind), "ends_on": deadlines.get(kind)} for kind in PhaseKind.values
        ],
        "department_deadline": deadlines.get(PhaseKind.DEPARTMENT),
        "total": total,
        "counties": [by_county[path] for path in sorted(by_county)],
        "departments": sorted(
            by_duty.values(), key=lambda row: (row.department.region.code, row.department.kind, row.county.code if row.county else "")
        ),
    }


def department_totals(rows: list[CoverageRow]) -> list[CoverageRow]:
    """Per-department rows summed over counties (a city department inspects in every county)."""
    totals: dict[int, CoverageRow] = {}
    for row in rows:
        total = totals.setdefault(row.department.pk, CoverageRow(row.department.name, department=row.department))
        total.add(
            {
                "listed": row.listed,
                "inspected": row.inspected,
                "on_time": row.on_time,
                "failed_open": row.failed_open,
                "high_uninspected": row.high_uninspected,
                **{kind: row.phases.get(kind, 0) for kind in PhaseKind.values},
            }
        )
    return list(totals.values())


# Findings and results -------------------------------------------------------------------------


def open_findings() -> QuerySet:
    """Findings whose hazard is not closed (销号)."""
    return InspectionFinding.objects.filter(hazard__isnull=False).exclude(hazard__status=HazardStatus.CLOSED)


# Dashboard ------------------------------------------------------------------------------------


def dashboard(user) -> dict:
    """三为主三明确 on the dashboard: the current campaign and phase, coverage, 不合格 still open, open findings."""
    today = timezone.localdate()
    campaign = current_campaign(user, today)
    if campaign is None:
        return {"campaign": None}
    listed_units = units(campaign, user, day=today)
    counts = listed_units.aggregate(
        listed=Count("pk"),
        inspected=Count("pk", filter=Q(inspected=True)),
        high_uninspected=Count("pk", filter=Q(inspected=False, priority__gte=HIGH_PRIORITY)),
    )
    inspections = Inspection.objects.for_user(user, VIEW).filter(campaign=campaign)
    findings = InspectionFinding.objects.for_user(user, VIEW).filter(inspection__campaign=campaign)
    return {
        "campaign": campaign,
        "phase": campaign.phase_on(today),
        **counts,
        "rate": rate(counts["inspected"], counts["listed"]),
        "failed_open": inspections.filter(open_failures()).count(),
        "findings_open": findings.filter(hazard__isnull=False).exclude(hazard__status=HazardStatus.CLOSED).count(),
        "high_priority": HIGH_PRIORITY,
    }


# Bulletin -------------------------------------------------------------------------------------


def bulletin_sheets(*, month: datetime.date, region: Region) -> list[Sheet]:
    """督查通报 sheets of 三为主三明确: each running campaign's coverage by county and by department."""
    first, following = month_bounds(month)
    as_of = following - datetime.timedelta(days=1)
    campaigns = (
        Campaign.objects.filter(starts_on__lte=as_of, ends_on__gte=first)
        .filter(Q(region__path__startswith=region.path) | Q(region__code__in=region.ancestor_codes))
        .select_related("region")
        .order_by("starts_on", "pk")
    )
    sheets = []
    for campaign in campaigns:
        table = coverage_in(campaign, region, as_of)
        sheets += progress_sheets(campaign, table, as_of)
    return sheets


PROGRESS_HEADERS = ["清单单位", "已检查", "未检查", "覆盖率（%）", "按期检查", "不合格未复查合格", "未检查重点单位"]


def _progress_cells(row: CoverageRow) -> list:
    return [
        row.listed,
        row.inspected,
        row.uninspected,
        row.rate,
        row.on_time,
        row.failed_open,
        row.high_uninspected,
    ]


def progress_sheets(campaign: Campaign, table: dict, day: datetime.date) -> list[Sheet]:
    """The campaign's progress by county and by department, as of ``day``."""
    deadline = table["department_deadline"]
    note = (
        f"{campaign.name}（{campaign.document_number}），截至{day:%Y年%m月%d日}。"
        f"行业检查阶段截止{deadline:%Y年%m月%d日}；" if deadline else f"{campaign.name}，截至{day:%Y年%m月%d日}。"
    ) + f"重点单位：优先分不低于{HIGH_PRIORITY}分。"
    phase_headers = [f"{PhaseKind.label(kind)}" for kind in PhaseKind.values]
    counties = [
        [row.label, *_progress_cells(row), *(row.phases.get(kind, 0) for kind in PhaseKind.values)]
        for row in [*table["counties"], table["total"]]
    ]
    departments = [
        [
            row.label,
            row.county.name if row.county else "—",
            *_progress_cells(row),
            *(row.phases.get(kind, 0) for kind in PhaseKind.values),
        ]
        for row in table["departments"]
    ]
    red = "#F8D7DA"
    return [
        Sheet(
            "大检查进展（按区域）",
            ["区域", *PROGRESS_HEADERS, *phase_headers],
            counties,
            note=note,
            fills={(i, 6): red for i, row in enumerate(counties) if row[6]},
        ),
        Sheet(
            "大检查进展（按部门）",
            ["行业部门", "区域", *PROGRESS_HEADERS, *phase_headers],
            departments,
            widths=[26, 12, *[12] * (len(PROGRESS_HEADERS) + len(phase_headers))],
            note=note,
            fills={(i, 7): red for i, row in enumerate(departments) if row[7]},
        ),
    ]
