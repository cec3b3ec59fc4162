"""A running campaign for the committee's desk, map and bulletin tests: in every township given, four units on
the county emergency departments' lists, each in one state of the campaign."""

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.utils import timezone

from grid.models import Department, Enterprise, Region
from grid.tests.factories import EnterpriseFactory
from hazards.tests.factories import HazardFactory

from ..choices import InspectionResult, PhaseKind
from ..models import Campaign, DutyAssignment, Inspection, InspectionFinding
from .factories import make_campaign, make_team


@dataclass
class TownshipUnits:
    passed: Enterprise  # 合格 today
    failed: Enterprise  # 不合格 last month, not re-inspected, its finding's hazard open
    reinspected: Enterprise  # 不合格 last month, re-inspected 合格 today
    uninspected: Enterprise  # 重大风险 (a high-priority unit), not inspected


@dataclass
class CampaignWorld:
    campaign: Campaign
    townships: dict[str, TownshipUnits] = field(default_factory=dict)


def unit(township: Region, name: str, **extra) -> Enterprise:
    return EnterpriseFactory(
        region=township,
        name=f"{township.name}{name}",
        supervised_by="emergency",
        longitude=117.6,
        latitude=26.2,
        **extra,
    )


def record(team, enterprise, day: datetime.date, result: str, previous=None) -> Inspection:
    """An inspection of the running campaign: 属地政府督查 today, 行业检查 before."""
    return Inspection.objects.create(
        campaign=team.campaign,
        phase=PhaseKind.LOCAL if day == timezone.localdate() else PhaseKind.DEPARTMENT,
        team=team,
        enterprise=enterprise,
        inspected_on=day,
        methods=["checklist"],
        result=result,
        previous=previous,
    )


def last_month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=1) - datetime.timedelta(days=1)


def campaign_world(city: Region, townships: list[Region]) -> CampaignWorld:
    """The city's campaign running today (phase 属地政府督查), the counties' emergency departments on duty, and
    an inspection of last year's campaign in every township."""
    today = timezone.localdate()
    before = last_month_end(today)
    year_ago = today.replace(year=today.year - 1, day=1)
    campaign = make_campaign(city)
    old = Campaign.objects.create(
        name=f"{year_ago.year}年安全生产大检查",
        year=year_ago.year,
        region=city,
        starts_on=year_ago,
        ends_on=year_ago + datetime.timedelta(days=20),
    )
    world = CampaignWorld(campaign)
    teams, old_teams = {}, {}
    for township in townships:
        county = township.parent
        if county.pk not in teams:
            department = Department.objects.get(region=county, kind="emergency")
            DutyAssignment.objects.create(
                campaign=campaign, department=department, supervision_levels=["township", "county"]
            )
            teams[county.pk] = make_team(county, campaign=campaign, department=department)
            old_teams[county.pk] = make_team(county, campaign=old, department=department)
        team = teams[county.pk]

        units = TownshipUnits(
            unit(township, "合格公司"),
            unit(township, "待复查公司"),
            unit(township, "已复查公司"),
            unit(township, "未检查公司", risk_grade="red"),
        )
        inspect = partial(record, team)

        inspect(units.passed, today, InspectionResult.PASSED)
        failed = inspect(units.failed, before, InspectionResult.FAILED)
        hazard = HazardFactory(
            region=township, enterprise=units.failed, found_on=before, deadline=today + datetime.timedelta(days=5)
        )
        InspectionFinding.objects.create(inspection=failed, description="消防通道堵塞", hazard=hazard)
        first = inspect(units.reinspected, before, InspectionResult.FAILED)
        inspect(units.reinspected, today, InspectionResult.PASSED, previous=first)
        Inspection.objects.create(
            campaign=old,
            phase=PhaseKind.DEPARTMENT,
            team=old_teams[county.pk],
            enterprise=units.passed,
            inspected_on=year_ago,
            methods=["checklist"],
            result=InspectionResult.PASSED,
        )
        world.townships[township.name] = units
    return world
