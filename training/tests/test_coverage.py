"""Coverage of principals and the year's totals, against counts made independently of the reports."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from base.models import Notification
from grid.models import Enterprise
from training import reports, services
from training.choices import CheckInMethod
from training.models import Attendance, WarningClass

from .factories import EnterpriseFactory, WarningClassFactory, resident_id

YEAR = 2025


def at(month: int, day: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(YEAR, month, day, 9))


@pytest.fixture
def year_of_classes(cast):
    """Principals of two townships and another county; classes of the city and two counties in 2025 and one in 2024."""
    a = EnterpriseFactory.create_batch(4, region=cast.township_a, industry="industrial_trade")
    b = EnterpriseFactory.create_batch(3, region=cast.township_b, industry="construction")
    other = EnterpriseFactory.create_batch(2, region=cast.other_township, industry="mining")
    EnterpriseFactory(region=cast.township_a, status="closed")  # a closed enterprise's head is no longer counted
    city_q1 = WarningClassFactory(region=cast.city, starts_at=at(2), ends_at=at(2) + datetime.timedelta(hours=3))
    county_q2 = WarningClassFactory(region=cast.county, starts_at=at(5), ends_at=at(5) + datetime.timedelta(hours=3))
    other_q3 = WarningClassFactory(
        region=cast.other_county, starts_at=at(8), ends_at=at(8) + datetime.timedelta(hours=3)
    )
    last_year = WarningClassFactory(
        region=cast.county,
        starts_at=at(6) - datetime.timedelta(days=365),
        ends_at=at(6) - datetime.timedelta(days=365) + datetime.timedelta(hours=2),
    )

    def sign(klass, enterprise):
        services.check_in(
            warning_class=klass,
            id_number=enterprise.principal_id_number,
            method=CheckInMethod.IMPORT,
            at=klass.starts_at,
            enforce_window=False,
        )

    sign(city_q1, a[0])
    sign(city_q1, b[0])
    sign(county_q2, a[0])  # the same person again: attended once for the year
    sign(county_q2, a[1])
    sign(other_q3, other[0])
    sign(last_year, a[2])  # last year's attendance does not cover this year
    services.check_in(
        warning_class=county_q2, id_number=resident_id("350403", 888001), name="村委 张华", enforce_window=False
    )
    return {"a": a, "b": b, "other": other}


def independent_attended(enterprises, *, year, quarter=None) -> int:
    people = {
        a.id_number
        for a in Attendance.objects.select_related("warning_class")
        if a.warning_class.year == year and (quarter is None or a.warning_class.quarter == quarter)
    }
    return sum(1 for e in enterprises if e.status == "operating" and e.principal_id_number in people)


def test_the_citys_coverage_per_county_and_industry_equals_an_independent_count(cast, year_of_classes):
    table = reports.coverage(cast.user_city, year=YEAR, region=cast.city)
    everyone = [e for e in Enterprise.objects.all() if e.status == "operating"]
    assert table["totals"]["total"] == len(everyone) == 9
    assert table["totals"]["attended"] == independent_attended(everyone, year=YEAR) == 4
    by_county = {row["label"]: row for row in table["regions"]}
    sanyuan = [e for e in everyone if e.region.parent_id == cast.county.pk]
    assert by_county[cast.county.name]["attended"] == independent_attended(sanyuan, year=YEAR) == 3
    assert by_county[cast.county.name]["absent"] == len(sanyuan) - 3 == 4
    assert by_county[cast.other_county.name]["rate"] == 50.0
    by_industry = {row["industry"]: row for row in table["industries"]}
    assert (by_industry["industrial_trade"]["attended"], by_industry["industrial_trade"]["total"]) == (2, 4)
    assert (by_industry["mining"]["attended"], by_industry["mining"]["total"]) == (1, 2)


def test_quarterly_coverage_counts_the_quarters_classes_only(cast, year_of_classes):
    everyone = [e for e in Enterprise.objects.all() if e.status == "operating"]
    for quarter, expected in [(1, 2), (2, 2), (3, 1), (4, 0)]:
        table = reports.coverage(cast.user_city, year=YEAR, quarter=quarter, region=cast.city)
        assert table["totals"]["attended"] == independent_attended(everyone, year=YEAR, quarter=quarter) == expected


def test_a_township_sees_the_coverage_of_its_own_principals(cast, year_of_classes):
    table = reports.coverage(cast.user_a, year=YEAR)
    assert (table["totals"]["total"], table["totals"]["attended"]) == (4, 2)
    absent = set(reports.absent_principals(cast.user_a, year=YEAR))
    assert absent == set(year_of_classes["a"][2:])


def test_the_years_totals_equal_independent_counts_for_any_year(cast, year_of_classes):
    totals = reports.year_totals(YEAR)
    classes = [k for k in WarningClass.objects.all() if timezone.localtime(k.starts_at).year == YEAR]
    rows = [a for a in Attendance.objects.select_related("warning_class") if a.warning_class in classes]
    assert totals["classes"] == len(classes) == 3
    assert totals["city_level"] == sum(1 for k in classes if k.region.level == "city") == 1
    assert totals["attendances"] == len(rows) == 6
    assert totals["people"] == len({a.id_number for a in rows}) == 5
    assert totals["walk_ins"] == sum(1 for a in rows if a.invitation_id is None) == 6
    assert reports.year_totals(YEAR - 1)["classes"] == 1
    county = reports.year_totals(YEAR, region=cast.county)
    assert (county["classes"], county["attendances"]) == (1, 3)


def test_the_coverage_page_shows_the_numbers_and_the_absent_principals(login, cast, year_of_classes):
    page = login(cast.user_county).get("/training/coverage/", {"year": YEAR})
    text = page.content.decode()
    assert page.context["coverage"]["totals"]["attended"] == 3
    assert page.context["totals"]["classes"] == 1
    for enterprise in year_of_classes["a"][2:] + year_of_classes["b"][1:]:
        assert enterprise.name in text
    assert year_of_classes["a"][0].name not in text.split('id="absent-principals"')[1]
    assert year_of_classes["other"][1].name not in text


def test_the_quarterly_reminder_reaches_each_absent_principals_township_once(cast, year_of_classes):
    day = datetime.date(YEAR, 10, 1)
    first = services.remind_absent_principals(day=day)
    services.remind_absent_principals(day=day)
    call_command("run_jobs", "quarterly", "--date", f"{YEAR}-10-01")
    call_command("run_jobs", "quarterly", "--date", f"{YEAR}-11-15")
    notices = Notification.objects.filter(kind="training_absent_principals")
    assert first == notices.count() == 2, "township A and township B, each once"
    texts = {n.recipient.username: n.text for n in notices}
    assert "尚有 2 名企业主要负责人2025年未参加" in texts["township_a"]
    assert "尚有 2 名" in texts["township_b"]
    # The next quarter is a new reminder.
    assert services.remind_absent_principals(day=datetime.date(YEAR + 1, 1, 1)) == 2
