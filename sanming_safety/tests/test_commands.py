import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Q
from openpyxl import load_workbook

from grid.models import Department, Enterprise, Official, Region


def counts():
    return (
        Region.objects.count(),
        Department.objects.count(),
        Enterprise.objects.count(),
        get_user_model().objects.count(),
        Official.objects.count(),
    )


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", "--enterprises", "50", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", "--enterprises", "50", stdout=io.StringIO())
    assert counts() == first
    assert first[2] == 50
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
    assert Enterprise.history.filter(history_change_reason="演示数据").count() == 50


def test_bulletin_command_writes_the_months_workbook(db, tmp_path):
    call_command("seed_demo", "--enterprises", "60", stdout=io.StringIO())
    out = tmp_path / "bulletin.xlsx"
    call_command("bulletin", "2026-10", "--out", str(out), stdout=io.StringIO())
    workbook = load_workbook(out)
    assert workbook["封面"]["A2"].value.startswith("2026年第10期")
    sheet = workbook["生产经营单位分级"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    county = Enterprise.objects.filter(region__path__startswith="350400/350404/").aggregate(
        total=Count("pk"), red=Count("pk", filter=Q(risk_grade="red"))
    )
    assert rows["三元区"][1] == county["total"]
    assert rows["三元区"][2] == county["red"]
    assert rows["合计"][1] == Enterprise.objects.count()
