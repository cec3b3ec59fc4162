"""A department's penalty ledger: exported, edited in Excel and imported back, it updates the same penalties."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from grid.tests.factories import EnterpriseFactory

from ..models import Penalty
from .factories import PenaltyFactory, department


def regulated(region):
    """An enterprise the county's 应急管理局 regulates: the department's penalties are on such units."""
    return EnterpriseFactory(region=region, supervised_by="emergency")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def as_upload(workbook) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("行政处罚台账.xlsx", buffer.getvalue())


def test_an_edited_ledger_updates_the_same_penalties_with_history(cast, login):
    first = PenaltyFactory(enterprise=regulated(cast.township_a), amount=Decimal(20000))
    second = PenaltyFactory(enterprise=regulated(cast.township_b), amount=Decimal(5000))
    client = login(cast.user_department)
    response = client.get(reverse("enforcement:penalty_list"), {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["处罚决定书文号", "统一社会信用代码", "被处罚单位"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == {first.case_number, second.case_number}
    rows[first.case_number][headers.index("罚没金额（元）")].value = 30000
    rows[first.case_number][headers.index("违法行为")].value = "未按规定开展安全生产教育培训（复核更正）"
    new_enterprise = regulated(cast.township_a)
    added = [None] * len(headers)
    for header, value in {
        "处罚决定书文号": "（三）应急罚〔2026〕99号",
        "统一社会信用代码": new_enterprise.credit_code,
        "处罚部门": department().name,
        "决定日期": datetime.date(2026, 9, 1),
        "违法行为": "特种作业人员未持证上岗",
        "处罚依据": "《安全生产法》第九十七条",
        "处罚种类": "警告",
        "非事故预防性": "是",
    }.items():
        added[headers.index(header)] = value
    sheet.append(added)

    url = reverse("enforcement:penalty_import")
    preview = client.post(url, {"file": as_upload(workbook)})
    assert preview.status_code == 200
    assert not preview.context.get("errors"), [str(e) for e in preview.context["errors"]]
    assert preview.context["preview"].summary == "将新增 1 行、更新 1 行、无变化 1 行"
    changes = [cell for change in preview.context["preview"].changes for cell in change.cells]
    assert changes == [
        ("违法行为", "未按规定开展安全生产教育培训", "未按规定开展安全生产教育培训（复核更正）"),
        ("罚没金额（元）", "20000", "30000"),
    ]
    first.refresh_from_db()
    assert first.amount == Decimal(20000)  # the preview writes nothing

    done = client.post(url, {"token": preview.context["token"]}, follow=True)
    assert "导入成功：新增 1 行、更新 1 行、无变化 1 行。" in done.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.amount, first.violation) == (Decimal(30000), "未按规定开展安全生产教育培训（复核更正）")
    assert second.amount == Decimal(5000) and second.history.count() == 1
    assert Penalty.objects.count() == 3
    latest, original = first.history.all()[:2]
    assert (latest.history_change_reason, latest.history_user) == ("Excel台账导入", cast.user_department)
    assert original.amount == Decimal(20000)
    page = client.get(first.get_absolute_url()).content.decode()
    assert "Excel台账导入" in page and "30000" in page
    added_penalty = Penalty.objects.get(case_number="（三）应急罚〔2026〕99号")
    assert (added_penalty.enterprise, added_penalty.region, added_penalty.kind) == (
        new_enterprise,
        cast.township_a,
        "warning",
    )


def test_a_ledger_row_of_another_departments_penalty_is_refused(cast, login):
    other = PenaltyFactory(enterprise=regulated(cast.township_a), department=department(kind="housing"))
    ours = PenaltyFactory(enterprise=regulated(cast.township_a))
    workbook = load_workbook(
        io.BytesIO(login(cast.user_county).get(reverse("enforcement:penalty_list"), {"export": "xlsx"}).content)
    )
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        row[headers.index("备注")].value = "改"
    response = login(cast.user_department).post(reverse("enforcement:penalty_import"), {"file": as_upload(workbook)})
    errors = [str(error) for error in response.context["errors"]]
    assert any(other.case_number in error and "不能更新" in error for error in errors), errors
    other.refresh_from_db()
    ours.refresh_from_db()
    assert (other.note, ours.note) == ("", "")


def test_penalties_are_never_deleted(cast, client):
    penalty = PenaltyFactory(enterprise=regulated(cast.township_a))
    client.force_login(cast.user_admin)
    assert client.delete(f"/api/v1/enforcement/penalties/{penalty.pk}/").status_code == 405
    assert Penalty.objects.filter(pk=penalty.pk).exists()
