import io

from django.core.management import call_command

from hazards.choices import HazardGrade
from hazards.models import Hazard, LeaderAssignment, RiskPoint, SupervisionItem


def counts():
    return [model.objects.count() for model in (Hazard, LeaderAssignment, RiskPoint, SupervisionItem)]


def test_seed_demo_is_idempotent_and_realistic(db):
    call_command("seed_demo", "--enterprises", "120", "--hazards", "60", stdout=io.StringIO())
    first = counts()
    assert first[0] == 60 and all(first)
    call_command("seed_demo", "--enterprises", "120", "--hazards", "60", stdout=io.StringIO())
    assert counts() == first
    # Rule 1 holds in the demo: every major hazard has its leader.
    assert not Hazard.objects.filter(grade=HazardGrade.MAJOR, leader_assignments__isnull=True).exists()
    assert Hazard.objects.overdue().exists()
    for point in RiskPoint.objects.select_related("enterprise")[:20]:
        assert abs(point.longitude - point.enterprise.longitude) < 0.01
