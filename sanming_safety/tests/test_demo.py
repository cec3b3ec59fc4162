"""seed_demo, seeded once for all its tests: realistic, every level in every township, and idempotent.

Seeding takes seconds, so this module seeds once (and a second time, which
must change nothing) inside a transaction rolled back after its last test;
each test runs in a savepoint of it.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from openpyxl import load_workbook

from grid.choices import SupervisorLevel
from grid.demo import GUIDE_TOPICS, VISIT_PROBLEMS
from grid.models import Department, Enterprise, GridSupervisor, Official, Region, SupervisionGuide, VisitFinding
from hazards.choices import HazardGrade
from hazards.demo import HAZARD_TEXTS, MAJOR_TEXTS, RISK_POINTS
from hazards.models import (
    Hazard,
    HazardProgress,
    LeaderAssignment,
    RiskPoint,
    SupervisionItem,
    SupervisionProgress,
)

ENTERPRISES, HAZARDS = 120, 60
COUNTED = (
    Region,
    Department,
    Enterprise,
    get_user_model(),
    Official,
    GridSupervisor,
    SupervisionGuide,
    Hazard,
    LeaderAssignment,
    RiskPoint,
    SupervisionItem,
)


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


def seed():
    call_command("seed_demo", "--enterprises", str(ENTERPRISES), "--hazards", str(HAZARDS), stdout=io.StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The counts after the first seeding; the demo is seeded twice, then rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The demo starts from an empty database: without the test cast other modules committed.
        Official.objects.all().delete()
        get_user_model().objects.all().delete()
        Department.objects.all().delete()
        seed()
        first = counts()
        seed()
        yield first
        transaction.set_rollback(True)


def test_seed_demo_twice_changes_nothing(demo, db):
    assert counts() == demo


def test_the_demo_has_every_role_and_the_documented_logins(demo, db):
    assert demo["Enterprise"] == ENTERPRISES
    townships = Region.objects.filter(level__in=["township", "zone"]).count()
    assert Official.objects.filter(role="township").count() == townships
    assert set(Official.objects.values_list("role", flat=True)) >= {
        "city_committee",
        "county_committee",
        "department",
        "township",
        "leader",
        "grid_supervisor",
        "admin",
    }
    user = get_user_model().objects.get(username="t350404001")
    assert user.check_password("sanming")
    assert Enterprise.history.filter(history_change_reason="演示数据").count() == ENTERPRISES


def test_the_demo_has_every_supervisor_level_in_every_township(demo, db):
    assert 5000 <= demo["GridSupervisor"] <= 6000
    levels = GridSupervisor.objects.values("region").annotate(n=Count("level", distinct=True))
    assert all(row["n"] == len(SupervisorLevel.values) for row in levels)
    assert levels.count() == Region.objects.filter(level__in=["township", "zone"]).count()
    supervisor = GridSupervisor.objects.get(official__user__username="supervisor")
    assert supervisor.grids.filter(enterprises__isnull=False).exists()


def test_the_demo_hazards_are_realistic(demo, db):
    # As many as asked, besides those the campaign's findings and self-checks opened.
    found_in_campaign = Hazard.objects.filter(
        Q(inspection_finding__isnull=False) | Q(self_check_problem__isnull=False)
    ).count()
    assert found_in_campaign and demo["Hazard"] == HAZARDS + found_in_campaign
    # Spread over the years (a benchmark's history), the latest year the busiest.
    years = list(Hazard.objects.values_list("found_on__year", flat=True))
    assert len(set(years)) >= 3
    assert max(set(years), key=years.count) >= max(years) - 1
    assert all(demo[name] for name in ("LeaderAssignment", "RiskPoint", "SupervisionItem"))
    # Rule 1 holds in the demo: every major hazard has its leader.
    assert not Hazard.objects.filter(grade=HazardGrade.MAJOR, leader_assignments__isnull=True).exists()
    assert Hazard.objects.overdue().exists()
    for point in RiskPoint.objects.select_related("enterprise")[:20]:
        assert abs(point.longitude - point.enterprise.longitude) < 0.01


def test_the_demo_hazards_and_risk_points_fit_their_units_industry(demo, db):
    # No 尾矿库 at a gas company, no 深基坑 at an elevator firm.
    for title, grade, industry in Hazard.objects.values_list("title", "grade", "enterprise__industry"):
        catalogue = (MAJOR_TEXTS if grade == HazardGrade.MAJOR else HAZARD_TEXTS)[industry]
        assert title in [text[0] for text in catalogue], (title, industry)
    for kind, name, industry, unit in RiskPoint.objects.values_list("kind", "name", "industry", "enterprise__name"):
        assert (kind, name) == (RISK_POINTS[industry][0], unit + RISK_POINTS[industry][1])
    assert not RiskPoint.objects.filter(kind="tailings_pond").exclude(industry="mining").exists()


def test_the_demo_visits_guides_and_progress_read_as_real_ones(demo, db):
    # What a visit finds fits the unit's trade: no 脚手架 at an old people's home.
    findings = VisitFinding.objects.values_list("description", "visit__enterprise__industry")
    assert findings and all(text in VISIT_PROBLEMS[industry] for text, industry in findings)
    # Each guide's title is its month's topic.
    for guide in SupervisionGuide.objects.all():
        assert guide.title == f"{GUIDE_TOPICS[guide.month.month][0]}督导要点", (guide.month, guide.title)
    # Progress reports are not one sentence repeated.
    texts = list(HazardProgress.objects.values_list("text", flat=True))
    assert len(set(texts)) > len(texts) / 2
    monthly = list(SupervisionProgress.objects.values_list("text", flat=True))
    assert len({text.split("：", 1)[1] for text in monthly}) > 2


def test_the_demo_townships_have_seats_of_their_own_on_the_map(demo, db):
    centres = {
        (round(float(e.longitude), 1), round(float(e.latitude), 1))
        for e in Enterprise.objects.filter(region__parent__code="350404")
    }
    assert len(centres) > 3


def test_bulletin_command_writes_the_months_workbook(demo, db, tmp_path):
    out = tmp_path / "bulletin.xlsx"
    call_command("bulletin", "2026-10", "--out", str(out), stdout=io.StringIO())
    workbook = load_workbook(out)
    assert [workbook["封面"][f"A{row}"].value for row in (2, 5)] == ["草稿（未签发）", "通报月份：2026年10月"]
    sheet = workbook["生产经营单位分级"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    county = Enterprise.objects.filter(region__path__startswith="350400/350404/").aggregate(
        total=Count("pk"), red=Count("pk", filter=Q(risk_grade="red"))
    )
    assert rows["三元区"][1] == county["total"]
    assert rows["三元区"][2] == county["red"]
    assert rows["合计"][1] == Enterprise.objects.count()
