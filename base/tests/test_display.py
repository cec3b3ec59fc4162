"""Times are shown to officials in Asia/Shanghai to the minute, never as raw UTC values."""

import datetime

from django.urls import reverse

from base.excel import Column, write_workbook
from base.templatetags.safety import cell, field_value
from hazards.models import Hazard
from hazards.tests.factories import HazardFactory

UTC_MOMENT = datetime.datetime(2026, 11, 28, 12, 25, 58, tzinfo=datetime.UTC)


def test_list_cell_and_detail_field_show_local_time(cast):
    hazard = HazardFactory(region=cast.township_a)
    Hazard.objects.filter(pk=hazard.pk).update(created_at=UTC_MOMENT)
    hazard.refresh_from_db()
    assert cell(hazard, Column("created_at", "登记时间")) == "2026-11-28 20:25"
    assert field_value({}, hazard, "created_at") == "2026-11-28 20:25"


def test_history_shows_local_time_and_no_id(cast, login):
    hazard = HazardFactory(region=cast.township_a)
    hazard.history.update(created_at=UTC_MOMENT)
    body = login(cast.user_a).get(reverse("hazards:hazard_detail", args=[hazard.pk])).content.decode()
    assert "+00:00" not in body
    assert "2026-11-28 20:25" in body
    assert f"ID: {hazard.pk}" not in body


def test_excel_times_are_local(cast):
    hazard = HazardFactory(region=cast.township_a)
    Hazard.objects.filter(pk=hazard.pk).update(created_at=UTC_MOMENT)
    from openpyxl import load_workbook

    sheet = load_workbook(write_workbook(Hazard.objects.all(), [Column("created_at", "登记时间")], "t")).active
    assert sheet["A2"].value == datetime.datetime(2026, 11, 28, 20, 25, 58)
