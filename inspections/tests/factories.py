"""Campaigns placed around today (its third phase, 属地政府督查, runs now), teams that keep the 80% rule,
and inspections recorded through the service."""

import datetime
import itertools

from django.utils import timezone

from grid.models import Department, Region
from grid.tests.factories import EnterpriseFactory

from .. import services
from ..checklists import seed_checklists
from ..choices import InspectionResult, PhaseKind
from ..models import Campaign, CampaignPhase, Inspection, InspectionTeam, TeamMember

NAMES = itertools.count(1)
DAY = datetime.timedelta(days=1)


def phase_dates(today: datetime.date | None = None) -> dict[str, tuple[datetime.date, datetime.date]]:
    today = today or timezone.localdate()
    return {
        PhaseKind.SELF_CHECK: (today - 50 * DAY, today - 36 * DAY),
        PhaseKind.DEPARTMENT: (today - 35 * DAY, today - 11 * DAY),
        PhaseKind.LOCAL: (today - 10 * DAY, today + 10 * DAY),
        PhaseKind.LOCKDOWN: (today + 11 * DAY, today + 40 * DAY),
    }


def make_campaign(region: Region, **kwargs) -> Campaign:
    dates = phase_dates()
    starts = dates[PhaseKind.SELF_CHECK][0]
    campaign = Campaign.objects.create(
        name=kwargs.pop("name", f"{starts.year}年安全生产大检查{next(NAMES)}"),
        year=starts.year,
        region=region,
        starts_on=starts,
        ends_on=dates[PhaseKind.LOCKDOWN][1],
        **kwargs,
    )
    for kind, (start, end) in dates.items():
        CampaignPhase.objects.create(campaign=campaign, kind=kind, starts_on=start, ends_on=end)
    return campaign


def city_campaign() -> Campaign:
    return Campaign.objects.filter(region__code="350400").first() or make_campaign(Region.objects.get(code="350400"))


def department(region: Region, kind: str = "emergency") -> Department:
    county = region if region.level in ("county", "city") else region.parent
    return Department.objects.get(region=county, kind=kind)


def members(experts: int, total: int) -> list[TeamMember]:
    return [
        TeamMember(name=f"成员{number}", profession="安全管理", is_expert=number < experts) for number in range(total)
    ]


def make_team(region: Region, *, campaign=None, department=None, by=None, experts=4, total=5, leader=None):
    team = InspectionTeam(
        campaign=campaign or city_campaign(),
        name=f"检查组{next(NAMES)}",
        region=region,
        department=department,
        leader=leader,
        leader_name=leader.name if leader else "组长",
    )
    if by is None:
        team.save()
        for member in members(experts, total):
            member.team = team
            member.save()
        return team
    return services.team_save(team=team, members=members(experts, total), by=by)


def make_inspection(
    region: Region,
    *,
    team=None,
    enterprise=None,
    result=InspectionResult.PASSED,
    day=None,
    phase=PhaseKind.LOCAL,
    previous=None,
    **kwargs,
) -> Inspection:
    """An inspection written directly (no notices, no hazards); tests of the workflow use the service."""
    enterprise = enterprise or EnterpriseFactory(region=region)
    team = team or make_team(region)
    return Inspection.objects.create(
        campaign=team.campaign,
        phase=phase,
        team=team,
        enterprise=enterprise,
        inspected_on=day or timezone.localdate(),
        methods=["checklist"],
        result=result,
        previous=previous,
        **kwargs,
    )


def checklists() -> None:
    seed_checklists(Region.objects.get(code="350400"))
