"""四项机制: the follow-up cadence of the campaign, run by ``tasks.py`` through ``base.jobs``.

- 一月一跟进 (monthly): each open finding and each enterprise still 不合格 reminds who answers for it;
  each department with a duty hears its month's summary.
- 一季一推动 (quarterly): progress per county and department as a bulletin sheet, notified to the
  county committees.
- 半年一分析 (half-yearly): the analysis workbook of the city and of each county.
- 年底一总评 (yearly): the evaluation table of the year just ended, for the committee to grade.

Every notice has a period key, so a job run twice sends nothing twice; recipients are loaded once per
job (not per item) and the notices go through ``notify_each``, so a job's queries do not grow with
the number of findings, inspections or enterprises.
"""

import datetime
from collections import defaultdict

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from base.choices import Role
from base.excel import write_sheets
from base.reports import month_bounds, rate
from base.services import Notice, notify_each
from grid.choices import RegionLevel
from grid.models import Enterprise, Official, Region
from hazards.choices import HazardStatus

from . import reports
from .choices import InspectionResult
from .models import CadenceKind, CadenceReport, Campaign, DutyAssignment, Inspection


def _users_by(officials, key: str) -> dict:
    users = defaultdict(list)
    for official in officials:
        users[getattr(official, key)].append(official.user)
    return users


def _department_users(department_ids) -> dict:
    """Department id → its officials' users: one query."""
    officials = Official.objects.filter(
        role=Role.DEPARTMENT, department_id__in=set(department_ids), user__is_active=True
    ).select_related("user")
    return _users_by(officials, "department_id")


def _township_users(region_ids) -> dict:
    """Township id → its officials' users: one query."""
    officials = Official.objects.filter(
        role=Role.TOWNSHIP, region_id__in=set(region_ids), user__is_active=True
    ).select_related("user")
    return _users_by(officials, "region_id")


def _committee_users(regions) -> dict:
    """Region id → the users of its safety committee office: one query."""
    officials = Official.objects.filter(
        role__in=[Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE],
        region_id__in={region.pk for region in regions},
        user__is_active=True,
    ).select_related("user")
    return _users_by(officials, "region_id")


def _owners(inspection: Inspection, departments: dict, townships: dict) -> list:
    """Who answers for an inspection's follow-up: its team's department, or for a government's team
    (属地政府督查, no department) the enterprise's township."""
    if inspection.team.department_id:
        return departments[inspection.team.department_id]
    return townships[inspection.region_id]


# 一月一跟进 -----------------------------------------------------------------------------------------


def month_before(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The month that ended last before ``day`` (on 11-01 and on 11-15 alike: October)."""
    first = month_bounds(day)[0]
    return month_bounds(first - datetime.timedelta(days=1))


def monthly_follow_up(*, day: datetime.date) -> int:
    """一月一跟进 for the month just ended: open findings, enterprises still 不合格, and department summaries."""
    first, following = month_before(day)
    period = f"{first:%Y-%m}"
    month = f"{first.year}年{first.month}月"
    findings = list(
        reports.open_findings().select_related("inspection__team", "inspection__enterprise", "hazard").order_by("pk")
    )
    failures = list(Inspection.objects.open().select_related("team", "enterprise").order_by("pk"))
    inspections = [finding.inspection for finding in findings] + failures
    departments = _department_users(i.team.department_id for i in inspections if i.team.department_id)
    townships = _township_users(i.region_id for i in inspections)
    sent = notify_each(
        "inspection_finding_follow_up",
        [
            Notice(
                recipients=_owners(finding.inspection, departments, townships),
                obj=finding,
                text=(
                    f"一月一跟进（{month}）：{finding.inspection.enterprise.name}"
                    f"{finding.inspection.inspected_on:%Y-%m-%d}检查发现的问题“{finding.description[:40]}”"
                    f"尚未整改销号（{HazardStatus.label(finding.hazard.status)}"
                    + (f"，整改期限 {finding.hazard.deadline:%Y-%m-%d}" if finding.hazard.deadline else "")
                    + "），请跟进督促整改。"
                ),
                period=period,
                url=finding.hazard.get_absolute_url(),
            )
            for finding in findings
        ],
    )
    sent += notify_each(
        "inspection_failed_follow_up",
        [
            Notice(
                recipients=_owners(inspection, departments, townships),
                obj=inspection,
                text=(
                    f"一月一跟进（{month}）：{inspection.enterprise.name}于{inspection.inspected_on:%Y-%m-%d}"
                    f"检查{InspectionResult.label(inspection.result)}，至今未经复查合格，请按期复查（检查一家、合格一家）。"
                ),
                period=period,
            )
            for inspection in failures
        ],
    )
    return sent + department_summaries(first=first, following=following)


def department_summaries(*, first: datetime.date, following: datetime.date) -> int:
    """Each department with a duty in a campaign running in the month hears the month's summary of its list."""
    last = following - datetime.timedelta(days=1)
    campaigns = list(
        Campaign.objects.filter(starts_on__lte=last, ends_on__gte=first)
        .select_related("region")
        .prefetch_related("phases")
    )
    duties = list(
        DutyAssignment.objects.filter(campaign__in=campaigns).select_related("department__region", "campaign")
    )
    if not duties:
        return 0
    groups = {campaign.pk: reports.coverage_groups(campaign, Enterprise.objects.all(), last) for campaign in campaigns}
    of_departments = Inspection.objects.filter(team__department__in={duty.department_id for duty in duties})
    in_month = _count_by(
        of_departments.filter(inspected_on__gte=first, inspected_on__lt=following), "campaign", "team__department"
    )
    failed = _count_by(of_departments.open(), "campaign", "team__department")
    open_findings = _count_by(
        reports.open_findings().filter(inspection__team__department__in={duty.department_id for duty in duties}),
        "inspection__campaign",
        "inspection__team__department",
    )
    users = _department_users(duty.department_id for duty in duties)
    notices = []
    for duty in duties:
        listed = inspected = 0
        for group in groups[duty.campaign_id]:
            if reports.in_duty(group, duty):
                listed += group["listed"]
                inspected += group["inspected"]
        key = (duty.campaign_id, duty.department_id)
        text = (
            f"一月一跟进（{first.year}年{first.month}月）：{duty.department.name}在“{duty.campaign.name}”中清单单位"
            f"{listed}家，已检查{inspected}家（覆盖率{rate(inspected, listed)}%），本月检查{in_month.get(key, 0)}家次；"
            f"不合格未复查合格{failed.get(key, 0)}家，检查发现问题未销号{open_findings.get(key, 0)}条。"
        )
        url = f"{reverse('inspections:units')}?campaign={duty.campaign_id}&department={duty.department_id}"
        notices.append(
            Notice(recipients=users[duty.department_id], obj=duty, text=text, period=f"{first:%Y-%m}", url=url)
        )
    return notify_each("inspection_department_summary", notices)


def _count_by(queryset, *fields: str) -> dict:
    rows = queryset.order_by().values(*fields).annotate(n=Count("pk"))
    return {tuple(row[field] for field in fields): row["n"] for row in rows}


# Stored workbooks --------------------------------------------------------------------------------


def keep_report(*, kind: str, region: Region, period: str, title: str, write) -> tuple[CadenceReport, bool]:
    """Write ``region``'s workbook of ``kind`` for ``period`` once; returns it and whether it is new.

    The row is claimed before the file is written, so two runs at once write one workbook.
    """
    with transaction.atomic():
        report, created = CadenceReport.objects.get_or_create(
            kind=kind, region=region, period=period, defaults={"title": title}
        )
        if not created:
            return report, False
        report.file.save(f"{kind}-{region.code}-{period}.xlsx", ContentFile(write().getvalue()), save=False)
        report.save(update_fields=["file"])
    return report, True


def download_url(report: CadenceReport) -> str:
    return reverse("inspections:cadence_report_download", args=[report.pk])


# 一季一推动 -----------------------------------------------------------------------------------------


def quarter_before(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The quarter that ended last before ``day``: its first day and the first day after it."""
    start_month = 3 * ((day.month - 1) // 3) + 1
    following = datetime.date(day.year, start_month, 1)
    start = (following - datetime.timedelta(days=80)).replace(day=1)
    return datetime.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1), following


def quarterly_push(*, day: datetime.date) -> int:
    """一季一推动: each campaign region's progress sheet for the quarter just ended, kept for download;
    each county committee hears its county's numbers."""
    start, following = quarter_before(day)
    last = following - datetime.timedelta(days=1)
    quarter = (start.month - 1) // 3 + 1
    campaigns = list(
        Campaign.objects.filter(starts_on__lte=last, ends_on__gte=start)
        .select_related("region")
        .prefetch_related("phases")
        .order_by("region__code", "starts_on", "pk")
    )
    by_region = defaultdict(list)
    for campaign in campaigns:
        by_region[campaign.region].append(campaign)
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    committees = _committee_users(counties)
    notices = []
    for region, running in by_region.items():
        tables = [(c, reports.coverage_in(c, region, min(last, c.ends_on))) for c in running]
        title = f"{region.name}安全生产大检查{start.year}年第{quarter}季度推进情况"
        report, _ = keep_report(
            kind=CadenceKind.QUARTERLY,
            region=region,
            period=f"{start.year}Q{quarter}",
            title=title,
            write=lambda tables=tables, title=title: write_sheets(
                [sheet for campaign, table in tables for sheet in reports.progress_sheets(campaign, table, last)],
                title,
            ),
        )
        for county in counties:
            if not county.path.startswith(region.path):
                continue
            lines = []
            for campaign, table in tables:
                row = next((row for row in table["counties"] if row.county == county), None)
                if row is not None:
                    lines.append(
                        f"“{campaign.name}”清单单位{row.listed}家，已检查{row.inspected}家（覆盖率{row.rate}%），"
                        f"不合格未复查合格{row.failed_open}家，未检查重点单位{row.high_uninspected}家"
                    )
            if not lines:
                continue
            text = f"一季一推动（{start.year}年第{quarter}季度）：{county.name}" + "；".join(lines) + "。请推动进度。"
            notices.append(
                Notice(
                    recipients=committees[county.pk],
                    obj=report,
                    text=text,
                    period=f"{start.year}Q{quarter}",
                    url=download_url(report),
                )
            )
    return notify_each("inspection_quarterly_push", notices)


# 半年一分析 -----------------------------------------------------------------------------------------


def half_year_analysis(*, day: datetime.date) -> int:
    """半年一分析: the analysis workbook of the half-year just ended for the city and each county,
    kept for download; each committee hears where it is. Returns the notices sent."""
    start, end = reports.half_of(day)
    regions = list(Region.objects.filter(level__in=[RegionLevel.CITY, RegionLevel.COUNTY]).order_by("code"))
    committees = _committee_users(regions)
    notices = []
    for region in regions:
        title = f"{region.name}安全生产大检查{reports.half_label(start)}分析"
        report, _ = keep_report(
            kind=CadenceKind.HALF_YEARLY,
            region=region,
            period=reports.half_code(start),
            title=title,
            write=lambda region=region, title=title: write_sheets(reports.analysis_sheets(region, start, end), title),
        )
        notices.append(
            Notice(
                recipients=committees[region.pk],
                obj=report,
                text=f"半年一分析：{title}已生成，请下载研判。",
                period=reports.half_code(start),
                url=download_url(report),
            )
        )
    return notify_each("inspection_half_year_analysis", notices)


# 年底一总评 -----------------------------------------------------------------------------------------


def yearly_evaluation(*, day: datetime.date) -> int:
    """年底一总评: the evaluation table of the year before ``day`` for the city and each county, kept for
    download; each committee is asked to enter the grades."""
    year = day.year - 1
    regions = list(Region.objects.filter(level__in=[RegionLevel.CITY, RegionLevel.COUNTY]).order_by("code"))
    committees = _committee_users(regions)
    notices = []
    for region in regions:
        title = f"{region.name}安全生产大检查{year}年度总评表"
        report, _ = keep_report(
            kind=CadenceKind.YEARLY,
            region=region,
            period=str(year),
            title=title,
            write=lambda region=region, title=title: write_sheets(
                reports.evaluation_sheets(reports.evaluation_in(region, year)), title
            ),
        )
        notices.append(
            Notice(
                recipients=committees[region.pk],
                obj=report,
                text=f"年底一总评：{title}已生成，请评定各部门、各县（市、区）的总评等次和评语。",
                period=str(year),
                url=f"{reverse('inspections:evaluation_table')}?year={year}",
            )
        )
    return notify_each("inspection_yearly_evaluation", notices)
