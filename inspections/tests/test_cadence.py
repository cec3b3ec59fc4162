"""四项机制 through run_jobs: each notice once per item and period, workbooks that read back with the right
numbers (and open in LibreOffice), and queries that do not grow with the number of items."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from base.models import Notification
from grid.tests.factories import EnterpriseFactory
from tests.office import needs_office, pdf_pages, to_pdf

from .. import cadence, reports
from ..choices import CheckOutcome, PhaseKind
from ..models import CadenceReport, ChecklistItem, Evaluation, InspectionCheck
from .mechanism_world import campaign, department, duty, finding, inspect, team


@pytest.fixture
def world(cast):
    """One campaign: the county's emergency department with four units, the other county's with one."""
    c = campaign()
    emergency, other = department("350404"), department("350405")
    duty(c, emergency)
    duty(c, other)
    county_team, other_team = team(c, emergency), team(c, other)
    local_team = team(c, None, region=cast.county)  # 属地政府督查: no department
    units = [EnterpriseFactory(region=cast.township_a, department=emergency) for _ in range(3)]
    units.append(EnterpriseFactory(region=cast.township_b, department=emergency, risk_grade="red"))
    far = EnterpriseFactory(region=cast.other_township, department=other)
    passed = inspect(county_team, units[0], on=datetime.date(2026, 5, 1))
    failed = inspect(county_team, units[1], on=datetime.date(2026, 5, 2), result="failed")
    open_finding = finding(failed, description="配电箱未接地")
    finding(passed, description="灭火器过期", status="closed")
    late = inspect(local_team, units[2], on=datetime.date(2026, 7, 3), result="failed", phase=PhaseKind.LOCAL)
    inspect(other_team, far, on=datetime.date(2026, 6, 1))
    return {"campaign": c, "units": units, "failed": failed, "finding": open_finding, "late": late, "far": far}


def notices(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).order_by("pk"))


def grow(cast, c, n):
    """``n`` more listed units in township A, each inspected 不合格 with an open finding."""
    emergency = department("350404")
    county_team = team(c, emergency)
    for _ in range(n):
        failed = inspect(county_team, EnterpriseFactory(region=cast.township_a, department=emergency), result="failed")
        finding(failed)


def queries_of(job, day):
    with CaptureQueriesContext(connection) as captured:
        job(day=day)
    return len(captured)


def constant_queries(cast, c, job, day):
    """The job's queries at two data sizes, each run from scratch (no notice or workbook kept)."""
    counts = []
    for n in (2, 12):
        grow(cast, c, n)
        Notification.objects.all().delete()
        CadenceReport.objects.all().delete()
        counts.append(queries_of(job, day))
    return counts


# 一月一跟进 ------------------------------------------------------------------------------------------


def test_monthly_follow_up_reminds_each_owner_once(world, cast):
    for _ in range(2):
        call_command("run_jobs", "monthly", "--date", "2026-08-01")
    department_user = cast.user_department
    follow_ups = notices(department_user, "inspection_finding_follow_up")
    assert [n.object_id for n in follow_ups] == [world["finding"].pk]
    assert "配电箱未接地" in follow_ups[0].text and "2026年7月" in follow_ups[0].text
    assert [n.object_id for n in notices(department_user, "inspection_failed_follow_up")] == [world["failed"].pk]
    # The government's team has no department: the enterprise's township answers for it.
    assert [n.object_id for n in notices(cast.user_a, "inspection_failed_follow_up")] == [world["late"].pk]
    summary = notices(department_user, "inspection_department_summary")
    assert len(summary) == 1
    assert "清单单位4家，已检查3家（覆盖率75.0%），本月检查0家次" in summary[0].text
    assert "不合格未复查合格1家，检查发现问题未销号1条" in summary[0].text
    for outsider in (cast.user_b, cast.user_other_county, cast.user_county):
        assert not Notification.objects.filter(recipient=outsider, kind__startswith="inspection_").exists()
    call_command("run_jobs", "monthly", "--date", "2026-09-01")
    assert len(notices(department_user, "inspection_finding_follow_up")) == 2


def test_a_reinspection_that_passes_ends_the_monthly_reminder(world, cast):
    emergency_team = world["failed"].team
    inspect(emergency_team, world["units"][1], on=datetime.date(2026, 7, 20), previous=world["failed"])
    cadence.monthly_follow_up(day=datetime.date(2026, 8, 1))
    assert notices(cast.user_department, "inspection_failed_follow_up") == []
    summary = notices(cast.user_department, "inspection_department_summary")[0]
    assert "本月检查1家次；不合格未复查合格0家" in summary.text


def test_monthly_follow_up_queries_do_not_grow_with_the_items(world, cast):
    small, large = constant_queries(cast, world["campaign"], cadence.monthly_follow_up, datetime.date(2026, 8, 1))
    assert small == large
    assert len(notices(cast.user_department, "inspection_finding_follow_up")) == 1 + 2 + 12


# 一季一推动 ------------------------------------------------------------------------------------------


def test_quarterly_push_keeps_one_sheet_and_tells_each_county_committee_once(world, cast, login):
    for _ in range(2):
        call_command("run_jobs", "quarterly", "--date", "2026-10-01")
    report = CadenceReport.objects.get()
    assert report.region == cast.city and report.title == "三明市安全生产大检查2026年第3季度推进情况"
    county = notices(cast.user_county, "inspection_quarterly_push")
    assert len(county) == 1
    assert (
        "三元区“" in county[0].text and "清单单位4家，已检查3家（覆盖率75.0%），不合格未复查合格2家" in county[0].text
    )
    other = notices(cast.user_other_county, "inspection_quarterly_push")
    assert "清单单位1家，已检查1家（覆盖率100.0%）" in other[0].text
    response = login(cast.user_county).get(county[0].url)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["大检查进展（按区域）"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    table = reports.coverage_in(world["campaign"], cast.city, datetime.date(2026, 9, 30))
    assert (
        rows["三元区"][1:5]
        == (4, 3, 1, 75.0)
        == (
            table["counties"][0].listed,
            table["counties"][0].inspected,
            table["counties"][0].uninspected,
            table["counties"][0].rate,
        )
    )
    assert rows["合计"][1:3] == (5, 4)
    assert login(cast.user_a).get(county[0].url).status_code == 200  # the city's sheet is read below it


def test_quarterly_push_queries_do_not_grow_with_the_items(world, cast):
    small, large = constant_queries(cast, world["campaign"], cadence.quarterly_push, datetime.date(2026, 10, 1))
    assert small == large


# 半年一分析 ------------------------------------------------------------------------------------------


@pytest.fixture
def analysed(world, cast):
    """A checklist item failed twice in the first half; a re-inspection passed, another failed."""
    item = ChecklistItem.objects.create(region=cast.city, industry="industrial_trade", number=1, text="安全出口畅通")
    for inspection in (world["failed"], world["late"]):
        InspectionCheck.objects.create(inspection=inspection, item=item, outcome=CheckOutcome.FAIL)
    inspect(world["failed"].team, world["units"][1], on=datetime.date(2026, 6, 10), previous=world["failed"])
    return world


def analysis_of(region, half_start):
    report = CadenceReport.objects.get(kind="half_yearly", region=region, period=reports.half_code(half_start))
    with report.file.open("rb") as stored:
        return report, load_workbook(io.BytesIO(stored.read()))


def test_half_year_analysis_reads_back_with_the_numbers(analysed, cast):
    for _ in range(2):
        call_command("run_jobs", "half-yearly", "--date", "2026-07-01")
    assert CadenceReport.objects.filter(kind="half_yearly", region=cast.city).count() == 1
    _, workbook = analysis_of(cast.city, datetime.date(2026, 1, 1))
    trend = {row[0]: row for row in workbook["总体情况与趋势"].iter_rows(min_row=3, values_only=True) if row[0]}
    # Jan–Jun 2026: four inspections (the late one is in July), one failed, one re-inspection, which passed.
    assert trend["检查次数"][1:3] == (4, 0)
    assert trend["不合格次数"][1] == 1
    assert trend["复查次数"][1] == 1 and trend["复查合格率（%）"][1] == 100.0
    assert trend["发现问题（条）"][1] == 2 and trend["问题隐患已销号"][1] == 1
    industries = {row[0]: row for row in workbook["发现问题（按行业和等级）"].iter_rows(min_row=3, values_only=True)}
    assert industries["工贸企业"][1:5] == (2, 0, 2, 1)
    frequent = [row for row in workbook["突出问题"].iter_rows(min_row=3, values_only=True) if row[0] == 1]
    assert frequent[0][2:] == ("安全出口畅通", 1)  # the July one belongs to the next half
    assert len(notices(cast.user_city, "inspection_half_year_analysis")) == 1
    assert len(notices(cast.user_county, "inspection_half_year_analysis")) == 1


def test_the_half_year_trend_compares_with_the_half_before(analysed, cast):
    cadence.half_year_analysis(day=datetime.date(2027, 1, 1))
    _, workbook = analysis_of(cast.county, datetime.date(2026, 7, 1))
    trend = {row[0]: row for row in workbook["总体情况与趋势"].iter_rows(min_row=3, values_only=True) if row[0]}
    # 三元区: one inspection in July–December against three in January–June (沙县区's is not its own).
    assert trend["检查次数"][1:] == (1, 3, -2, -66.7)


def test_half_year_analysis_queries_do_not_grow_with_the_items(analysed, cast):
    small, large = constant_queries(cast, analysed["campaign"], cadence.half_year_analysis, datetime.date(2026, 7, 1))
    assert small == large


@needs_office
def test_libreoffice_opens_the_half_year_analysis(analysed, cast, tmp_path):
    cadence.half_year_analysis(day=datetime.date(2026, 7, 1))
    report, workbook = analysis_of(cast.city, datetime.date(2026, 1, 1))
    path = tmp_path / "analysis.xlsx"
    with report.file.open("rb") as stored:
        path.write_bytes(stored.read())
    pdf = to_pdf(path)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) >= len(workbook.sheetnames)


# 年底一总评 ------------------------------------------------------------------------------------------


def test_yearly_evaluation_table_reads_back_with_the_numbers_and_the_grades(world, cast):
    emergency = department("350404")
    Evaluation.objects.create(
        year=2026, region=emergency.region, department=emergency, grade="good", comment="覆盖到位"
    )
    Evaluation.objects.create(year=2026, region=cast.county, grade="excellent")
    for _ in range(2):
        call_command("run_jobs", "yearly", "--date", "2027-01-01")
    report = CadenceReport.objects.get(kind="yearly", region=cast.city)
    with report.file.open("rb") as stored:
        workbook = load_workbook(io.BytesIO(stored.read()))
    departments = {row[0]: row for row in workbook["部门总评"].iter_rows(min_row=3, values_only=True) if row[0]}
    # 4 listed, 3 inspected, all 3 by the 06-30 deadline except the local team's July one; inspections by the
    # department's teams: 2, one passed; its findings: 2, one closed.
    assert departments[emergency.name][1:14] == (4, 3, 75.0, 2, 50.0, 2, 1, 50.0, 2, 1, 50.0, "良好", "覆盖到位")
    counties = {row[0]: row for row in workbook["县（市、区）总评"].iter_rows(min_row=3, values_only=True) if row[0]}
    assert counties["三元区"][1:9] == (4, 3, 75.0, 2, 50.0, 3, 1, 33.3)
    assert counties["三元区"][12] == "优秀"
    assert len(notices(cast.user_city, "inspection_yearly_evaluation")) == 1


def test_yearly_evaluation_queries_do_not_grow_with_the_items(world, cast):
    small, large = constant_queries(cast, world["campaign"], cadence.yearly_evaluation, datetime.date(2027, 1, 1))
    assert small == large
