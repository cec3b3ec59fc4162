"""The bulletin's hazard tables, each computed in one statement, equal plain counts of the rows; and one
bulletin computes them once."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q, Sum
from django.test.utils import CaptureQueriesContext

from base.reports import computed_once, numbers_by_sets
from grid.choices import Industry
from grid.models import Region
from hazards import reports
from hazards.choices import HazardGrade, HazardStatus
from hazards.models import Hazard, LeaderAssignment
from sanming_safety.bulletin import write_bulletin
from sanming_safety.document import write_document

from .factories import FIVE_IN_PLACE, HazardFactory

MONTH = datetime.date(2026, 9, 1)
AS_OF = datetime.date(2026, 9, 30)


def day(text: str | None) -> datetime.date | None:
    """A date of 2026 written as MM-DD, or a whole date."""
    if not text:
        return None
    return datetime.date.fromisoformat(text if len(text) > 5 else f"2026-{text}")


@pytest.fixture
def edges(cast):
    """Hazards at the edges of each count: closed after the day, no deadline, major with a leader assigned
    before or after the day or none, cents that a float sum would get wrong, a 开发区, a county with none."""
    zone = Region.objects.get(code="350404500")
    leader = cast.user_leader.official
    trade, building = "industrial_trade", "construction"
    specs = [
        # (township, grade, industry, found_on, deadline, closed_on, funds, five, assigned_on, completed_on)
        (cast.township_a, "general", trade, "02-01", None, None, "0.10", False, None, None),
        (cast.township_a, "general", trade, "03-01", "04-01", "10-02", "0.20", False, None, None),
        (cast.township_a, "general", building, "09-30", "09-29", "09-30", "0.70", False, None, None),
        (cast.township_a, "major", building, "01-01", None, None, "3.33", True, "01-05", None),
        (cast.township_a, "major", trade, "05-01", "08-31", "10-10", "10", False, "10-01", "10-10"),
        (cast.township_b, "major", trade, "06-01", "07-01", "09-15", "5.55", True, "06-02", "09-15"),
        (cast.township_b, "major", trade, "07-01", "09-01", None, "0", False, "07-02", None),
        (cast.township_b, "major", trade, "09-10", None, None, "0", False, None, None),
        (cast.township_b, "general", trade, "2025-12-31", "01-31", None, "1", False, None, None),
        (zone, "major", trade, "08-01", "08-15", "08-20", "2.22", True, "08-02", "08-14"),
        (zone, "general", trade, "10-01", "10-05", None, "9", False, None, None),
        (cast.other_township, "major", trade, "04-01", "05-01", None, "0.01", False, "04-02", None),
    ]
    for region, grade, industry, found, deadline, closed, funds, five, assigned, completed in specs:
        hazard = HazardFactory(
            region=region,
            grade=grade,
            industry=industry,
            found_on=day(found),
            deadline=day(deadline),
            funds=Decimal(funds),
            **(FIVE_IN_PLACE if five else {}),
        )
        if closed:
            Hazard.objects.filter(pk=hazard.pk).update(status=HazardStatus.CLOSED, closed_on=day(closed))
        if assigned:
            LeaderAssignment.objects.create(
                hazard=hazard,
                leader=leader,
                round=2026,
                assigned_on=day(assigned),
                target_date=day(deadline) or AS_OF,
                status="completed" if completed else "active",
                completed_on=day(completed),
            )
    return cast


def found(hazards) -> dict:
    """The year's numbers of ``hazards``, counted with plain filters, one count each."""
    rows = hazards.filter(found_on__gte=datetime.date(2026, 1, 1), found_on__lte=AS_OF)
    general, major = rows.filter(grade=HazardGrade.GENERAL), rows.filter(grade=HazardGrade.MAJOR)
    closed = Q(closed_on__lte=AS_OF)
    overdue = rows.filter(deadline__lt=AS_OF).exclude(closed)
    return {
        "general_found": general.count(),
        "general_rectified": general.filter(closed).count(),
        "major_found": major.count(),
        "major_closed": major.filter(closed).count(),
        "major_led": major.filter(leader_assignments__assigned_on__lte=AS_OF).distinct().count(),
        "major_five": major.filter(**FIVE_IN_PLACE).count(),
        "major_overdue": overdue.filter(grade=HazardGrade.MAJOR).count(),
        "overdue": overdue.count(),
        "funds": rows.aggregate(s=Sum("funds"))["s"] or 0,
    }


def colours(hazards) -> dict:
    open_then = hazards.filter(found_on__lte=AS_OF).exclude(closed_on__lte=AS_OF)
    late, major = Q(deadline__lt=AS_OF), Q(grade=HazardGrade.MAJOR)
    return {
        "red": open_then.filter(major & late).count(),
        "orange": open_then.filter(major).exclude(late).count() + open_then.exclude(major).filter(late).count(),
        "yellow": open_then.exclude(major).exclude(late).count(),
        "open": open_then.count(),
    }


def round_numbers(assignments) -> dict:
    rows = assignments.filter(round=2026, assigned_on__lte=AS_OF)
    done = rows.filter(completed_on__lte=AS_OF)
    return {
        "assigned": rows.count(),
        "completed": done.count(),
        "on_time": sum(1 for a in done if a.completed_on <= a.target_date),
        "overdue": rows.filter(target_date__lt=AS_OF).exclude(completed_on__lte=AS_OF).count(),
    }


def under(region) -> Q:
    return Q(region__path__startswith=region.path)


@pytest.mark.parametrize("name", ["city", "county", "township_a"])
def test_the_one_pass_tables_equal_plain_counts(edges, name):
    region = getattr(edges, name)
    names = [area.name for area in reports.areas(region)]
    hazards = Hazard.objects.all()
    assignments = LeaderAssignment.objects.all()

    def in_area(label):
        return region if label == "合计" else reports.areas(region)[names.index(label)]

    by_area = reports.hazards_by_area(region, AS_OF)
    assert [label for label, _ in by_area] == [*names, "合计"]
    for label, counts in by_area:
        assert counts == found(hazards.filter(under(in_area(label)))), label
    by_industry = reports.hazards_by_industry(region, AS_OF)
    assert [label for label, _ in by_industry] == [*Industry.labels.values(), "合计"]
    for value, (label, counts) in zip([*Industry.values, None], by_industry, strict=True):
        rows = hazards.filter(under(region), **({"industry": value} if value else {}))
        assert counts == found(rows), label
    for label, counts in reports.colours_by_area(region, AS_OF):
        assert counts == colours(hazards.filter(under(in_area(label)))), label
    for row in reports.leader_round(region, 2026, AS_OF):
        assert {k: v for k, v in row.items() if k != "region"} == round_numbers(
            assignments.filter(hazard__region__path__startswith=in_area(row["region"].name).path)
        ), row["region"].name


def test_the_edges_are_in_the_fixture(edges):
    """The counts above meet every edge: a county with nothing found, sums in cents, each kind of major."""
    county = dict(reports.hazards_by_area(edges.county, AS_OF))
    assert county["合计"]["funds"] == Decimal("22.10")  # 0.1 + 0.2 + 0.7 + 3.33 + 10 + 5.55 + 0 + 2.22
    assert (county["合计"]["major_found"], county["合计"]["major_led"]) == (6, 4)
    assert county["合计"]["overdue"] == 3  # two closed only after the day, one still open
    city = dict(reports.hazards_by_area(edges.city, AS_OF))
    assert city["明溪县"] == reports.EMPTY_HAZARDS
    assert dict(reports.colours_by_area(edges.county, AS_OF))["列东街道"]["open"] == 4
    rounds = {row["region"].name: row for row in reports.leader_round(edges.county, 2026, AS_OF)}
    assert (rounds["合计"]["on_time"], rounds["合计"]["overdue"]) == (1, 1)


def test_a_bulletin_computes_each_table_once(edges):
    """The workbook's sheets and rankings and the text read one statement per table; outside a bulletin each
    call computes afresh, so a page never reads stale numbers."""

    def queries(call) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured)

    def bulletin():
        reports.bulletin_sheets(month=MONTH, region=edges.city)
        reports.bulletin_facts(month=MONTH, region=edges.city)
        reports.bulletin_rankings(month=MONTH, region=edges.city)

    with computed_once():
        assert queries(bulletin) == 26  # 41 with a statement per grouping, each function its own
        assert queries(lambda: reports.bulletin_rankings(month=MONTH, region=edges.city)) == 1  # the areas
    assert queries(lambda: reports.hazards_by_area(edges.city, AS_OF)) == 3
    before = dict(reports.hazards_by_area(edges.city, AS_OF))["三元区"]["general_found"]
    HazardFactory(region=edges.township_a, found_on=AS_OF)
    assert dict(reports.hazards_by_area(edges.city, AS_OF))["三元区"]["general_found"] == before + 1


def test_the_workbook_and_the_document_compute_the_years_numbers_once_a_day(edges, monkeypatch):
    """The workbook's sheets and rankings share the month's numbers; the document's text, rankings and tables
    share them too, and add only last month's and last year's for the comparisons."""
    days = []

    def counted(rows, numbers, keys, **options):
        if numbers is reports.FOUND_NUMBERS:
            days.append(options["params"][-1])
        return numbers_by_sets(rows, numbers, keys, **options)

    monkeypatch.setattr(reports, "numbers_by_sets", counted)
    write_bulletin(MONTH, edges.city)
    assert days == [AS_OF]
    days.clear()
    write_document(MONTH, edges.city)
    assert sorted(days) == [datetime.date(2025, 9, 30), datetime.date(2026, 8, 31), AS_OF]
