"""评先评优挂钩: accidents, accountability and overdue major hazards decide each unit's consequences."""

import datetime

from django.urls import reverse

from base.choices import AccidentLevel
from base.models import Notification
from grid.models import Department, Region
from hazards.choices import HazardGrade, HazardStatus
from hazards.tests.factories import HazardFactory
from tests.scoping import workbook_rows

from ..choices import AssessmentStatus
from ..models import UnitAssessment
from ..services import ACCIDENT_REPORTED, ASSESSMENT_TO_CONFIRM, assessment_compute, assessment_confirm
from .factories import AccidentFactory, AccountabilityCaseFactory, department


def assessment(year, county=None, dept=None) -> UnitAssessment:
    if dept is not None:
        return UnitAssessment.objects.get(year=year, department=dept)
    return UnitAssessment.objects.get(year=year, region=county, department__isnull=True)


def test_an_accident_notifies_the_county_and_city_committees_once(cast):
    accident = AccidentFactory(region=cast.township_a, level=AccidentLevel.GENERAL)
    accident.injuries = 2
    accident.save()  # a correction: nobody hears of it twice
    notified = Notification.objects.filter(kind=ACCIDENT_REPORTED)
    assert sorted(notified.values_list("recipient__username", flat=True)) == ["city", "county"]


def test_a_larger_accident_downgrades_its_county_with_the_reason(cast, login):
    city_housing = Department.objects.get(region=cast.city, kind="housing")
    AccidentFactory(
        region=cast.township_a,
        occurred_on=datetime.date(2026, 5, 10),
        place="某在建工地",
        level=AccidentLevel.LARGER,
        deaths=3,
        department=department("350404", "housing"),
    )
    row = assessment(2026, cast.county)
    assert (row.accidents_larger, row.deaths, row.downgraded, row.merit_quota_cancelled) == (1, 3, True, True)
    assert row.reasons == [
        f"发生2026年05月10日{cast.township_a.name}某在建工地较大事故（死亡3人）：年度综治考评降档",
        f"发生2026年05月10日{cast.township_a.name}某在建工地较大事故（死亡3人）：取消“五比五晒”党政主官记功名额",
    ]
    housing = assessment(2026, dept=city_housing)
    assert (housing.downgraded, housing.merit_quota_cancelled) == (True, False)
    other = assessment(2026, cast.other_county)
    assert (other.downgraded, other.reasons) == (False, [])
    # What the city committee reads on the year's table.
    page = login(cast.user_city).get(reverse("enforcement:unit_assessment_list"), {"year": 2026, "downgraded": True})
    units = {obj.unit: obj.reasons_text for obj in page.context["object_list"]}
    assert units[cast.county.name].startswith("发生2026年05月10日")
    assert set(units) == {cast.county.name, city_housing.name}


def test_numbers_equal_an_independent_count(cast):
    year = 2026
    levels = [AccidentLevel.GENERAL, AccidentLevel.GENERAL, AccidentLevel.MAJOR]
    for index, level in enumerate(levels):
        AccidentFactory(region=cast.township_b, level=level, deaths=index + 1, occurred_on=datetime.date(year, 2, 1))
    AccidentFactory(region=cast.other_township, level=AccidentLevel.GENERAL, occurred_on=datetime.date(year - 1, 2, 1))
    AccountabilityCaseFactory(region=cast.county, decided_on=datetime.date(year, 3, 1))
    AccountabilityCaseFactory(region=cast.township_a, decided_on=datetime.date(year, 4, 1))
    AccountabilityCaseFactory(region=cast.other_county, decided_on=datetime.date(year, 4, 1))
    due = datetime.date(year, 6, 30)
    late = dict(grade=HazardGrade.MAJOR, deadline=due, found_on=datetime.date(year, 1, 5))
    HazardFactory(region=cast.township_a, **late)  # open past its deadline
    HazardFactory(
        region=cast.township_a, status=HazardStatus.CLOSED, closed_on=due + datetime.timedelta(days=3), **late
    )
    HazardFactory(region=cast.township_a, status=HazardStatus.CLOSED, closed_on=due, **late)  # on time
    HazardFactory(region=cast.township_a, grade=HazardGrade.GENERAL, deadline=due)  # not major
    assessment_compute(year=year, city=cast.city, as_of=datetime.date(year + 1, 1, 1))
    row = assessment(year, cast.county)
    expected = {
        "accidents_general": 2,
        "accidents_larger": 0,
        "accidents_major": 1,
        "deaths": 1 + 2 + 3,
        "accountability_cases": 2,
        "overdue_major_hazards": 2,
        "downgraded": True,
        "merit_quota_cancelled": True,
    }
    assert {name: getattr(row, name) for name in expected} == expected
    other = assessment(year, cast.other_county)
    assert (other.accidents_general, other.accountability_cases, other.downgraded) == (0, 1, False)
    counties = Region.objects.filter(parent=cast.city, level="county").count()
    departments = Department.objects.filter(region=cast.city).count()
    assert UnitAssessment.objects.filter(year=year).count() == counties + departments


def test_the_city_committee_is_asked_once_and_confirms(cast, login):
    AccidentFactory(region=cast.township_a, level=AccidentLevel.LARGER, deaths=3)
    AccidentFactory(region=cast.township_b, level=AccidentLevel.GENERAL)
    asked = Notification.objects.filter(kind=ASSESSMENT_TO_CONFIRM)
    assert list(asked.values_list("recipient__username", flat=True)) == ["city"]
    client = login(cast.user_city)
    client.post(reverse("enforcement:unit_assessment_action", args=["confirm"]), {"year": 2026})
    row = assessment(2026, cast.county)
    assert (row.status, row.confirmed_by) == (AssessmentStatus.CONFIRMED, cast.user_city)
    # A confirmed year stays as confirmed.
    AccidentFactory(region=cast.township_a, level=AccidentLevel.LARGER, deaths=4)
    row.refresh_from_db()
    assert row.accidents_larger == 1
    assert (
        login(cast.user_county)
        .post(reverse("enforcement:unit_assessment_action", args=["confirm"]), {"year": 2026})
        .status_code
        == 403
    )
    assert assessment_confirm(year=2026, city=cast.city, by=cast.user_city) == 0


def test_the_year_table_exports_with_reasons(cast, login):
    AccidentFactory(region=cast.township_a, level=AccidentLevel.LARGER, deaths=3, place="某矿")
    response = login(cast.user_city).get(
        reverse("enforcement:unit_assessment_list"), {"year": 2026, "downgraded": True, "export": "xlsx"}
    )
    rows = workbook_rows(response)
    county = next(row for row in rows if row[1] == cast.county.name)
    assert county[8:10] == ("是", "是")
    assert "某矿较大事故（死亡3人）：年度综治考评降档" in county[10]
    assert county[11] == "待市安委会确认"


def test_the_yearly_job_computes_last_year_and_asks_once(cast):
    from base.jobs import run

    AccidentFactory(region=cast.township_b, level=AccidentLevel.MAJOR, deaths=10, occurred_on=datetime.date(2025, 8, 1))
    Notification.objects.filter(kind=ASSESSMENT_TO_CONFIRM).delete()
    UnitAssessment.objects.all().delete()
    run("yearly", datetime.date(2026, 1, 1))
    run("yearly", datetime.date(2026, 1, 1))
    row = assessment(2025, cast.county)
    assert (row.accidents_major, row.downgraded, row.merit_quota_cancelled) == (1, True, True)
    assert Notification.objects.filter(kind=ASSESSMENT_TO_CONFIRM).count() == 1
