"""Each department's list of units and coverage: the numbers equal independent counts, per department,
county and phase, against the deadline; every official sees only their jurisdiction's units."""

import datetime

import pytest
from django.urls import reverse

from grid.models import Enterprise
from grid.tests.factories import EnterpriseFactory
from hazards.tests.factories import HazardFactory

from .. import reports
from ..choices import PhaseKind
from ..models import SelfCheckReport
from .mechanism_world import campaign, department, duty, inspect, team

DAY = datetime.date(2026, 7, 15)


@pytest.fixture
def world(cast):
    """Units on and off the lists in two counties, inspected in different phases, on time or late."""
    c = campaign()
    emergency, other_emergency = department("350404"), department("350405")
    city_emergency, housing = department("350400"), department("350404", "housing")
    duty(c, emergency)  # county and township levels
    duty(c, other_emergency)
    duty(c, city_emergency, levels=["city"])
    duty(c, housing, industries=["construction"])

    def unit(region, dept, **kwargs):
        return EnterpriseFactory(region=region, department=dept, **kwargs)

    units = {
        "a1": unit(cast.township_a, emergency, supervision_level="county", risk_grade="red"),
        "a2": unit(cast.township_a, emergency, supervision_level="township"),
        "a3": unit(cast.township_a, emergency, supervision_level="township", risk_grade="red"),
        "b1": unit(cast.township_b, emergency, supervision_level="township"),
        "b_city": unit(cast.township_b, city_emergency, supervision_level="city"),
        "a_housing": unit(cast.township_a, housing, industry="construction"),
        "o1": unit(cast.other_township, other_emergency),
        "o2": unit(cast.other_township, other_emergency, weak_foundation=True, risk_grade="orange"),
    }
    # Off every list: closed down, no regulator, an industry the housing duty leaves out, a level nobody lists.
    unit(cast.township_a, emergency, status="suspended")
    unit(cast.township_a, None)
    unit(cast.township_a, housing, industry="industrial_trade")
    unit(cast.township_a, housing, industry="construction", supervision_level="city")
    county_team, other_team, city_team = team(c, emergency), team(c, other_emergency), team(c, city_emergency)
    inspect(county_team, units["a1"], on=datetime.date(2026, 5, 1))
    failed = inspect(county_team, units["a2"], on=datetime.date(2026, 6, 1), result="failed")
    inspect(county_team, units["a2"], on=datetime.date(2026, 7, 10), previous=failed, phase=PhaseKind.LOCAL)
    open_failure = inspect(county_team, units["b1"], on=datetime.date(2026, 7, 2), result="failed", phase="local")
    inspect(city_team, units["b_city"], on=datetime.date(2026, 6, 20))
    inspect(other_team, units["o1"], on=datetime.date(2026, 6, 1))
    HazardFactory(region=cast.township_a, enterprise=units["a3"], grade="major")  # a3: 40 + 20, uninspected
    SelfCheckReport.objects.create(
        campaign=c, enterprise=units["a3"], checked_on=datetime.date(2026, 3, 10), items_checked=20
    )
    return c, units, open_failure


def count(rows, **conditions):
    return sum(1 for row in rows if all(row[k] == v for k, v in conditions.items()))


def test_coverage_numbers_equal_an_independent_count(world, cast):
    c, units, _ = world
    table = reports.coverage(c, cast.user_city, DAY)
    total = table["total"]
    # Listed: the eight units above; inspected: a1, a2, b1, b_city, o1.
    assert (total.listed, total.inspected, total.uninspected) == (8, 5, 3)
    # By the 行业检查 deadline (06-30): a1, a2 (failed on 06-01), b_city, o1; b1 was first inspected on 07-02.
    assert total.on_time == 4
    assert total.failed_open == 1
    assert total.phases == {"self_check": 1, "department": 4, "local": 2, "lockdown": 0}
    # Uninspected with a priority of 40 or more: a3 (red + a major hazard); o2 scores 25 + 15 = 40 too.
    assert total.high_uninspected == 2
    counties = {row.label: row for row in table["counties"]}
    assert (counties["三元区"].listed, counties["三元区"].inspected) == (6, 4)
    assert (counties["沙县区"].listed, counties["沙县区"].inspected) == (2, 1)
    departments = {(row.label, row.county.name): row for row in table["departments"]}
    emergency = departments[(department("350404").name, "三元区")]
    assert (emergency.listed, emergency.inspected, emergency.rate) == (4, 3, 75.0)
    assert departments[(department("350400").name, "三元区")].listed == 1
    assert departments[(department("350404", "housing").name, "三元区")].listed == 1
    assert departments[(department("350405").name, "沙县区")].rate == 50.0


def test_every_listed_unit_is_counted_as_the_list_query_counts_it(world, cast):
    c, units, _ = world
    listed = set(reports.units(c, cast.user_city, day=DAY).values_list("pk", flat=True))
    assert listed == {u.pk for u in units.values()}
    assert Enterprise.objects.count() > len(listed)


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("user_a", {"a1", "a2", "a3", "a_housing"}),
        ("user_b", {"b1", "b_city"}),
        ("user_county", {"a1", "a2", "a3", "a_housing", "b1", "b_city"}),
        # Its kind's units in its county, on its own list and the city department's (b_city).
        ("user_department", {"a1", "a2", "a3", "b1", "b_city"}),
        ("user_other_county", {"o1", "o2"}),
    ],
)
def test_each_official_sees_only_the_units_of_their_jurisdiction(world, cast, login, who, visible):
    c, units, _ = world
    user = getattr(cast, who)
    page = login(user).get(reverse("inspections:units"), {"campaign": c.pk, "department": ""})
    shown = {u.pk for u in page.context["paginator"].object_list}
    assert shown == {units[key].pk for key in visible}
    assert f"共 {len(visible)} 条" in page.content.decode()
    assert reports.coverage(c, user, DAY)["total"].listed == len(visible)


def test_a_department_official_sees_their_own_list_and_works_through_it(world, cast, login):
    c, units, _ = world
    client = login(cast.user_department)
    page = client.get(reverse("inspections:units"))
    assert page.context["campaign"] == c
    rows = list(page.context["object_list"])
    assert len(rows) == 4  # its own list: not the city department's b_city
    assert rows[0].pk == units["a3"].pk  # the highest priority first
    assert {row.pk for row in rows if not row.inspected} == {units["a3"].pk}
    left = client.get(reverse("inspections:units"), {"inspected": "false"})
    assert [row.pk for row in left.context["object_list"]] == [units["a3"].pk]


def test_the_coverage_page_puts_uninspected_high_priority_units_first(world, cast, login):
    c, units, _ = world
    page = login(cast.user_city).get(reverse("inspections:coverage"), {"campaign": c.pk})
    uninspected = [e.pk for e in page.context["uninspected"]]
    assert uninspected[:2] == [units["a3"].pk, units["o2"].pk]
    assert set(uninspected) == {units["a3"].pk, units["o2"].pk, units["a_housing"].pk}
    html = page.content.decode()
    assert 'id="coverage-listed">8<' in html
    assert 'id="coverage-inspected">5<' in html


def test_the_duty_matrix_workbook_lists_each_department_with_its_units(world, cast, login):
    import io

    from openpyxl import load_workbook

    c, _, _ = world
    response = login(cast.user_city).get(reverse("inspections:duty_matrix", args=[c.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]]
    by_department = {row[1]: row for row in rows if isinstance(row[0], int)}
    assert by_department[department("350404").name][6] == 4
    assert by_department[department("350404", "housing").name][3] == "建筑施工"
    assert by_department[department("350400").name][4] == "市级"
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape"


def test_the_list_exports_the_rows_it_shows_with_their_scores(world, cast, login):
    from tests.scoping import workbook_rows

    c, units, _ = world
    rows = workbook_rows(login(cast.user_department).get(reverse("inspections:units"), {"export": "xlsx"}))
    header, body = rows[0], rows[1:]
    assert len(body) == 4
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    a3 = by_name[units["a3"].name]
    assert (a3["风险分"], a3["未销号重大隐患（条）"], a3["优先分"], a3["本次检查"]) == (40, 1, 60, "未检查")
    assert body[0][0] == units["a3"].name


def test_duties_alike_but_for_their_kind_list_each_kinds_units_and_no_others(cast):
    # Duties alike but for their department's kind are checked as one condition over the kinds (a
    # city's fifty duties plan as a dozen): it must list what each duty lists, and nothing the
    # kinds and industries of different duties would make up between them.
    c = campaign()
    emergency, fire, housing = department("350404"), department("350404", "fire"), department("350404", "housing")
    duty(c, emergency)
    duty(c, fire)
    duty(c, housing, industries=["construction"])

    def unit(dept, supervision_level="township", **kwargs):
        return EnterpriseFactory(region=cast.township_a, department=dept, supervision_level=supervision_level, **kwargs)

    listed = {unit(emergency), unit(fire, industry="crowded_places"), unit(housing, industry="construction")}
    unit(housing, industry="industrial_trade")  # the housing duty names construction only
    unit(emergency, supervision_level="city")  # a level no duty names
    EnterpriseFactory(region=cast.other_township, department=department("350405", "fire"))  # another county's
    assert set(Enterprise.objects.filter(reports.listed(c, reports.duties_of(c)))) == listed
    one_by_one = [Enterprise.objects.filter(reports.duty_condition(d)) for d in reports.duties_of(c)]
    assert {unit for units in one_by_one for unit in units} == listed


def test_the_citys_lists_name_no_region_for_every_unit_is_under_the_city(cast):
    # A condition every unit meets still costs PostgreSQL its planning: 40 ms instead of 4 at 10x.
    c = campaign()
    city_emergency = department("350400")
    duty(c, city_emergency, levels=["city"])
    on_list = EnterpriseFactory(region=cast.other_township, department=city_emergency, supervision_level="city")
    EnterpriseFactory(region=cast.township_a, department=city_emergency, supervision_level="county")
    units = Enterprise.objects.filter(reports.listed(c, reports.duties_of(c)))
    assert list(units) == [on_list]
    assert "path" not in str(units.query)
    assert list(Enterprise.objects.filter(reports.duty_condition(reports.duties_of(c)[0]))) == [on_list]
