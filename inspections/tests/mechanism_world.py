"""Campaigns, duties, teams and inspections for the mechanism tests, written with the ORM in a few lines."""

import datetime
import itertools

from grid.models import Department, Region
from hazards.tests.factories import HazardFactory

from ..choices import InspectionResult, PhaseKind
from ..models import Campaign, CampaignPhase, DutyAssignment, Inspection, InspectionFinding, InspectionTeam

YEAR = 2026
PHASES = [
    (PhaseKind.SELF_CHECK, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 3, 31)),
    (PhaseKind.DEPARTMENT, datetime.date(YEAR, 4, 1), datetime.date(YEAR, 6, 30)),
    (PhaseKind.LOCAL, datetime.date(YEAR, 7, 1), datetime.date(YEAR, 9, 30)),
    (PhaseKind.LOCKDOWN, datetime.date(YEAR, 10, 1), datetime.date(YEAR, 11, 30)),
]
_names = itertools.count(1)


def department(region_code: str = "350404", kind: str = "emergency") -> Department:
    return Department.objects.get(region__code=region_code, kind=kind)


def campaign(region: Region | None = None, **kwargs) -> Campaign:
    """A campaign of ``region`` (the city) running all of 2026 with its four phases."""
    made = Campaign.objects.create(
        name=kwargs.pop("name", f"{YEAR}年安全生产大检查{next(_names)}"),
        year=YEAR,
        region=region or Region.objects.get(code="350400"),
        document_number="明安委〔2026〕12号",
        starts_on=datetime.date(YEAR, 3, 1),
        ends_on=datetime.date(YEAR, 11, 30),
        **kwargs,
    )
    for kind, starts_on, ends_on in PHASES:
        CampaignPhase.objects.create(campaign=made, kind=kind, starts_on=starts_on, ends_on=ends_on)
    return made


def duty(campaign: Campaign, dept: Department, levels=("county", "township"), industries=()) -> DutyAssignment:
    return DutyAssignment.objects.create(
        campaign=campaign, department=dept, supervision_levels=list(levels), industries=list(industries)
    )


def team(campaign: Campaign, dept: Department | None = None, region: Region | None = None) -> InspectionTeam:
    return InspectionTeam.objects.create(
        campaign=campaign,
        name=f"检查组{next(_names)}",
        region=region or dept.region,
        department=dept,
        leader_name="王组长",
    )


def inspect(
    team: InspectionTeam,
    enterprise,
    *,
    on: datetime.date = datetime.date(YEAR, 5, 10),
    result: str = InspectionResult.PASSED,
    phase: str = PhaseKind.DEPARTMENT,
    previous: Inspection | None = None,
) -> Inspection:
    return Inspection.objects.create(
        campaign=team.campaign,
        phase=phase,
        team=team,
        enterprise=enterprise,
        inspected_on=on,
        result=result,
        methods=["four_nos"],
        previous=previous,
    )


def finding(inspection: Inspection, *, grade: str = "general", status: str = "reported", **hazard) -> InspectionFinding:
    """A finding with the hazard it opened (in ``status``)."""
    opened = HazardFactory(
        enterprise=inspection.enterprise,
        region=inspection.enterprise.region,
        grade=grade,
        industry=inspection.enterprise.industry,
        status=status,
        closed_on=inspection.inspected_on if status == "closed" else None,
        department=inspection.team.department,
        **hazard,
    )
    return InspectionFinding.objects.create(
        inspection=inspection, description=hazard.get("description", "消防通道堵塞"), grade=grade, hazard=opened
    )
