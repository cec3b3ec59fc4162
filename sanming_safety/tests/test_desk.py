"""综合看板: every number opens the list of exactly the rows it counts, at the city, a county and a township,
for this month and a past one; a user drills only within their jurisdiction."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from enforcement.services import delivery_record
from enforcement.tests.factories import PenaltyFactory, published_version
from grid.models import FireStation, SmallVenueInspection
from grid.tests.factories import EnterpriseFactory, GridSupervisorFactory
from hazards.choices import HazardStatus
from hazards.models import period_of
from hazards.tests.factories import HazardFactory, RiskPointFactory
from inspections.tests.desk_world import campaign_world
from training.tests.factories import WarningClassFactory

FIGURE = re.compile(r'<a class="desk-figure" href="([^"]+)" data-slug="([^"]+)">\s*<span class="desk-value">(\d+)<')
RANK = re.compile(r'<a class="desk-rank-link[^"]*" href="([^"]+)">(\d+)</a>')
LISTED = re.compile(r"共 (\d+) 条")


def last_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1) - datetime.timedelta(days=1)


@pytest.fixture
def world(cast):
    """Rows of this month, last month and last year in township A, township B and another county's township."""
    today = timezone.localdate()
    before = last_month(today)
    year_ago = today.replace(year=today.year - 1, day=1)
    published_version(region=cast.city)
    for township in (cast.township_a, cast.township_b, cast.other_township):
        enterprise = EnterpriseFactory(region=township, longitude=117.6, latitude=26.2)
        for day in (today, before, year_ago):
            HazardFactory(
                region=township, enterprise=enterprise, found_on=day, deadline=day + datetime.timedelta(days=3)
            )
            HazardFactory(region=township, grade="major", found_on=day, deadline=day + datetime.timedelta(days=30))
            HazardFactory(
                region=township, status=HazardStatus.CLOSED, found_on=day - datetime.timedelta(days=70), closed_on=day
            )
            PenaltyFactory(enterprise=enterprise, decided_on=day)
            RiskPointFactory(region=township, grade="red", period=period_of(day))
        RiskPointFactory(region=township, grade="yellow", period=period_of(today))
        RiskPointFactory(region=township, grade="red", period="2020H1")
        GridSupervisorFactory(region=township, level="first")
        GridSupervisorFactory(region=township, level="second", active_to=before)
        station = FireStation.objects.create(region=township, name=f"{township.name}消防所", established_on=year_ago)
        for day in (today, before):
            SmallVenueInspection.objects.create(
                station=station, venue_name="小餐馆", venue_kind="shop", inspected_on=day
            )
        delivery_record(enterprise=enterprise, delivered_on=today, by=None)
    WarningClassFactory(region=cast.county)
    WarningClassFactory(region=cast.other_county)
    campaign_world(cast.city, [cast.township_a, cast.township_b, cast.other_township])


def figures(html: str) -> list[tuple[str, str, int]]:
    return [(unescape(href), slug, int(n)) for href, slug, n in FIGURE.findall(html)]


def follow_every_number(client, html: str) -> int:
    """Open every figure's and ranking number's list; each must list as many rows as the number says."""
    links = [(href, number) for href, _, number in figures(html)]
    links += [(unescape(href), int(n)) for href, n in RANK.findall(html)]
    for href, number in links:
        page = client.get(href).content.decode()
        listed = LISTED.search(page)
        assert listed, f"{href} is not a list"
        assert int(listed.group(1)) == number, f"{href}: the desk says {number}, the list shows {listed.group(1)}"
    return len(links)


LEVELS = [
    ("user_city", None),
    ("user_city", "county"),
    ("user_city", "township_a"),
    ("user_county", None),
    ("user_county", "township_b"),
    ("user_a", None),
    ("user_department", None),
]


@pytest.mark.parametrize("who,where", LEVELS)
@pytest.mark.parametrize("past", [False, True])
def test_every_desk_number_opens_a_list_of_that_many_rows(cast, world, login, who, where, past):
    client = login(getattr(cast, who))
    params = {}
    if where:
        params["region"] = getattr(cast, where).pk
    if past:
        params["month"] = f"{last_month(timezone.localdate()):%Y-%m}"
    html = client.get("/desk/", params).content.decode()
    shown = figures(html)
    assert {slug for _, slug, _ in shown} >= {
        "hazards_found",
        "hazards_open",
        "hazards_overdue",
        "major_open",
        "hazards_closed",
        "risk_points",
        "supervisors",
        "visits",
        "fire_stations",
        "small_venue_inspections",
        "prompt_list_deliveries",
        "penalties",
        "warning_classes",
        "attendances",
        "inspections_done",
        "inspections_failed_open",
        "inspection_hazards_open",
        "inspection_units",
        "inspection_units_inspected",
        "inspection_high_uninspected",
    }
    assert sum(number for _, _, number in shown) > 0
    assert follow_every_number(client, html) >= len(shown)


def test_the_numbers_are_those_of_the_township_drilled_into(cast, world, login):
    html = login(cast.user_city).get("/desk/", {"region": cast.township_a.pk}).content.decode()
    values = {slug: number for _, slug, number in figures(html)}
    # Township A alone: one hazard of each kind found this month, one fire station, one class of its county.
    assert values["hazards_found"] == 2
    assert values["hazards_closed"] == 1
    assert values["fire_stations"] == 1
    assert values["warning_classes"] == 1
    assert values["penalties"] == 1
    # 三为主三明确: four listed units; two inspections today (one a re-inspection), three units inspected, the
    # red one not; one 不合格 not re-inspected (last month's other one was re-inspected today).
    assert values["inspections_done"] == 2
    assert values["inspection_units"] == 4
    assert values["inspection_units_inspected"] == 3
    assert values["inspection_high_uninspected"] == 1
    assert values["inspections_failed_open"] == 1
    assert "已检查单位（覆盖率75.0%）" in html
    month = f"{last_month(timezone.localdate()):%Y-%m}"
    html = login(cast.user_city).get("/desk/", {"region": cast.township_a.pk, "month": month}).content.decode()
    values = {slug: number for _, slug, number in figures(html)}
    # At last month's end both 不合格 units were still to be re-inspected, and only they had been inspected.
    assert values["inspections_done"] == 2
    assert values["inspections_failed_open"] == 2
    assert values["inspection_units_inspected"] == 2
    assert values["inspection_high_uninspected"] == 1
    assert "列东街道" in html or cast.township_a.name in html


def test_trends_compare_with_last_month_and_last_year(cast, world, login):
    HazardFactory.create_batch(2, region=cast.township_a, found_on=timezone.localdate())
    html = login(cast.user_a).get("/desk/").content.decode()
    found = re.search(r'data-slug="hazards_found">.*?</a>', html, re.S).group(0)
    # 4 found this month against 3 last month (one from last month's 不合格 inspection) and 2 last year.
    assert "环比 ↑1" in found
    assert "同比 ↑2" in found
    done = re.search(r'data-slug="inspections_done">.*?</a>', html, re.S).group(0)
    # Two inspections this month against two last month (both 不合格) and one the same month last year.
    assert "环比 →" in done
    assert "同比 ↑1" in done


def test_the_ranking_lists_the_counties_most_overdue_first(cast, world, login):
    # The world leaves three hazards overdue in each township: 三元区 six, 沙县区 three, and now seven.
    for _ in range(4):
        HazardFactory(region=cast.other_township, deadline=timezone.localdate() - datetime.timedelta(days=5))
    html = login(cast.user_city).get("/desk/").content.decode()
    table = html[html.index('class="table table-sm table-hover mb-0 desk-ranking"') :]
    first = re.search(r"<tr>\s*<td>1</td>\s*<td><a [^>]*>([^<]+)</a>", table).group(1)
    assert first == cast.other_county.name


@pytest.mark.parametrize(
    "who,where",
    [
        ("user_county", "other_county"),
        ("user_county", "other_township"),
        ("user_county", "city"),
        ("user_a", "township_b"),
    ],
)
def test_a_user_cannot_drill_outside_their_jurisdiction(cast, world, login, who, where):
    client = login(getattr(cast, who))
    response = client.get("/desk/", {"region": getattr(cast, where).pk})
    assert response.status_code == 404
    assert "不在您的管辖范围内" in response.content.decode()
    assert client.get("/desk/map/layers/risk_points.geojson", {"region": getattr(cast, where).pk}).status_code == 404


def test_the_breadcrumb_leads_back_up_only_to_the_users_top(cast, world, login):
    html = login(cast.user_county).get("/desk/", {"region": cast.township_a.pk}).content.decode()
    trail = re.search(r'<ol class="breadcrumb mb-2" id="desk-trail">(.*?)</ol>', html, re.S).group(1)
    assert cast.county.name in trail and cast.township_a.name in trail
    assert cast.city.name not in trail


def test_a_future_or_malformed_month_shows_this_month_with_a_notice(cast, login):
    client = login(cast.user_city)
    html = client.get("/desk/", {"month": "2999-01"}, follow=True).content.decode()
    assert "不能查看以后的月份" in html
    html = client.get("/desk/", {"month": "10/2026"}).content.decode()
    assert "月份格式应为 YYYY-MM" in html


def test_a_township_drills_no_further(cast, world, login):
    html = login(cast.user_a).get("/desk/").content.decode()
    assert "desk-ranking" not in html
    assert 'id="desk-region"' not in html
    assert f'<input type="hidden" name="region" value="{cast.township_a.pk}">' in html


@pytest.mark.parametrize("size", [1, 3])
def test_the_desk_takes_a_bounded_number_of_queries(cast, login, django_assert_max_num_queries, size):
    today = timezone.localdate()
    for township in (cast.township_a, cast.township_b, cast.other_township):
        for _ in range(size):
            HazardFactory(region=township, found_on=today)
            RiskPointFactory(region=township, period=period_of(today))
            GridSupervisorFactory(region=township)
    campaign_world(cast.city, [cast.township_a, cast.township_b, cast.other_township] * size)
    client = login(cast.user_city)
    # 三为主三明确 costs five whatever the size: the month's inspections, their hazards, the running campaign,
    # its duties and its listed units.
    with django_assert_max_num_queries(25):
        assert client.get("/desk/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/desk/", {"region": cast.county.pk}).status_code == 200
