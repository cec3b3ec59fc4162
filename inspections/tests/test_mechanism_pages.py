"""The mechanism pages: the dashboard panel's numbers open lists of exactly those rows, the bulletin's
sheets, the evaluation table, the stored workbooks' scoping, and query counts pinned at two sizes."""

import datetime
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from grid.tests.factories import EnterpriseFactory
from hazards.tests.factories import HazardFactory

from .. import cadence, reports
from ..models import CadenceReport, Campaign, CampaignPhase, Evaluation
from .mechanism_world import department, duty, finding, inspect, team

CARD = re.compile(r'<a class="card card-body card-stat[^"]*" href="([^"]+)"[^>]*>(.*?)</a>', re.S)
NUMBER = re.compile(r'class="display-6[^"]*">([^<]+)<')
LISTED = re.compile(r"共 (\d+) 条")


@pytest.fixture
def running(cast):
    """A campaign running today (its department phase now), the county's emergency department's duty."""
    today = timezone.localdate()
    c = Campaign.objects.create(
        name="今年大检查",
        year=today.year,
        region=cast.city,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
    )
    CampaignPhase.objects.create(
        campaign=c, kind="department", starts_on=today - datetime.timedelta(days=10), ends_on=today
    )
    emergency = department("350404")
    duty(c, emergency)
    duty(c, department("350405"))
    return c, team(c, emergency), team(c, department("350405"))


def grow(cast, running, n):
    c, county_team, other_team = running
    day = timezone.localdate()
    for index in range(n):
        unit = EnterpriseFactory(region=cast.township_a, department=department("350404"), risk_grade="red")
        EnterpriseFactory(region=cast.township_b, department=department("350404"))  # uninspected
        EnterpriseFactory(region=cast.other_township, department=department("350405"))
        if index % 2:
            failed = inspect(county_team, unit, on=day, result="failed")
            finding(failed)
            HazardFactory(region=cast.township_a, enterprise=unit, grade="major")
        else:
            inspect(county_team, unit, on=day)


def card_links(html: str) -> list[tuple[str, int]]:
    section = html[html.index('id="inspections-panel"') :]
    section = section[: section.index("</section>")]
    links = []
    for href, body in CARD.findall(section):
        number = NUMBER.search(body)
        links.append((unescape(href), int(number.group(1))))
    return links


@pytest.mark.parametrize("who", ["user_city", "user_county", "user_a", "user_department"])
def test_each_dashboard_number_opens_a_list_of_that_many_rows(running, cast, login, who):
    grow(cast, running, 4)
    client = login(getattr(cast, who))
    html = client.get("/").content.decode()
    assert "今年大检查" in html and "行业检查" in html
    links = card_links(html)
    assert len(links) == 5
    assert any(number > 0 for _, number in links)
    for href, number in links:
        listed = LISTED.search(client.get(href).content.decode())
        assert int(listed.group(1)) == number, f"{href}: the card says {number}, the list shows {listed.group(1)}"


def test_the_dashboard_counts_equal_an_independent_count(running, cast):
    grow(cast, running, 4)  # township A: 4 listed, all inspected, the odd two failed with an open finding; B: 4
    data = reports.dashboard(cast.user_county)
    assert (data["listed"], data["inspected"], data["failed_open"], data["with_open_findings"]) == (8, 4, 2, 2)
    assert data["high_uninspected"] == 0  # the uninspected ones are blue
    assert reports.dashboard(cast.user_other_county)["listed"] == 4
    assert reports.dashboard(cast.user_b)["inspected"] == 0


def test_the_bulletin_sheets_count_the_campaign_per_county(running, cast):
    grow(cast, running, 4)
    month = timezone.localdate()
    sheets = {sheet.title: sheet for sheet in reports.bulletin_sheets(month=month, region=cast.city)}
    rows = {row[0]: row for row in sheets["大检查进展（按区域）"].rows}
    assert rows["三元区"][1:3] == [8, 4]
    assert rows["沙县区"][1:3] == [4, 0]
    assert rows["合计"][1:3] == [12, 4]
    county = {row[0]: row for row in reports.bulletin_sheets(month=month, region=cast.county)[0].rows}
    assert set(county) == {"三元区", "合计"}


def test_the_evaluation_table_shows_each_official_only_theirs(running, cast, login):
    grow(cast, running, 2)
    c = running[0]
    Evaluation.objects.create(year=c.year, region=cast.county, grade="good", comment="按期完成")
    page = login(cast.user_county).get(reverse("inspections:evaluation_table"), {"year": c.year})
    table = page.context["table"]
    assert [row.label for row in table["counties"]] == ["三元区"]
    assert [row.label for row in table["departments"]] == [department("350404").name]
    county = table["counties"][0]
    assert (county.listed, county.inspected, county.inspections, county.evaluation.get_grade_display()) == (
        4,
        2,
        2,
        "良好",
    )
    assert "按期完成" in page.content.decode()
    other = login(cast.user_other_county).get(reverse("inspections:evaluation_table"), {"year": c.year})
    assert [row.label for row in other.context["table"]["counties"]] == ["沙县区"]
    export = login(cast.user_county).get(reverse("inspections:evaluation_table"), {"year": c.year, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content))["县（市、区）总评"]
    assert [row[:3] for row in sheet.iter_rows(min_row=3, max_row=3, values_only=True)] == [("三元区", 4, 2)]


def test_a_countys_workbook_is_not_another_countys(running, cast, login):
    cadence.yearly_evaluation(day=datetime.date(running[0].year + 1, 1, 1))
    own = CadenceReport.objects.get(region=cast.county)
    url = reverse("inspections:cadence_report_download", args=[own.pk])
    assert login(cast.user_county).get(url).status_code == 200
    assert login(cast.user_a).get(url).status_code == 200  # a township reads its county's
    assert login(cast.user_other_county).get(url).status_code == 404
    listed = login(cast.user_other_county).get(reverse("inspections:cadence_report_list"))
    titles = [report.title for report in listed.context["object_list"]]
    assert "三元区" not in "".join(titles) and any("沙县区" in t for t in titles)


def count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


PAGES = [
    ("inspections:units", "user_county"),
    ("inspections:units", "user_department"),
    ("inspections:coverage", "user_city"),
    ("inspections:evaluation_table", "user_city"),
    ("inspections:cadence_report_list", "user_county"),
    ("dashboard", "user_county"),
]


@pytest.mark.parametrize(("name", "user"), PAGES)
def test_a_page_costs_the_same_queries_at_two_sizes(running, cast, login, name, user):
    client = login(getattr(cast, user))
    url = reverse(name)
    grow(cast, running, 3)
    small = count(client, url)
    grow(cast, running, 20)
    assert count(client, url) == small


def test_the_priority_page_costs_the_same_queries_at_two_sizes(running, cast, login):
    unit = EnterpriseFactory(region=cast.township_a, department=department("350404"))
    client = login(cast.user_county)
    url = reverse("inspections:priority", args=[unit.pk])
    HazardFactory(region=cast.township_a, enterprise=unit, grade="major")
    small = count(client, url)
    for _ in range(5):
        HazardFactory(region=cast.township_a, enterprise=unit, grade="major")
    assert count(client, url) == small


@pytest.mark.parametrize("name", ["inspections:units", "inspections:coverage"])
def test_without_a_campaign_the_pages_say_so(cast, login, name):
    EnterpriseFactory(region=cast.township_a, department=department("350404"))
    page = login(cast.user_county).get(reverse(name), {"inspected": "true"})
    assert "尚无可查看的检查行动" in page.content.decode()
    assert "inspections-panel" not in login(cast.user_county).get("/").content.decode()


def test_the_mechanism_pages_show_no_raw_code_or_english(running, cast, login):
    from tests.test_no_raw_codes import problems, raw_values, visible

    grow(cast, running, 2)
    c = running[0]
    cadence.yearly_evaluation(day=datetime.date(c.year + 1, 1, 1))
    cadence.half_year_analysis(day=datetime.date(c.year, 7, 1))
    unit = running[0].inspections.first().enterprise
    values = raw_values() - {u.username for u in cast.users.values()}
    for who in ("user_city", "user_county", "user_department", "user_a"):
        client = login(getattr(cast, who))
        for url in (
            reverse("inspections:units"),
            reverse("inspections:coverage"),
            reverse("inspections:evaluation_table"),
            reverse("inspections:cadence_report_list"),
            reverse("inspections:priority", args=[unit.pk]),
            "/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert problems(visible(response.content.decode()), values) == [], (who, url)
