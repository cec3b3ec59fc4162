"""Numbers of 三为主三明确, computed in the database: each department's list of units, coverage, the
follow-up cadence's tables, the dashboard panel and the monthly bulletin's sheets.

A unit is on a department's list (各级监管的生产经营单位清单) in a campaign when it operates in the
campaign's region and the department's, is regulated by a department of its kind, at a supervision
level (and in an industry) the department's duty names. Coverage counts those units with an
inspection of the campaign (in a phase: with that phase's inspection, or self-check report).
Every count is one GROUP BY, whatever the number of units, inspections or departments.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from base.reports import Sheet, aggregate_by_child, month_bounds, rate
from base.scoping import VIEW
from grid.choices import EnterpriseStatus, Industry, RegionLevel
from grid.models import Enterprise, Region
from hazards.choices import HazardGrade, HazardStatus
from hazards.reports import areas

from .choices import CheckOutcome, EvaluationGrade, InspectionResult, PhaseKind
from .models import (
    Campaign,
    DutyAssignment,
    Evaluation,
    Inspection,
    InspectionCheck,
    InspectionFinding,
    SelfCheckReport,
)
from .priority import HIGH_PRIORITY, by_priority, with_priority

# "350400/350404/": the path of a county is this long, so its prefix names a unit's county.
COUNTY_PATH_LENGTH = len("350400/350404/")
ONE_DAY = datetime.timedelta(days=1)


# The list of units ---------------------------------------------------------------------------


def duty_condition(duty: DutyAssignment) -> Q:
    """Enterprises ``duty``'s department inspects: its kind's, in its region, at its levels and industries."""
    department = duty.department
    return _on_list([department.kind], _under(department.region), duty.supervision_levels, duty.industries)


def _on_list(kinds: list[str], path: str, levels: Sequence[str], industries: Sequence[str]) -> Q:
    """Enterprises regulated by a department of one of ``kinds``, under ``path``, at ``levels`` and in ``industries``
    (each: any, if empty)."""
    condition = Q(department__kind__in=kinds)
    if path:
        condition &= Q(region__path__startswith=path)
    if levels:
        condition &= Q(supervision_level__in=levels)
    if industries:
        condition &= Q(industry__in=industries)
    return condition


def _under(region: Region) -> str:
    """The path a unit of ``region`` is under; none for the city, which every region is under.

    A condition every unit meets still costs PostgreSQL its planning: the city's duties each said
    "under the city", and planning the campaign's counts took 40 ms instead of 4.
    """
    return region.path if region.parent_id is not None else ""


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
    # Duties alike but for their department's kind are one condition over those kinds: a city's and a
    # county's fifty duties are a dozen conditions, which PostgreSQL plans in a fraction of the time.
    alike: dict[tuple, list[str]] = {}
    for duty in duties:
        terms = (_under(duty.department.region), tuple(duty.supervision_levels), tuple(duty.industries))
        alike.setdefault(terms, []).append(duty.department.kind)
    units = Q(status=EnterpriseStatus.OPERATING)
    if path := _under(campaign.region):
        units &= Q(region__path__startswith=path)
    return units & reduce(or_, (_on_list(kinds, *terms) for terms, kinds in alike.items()))


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


def with_state(enterprises: QuerySet, campaign: Campaign) -> QuerySet:
    """``enterprises`` with ``inspected`` (in ``campaign``) and ``failed_open`` (不合格, not re-inspected yet)."""
    campaign_inspections = Inspection.objects.filter(campaign=campaign, enterprise=OuterRef("pk"))
    return enterprises.annotate(inspected=inspected(campaign), failed_open=Exists(campaign_inspections.open()))


def units(campaign: Campaign, user, *, day: datetime.date | None = None) -> QuerySet:
    """The units ``user`` sees on the lists of ``campaign``, highest priority first (``by_priority``), with
    their state in the campaign (``with_state``)."""
    listed_units = Enterprise.objects.for_user(user, VIEW).filter(listed(campaign, duties_of(campaign)))
    return with_state(by_priority(listed_units, day), campaign).select_related("region", "department")


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

    @property
    def phase_counts(self) -> list[int]:
        """Units inspected in each phase, in the phases' order."""
        return [self.phases.get(kind, 0) for kind in PhaseKind.values]

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
    failures = Inspection.objects.filter(campaign=campaign, enterprise=OuterRef("pk")).open()
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


def in_duty(group: dict, duty: DutyAssignment) -> bool:
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
    counties = {
        r.path: r for r in Region.objects.filter(level=RegionLevel.COUNTY, path__startswith=campaign.region.path)
    }
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
            if in_duty(group, duty):
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
            by_duty.values(),
            key=lambda row: (row.department.region.code, row.department.kind, row.county.code if row.county else ""),
        ),
    }


# Findings and results -------------------------------------------------------------------------


def open_findings() -> QuerySet:
    """Findings whose hazard is not closed (销号)."""
    return InspectionFinding.objects.filter(hazard__isnull=False).exclude(hazard__status=HazardStatus.CLOSED)


# Dashboard ------------------------------------------------------------------------------------


def dashboard(user) -> dict:
    """三为主三明确 on the dashboard: the current campaign and phase, coverage, 不合格 still open, open findings.

    Each number is of the listed units the user sees, so each opens the unit list filtered to exactly them.
    """
    today = timezone.localdate()
    campaign = current_campaign(user, today)
    if campaign is None:
        return {"campaign": None}
    findings = open_findings().filter(inspection__campaign=campaign, inspection__enterprise=OuterRef("pk"))
    # Aggregates named apart from the annotations they count (Django refuses a name given twice).
    counted = (
        units(campaign, user, day=today)
        .annotate(has_open_findings=Exists(findings))
        .aggregate(
            n_listed=Count("pk"),
            n_inspected=Count("pk", filter=Q(inspected=True)),
            n_high_uninspected=Count("pk", filter=Q(inspected=False, priority__gte=HIGH_PRIORITY)),
            n_failed_open=Count("pk", filter=Q(failed_open=True)),
            n_with_open_findings=Count("pk", filter=Q(has_open_findings=True)),
        )
    )
    counts = {name.removeprefix("n_"): value for name, value in counted.items()}
    return {
        "campaign": campaign,
        "phase": campaign.phase_on(today),
        **counts,
        "rate": rate(counts["inspected"], counts["listed"]),
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
        f"行业检查阶段截止{deadline:%Y年%m月%d日}；"
        if deadline
        else f"{campaign.name}，截至{day:%Y年%m月%d日}。"
    ) + f"重点单位：优先分不低于{HIGH_PRIORITY}分。"
    phase_headers = [f"{PhaseKind.label(kind)}" for kind in PhaseKind.values]
    counties = [[row.label, *_progress_cells(row), *row.phase_counts] for row in [*table["counties"], table["total"]]]
    departments = [
        [
            row.label,
            row.county.name if row.county else "—",
            *_progress_cells(row),
            *row.phase_counts,
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


# 年底一总评 -------------------------------------------------------------------------------------


@dataclass
class EvaluationRow:
    """One department's or county's year: coverage, timeliness, pass rate and hazards closed."""

    label: str
    department: object = None
    region: Region | None = None
    listed: int = 0
    inspected: int = 0
    on_time: int = 0
    inspections: int = 0
    passed: int = 0
    findings: int = 0
    closed: int = 0
    evaluation: object = None

    @property
    def coverage(self) -> float | str:
        return rate(self.inspected, self.listed)

    @property
    def timeliness(self) -> float | str:
        return rate(self.on_time, self.listed)

    @property
    def pass_rate(self) -> float | str:
        return rate(self.passed, self.inspections)

    @property
    def closed_rate(self) -> float | str:
        return rate(self.closed, self.findings)


def _inspection_counts(inspections: QuerySet, group: str) -> dict:
    rows = (
        inspections.order_by()
        .values(group)
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(result=InspectionResult.PASSED)))
    )
    return {row[group]: row for row in rows}


def _finding_counts(findings: QuerySet, group: str) -> dict:
    rows = (
        findings.order_by()
        .values(group)
        .annotate(n=Count("pk"), closed=Count("pk", filter=Q(hazard__status=HazardStatus.CLOSED)))
    )
    return {row[group]: row for row in rows}


def evaluation_table(
    year: int,
    *,
    enterprises: QuerySet,
    campaigns: QuerySet,
    inspections: QuerySet,
    findings: QuerySet,
    evaluations: QuerySet,
    duties=None,
) -> dict:
    """年底一总评 of ``year``: per department with duties and per county, over the year's campaigns.

    Coverage and timeliness count listed units inspected (by the 行业检查 deadline); the pass rate counts
    the year's inspections found 合格; hazards closed count findings whose hazard is 销号.
    """
    departments: dict[int, EvaluationRow] = {}
    counties: dict[str, EvaluationRow] = {}
    county_regions = {r.path: r for r in Region.objects.filter(level=RegionLevel.COUNTY)}
    for campaign in campaigns.filter(year=year).prefetch_related("phases"):
        groups = coverage_groups(campaign, enterprises)
        campaign_duties = duties_of(campaign) if duties is None else [d for d in duties if d.campaign_id == campaign.pk]
        for duty in campaign_duties:
            row = departments.setdefault(
                duty.department_id, EvaluationRow(duty.department.name, department=duty.department)
            )
            for group in groups:
                if in_duty(group, duty):
                    row.listed += group["listed"]
                    row.inspected += group["inspected"]
                    row.on_time += group["on_time"]
        for group in groups:
            county = county_regions.get(group["county_path"])
            if county is None:
                continue
            row = counties.setdefault(county.path, EvaluationRow(county.name, region=county))
            row.listed += group["listed"]
            row.inspected += group["inspected"]
            row.on_time += group["on_time"]
    of_year = inspections.filter(campaign__year=year)
    found = findings.filter(inspection__campaign__year=year)
    by_department = _inspection_counts(of_year, "team__department")
    findings_by_department = _finding_counts(found, "inspection__team__department")
    by_county = _inspection_counts(of_year.annotate(county=Substr("region__path", 1, COUNTY_PATH_LENGTH)), "county")
    findings_by_county = _finding_counts(
        found.annotate(county=Substr("inspection__region__path", 1, COUNTY_PATH_LENGTH)), "county"
    )
    for pk, row in departments.items():
        row.inspections = by_department.get(pk, {}).get("n", 0)
        row.passed = by_department.get(pk, {}).get("passed", 0)
        row.findings = findings_by_department.get(pk, {}).get("n", 0)
        row.closed = findings_by_department.get(pk, {}).get("closed", 0)
    for path, row in counties.items():
        row.inspections = by_county.get(path, {}).get("n", 0)
        row.passed = by_county.get(path, {}).get("passed", 0)
        row.findings = findings_by_county.get(path, {}).get("n", 0)
        row.closed = findings_by_county.get(path, {}).get("closed", 0)
    for evaluation in evaluations.filter(year=year):
        if evaluation.department_id and evaluation.department_id in departments:
            departments[evaluation.department_id].evaluation = evaluation
        elif not evaluation.department_id and evaluation.region.path in counties:
            counties[evaluation.region.path].evaluation = evaluation
    return {
        "year": year,
        "departments": sorted(departments.values(), key=lambda row: (row.department.region.code, row.department.kind)),
        "counties": [counties[path] for path in sorted(counties)],
    }


def evaluation_for(user, year: int) -> dict:
    """``evaluation_table`` as ``user`` sees it."""
    return evaluation_table(
        year,
        enterprises=Enterprise.objects.for_user(user, VIEW),
        campaigns=Campaign.objects.for_user(user, VIEW),
        inspections=Inspection.objects.for_user(user, VIEW),
        findings=InspectionFinding.objects.for_user(user, VIEW),
        evaluations=Evaluation.objects.for_user(user, VIEW).select_related("region", "department"),
        duties=list(
            DutyAssignment.objects.for_user(user, VIEW).filter(campaign__year=year).select_related("department__region")
        ),
    )


def evaluation_in(region: Region, year: int) -> dict:
    """``evaluation_table`` of ``region``'s subtree (the yearly job's, for its committee)."""
    return evaluation_table(
        year,
        enterprises=Enterprise.objects.filter(region__path__startswith=region.path),
        campaigns=Campaign.objects.filter(
            Q(region__path__startswith=region.path) | Q(region__code__in=region.ancestor_codes)
        ),
        inspections=Inspection.objects.filter(region__path__startswith=region.path),
        findings=InspectionFinding.objects.filter(inspection__region__path__startswith=region.path),
        evaluations=Evaluation.objects.filter(region__path__startswith=region.path).select_related(
            "region", "department"
        ),
        duties=list(
            DutyAssignment.objects.filter(
                campaign__year=year, department__region__path__startswith=region.path
            ).select_related("department__region")
        ),
    )


EVALUATION_HEADERS = [
    "清单单位",
    "已检查",
    "覆盖率（%）",
    "按期检查",
    "及时率（%）",
    "检查次数",
    "合格",
    "合格率（%）",
    "发现问题",
    "隐患已销号",
    "销号率（%）",
    "总评等次",
    "评语",
]


def evaluation_cells(row: EvaluationRow) -> list:
    evaluation = row.evaluation
    return [
        row.listed,
        row.inspected,
        row.coverage,
        row.on_time,
        row.timeliness,
        row.inspections,
        row.passed,
        row.pass_rate,
        row.findings,
        row.closed,
        row.closed_rate,
        EvaluationGrade.label(evaluation.grade) if evaluation else "",
        evaluation.comment if evaluation else "",
    ]


def evaluation_sheets(table: dict) -> list[Sheet]:
    note = (
        f"{table['year']}年度各次大检查合计。覆盖率：清单单位中已检查的比例；及时率：行业检查阶段截止前已检查的比例；"
        "合格率：检查记录中合格的比例；销号率：检查发现问题所登记隐患中已销号的比例。"
    )
    widths = [28, *[10] * 11, 12, 40]
    return [
        Sheet(
            "部门总评",
            ["行业部门", *EVALUATION_HEADERS],
            [[row.label, *evaluation_cells(row)] for row in table["departments"]],
            widths=widths,
            note=note,
        ),
        Sheet(
            "县（市、区）总评",
            ["县（市、区）", *EVALUATION_HEADERS],
            [[row.label, *evaluation_cells(row)] for row in table["counties"]],
            widths=widths,
            note=note,
        ),
    ]


# 半年一分析 -------------------------------------------------------------------------------------


def half_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The half-year that ended last before ``day``: its first day and the first day after it."""
    if day.month <= 6:
        return datetime.date(day.year - 1, 7, 1), datetime.date(day.year, 1, 1)
    return datetime.date(day.year, 1, 1), datetime.date(day.year, 7, 1)


def half_label(start: datetime.date) -> str:
    return f"{start.year}年{'上' if start.month == 1 else '下'}半年"


def half_code(start: datetime.date) -> str:
    return f"{start.year}H{1 if start.month == 1 else 2}"


def half_totals(region: Region, start: datetime.date, end: datetime.date) -> dict:
    """The half-year's inspections, results, re-inspections and findings in ``region``: two aggregates."""
    inspections = Inspection.objects.filter(
        region__path__startswith=region.path, inspected_on__gte=start, inspected_on__lt=end
    )
    counts = inspections.aggregate(
        inspections=Count("pk"),
        units=Count("enterprise", distinct=True),
        failed=Count("pk", filter=Q(result=InspectionResult.FAILED)),
        reinspections=Count("pk", filter=Q(previous__isnull=False)),
        reinspections_passed=Count("pk", filter=Q(previous__isnull=False, result=InspectionResult.PASSED)),
    )
    findings = InspectionFinding.objects.filter(inspection__in=inspections).aggregate(
        findings=Count("pk"),
        major=Count("pk", filter=Q(grade=HazardGrade.MAJOR)),
        closed=Count("pk", filter=Q(hazard__status=HazardStatus.CLOSED)),
    )
    return {**counts, **findings}


TREND = [
    ("检查单位（家）", "units"),
    ("检查次数", "inspections"),
    ("不合格次数", "failed"),
    ("发现问题（条）", "findings"),
    ("其中重大隐患", "major"),
    ("问题隐患已销号", "closed"),
    ("复查次数", "reinspections"),
    ("复查合格", "reinspections_passed"),
]


def change(this: int, last: int) -> float | str:
    return round((this - last) * 100 / last, 1) if last else "—"


def analysis_sheets(region: Region, start: datetime.date, end: datetime.date) -> list[Sheet]:
    """半年一分析 of ``region`` for the half-year [start, end): the trend against the half before, findings by
    industry and grade, the most frequent problems, re-inspections by area and each campaign's coverage."""
    previous_start = datetime.date(start.year - 1, 7, 1) if start.month == 1 else datetime.date(start.year, 1, 1)
    this, last = half_totals(region, start, end), half_totals(region, previous_start, start)
    label, last_label = half_label(start), half_label(previous_start)
    trend = [[name, this[key], last[key], this[key] - last[key], change(this[key], last[key])] for name, key in TREND]
    trend.append(
        [
            "复查合格率（%）",
            rate(this["reinspections_passed"], this["reinspections"]),
            rate(last["reinspections_passed"], last["reinspections"]),
            "—",
            "—",
        ]
    )
    trend.append(
        [
            "不合格率（%）",
            rate(this["failed"], this["inspections"]),
            rate(last["failed"], last["inspections"]),
            "—",
            "—",
        ]
    )
    in_half = Q(
        inspection__region__path__startswith=region.path,
        inspection__inspected_on__gte=start,
        inspection__inspected_on__lt=end,
    )
    findings = InspectionFinding.objects.filter(in_half)
    by_industry = {
        row["inspection__enterprise__industry"]: row
        for row in findings.order_by()
        .values("inspection__enterprise__industry")
        .annotate(
            general=Count("pk", filter=Q(grade=HazardGrade.GENERAL)),
            major=Count("pk", filter=Q(grade=HazardGrade.MAJOR)),
            n=Count("pk"),
            closed=Count("pk", filter=Q(hazard__status=HazardStatus.CLOSED)),
        )
    }
    industry_rows = [
        [Industry.label(value), row["general"], row["major"], row["n"], row["closed"], rate(row["closed"], row["n"])]
        for value in Industry.values
        if (row := by_industry.get(value))
    ]
    industry_rows.append(
        [
            "合计",
            sum(r[1] for r in industry_rows),
            sum(r[2] for r in industry_rows),
            sum(r[3] for r in industry_rows),
            sum(r[4] for r in industry_rows),
            rate(sum(r[4] for r in industry_rows), sum(r[3] for r in industry_rows)),
        ]
    )
    failed_items = (
        InspectionCheck.objects.filter(in_half, outcome=CheckOutcome.FAIL)
        .order_by()
        .values("item__industry", "item__text")
        .annotate(n=Count("pk"))
        .order_by("-n", "item__industry", "item__text")[:MOST_FREQUENT]
    )
    frequent_descriptions = (
        findings.order_by().values("description").annotate(n=Count("pk")).order_by("-n", "description")[:MOST_FREQUENT]
    )
    area_rows = []
    area_list = areas(region)
    if area_list:
        by_area = aggregate_by_child(
            Inspection.objects.filter(inspected_on__gte=start, inspected_on__lt=end),
            region,
            n=Count("pk"),
            failed=Count("pk", filter=Q(result=InspectionResult.FAILED)),
            re=Count("pk", filter=Q(previous__isnull=False)),
            re_passed=Count("pk", filter=Q(previous__isnull=False, result=InspectionResult.PASSED)),
        )
        for area in area_list:
            row = by_area.get(area.path, {"n": 0, "failed": 0, "re": 0, "re_passed": 0})
            area_rows.append(
                [area.name, row["n"], row["failed"], row["re"], row["re_passed"], rate(row["re_passed"], row["re"])]
            )
    sheets = [
        Sheet(
            "总体情况与趋势",
            ["指标", label, last_label, "增减", "变化（%）"],
            trend,
            widths=[20, 14, 14, 10, 12],
            note=f"{region.name}{label}（{start:%Y-%m-%d}至{end - ONE_DAY:%Y-%m-%d}）检查记录，与{last_label}比较。",
        ),
        Sheet(
            "发现问题（按行业和等级）",
            ["行业", "一般隐患", "重大隐患", "合计", "已销号", "销号率（%）"],
            industry_rows,
            note="检查发现问题按被检查单位的行业和所登记隐患的等级统计。",
        ),
        Sheet(
            "突出问题",
            ["序号", "行业", "检查内容（不符合）", "次数"],
            [
                [index, Industry.label(row["item__industry"]), row["item__text"], row["n"]]
                for index, row in enumerate(failed_items, start=1)
            ],
            widths=[6, 14, 60, 8],
            note=f"检查表中判定“不符合”最多的{MOST_FREQUENT}项。",
        ),
        Sheet(
            "常见问题描述",
            ["序号", "发现问题", "条数"],
            [[index, row["description"], row["n"]] for index, row in enumerate(frequent_descriptions, start=1)],
            widths=[6, 70, 8],
            note=f"检查发现问题中出现最多的{MOST_FREQUENT}种描述。",
        ),
    ]
    if area_rows:
        sheets.append(
            Sheet(
                "复查情况（按区域）",
                ["区域", "检查次数", "不合格", "复查", "复查合格", "复查合格率（%）"],
                area_rows,
                note="复查：对不合格单位的再次检查（检查一家、合格一家）。",
            )
        )
    campaigns = (
        Campaign.objects.filter(starts_on__lt=end, ends_on__gte=start)
        .filter(Q(region__path__startswith=region.path) | Q(region__code__in=region.ancestor_codes))
        .select_related("region")
        .prefetch_related("phases")
        .order_by("starts_on", "pk")
    )
    for index, campaign in enumerate(campaigns, start=1):
        table = coverage_in(campaign, region, min(end - datetime.timedelta(days=1), campaign.ends_on))
        sheets.append(
            Sheet(
                f"覆盖情况{index}",
                ["区域", *PROGRESS_HEADERS],
                [[row.label, *_progress_cells(row)] for row in [*table["counties"], table["total"]]],
                note=f"{campaign.name}：清单单位检查覆盖情况。",
            )
        )
    return sheets


MOST_FREQUENT = 10


# The committee's desk and the 督查通报's text -------------------------------------------------------

BULLETIN_MECHANISM = "三为主三明确（安全生产大检查）"


def campaign_of(user, day: datetime.date) -> Campaign | None:
    """The campaign ``user`` sees that runs on ``day`` (the latest started by then, if none runs)."""
    return current_campaign(user, day)


def desk_figures(user, *, region: Region, month: datetime.date) -> list:
    """三为主三明确 for the desk: the campaign's listed units of ``region`` and how many were inspected by the
    month's end (with the coverage), uninspected high-priority units, the month's inspections, 不合格 not yet
    re-inspected, and the open hazards of department inspections.

    Each number opens the list of exactly its rows (the unit list, the inspection list, the hazard list),
    limited to ``region`` by ``within``; the counts cost four queries whatever the data size.
    """
    from base.desk import Figure, Mechanism, Months, counts_by_month, list_url
    from hazards.choices import HazardSource
    from hazards.models import Hazard

    from .models import failed_open_on

    months = Months.of(month)
    span = months.current
    mains = Mechanism.THREE_MAINS
    inspections = Inspection.objects.for_user(user, VIEW).filter(region__path__startswith=region.path)
    counts = counts_by_month(
        inspections,
        months,
        done=lambda s: Q(inspected_on__gte=s.first, inspected_on__lte=s.as_of),
        failed_open=lambda s: failed_open_on(s.as_of),
    )
    hazards = Hazard.objects.for_user(user, VIEW).filter(
        region__path__startswith=region.path, source=HazardSource.DEPARTMENT_INSPECTION
    )
    open_hazards = counts_by_month(hazards, months, n=lambda s: Q(found_on__lte=s.as_of) & ~Q(closed_on__lte=s.as_of))[
        "n"
    ]
    inspection_list = "inspections:inspection_list"
    figures = [
        Figure.monthly(
            mains,
            "inspections_done",
            "本月检查",
            counts["done"],
            list_url(inspection_list, region, inspected_after=span.first, inspected_before=span.as_of),
            worse_when_higher=False,
            key=True,
        ),
        Figure.monthly(
            mains,
            "inspections_failed_open",
            "不合格待复查",
            counts["failed_open"],
            list_url(inspection_list, region, open_on=span.as_of),
            worse_when_higher=True,
            key=True,
        ),
        Figure.monthly(
            mains,
            "inspection_hazards_open",
            "部门检查隐患未销号",
            open_hazards,
            list_url("hazards:hazard_list", region, source=HazardSource.DEPARTMENT_INSPECTION, open_on=span.as_of),
            worse_when_higher=True,
        ),
    ]
    campaign = campaign_of(user, span.as_of)
    if campaign is None:
        return figures
    listed_units = Enterprise.objects.for_user(user, VIEW).filter(
        listed(campaign, duties_of(campaign)), region__path__startswith=region.path
    )
    # ``department=`` (empty) keeps a department official's list from narrowing to their own department.
    unit_list = {"campaign": campaign.pk, "department": ""}
    units_counted = with_priority(listed_units).aggregate(
        n_listed=Count("pk"),
        n_inspected=Count("pk", filter=Q(inspected(campaign, by=span.as_of))),
        n_inspected_before=Count("pk", filter=Q(inspected(campaign, by=months.previous.as_of))),
        n_high=Count("pk", filter=Q(priority__gte=HIGH_PRIORITY) & ~Q(inspected(campaign, by=span.as_of))),
    )
    listed_count, inspected_count = units_counted["n_listed"], units_counted["n_inspected"]
    share = f"{rate(inspected_count, listed_count)}%" if listed_count else "—"
    return [
        *figures,
        Figure(
            mains,
            "inspection_units",
            f"清单单位（{campaign.name}）",
            listed_count,
            list_url("inspections:units", region, **unit_list),
        ),
        Figure(
            mains,
            "inspection_units_inspected",
            f"已检查单位（覆盖率{share}）",
            inspected_count,
            list_url("inspections:units", region, **unit_list, inspected_by=span.as_of),
            previous=units_counted["n_inspected_before"],
            worse_when_higher=False,
            key=True,
        ),
        Figure(
            mains,
            "inspection_high_uninspected",
            f"未检查重点单位（≥{HIGH_PRIORITY}分）",
            units_counted["n_high"],
            list_url("inspections:units", region, **unit_list, high_priority="true", uninspected_by=span.as_of),
            worse_when_higher=True,
        ),
    ]


def bulletin_campaign(region: Region, first: datetime.date, as_of: datetime.date) -> Campaign | None:
    """The campaign over all of ``region`` (its own or one above it) running in the month, the latest started."""
    return (
        Campaign.objects.filter(region__code__in=region.ancestor_codes, starts_on__lte=as_of, ends_on__gte=first)
        .select_related("region")
        .order_by("-starts_on", "-pk")
        .first()
    )


def expected_coverage(campaign: Campaign, day: datetime.date) -> float:
    """进度要求: the share (%) of listed units due to have been inspected by ``day``.

    Every listed unit is due by the end of the department phase (按期检查); until then the share grows day by
    day through the phase: none before it starts, all from its last day on.
    """
    phase = next((p for p in campaign.phases.all() if p.kind == PhaseKind.DEPARTMENT), None)
    if phase is None or day >= phase.ends_on:
        return 100.0
    if day < phase.starts_on:
        return 0.0
    return round(((day - phase.starts_on).days + 1) * 100 / ((phase.ends_on - phase.starts_on).days + 1), 1)


def coverage_by_area(campaign: Campaign, region: Region, as_of: datetime.date) -> list[tuple[Region, int, int]]:
    """(area, listed, inspected by ``as_of``) for each area of ``region`` holding listed units: one GROUP BY."""
    units_listed = Enterprise.objects.filter(listed(campaign, duties_of(campaign)))
    rows = aggregate_by_child(
        units_listed,
        region,
        listed=Count("pk"),
        inspected=Count("pk", filter=Q(inspected(campaign, by=as_of))),
    )
    return [
        (area, rows[area.path]["listed"], rows[area.path]["inspected"]) for area in areas(region) if area.path in rows
    ]


def coverage_by_department(campaign: Campaign, region: Region, as_of: datetime.date) -> list[tuple[object, int, int]]:
    """(department, listed, inspected by ``as_of``) of each duty of a department of ``region`` (or below it),
    its units within ``region``: one query for all of them."""
    duties = [duty for duty in duties_of(campaign) if duty.department.region.path.startswith(region.path)]
    if not duties:
        return []
    done = Q(inspected(campaign, by=as_of))
    totals = Enterprise.objects.filter(listed(campaign, duties), region__path__startswith=region.path).aggregate(
        **{f"listed_{duty.pk}": Count("pk", filter=duty_condition(duty)) for duty in duties},
        **{f"done_{duty.pk}": Count("pk", filter=duty_condition(duty) & done) for duty in duties},
    )
    return [(duty.department, totals[f"listed_{duty.pk}"], totals[f"done_{duty.pk}"]) for duty in duties]


def failed_open_by(region: Region, as_of: datetime.date, group: str) -> dict:
    """Units of ``region`` with a 不合格 inspection not re-inspected by ``as_of``, per ``group``: one GROUP BY."""
    from .models import failed_open_on

    rows = (
        Inspection.objects.filter(failed_open_on(as_of), region__path__startswith=region.path)
        .order_by()
        .values(group)
        .annotate(n=Count("enterprise", distinct=True))
    )
    return {row[group]: row["n"] for row in rows}


def bulletin_facts(*, month: datetime.date, region: Region) -> list:
    """三为主三明确 for the bulletin's text: the month's inspections and the 不合格 units not yet re-inspected
    (against last month and the same month last year), the running campaign's coverage; the areas and
    departments below the coverage due by the month's end, and those with 不合格 units not re-inspected."""
    from base.reports import BulletinFigure, Facts, Lag, Problem

    from .models import failed_open_on

    first = month.replace(day=1)
    months = [first, (first - ONE_DAY).replace(day=1), first.replace(year=first.year - 1)]
    spans = [(start, month_bounds(start)[1] - ONE_DAY) for start in months]
    counted = Inspection.objects.filter(region__path__startswith=region.path).aggregate(
        **{
            f"done_{index}": Count("pk", filter=Q(inspected_on__gte=start, inspected_on__lte=end))
            for index, (start, end) in enumerate(spans)
        },
        **{
            f"open_{index}": Count("enterprise", distinct=True, filter=failed_open_on(end))
            for index, (_, end) in enumerate(spans)
        },
    )
    figures = [
        BulletinFigure("开展检查", "次", *(counted[f"done_{index}"] for index in range(3))),
        BulletinFigure("不合格未复查单位", "家", *(counted[f"open_{index}"] for index in range(3))),
    ]
    as_of = spans[0][1]
    problems = []
    campaign = bulletin_campaign(region, first, as_of)
    if campaign is not None:
        previous_end = spans[1][1]
        totals = Enterprise.objects.filter(
            listed(campaign, duties_of(campaign)), region__path__startswith=region.path
        ).aggregate(
            listed=Count("pk"),
            done=Count("pk", filter=Q(inspected(campaign, by=as_of))),
            done_before=Count("pk", filter=Q(inspected(campaign, by=previous_end))),
        )
        figures += [
            BulletinFigure(f"{campaign.name}清单单位", "家", totals["listed"]),
            BulletinFigure(
                "检查覆盖率",
                "%",
                rate(totals["done"], totals["listed"]),
                rate(totals["done_before"], totals["listed"]) if previous_end >= campaign.starts_on else None,
            ),
        ]
        target = expected_coverage(campaign, as_of)
        behind = sorted(
            (
                (rate(done, listed_count), name, area, department)
                for name, area, department, listed_count, done in [
                    *((area.name, area, None, n, d) for area, n, d in coverage_by_area(campaign, region, as_of)),
                    *((dept.name, None, dept, n, d) for dept, n, d in coverage_by_department(campaign, region, as_of)),
                ]
                if listed_count and done * 100 < target * listed_count
            ),
            key=lambda entry: entry[0],
        )
        problems.append(
            Problem(
                f"检查覆盖率低于进度要求（截至{as_of.month}月{as_of.day}日应达{target}%）",
                "%",
                [Lag(name, share, region=area, department=department) for share, name, area, department in behind],
                "覆盖率落后的地区和部门要对照清单倒排检查计划，按期完成“检查一家、合格一家”。",
            )
        )
    by_area = failed_open_by(region, as_of, "region__path")
    area_lags = []
    for area in areas(region):
        count = sum(n for path, n in by_area.items() if path.startswith(area.path))
        if count:
            area_lags.append(Lag(area.name, count, region=area))
    by_department = failed_open_by(region, as_of, "team__department__name")
    department_lags = [Lag(name, n) for name, n in sorted(by_department.items(), key=lambda item: -item[1]) if name]
    problems.append(
        Problem(
            "不合格单位未复查",
            "家",
            sorted(area_lags, key=lambda lag: -lag.count) + department_lags,
            "检查不合格的单位要限期整改，检查组要按期复查，复查合格方可销号。",
        )
    )
    return [Facts(BULLETIN_MECHANISM, figures, [problem for problem in problems if problem.lags])]


def bulletin_rankings(*, month: datetime.date, region: Region) -> list:
    """Areas of ``region`` ranked on 检查覆盖率 of the campaign running in the month, as of its end."""
    from base.reports import Ranking, ratio

    first = month.replace(day=1)
    as_of = month_bounds(first)[1] - ONE_DAY
    campaign = bulletin_campaign(region, first, as_of)
    if campaign is None or not areas(region):
        return []
    measured = {area.pk: ratio(done, n) for area, n, done in coverage_by_area(campaign, region, as_of)}
    return [Ranking("检查覆盖率", "%", [(area.name, measured.get(area.pk)) for area in areas(region)])]
