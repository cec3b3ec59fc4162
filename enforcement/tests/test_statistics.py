"""Penalty statistics with year-on-year change, accountability and transfers, equal to counting by hand."""

import datetime
from decimal import Decimal

from django.urls import reverse

from grid.tests.factories import EnterpriseFactory

from ..choices import SubjectKind
from ..reports import bulletin_sheets, change, dashboard
from .factories import AccountabilityCaseFactory, JudicialTransferFactory, PenaltyFactory, department


def penalties(region, year, count, *, preventive=0, kind="fine", dept=None, month=3):
    enterprise = EnterpriseFactory(region=region)
    for index in range(count):
        PenaltyFactory(
            enterprise=enterprise,
            decided_on=datetime.date(year, month, 1 + index % 28),
            preventive=index < preventive,
            kind=kind,
            amount=Decimal(1000),
            accident=None,
            department=dept or department(region.code[:6]),
        )


def test_the_source_figures_4304_penalties_are_123_percent_up():
    # 2021: 4,304 penalties, "+123% on 2020": the 2020 figure is about 1,930.
    assert change(4304, 1930) == 123.0


def test_year_on_year_by_county_department_and_type(cast, login):
    penalties(cast.township_a, 2026, 9, preventive=6)
    penalties(cast.township_b, 2026, 3, preventive=3, kind="warning", dept=department("350404", "housing"))
    penalties(cast.township_a, 2025, 4, preventive=1)
    penalties(cast.other_township, 2026, 2)
    penalties(cast.other_township, 2025, 5)
    AccountabilityCaseFactory(region=cast.county, decided_on=datetime.date(2026, 5, 1))
    AccountabilityCaseFactory(region=cast.county, decided_on=datetime.date(2026, 5, 2), subject_kind=SubjectKind.UNIT)
    AccountabilityCaseFactory(region=cast.county, decided_on=datetime.date(2025, 5, 1))
    JudicialTransferFactory(enterprise=EnterpriseFactory(region=cast.township_a))

    context = login(cast.user_city).get(reverse("enforcement:statistics"), {"year": 2026}).context
    stats = context["penalties"]
    # By hand: 2026 = 9 + 3 + 2 = 14, 2025 = 4 + 5 = 9; preventive 6 + 3 = 9 of 14.
    assert (stats["totals"]["count"], stats["totals"]["last_count"]) == (14, 9)
    assert stats["totals"]["change"] == round((14 - 9) * 100 / 9, 1)
    assert stats["totals"]["preventive_share"] == round(9 * 100 / 14, 1)
    areas = {row["region"].name: (row["count"], row["last_count"], row["change"]) for row in stats["areas"]}
    assert areas[cast.county.name] == (12, 4, 200.0)
    assert areas[cast.other_county.name] == (2, 5, -60.0)
    departments = {row["label"]: (row["count"], row["last_count"]) for row in stats["departments"]}
    assert departments == {"应急管理局": (11, 9), "住房和城乡建设局": (3, 0)}
    kinds = {row["label"]: row["count"] for row in stats["kinds"] if row["count"]}
    assert kinds == {"罚款": 11, "警告": 3}
    assert context["accountability"] == {"officials": 1, "units": 1, "transferred": 1}

    # The county sees its own, against its own last year; a township its enterprises'.
    county = login(cast.user_county).get(reverse("enforcement:statistics"), {"year": 2026}).context["penalties"]
    assert (county["totals"]["count"], county["totals"]["last_count"], county["totals"]["change"]) == (12, 4, 200.0)
    township = login(cast.user_a).get(reverse("enforcement:statistics"), {"year": 2026}).context["penalties"]
    assert (township["totals"]["count"], township["totals"]["change"]) == (9, 125.0)


def test_a_department_counts_its_own_penalties(cast, login):
    penalties(cast.township_a, 2026, 4)
    penalties(cast.township_b, 2026, 3, dept=department("350404", "housing"))
    stats = login(cast.user_department).get(reverse("enforcement:statistics"), {"year": 2026}).context["penalties"]
    assert stats["totals"]["count"] == 4


def test_the_bulletin_sheet_compares_with_the_same_period_last_year(cast):
    penalties(cast.township_a, 2026, 5, month=2)
    penalties(cast.township_a, 2026, 2, month=11)  # after the bulletin's month
    penalties(cast.township_a, 2025, 4, month=3)
    penalties(cast.township_a, 2025, 6, month=9)  # later in the year than March: not the same period
    sheets = {sheet.title: sheet for sheet in bulletin_sheets(month=datetime.date(2026, 3, 1), region=cast.county)}
    rows = {row[0]: row for row in sheets["行政处罚（按区域）"].rows}
    assert rows[cast.township_a.name][1:4] == [5, 4, 25.0]
    assert rows["合计"][1:4] == [5, 4, 25.0]


def test_the_dashboard_counts_this_year_to_date(cast, login):
    today = datetime.date.today()
    penalties(cast.township_a, today.year, 2, month=1)
    data = dashboard(cast.user_county)
    assert data["penalties"]["count"] == 2
    page = login(cast.user_county).get(reverse("dashboard")).content.decode()
    assert "一单 · 执法问责" in page
