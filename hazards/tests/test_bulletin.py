import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from openpyxl import load_workbook

from base.reports import month_bounds
from hazards.choices import HazardGrade, HazardStatus
from hazards.models import Hazard, LeaderAssignment, RiskPoint, SupervisionProgress
from hazards.reports import freeze_risk_point_counts
from sanming_safety.bulletin import write_bulletin

from .factories import HazardFactory, RiskPointFactory, SupervisionItemFactory

MONTH = datetime.date(2026, 9, 1)
AS_OF = datetime.date(2026, 9, 30)
FIVE = dict.fromkeys(Hazard.FIVE_IN_PLACE, True)


@pytest.fixture
def data(cast):
    """Hazards in both townships of the county and in another county, in every state."""
    leader = cast.user_leader.official
    specs = [
        # (township, grade, found_on, deadline, closed_on, funds, five, assigned_on)
        (cast.township_a, "general", "2026-03-01", "2026-04-01", "2026-03-20", "1.5", False, None),
        (cast.township_a, "general", "2026-08-01", "2026-09-10", None, "0", False, None),  # overdue
        (cast.township_a, "general", "2026-09-15", "2026-12-01", None, "2", False, None),
        (cast.township_a, "general", "2026-10-05", "2026-12-01", None, "9", False, None),  # after the month
        (cast.township_a, "general", "2025-12-01", "2026-01-01", "2026-02-01", "4", False, None),  # last year
        (cast.township_a, "major", "2026-02-01", "2026-06-01", "2026-05-20", "30", True, "2026-02-10"),
        (cast.township_a, "major", "2026-05-01", "2026-08-31", None, "50", True, "2026-05-05"),  # overdue
        (cast.township_a, "major", "2026-06-01", "2026-09-01", "2026-10-10", "20", False, "2026-10-01"),  # closed late
        (cast.township_b, "general", "2026-04-01", "2026-05-01", "2026-04-20", "0.5", False, None),
        (cast.township_b, "major", "2026-07-01", "2026-12-31", None, "80", True, "2026-07-02"),
        (cast.township_b, "major", "2026-09-20", "2026-12-31", None, "10", False, None),  # no leader yet
        (cast.other_township, "major", "2026-03-01", "2026-04-01", None, "5", True, "2026-03-02"),
    ]
    for region, grade, found, deadline, closed, funds, five, assigned in specs:
        hazard = HazardFactory(
            region=region,
            grade=grade,
            found_on=datetime.date.fromisoformat(found),
            deadline=datetime.date.fromisoformat(deadline),
            funds=Decimal(funds),
            **(FIVE if five else {}),
        )
        if closed:
            Hazard.objects.filter(pk=hazard.pk).update(
                status=HazardStatus.CLOSED, closed_on=datetime.date.fromisoformat(closed)
            )
        if assigned:
            assigned_on = datetime.date.fromisoformat(assigned)
            LeaderAssignment.objects.create(
                hazard=hazard,
                leader=leader,
                round=2026,
                assigned_on=assigned_on,
                target_date=datetime.date.fromisoformat(deadline),
                status="completed" if closed else "active",
                completed_on=datetime.date.fromisoformat(closed) if closed else None,
            )
    for region, grade, level in [
        (cast.township_a, "red", "city"),
        (cast.township_a, "yellow", "township"),
        (cast.township_b, "orange", "county"),
        (cast.township_b, "blue", "enterprise"),
        (cast.other_township, "red", "county"),
    ]:
        RiskPointFactory(region=region, grade=grade, control_level=level, period="2026H2")
    RiskPointFactory(region=cast.township_a, grade="red", period="2026H2", review="retired")
    RiskPointFactory(region=cast.township_a, grade="red", period="2026H1")
    item = SupervisionItemFactory(region=cast.county, title="矿山安全整治")
    SupervisionItemFactory(
        region=cast.county, title="去年事项", start_on="2025-01-01", deadline="2025-12-31", status="completed"
    )
    SupervisionProgress.objects.create(item=item, month=MONTH, text="九月完成排查", percent=60)
    SupervisionProgress.objects.create(item=item, month=datetime.date(2026, 8, 1), text="八月", percent=40)
    return cast


def sheet_rows(workbook, title) -> dict:
    sheet = workbook[title]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    headers = rows[0]
    return {row[0]: dict(zip(headers, row, strict=False)) for row in rows[1:] if row and row[0]}


def expected_hazards(hazards) -> dict:
    """Independent counts, by plain filters, of hazards found this year to AS_OF."""
    found = hazards.filter(found_on__gte=datetime.date(2026, 1, 1), found_on__lte=AS_OF)
    general, major = found.filter(grade=HazardGrade.GENERAL), found.filter(grade=HazardGrade.MAJOR)
    open_then = found.exclude(closed_on__lte=AS_OF)
    return {
        "一般隐患（条）": general.count(),
        "一般隐患已整改": general.filter(closed_on__lte=AS_OF).count(),
        "重大隐患（条）": major.count(),
        "重大隐患已销号": major.filter(closed_on__lte=AS_OF).count(),
        "重大隐患已挂包": major.filter(leader_assignments__assigned_on__lte=AS_OF).distinct().count(),
        "重大隐患五到位": major.filter(**FIVE).count(),
        "重大隐患逾期": open_then.filter(grade=HazardGrade.MAJOR, deadline__lt=AS_OF).count(),
        "逾期隐患合计": open_then.filter(deadline__lt=AS_OF).count(),
        "整改资金（万元）": float(found.aggregate(s=Sum("funds"))["s"] or 0),
    }


def test_county_bulletin_numbers_equal_database_counts(data):
    workbook = load_workbook(write_bulletin(MONTH, data.county))
    rows = sheet_rows(workbook, "隐患排查治理（按区域）")
    for name, region in (("列东街道", data.township_a), ("列西街道", data.township_b)):
        expected = expected_hazards(Hazard.objects.filter(region=region))
        assert {k: rows[name][k] for k in expected} == expected, name
    total = expected_hazards(Hazard.objects.filter(region__path__startswith=data.county.path))
    assert {k: rows["合计"][k] for k in total} == total
    assert total["重大隐患（条）"] == 5 and total["重大隐患已挂包"] == 3 and total["重大隐患逾期"] == 2
    assert rows["列东街道"]["一般隐患整改率（%）"] == round(1 * 100 / 3, 1)
    assert "沙县区" not in str(rows)

    industry = sheet_rows(workbook, "隐患排查治理（按行业）")
    assert industry["工贸企业"]["重大隐患（条）"] == 5
    assert industry["合计"]["一般隐患（条）"] == total["一般隐患（条）"]


def test_city_bulletin_breaks_down_by_county(data):
    workbook = load_workbook(write_bulletin(MONTH, data.city))
    rows = sheet_rows(workbook, "隐患排查治理（按区域）")
    for county in (data.county, data.other_county):
        expected = expected_hazards(Hazard.objects.filter(region__path__startswith=county.path))
        assert {k: rows[county.name][k] for k in expected} == expected
    assert len([name for name in rows if not name.startswith("统计范围")]) == 12  # 11 counties and the total


def test_leader_round_sheet(data):
    rows = sheet_rows(load_workbook(write_bulletin(MONTH, data.county)), "2026年挂包整改进展")
    assignments = LeaderAssignment.objects.filter(
        hazard__region__path__startswith=data.county.path, round=2026, assigned_on__lte=AS_OF
    )
    assert rows["合计"]["挂包重大隐患"] == assignments.count() == 3
    assert rows["合计"]["已完成"] == assignments.filter(completed_on__lte=AS_OF).count() == 1
    assert (
        rows["合计"]["逾期未完成"] == assignments.filter(target_date__lt=AS_OF).exclude(completed_on__lte=AS_OF).count()
    )
    assert rows["列西街道"]["挂包重大隐患"] == 1


def test_supervision_sheet_shows_the_months_progress(data):
    sheet = load_workbook(write_bulletin(MONTH, data.county))["督办清单"]
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]]
    assert [(row[1], row[8], row[9]) for row in rows if isinstance(row[0], int)] == [
        ("矿山安全整治", "九月完成排查", 60)
    ]


def test_risk_point_sheet_live_and_frozen(data):
    def read():
        return sheet_rows(load_workbook(write_bulletin(MONTH, data.county)), "风险点（按区域）")

    live = RiskPoint.objects.active().filter(region__path__startswith=data.county.path, period="2026H2")
    rows = read()
    assert rows["合计"]["风险点合计"] == live.count() == 4
    assert rows["列东街道"]["重大风险"] == live.filter(region=data.township_a, grade="red").count() == 1
    assert rows["列西街道"]["县级"] == 1
    assert freeze_risk_point_counts(MONTH) > 0
    assert freeze_risk_point_counts(MONTH) == 0
    RiskPointFactory(region=data.township_a, grade="red", period="2026H2")  # after the freeze
    assert read()["合计"]["风险点合计"] == 4
    assert month_bounds(MONTH)[0] == MONTH


def test_bulletin_command_writes_a_workbook(data, tmp_path):
    out = tmp_path / "bulletin.xlsx"
    call_command("bulletin", "2026-09", "--out", str(out))
    workbook = load_workbook(io.BytesIO(out.read_bytes()))
    assert "隐患排查治理（按区域）" in workbook.sheetnames
    # Not issued: the cover says so (第N期 is given at 签发) and names the month covered.
    assert [workbook["封面"][f"A{row}"].value for row in (2, 5)] == ["草稿（未签发）", "通报月份：2026年9月"]


def test_colour_sheet_counts_hazards_open_at_month_end(data):
    rows = sheet_rows(load_workbook(write_bulletin(MONTH, data.county)), "隐患分色治理（按区域）")
    for name, region in (("列东街道", data.township_a), ("列西街道", data.township_b)):
        open_then = Hazard.objects.filter(region=region, found_on__lte=AS_OF).exclude(closed_on__lte=AS_OF)
        late = open_then.filter(deadline__lt=AS_OF)
        expected = {
            "红色": late.filter(grade="major").count(),
            "橙色": open_then.filter(grade="major").exclude(deadline__lt=AS_OF).count()
            + late.filter(grade="general").count(),
            "黄色": open_then.filter(grade="general").exclude(deadline__lt=AS_OF).count(),
            "未销号合计": open_then.count(),
        }
        assert {k: rows[name][k] for k in expected} == expected, name
    # 列东: the major open since May and the one closed only in October were both late at the end of September.
    assert (rows["列东街道"]["红色"], rows["列东街道"]["未销号合计"]) == (2, 4)
