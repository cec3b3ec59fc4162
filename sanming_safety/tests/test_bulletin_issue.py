"""The 督查通报 as the committee issues it: the draft's numbers and names, 第N期, the archive, the notices."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import RGBColor
from openpyxl import load_workbook

from base.models import Notification
from enforcement.models import PromptListAcknowledgement
from enforcement.tests.factories import PromptListVersionFactory
from grid.choices import EnterpriseStatus
from grid.models import Department, Enterprise, GuideAcknowledgement, Region, SupervisionGuide
from grid.tests.factories import EnterpriseFactory, GridSupervisorFactory
from hazards.models import Hazard, SupervisionItem, SupervisionProgress
from hazards.reports import areas
from hazards.tests.factories import HazardFactory, SupervisionItemFactory
from sanming_safety.bulletin import collect_rankings, write_bulletin
from sanming_safety.models import BulletinIssue
from sanming_safety.services import draft_bulletin, issue_bulletin, save_draft
from training.models import Attendance

MONTH = datetime.date(2026, 10, 1)
AS_OF = datetime.date(2026, 10, 31)
ISSUED_ON = datetime.date(2026, 11, 5)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def overdue_major(region: Region, as_of: datetime.date = AS_OF) -> int:
    """Major hazards of this year in ``region``'s subtree past their deadline and open on ``as_of``."""
    return (
        Hazard.objects.filter(
            region__path__startswith=region.path,
            grade="major",
            found_on__gte=as_of.replace(month=1, day=1),
            found_on__lte=as_of,
            deadline__lt=as_of,
        )
        .exclude(closed_on__lte=as_of)
        .count()
    )


def found_this_year(region: Region, as_of: datetime.date) -> int:
    return Hazard.objects.filter(
        region__path__startswith=region.path, found_on__gte=as_of.replace(month=1, day=1), found_on__lte=as_of
    ).count()


def absent_principals(region: Region, year: int) -> int:
    attended = Attendance.objects.filter(warning_class__year=year).values("id_number")
    return (
        Enterprise.objects.filter(region__path__startswith=region.path, status=EnterpriseStatus.OPERATING)
        .exclude(principal_id_number__in=attended)
        .count()
    )


def east_asian(paragraph) -> str:
    return paragraph.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))


def bulletin_notices():
    return Notification.objects.filter(kind="bulletin_issued")


@pytest.fixture
def lagging(cast):
    """三元区 lags most: two overdue major hazards (one under its 应急管理局), the other county one."""
    emergency = Department.objects.get(region=cast.county, kind="emergency")
    major = {"grade": "major", "deadline": datetime.date(2026, 9, 1)}
    HazardFactory(region=cast.township_a, found_on=datetime.date(2026, 5, 1), department=emergency, **major)
    HazardFactory(region=cast.township_b, found_on=datetime.date(2026, 6, 1), **major)
    HazardFactory(region=cast.other_township, found_on=datetime.date(2026, 7, 1), **major)
    closed = HazardFactory(region=cast.other_township, found_on=datetime.date(2026, 3, 1), **major)
    Hazard.objects.filter(pk=closed.pk).update(status="closed", closed_on=datetime.date(2026, 8, 1))
    HazardFactory(region=cast.township_a, found_on=datetime.date(2026, 9, 10))  # general, on time
    HazardFactory(region=cast.township_a, found_on=datetime.date(2025, 10, 10))  # last year
    EnterpriseFactory.create_batch(2, region=cast.township_a)
    EnterpriseFactory(region=cast.other_township)
    return cast


def test_the_city_draft_names_the_lagging_counties_and_departments_with_independent_counts(lagging):
    cast = lagging
    issue, created = draft_bulletin(month=MONTH, region=cast.city)
    assert created and not issue.is_issued and issue.number is None
    county, other = cast.county, cast.other_county
    assert (overdue_major(county), overdue_major(other)) == (2, 1)
    line = next(line for line in issue.problems.splitlines() if "重大隐患逾期未整改：" in line)
    assert line == f"（一）重大隐患逾期未整改：{county.name}2条、{other.name}1条。"
    assert f"{county.name}应急管理局1条" in issue.problems
    assert f"{county.name}{absent_principals(county, 2026)}人" in issue.problems
    assert f"{other.name}{absent_principals(other, 2026)}人" in issue.problems
    # 一、总体情况: this month's figure against last month and the same month last year.
    city = cast.city
    found = [found_this_year(city, day) for day in (AS_OF, datetime.date(2026, 9, 30), datetime.date(2025, 10, 31))]
    assert found == [5, 5, 1]
    assert f"本年累计排查隐患{found[0]}条（上月{found[1]}条，去年同期{found[2]}条）" in issue.overview
    assert f"逾期未整改重大隐患{overdue_major(city)}条" in issue.overview
    assert issue.requirements.startswith("（一）")


def test_a_county_draft_names_its_townships(lagging):
    issue, _ = draft_bulletin(month=MONTH, region=lagging.county)
    assert "重大隐患逾期未整改：列东街道1条、列西街道1条。" in issue.problems
    assert "凤岗街道" not in issue.problems  # another county's township


def test_rankings_mark_the_best_and_the_worst_county(lagging):
    ranking = next(r for r in collect_rankings(MONTH, lagging.city) if r.title == "逾期未整改隐患")
    rows = {row["name"]: row for row in ranking.ranked()}
    assert rows[lagging.county.name]["value"] == 2 and rows[lagging.county.name]["mark"] == "最差"
    assert rows[lagging.other_county.name]["mark"] == ""
    best = [name for name, row in rows.items() if row["mark"] == "最好"]
    assert len(best) == 9 and all(rows[name]["value"] == 0 and rows[name]["place"] == 1 for name in best)


def test_issues_are_numbered_in_order_of_issue_per_region_and_year(cast):
    october, _ = draft_bulletin(month=MONTH, region=cast.city)
    september, _ = draft_bulletin(month=datetime.date(2026, 9, 1), region=cast.city)
    county, _ = draft_bulletin(month=MONTH, region=cast.county)
    body = "三明市安全生产委员会办公室"
    first = issue_bulletin(issue=october, by=cast.user_city, issued_on=ISSUED_ON, issuing_body=body)
    number = "明安委办〔2026〕8号"
    second = issue_bulletin(
        issue=september, by=cast.user_city, issued_on=ISSUED_ON, issuing_body=body, document_number=number
    )
    county_body = "三元区安全生产委员会办公室"
    own = issue_bulletin(issue=county, by=cast.user_county, issued_on=ISSUED_ON, issuing_body=county_body)
    assert [(i.year, i.number) for i in (first, second, own)] == [(2026, 1), (2026, 2), (2026, 1)]
    assert str(second) == "三明市安全生产督查通报 2026年第2期"
    cover = load_workbook(io.BytesIO(second.file.read()))["封面"]
    assert [cover[f"A{row}"].value for row in range(1, 6)] == [
        "三明市安全生产督查通报",
        "2026年第2期（明安委办〔2026〕8号）",
        body,
        "签发日期：2026年11月5日",
        "通报月份：2026年9月",
    ]
    document = Document(io.BytesIO(second.document.read()))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[:2] == ["三明市安全生产督查通报", "2026年第2期（明安委办〔2026〕8号）"]
    assert "二、存在问题" in texts and "三、下步要求" in texts
    # The form officials circulate: a red title block, 黑体 headings, a 仿宋 body, tables on landscape pages.
    assert document.paragraphs[0].runs[0].font.color.rgb == RGBColor(0xE6, 0x00, 0x12)
    paragraph = {p.text: p for p in document.paragraphs}
    assert east_asian(paragraph["二、存在问题"]) == "黑体"
    assert east_asian(paragraph[texts[texts.index("二、存在问题") + 1]]) == "仿宋_GB2312"
    assert east_asian(paragraph["关于2026年9月三明市安全生产工作情况的通报"]) == "方正小标宋简体"
    assert round(document.sections[0].page_width.mm) == 210  # A4
    assert document.sections[1].orientation == WD_ORIENT.LANDSCAPE
    headers = [[cell.text for cell in table.rows[0].cells][:2] for table in document.tables]
    assert headers[0] == ["区域", "逾期未整改隐患（条）"] and ["区域", "一般隐患（条）"] in headers  # rankings, annex


def test_an_issued_bulletin_cannot_be_changed_or_issued_again(cast, login):
    issue, _ = draft_bulletin(month=MONTH, region=cast.city)
    issue = issue_bulletin(issue=issue, by=cast.user_city, issued_on=ISSUED_ON, issuing_body="三明市安委办")
    with pytest.raises(ValidationError):
        save_draft(issue=issue, overview="改", problems="改", requirements="改")
    with pytest.raises(ValidationError):
        issue_bulletin(issue=issue, by=cast.user_city, issued_on=ISSUED_ON, issuing_body="三明市安委办")
    response = login(cast.user_city).post(
        reverse("bulletin_detail", args=[issue.pk]),
        {"action": "save", "overview": "改", "problems": "改", "requirements": "改"},
        follow=True,
    )
    assert "不能再修改" in response.content.decode()
    issue.refresh_from_db()
    assert (issue.overview != "改", issue.number) == (True, 1)
    assert [h.status for h in issue.history.order_by("history_date")] == ["draft", "issued"]


def test_the_named_areas_and_departments_hear_of_their_own_mentions_only(lagging, login):
    cast = lagging
    issue, _ = draft_bulletin(month=MONTH, region=cast.county)
    # The county's office strikes 列西街道 from the text before issuing: only the named hear of it.
    problems = issue.problems.replace("、列西街道1条", "")
    issue = save_draft(issue=issue, overview=issue.overview, problems=problems, requirements=issue.requirements)
    issue_bulletin(issue=issue, by=cast.user_county, issued_on=ISSUED_ON, issuing_body="三元区安全生产委员会办公室")
    notice = bulletin_notices().get(recipient=cast.user_a)
    assert "重大隐患逾期未整改（列东街道1条）" in notice.text and "列西街道" not in notice.text
    assert not bulletin_notices().filter(recipient__in=[cast.user_b, cast.user_other_county]).exists()
    assert "三元区应急管理局1条" in bulletin_notices().get(recipient=cast.user_department).text
    assert login(cast.user_a).get(notice.url).status_code == 200  # the township reads the county's issue
    assert login(cast.user_other_county).get(notice.url).status_code == 404


def test_the_city_bulletin_notifies_the_named_county_committees(lagging):
    issue, _ = draft_bulletin(month=MONTH, region=lagging.city)
    issue_bulletin(issue=issue, by=lagging.user_city, issued_on=ISSUED_ON, issuing_body="三明市安全生产委员会办公室")
    county_notice = bulletin_notices().get(recipient=lagging.user_county)
    assert "重大隐患逾期未整改（三元区2条）" in county_notice.text
    assert "永安市" not in county_notice.text
    assert bulletin_notices().filter(recipient=lagging.user_other_county).count() == 1
    assert not bulletin_notices().filter(recipient__in=[lagging.user_a, lagging.user_b]).exists()


def test_the_supervision_sheet_holds_its_own_regions_items(cast):
    SupervisionItemFactory(region=cast.city, title="全市道路交通整治")
    SupervisionItemFactory(region=cast.county, title="三元区矿山整治")

    def titles(region):
        sheet = load_workbook(write_bulletin(MONTH, region))["督办清单"]
        return [row[1] for row in sheet.iter_rows(min_row=3, values_only=True) if isinstance(row[0], int)]

    assert titles(cast.city) == ["全市道路交通整治"]
    assert titles(cast.county) == ["三元区矿山整治"]


def test_drafting_takes_the_same_queries_whatever_the_data_size(cast):
    def queries() -> int:
        BulletinIssue.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            draft_bulletin(month=MONTH, region=cast.city)
        return len(captured)

    HazardFactory(region=cast.township_a, grade="major", deadline=datetime.date(2026, 9, 1))
    EnterpriseFactory(region=cast.township_a)
    small = queries()
    for township in (cast.township_b, cast.other_township):
        HazardFactory.create_batch(5, region=township, grade="major", deadline=datetime.date(2026, 9, 1))
    EnterpriseFactory.create_batch(5, region=cast.other_township)
    assert queries() == small


def test_the_command_writes_the_document_and_the_workbook(lagging, tmp_path):
    docx, xlsx = tmp_path / "通报.docx", tmp_path / "通报.xlsx"
    call_command("bulletin", "2026-10", "--out", str(docx), stdout=io.StringIO())
    call_command("bulletin", "2026-10", "--out", str(xlsx), "--region", "350404", stdout=io.StringIO())
    paragraphs = [p.text for p in Document(docx).paragraphs]
    assert paragraphs[:2] == ["三明市安全生产督查通报", "草稿（未签发）"]
    assert any("三元区2条" in text for text in paragraphs)
    workbook = load_workbook(xlsx)
    assert workbook["封面"]["A1"].value == "三元区安全生产督查通报"
    ranking = {row[0]: row[1:] for row in workbook["各乡镇（街道）排名"].iter_rows(min_row=3, values_only=True)}
    headers = next(workbook["各乡镇（街道）排名"].iter_rows(min_row=2, max_row=2, values_only=True))
    overdue = headers.index("逾期未整改隐患（条）") - 1
    last = len(areas(lagging.county)) - 1  # the other townships have none: they share the first place
    assert ranking["列东街道"][overdue] == ranking["列西街道"][overdue] == f"1（第{last}名，最差）"
    assert {ranking[area.name][overdue] for area in areas(lagging.county)} - {ranking["列东街道"][overdue]} == {
        "0（第1名，最好）"
    }
    # Issued: the archived files, not a new draft.
    issue, _ = draft_bulletin(month=MONTH, region=lagging.city)
    issue = issue_bulletin(issue=issue, by=lagging.user_city, issued_on=ISSUED_ON, issuing_body="三明市安委办")
    call_command("bulletin", "2026-10", "--out", str(docx), stdout=io.StringIO())
    issue.document.open("rb")
    assert docx.read_bytes() == issue.document.read()


def test_items_without_the_months_progress_are_named_by_county_and_by_the_citys_lead_unit(cast):
    reported = SupervisionItemFactory(region=cast.county, title="已报送事项")
    SupervisionProgress.objects.create(item=reported, month=MONTH, text="十月进展", percent=50)
    SupervisionItemFactory.create_batch(2, region=cast.county)
    SupervisionItemFactory(region=cast.city, lead_unit="市交通运输局")
    missing = {
        region: SupervisionItem.objects.filter(region=region, start_on__lte=AS_OF)
        .exclude(progress_entries__month=MONTH)
        .count()
        for region in (cast.county, cast.city)
    }
    assert missing == {cast.county: 2, cast.city: 1}
    issue, _ = draft_bulletin(month=MONTH, region=cast.city)
    line = next(line for line in issue.problems.splitlines() if "督办事项本月未报送进展" in line)
    assert line.endswith(f"：{cast.county.name}2项、三明市本级（市交通运输局）1项。")


def test_a_county_draft_names_unsigned_guides_and_prompt_lists_with_independent_counts(cast):
    guide = SupervisionGuide.objects.create(
        region=cast.city, year=2026, number=9, month=datetime.date(2026, 10, 8), title="十月督导指南", content="要点"
    )
    for township, signed in [(cast.township_a, None), (cast.township_a, None), (cast.township_b, timezone.now())]:
        GuideAcknowledgement.objects.create(
            guide=guide, supervisor=GridSupervisorFactory(region=township), acknowledged_at=signed
        )
    version = PromptListVersionFactory(year=2026, status="published", published_at=timezone.now())
    emergency = Department.objects.get(region=cast.county, kind="emergency")
    PromptListAcknowledgement.objects.create(version=version, region=cast.township_b)
    PromptListAcknowledgement.objects.create(version=version, region=cast.county, department=emergency)
    PromptListAcknowledgement.objects.create(version=version, region=cast.township_a, acknowledged_at=timezone.now())
    unsigned_guides = GuideAcknowledgement.objects.filter(
        supervisor__region=cast.township_a, guide__month__month=10, acknowledged_at=None
    ).count()
    unsigned_lists = PromptListAcknowledgement.objects.filter(version=version, acknowledged_at=None)
    issue, _ = draft_bulletin(month=MONTH, region=cast.county)
    assert f"每月督导指南未签收：列东街道{unsigned_guides}份。" in issue.problems
    township = unsigned_lists.filter(region=cast.township_b, department=None).count()
    department = unsigned_lists.filter(department=emergency).count()
    assert f"提示清单未签收：列西街道{township}份、三元区应急管理局{department}份。" in issue.problems
    assert f"督导指南签收率{round(100 / 3, 1)}%（上月—，去年同期—）" in issue.overview
