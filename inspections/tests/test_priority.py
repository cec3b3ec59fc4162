"""重点风险优先: the score is computed in the database, equals an independent count, and orders the lists."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enforcement.tests.factories import AccidentFactory
from grid.models import Enterprise
from grid.tests.factories import EnterpriseFactory
from hazards.tests.factories import HazardFactory

from .. import priority
from .mechanism_world import campaign, duty

DAY = datetime.date(2026, 5, 1)


def expected(enterprise, accidents: int, majors: int) -> int:
    """The score by hand, from the weights the page states."""
    risk = {"red": 40, "orange": 25, "yellow": 10, "blue": 0}[enterprise.risk_grade]
    return risk + (15 if enterprise.weak_foundation else 0) + min(10 * accidents, 30) + min(20 * majors, 40)


@pytest.fixture
def enterprises(cast):
    a = EnterpriseFactory(region=cast.township_a, risk_grade="red", weak_foundation=True)
    b = EnterpriseFactory(region=cast.township_a, risk_grade="orange")
    c = EnterpriseFactory(region=cast.township_b, risk_grade="yellow", weak_foundation=True)
    d = EnterpriseFactory(region=cast.township_b, risk_grade="blue")
    for _ in range(4):  # more than the cap
        AccidentFactory(region=cast.township_a, enterprise=a, occurred_on=datetime.date(2025, 6, 1))
    AccidentFactory(region=cast.township_a, enterprise=b, occurred_on=datetime.date(2024, 1, 1))
    AccidentFactory(region=cast.township_a, enterprise=b, occurred_on=datetime.date(2022, 1, 1))  # too old
    AccidentFactory(region=cast.township_b, enterprise=c, occurred_on=DAY + datetime.timedelta(days=1))  # after
    HazardFactory(region=cast.township_b, enterprise=c, grade="major")
    HazardFactory(region=cast.township_b, enterprise=c, grade="general")  # not major
    HazardFactory(region=cast.township_b, enterprise=d, grade="major", status="closed", closed_on=DAY)  # closed
    for _ in range(3):
        HazardFactory(region=cast.township_a, enterprise=b, grade="major", status="rectifying")
    return {"a": (a, 4, 0), "b": (b, 1, 3), "c": (c, 0, 1), "d": (d, 0, 0)}


def test_the_score_equals_a_count_by_hand(enterprises):
    scores = dict(priority.with_priority(Enterprise.objects.all(), DAY).values_list("pk", "priority"))
    for enterprise, accidents, majors in enterprises.values():
        assert scores[enterprise.pk] == expected(enterprise, accidents, majors), enterprise.name
    assert [scores[enterprises[k][0].pk] for k in "abcd"] == [40 + 15 + 30, 25 + 10 + 40, 10 + 15 + 20, 0]


def test_the_score_alone_counts_each_units_accidents_and_major_hazards_once(enterprises):
    # A part is written out again wherever it is used: asked for with the score, each count is made three times.
    sql = str(priority.with_priority(Enterprise.objects.all(), DAY).query)
    assert (sql.count('"enforcement_accident"'), sql.count('"hazards_hazard"')) == (1, 1)
    rows = {row.pk: row for row in priority.with_priority(Enterprise.objects.all(), DAY, parts=True)}
    for enterprise, accidents, majors in enterprises.values():
        row = rows[enterprise.pk]
        assert (row.priority_accidents, row.priority_major_hazards) == (accidents, majors), enterprise.name
        assert row.priority == expected(enterprise, accidents, majors), enterprise.name


def test_the_score_is_one_query_whatever_the_number_of_enterprises(enterprises, cast):
    with CaptureQueriesContext(connection) as small:
        list(priority.by_priority(Enterprise.objects.all(), DAY))
    for _ in range(10):
        EnterpriseFactory(region=cast.township_a, risk_grade="red")
    with CaptureQueriesContext(connection) as large:
        rows = list(priority.by_priority(Enterprise.objects.all(), DAY))
    assert len(small) == len(large) == 1
    assert [row.priority for row in rows] == sorted((row.priority for row in rows), reverse=True)


def test_the_department_list_is_ordered_by_priority_and_shows_how_each_score_was_made(enterprises, cast, login):
    c = campaign()
    duty(c, cast.user_department.official.department)
    for enterprise, _, _ in enterprises.values():
        enterprise.department = cast.user_department.official.department
        enterprise.save()
    page = login(cast.user_department).get(reverse("inspections:units"), {"campaign": c.pk})
    listed = list(page.context["object_list"])
    assert {e.pk for e in listed} == {e.pk for e, _, _ in enterprises.values()}
    assert [e.priority for e in listed] == sorted((e.priority for e in listed), reverse=True)
    html = page.content.decode()
    assert "每条 20 分，最多 40 分" in html
    a = enterprises["a"][0]
    detail = login(cast.user_department).get(reverse("inspections:priority", args=[a.pk]))
    assert detail.context["enterprise"].priority == expected(a, 4, 0)
    assert [part["points"] for part in detail.context["parts"]] == [40, 15, 30, 0]
    assert "4 起" in detail.content.decode()


def test_a_township_cannot_open_another_townships_score(enterprises, cast, login):
    c_enterprise = enterprises["c"][0]  # township B
    assert login(cast.user_a).get(reverse("inspections:priority", args=[c_enterprise.pk])).status_code == 404
    assert login(cast.user_b).get(reverse("inspections:priority", args=[c_enterprise.pk])).status_code == 200
