"""The demo: the city's campaign in its third phase, with a 不合格 enterprise whose re-inspection passed,
others still open, and findings that became hazards; made once however often it runs."""

from django.utils import timezone

from grid.demo import seed_enterprises
from grid.models import Enterprise, SafetyExpert
from hazards.models import Hazard
from inspections import demo

from ..choices import PhaseKind
from ..models import Campaign, DutyAssignment, Inspection, InspectionTeam, SelfCheckReport


def test_the_demo_campaign_is_in_its_third_phase_with_open_and_reinspected_enterprises(cast):
    seed_enterprises(600)
    for number in range(6):
        SafetyExpert.objects.create(region=cast.county, name=f"专家{number}", specialty="安全工程", phone="13800000006")
    demo.seed({}, lambda line: None)
    campaign = Campaign.objects.get(region=cast.city)
    assert campaign.current_phase.kind == PhaseKind.LOCAL
    assert [phase.kind for phase in campaign.phases.all()] == PhaseKind.values
    assert DutyAssignment.objects.filter(campaign=campaign, department__has_inspection_duty=False).count() == 0
    assert DutyAssignment.objects.filter(campaign=campaign).count() > 0
    assert InspectionTeam.objects.count() == 3
    reinspected = Inspection.objects.filter(previous__isnull=False, result="passed")
    assert reinspected.count() == 1
    assert Inspection.objects.open().exists()
    assert not Inspection.objects.with_still_open().get(pk=reinspected.get().previous_id).still_open
    assert (
        Hazard.objects.filter(source="department_inspection").count()
        == 2 * Inspection.objects.filter(result="failed").count()
    )
    assert Inspection.objects.filter(inspected_on__gt=timezone.localdate()).count() == 0
    assert SelfCheckReport.objects.count() == min(12, Enterprise.objects.filter(region__parent=cast.county).count())
    counts = [Inspection.objects.count(), Hazard.objects.count(), InspectionTeam.objects.count()]
    demo.seed({}, lambda line: None)
    assert [Inspection.objects.count(), Hazard.objects.count(), InspectionTeam.objects.count()] == counts
