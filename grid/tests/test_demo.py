"""seed_demo's grid data: realistic, every level in every township, and idempotent."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from grid.choices import SupervisorLevel
from grid.demo import GUIDE_TOPICS, VISIT_PROBLEMS
from grid.models import Enterprise, GridSupervisor, Region, SupervisionGuide, VisitFinding


@pytest.mark.django_db
def test_seed_demo_is_complete_and_idempotent():
    call_command("seed_demo", "--enterprises", "200", verbosity=0)
    counts = {model: model.objects.count() for model in (GridSupervisor, SupervisionGuide)}
    assert 5000 <= counts[GridSupervisor] <= 6000
    levels = GridSupervisor.objects.values("region").annotate(n=Count("level", distinct=True))
    assert all(row["n"] == len(SupervisorLevel.values) for row in levels)
    assert levels.count() == Region.objects.filter(level__in=["township", "zone"]).count()
    demo = GridSupervisor.objects.get(official__user__username="supervisor")
    assert demo.grids.filter(enterprises__isnull=False).exists()
    call_command("seed_demo", "--enterprises", "200", verbosity=0)
    assert {model: model.objects.count() for model in counts} == counts


def test_the_demo_makes_sense(db):
    call_command("seed_demo", "--enterprises", "120", "--hazards", "60", verbosity=0)
    # Each guide's title is its month's topic.
    for guide in SupervisionGuide.objects.all():
        assert guide.title == f"{GUIDE_TOPICS[guide.month.month][0]}督导要点", (guide.month, guide.title)
    # What a visit finds fits the unit's trade: no 脚手架 at an old people's home.
    findings = VisitFinding.objects.values_list("description", "visit__enterprise__industry")
    assert findings and all(text in VISIT_PROBLEMS[industry] for text, industry in findings)
    # Townships have seats of their own on the map: their units' centres differ.
    centres = {
        (round(float(e.longitude), 1), round(float(e.latitude), 1))
        for e in Enterprise.objects.filter(region__parent__code="350404")
    }
    assert len(centres) > 3
