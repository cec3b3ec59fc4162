"""三为主三明确 in the 督查通报: the month's inspections against last month and last year, the campaign's
coverage against the share due, the lagging counties (townships) and departments named with independent counts."""

import datetime

import pytest

from grid.models import Department, Enterprise, Region
from grid.tests.factories import EnterpriseFactory
from inspections.choices import InspectionResult
from inspections.models import Campaign, Inspection
from inspections.reports import expected_coverage
from inspections.tests.mechanism_world import campaign, duty, inspect, team
from sanming_safety.bulletin import collect_rankings
from sanming_safety.services import draft_bulletin

MONTH = datetime.date(2026, 10, 1)
AS_OF = datetime.date(2026, 10, 31)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def listed_units(region: Region) -> int:
    """Operating units under ``region`` regulated by an emergency department (the only duty of the world)."""
    return Enterprise.objects.filter(
        region__path__startswith=region.path, department__kind="emergency", status="operating"
    ).count()


def inspected_units(region: Region, day: datetime.date, running: Campaign) -> int:
    return (
        Inspection.objects.filter(campaign=running, region__path__startswith=region.path, inspected_on__lte=day)
        .values("enterprise")
        .distinct()
        .count()
    )


def share(region: Region, running: Campaign, day: datetime.date = AS_OF) -> float:
    return round(inspected_units(region, day, running) * 100 / listed_units(region), 1)


@pytest.fixture
def campaign_month(cast):
    """The city's 2026 campaign: 三元区 inspected three of its four units (one 不合格, not re-inspected),
    沙县区 none of its two; an inspection in September and one in October 2025."""
    running = campaign(cast.city)
    teams = {}
    for county in (cast.county, cast.other_county):
        emergency = Department.objects.get(region=county, kind="emergency")
        duty(running, emergency)
        teams[county.pk] = team(running, emergency)
    units = {
        township: EnterpriseFactory.create_batch(2, region=township, supervised_by="emergency")
        for township in (cast.township_a, cast.township_b, cast.other_township)
    }
    county_team = teams[cast.county.pk]
    first, second = units[cast.township_a]
    inspect(county_team, first, on=datetime.date(2026, 10, 12))
    inspect(county_team, second, on=datetime.date(2026, 10, 20), result=InspectionResult.FAILED)
    inspect(county_team, units[cast.township_b][0], on=datetime.date(2026, 9, 15))
    last_year = Campaign.objects.create(
        name="2025年安全生产大检查",
        year=2025,
        region=cast.city,
        starts_on=datetime.date(2025, 10, 1),
        ends_on=datetime.date(2025, 10, 31),
    )
    inspect(team(last_year, county_team.department), first, on=datetime.date(2025, 10, 9))
    return running


def problem_line(text: str, title: str) -> str:
    return next(line for line in text.splitlines() if title in line)


def test_the_city_draft_gives_the_months_figures_and_names_the_lagging_counties_and_departments(cast, campaign_month):
    running = campaign_month
    issue, _ = draft_bulletin(month=MONTH, region=cast.city)
    county, other = cast.county, cast.other_county
    month_counts = [
        Inspection.objects.filter(inspected_on__gte=start, inspected_on__lte=end).count()
        for start, end in [
            (MONTH, AS_OF),
            (datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)),
            (datetime.date(2025, 10, 1), datetime.date(2025, 10, 31)),
        ]
    ]
    assert month_counts == [2, 1, 1]
    assert "开展检查2次（上月1次，去年同期1次）" in issue.overview
    assert "不合格未复查单位1家（上月0家，去年同期0家）" in issue.overview
    city = share(cast.city, running)
    before = share(cast.city, running, datetime.date(2026, 9, 30))
    assert (city, before) == (50.0, 16.7)
    assert f"检查覆盖率{city}%（上月{before}%）" in issue.overview
    # Every unit was due by the end of the department phase (30 June): the whole list is behind.
    line = problem_line(issue.problems, "检查覆盖率低于进度要求")
    assert "应达100.0%" in line
    assert (share(other, running), share(county, running)) == (0.0, 75.0)
    assert f"{other.name}0.0%、{other.name}应急管理局0.0%、{county.name}75.0%、{county.name}应急管理局75.0%" in line
    failed = problem_line(issue.problems, "不合格单位未复查")
    assert failed.endswith(f"：{county.name}1家、{county.name}应急管理局1家。")
    assert other.name not in failed
    assert "按期复查" in issue.requirements


def test_a_county_draft_names_its_townships(cast, campaign_month):
    issue, _ = draft_bulletin(month=MONTH, region=cast.county)
    line = problem_line(issue.problems, "检查覆盖率低于进度要求")
    # 列东街道 inspected both of its units; 列西街道 one of two; 凤岗街道 is another county's.
    assert f"{cast.township_b.name}50.0%" in line
    assert cast.township_a.name not in line and cast.other_township.name not in line
    assert f"不合格单位未复查：{cast.township_a.name}1家" in issue.problems
    assert "开展检查2次（上月1次，去年同期1次）" in issue.overview


def test_the_counties_are_ranked_by_coverage(cast, campaign_month):
    ranking = next(r for r in collect_rankings(MONTH, cast.city) if r.title == "检查覆盖率")
    rows = {row["name"]: row for row in ranking.ranked()}
    assert rows[cast.county.name]["value"] == 75.0 and rows[cast.county.name]["mark"] == "最好"
    assert rows[cast.other_county.name]["value"] == 0.0 and rows[cast.other_county.name]["mark"] == "最差"
    # Counties with no listed unit have nothing to measure: unplaced.
    measured = (cast.county.name, cast.other_county.name)
    assert all(row["place"] is None for name, row in rows.items() if name not in measured)


def test_the_share_due_grows_through_the_department_phase(cast, campaign_month):
    running = campaign_month
    assert expected_coverage(running, datetime.date(2026, 3, 31)) == 0.0
    assert expected_coverage(running, datetime.date(2026, 4, 1)) == round(100 / 91, 1)
    assert expected_coverage(running, datetime.date(2026, 5, 31)) == round(61 * 100 / 91, 1)
    assert expected_coverage(running, datetime.date(2026, 6, 30)) == 100.0
    # By the end of May nothing had been inspected yet: both counties are named against the 67.0% due.
    issue, _ = draft_bulletin(month=datetime.date(2026, 5, 1), region=cast.city)
    line = problem_line(issue.problems, "检查覆盖率低于进度要求")
    assert "截至5月31日应达67.0%" in line
    assert f"{cast.county.name}0.0%" in line and f"{cast.other_county.name}0.0%" in line
