"""seed_demo's grid data: realistic, every level in every township, and idempotent."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from grid.choices import SupervisorLevel
from grid.models import GridSupervisor, Region, SupervisionGuide


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
