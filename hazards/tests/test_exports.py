"""The Excel export of a hazards list carries the cells its page shows, annotated columns included."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from base.excel import Column, write_workbook
from base.models import Export, Notification
from hazards import services
from hazards.choices import HazardColour, HazardGrade
from hazards.models import Hazard, SupervisionProgress

from .factories import HazardFactory, SupervisionItemFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page_cells(response, key: str, header: str) -> dict:
    """``{key cell: header cell}`` for the rows the list page shows."""
    columns = {column.header: column for column in response.context["columns"]}
    return {columns[key].resolve(obj)[0]: columns[header].resolve(obj)[0] for obj in response.context["object_list"]}


def sheet_cells(content: bytes, key: str, header: str) -> dict:
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    at = {name: index for index, name in enumerate(rows[0])}
    return {row[at[key]]: row[at[header]] for row in rows[1:]}


def supervision_items(cast):
    this_month = timezone.localdate().replace(day=1)
    reported = SupervisionItemFactory(title="道路交通安全整治", region=cast.county)
    SupervisionProgress.objects.create(item=reported, month=this_month, text="已完成排查", percent=40)
    late = SupervisionItemFactory(title="危化品企业搬迁", region=cast.county)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    SupervisionProgress.objects.create(item=late, month=last_month, text="上月进展", percent=90)
    SupervisionItemFactory(title="往年督办事项", region=cast.county, year=2025)


MONTH = "本月进展（%）"
EXPECTED_MONTH = {"道路交通安全整治": 40, "危化品企业搬迁": "未报送"}


def test_supervision_list_export_has_the_pages_monthly_progress(cast, login):
    supervision_items(cast)
    client = login(cast.user_county)
    url = reverse("hazards:supervision_item_list")
    page = client.get(url, {"year": 2026})
    assert page_cells(page, "督办事项", MONTH) == EXPECTED_MONTH
    export = client.get(url, {"year": 2026, "export": "xlsx"})
    assert export.status_code == 200
    assert sheet_cells(export.content, "督办事项", MONTH) == EXPECTED_MONTH


def test_supervision_list_background_export_has_the_pages_monthly_progress(
    cast, login, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_ROWS = -1  # even a short list goes to the task
    supervision_items(cast)
    client = login(cast.user_county)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("hazards:supervision_item_list"), {"year": 2026, "export": "xlsx"})
    assert Export.objects.get().status == Export.Status.DONE
    download = client.get(Notification.objects.get(recipient=cast.user_county, kind="export").url)
    assert sheet_cells(b"".join(download.streaming_content), "督办事项", MONTH) == EXPECTED_MONTH


def test_hazard_list_export_has_the_pages_colour_and_leader(cast, login):
    today = timezone.localdate()
    late_major = HazardFactory(
        title="尾矿库排洪设施损坏",
        grade=HazardGrade.MAJOR,
        found_on=today - datetime.timedelta(days=30),
        deadline=today - datetime.timedelta(days=1),
    )
    services.leader_assign(
        hazard=late_major, leader=cast.user_leader.official, by=cast.user_city, round=today.year, target_date=today
    )
    HazardFactory(title="配电箱无防护")
    client = login(cast.user_county)
    url = reverse("hazards:hazard_list")
    page = client.get(url)
    expected_colour = {"尾矿库排洪设施损坏": HazardColour.label(HazardColour.RED), "配电箱无防护": "黄色"}
    expected_leader = {"尾矿库排洪设施损坏": "leader", "配电箱无防护": ""}
    assert page_cells(page, "隐患名称", "分色") == expected_colour
    assert page_cells(page, "隐患名称", "挂包领导") == expected_leader
    export = client.get(url, {"export": "xlsx"}).content
    assert sheet_cells(export, "隐患名称", "分色") == expected_colour
    assert sheet_cells(export, "隐患名称", "挂包领导") == {"尾矿库排洪设施损坏": "leader", "配电箱无防护": None}


def test_an_export_read_as_tuples_keeps_rows_alike_in_every_cell_and_asks_once(cast, django_assert_num_queries):
    """Plain columns are read with values_list; a DISTINCT list still has one row per hazard."""
    for _ in range(2):
        HazardFactory(region=cast.township_a, title="同名隐患", grade=HazardGrade.MAJOR)
    columns = [Column("title", "隐患名称"), Column("grade", "隐患等级"), Column("measures_in_place", "措施到位")]
    with django_assert_num_queries(1):
        workbook = write_workbook(Hazard.objects.order_by("title").distinct(), columns, "隐患")
    sheet = load_workbook(workbook).worksheets[0]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [["同名隐患", "重大隐患", "否"]] * 2
