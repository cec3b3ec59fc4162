import io

from django.core.management import call_command

from hazards.choices import HazardGrade
from hazards.demo import HAZARD_TEXTS, MAJOR_TEXTS, RISK_POINTS
from hazards.models import Hazard, HazardProgress, LeaderAssignment, RiskPoint, SupervisionItem, SupervisionProgress


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
    # Hazards and risk points fit their unit's industry: no 尾矿库 at a gas company.
    for title, grade, industry in Hazard.objects.values_list("title", "grade", "enterprise__industry"):
        catalogue = (MAJOR_TEXTS if grade == HazardGrade.MAJOR else HAZARD_TEXTS)[industry]
        assert title in [text[0] for text in catalogue], (title, industry)
    for kind, name, industry, unit in RiskPoint.objects.values_list("kind", "name", "industry", "enterprise__name"):
        assert (kind, name) == (RISK_POINTS[industry][0], unit + RISK_POINTS[industry][1])
    assert not RiskPoint.objects.filter(kind="tailings_pond").exclude(industry="mining").exists()
    # Progress reports read as reports, not one sentence repeated.
    texts = list(HazardProgress.objects.values_list("text", flat=True))
    assert len(set(texts)) > len(texts) / 2
    monthly = list(SupervisionProgress.objects.values_list("text", flat=True))
    assert len({text.split("：", 1)[1] for text in monthly}) > 2
