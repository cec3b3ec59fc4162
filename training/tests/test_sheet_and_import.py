"""签到表 and the attendance workbook: the sheet prints on A4 and reads back; an export imports back in."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from base.models import PersonalDataAccess
from base.privacy import mask
from tests.office import needs_office, to_pdf
from tests.scoping import import_workbook, workbook_rows
from training import services
from training.choices import CheckInMethod
from training.models import Attendance, Invitation

from .factories import EnterpriseFactory, resident_id, running_class


@pytest.fixture
def held_class(cast):
    """A county class: three invited (two came), and one walk-in who is no principal."""
    klass = running_class(cast.county, title="工贸行业企业负责人警示教育学习班")
    enterprises = [
        EnterpriseFactory(region=cast.township_a, name="三明甲机械有限公司", principal_name="甲"),
        EnterpriseFactory(region=cast.township_a, name="三明乙铸造有限公司", principal_name="乙"),
        EnterpriseFactory(region=cast.township_b, name="三明丙建材有限公司", principal_name="丙"),
    ]
    for enterprise in enterprises:
        Invitation.objects.create(warning_class=klass, enterprise=enterprise)
    for enterprise in enterprises[:2]:
        services.check_in(warning_class=klass, id_number=enterprise.principal_id_number)
    services.check_in(
        warning_class=klass, id_number=resident_id("350403", 555555), name="丁", method=CheckInMethod.DESK
    )
    return klass, enterprises


FIELDS = ("name", "id_number", "enterprise", "region", "walk_in", "method", "checked_in_at")


def sheet_of(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_the_attendance_sheet_lists_the_invited_then_the_walk_ins_for_the_organiser(login, cast, held_class):
    klass, enterprises = held_class
    sheet = sheet_of(login(cast.user_county).get(reverse("training:warning_class_sheet", args=[klass.pk])))
    assert sheet["A1"].value == "工贸行业企业负责人警示教育学习班 签到表"
    assert [c.value for c in sheet[4]] == [
        "序号",
        "姓名",
        "单位名称",
        "乡镇（街道）",
        "身份证号码",
        "类别",
        "签到时间",
        "本人签名",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [row[:4] for row in rows] == [
        [1, "乙", "三明乙铸造有限公司", cast.township_a.name],
        [2, "甲", "三明甲机械有限公司", cast.township_a.name],
        [3, "丙", "三明丙建材有限公司", cast.township_b.name],
        [4, "丁", None, cast.county.name],
    ]
    assert rows[1][4] == enterprises[0].principal_id_number, "the organiser sees the full number"
    assert rows[2][4] is None and rows[2][6] is None, "丙 has not signed in"
    assert [row[5] for row in rows] == ["邀请", "邀请", "邀请", "现场报名"]
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.print_title_rows == "$1:$4", "the title rows repeat on every printed page"
    assert PersonalDataAccess.objects.filter(user=cast.user_county, channel="export").count() == 3


def test_the_sheet_masks_id_numbers_for_everyone_but_the_organiser(login, cast, held_class):
    klass, enterprises = held_class
    for user in (cast.user_city, cast.user_a):
        sheet = sheet_of(login(user).get(reverse("training:warning_class_sheet", args=[klass.pk])))
        numbers = [row[4].value for row in sheet.iter_rows(min_row=5) if row[4].value]
        assert numbers and all("*" in number for number in numbers), user
        assert mask(enterprises[0].principal_id_number) in numbers or user == cast.user_a


def test_a_township_reads_its_principals_sign_ins_masked_and_not_the_neighbours(login, cast, held_class):
    klass, enterprises = held_class
    rows = workbook_rows(login(cast.user_a).get(reverse("training:attendance_list"), {"export": "xlsx"}))
    assert sorted(row[2] for row in rows[1:]) == ["乙", "甲"]
    assert {row[3] for row in rows[1:]} == {mask(e.principal_id_number) for e in enterprises[:2]}
    page = login(cast.user_a).get(reverse("training:attendance_list")).content.decode()
    assert enterprises[0].principal_id_number not in page and mask(enterprises[0].principal_id_number) in page
    api = login(cast.user_a).get("/api/v1/training/attendances/").json()["results"]
    assert {row["id_number"] for row in api} == {mask(e.principal_id_number) for e in enterprises[:2]}


@needs_office
def test_the_attendance_sheet_opens_in_libreoffice_and_prints_to_pdf(login, cast, held_class, tmp_path):
    klass, _ = held_class
    response = login(cast.user_county).get(reverse("training:warning_class_sheet", args=[klass.pk]))
    source = tmp_path / "sheet.xlsx"
    source.write_bytes(response.content)
    pdf = to_pdf(source)
    assert pdf.startswith(b"%PDF")
    # A4 portrait: 595 × 842 points (LibreOffice writes 595.3 × 841.9).
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+595(\.\d+)?\s+84[12]", pdf)


def test_the_attendance_export_imports_back_into_the_same_rows(login, cast, held_class):
    klass, _ = held_class
    client = login(cast.user_county)
    # A time just short of the next second comes back as the second the cell shows, not the next one.
    late = Attendance.objects.first()
    Attendance.objects.filter(pk=late.pk).update(checked_in_at=late.checked_in_at.replace(microsecond=999_700))
    exported = client.get(reverse("training:attendance_list"), {"warning_class": klass.pk, "export": "xlsx"})
    before = sorted(
        Attendance.objects.values_list(
            "name", "id_number", "enterprise", "region", "walk_in", "method", "checked_in_at"
        )
    )
    Attendance.objects.all().delete()
    upload = io.BytesIO(exported.content)
    upload.name = "签到记录.xlsx"
    response = import_workbook(client, reverse("training:attendance_import"), upload)
    assert response.status_code == 302, response.context["errors"]
    after = sorted(
        Attendance.objects.values_list(
            "name", "id_number", "enterprise", "region", "walk_in", "method", "checked_in_at"
        )
    )
    assert [row[:6] for row in after] == [row[:6] for row in before]
    assert [row[6].replace(microsecond=0) for row in after] == [row[6].replace(microsecond=0) for row in before]


def test_an_import_refuses_a_repeat_and_a_wrong_check_digit_naming_row_and_column(login, cast, held_class):
    klass, enterprises = held_class
    from tests.scoping import workbook_upload
    from training.importers import AttendanceImporter

    good = enterprises[2].principal_id_number
    upload = workbook_upload(
        AttendanceImporter,
        [
            {
                "班次编号": klass.number,
                "姓名": "甲",
                "身份证号码": enterprises[0].principal_id_number,
                "签到时间": "2026-03-05 08:45",
            },
            {
                "班次编号": klass.number,
                "姓名": "丙",
                "身份证号码": good[:-1] + ("1" if good[-1] != "1" else "2"),
                "签到时间": "2026-03-05 08:45",
            },
        ],
    )
    response = import_workbook(login(cast.user_county), reverse("training:attendance_import"), upload)
    errors = [str(error) for error in response.context["errors"]]
    assert any(e.startswith("第2行 C列（身份证号码）") and "不能重复签到" in e for e in errors), errors
    assert any(e.startswith("第3行 C列（身份证号码）") and "校验位错误" in e for e in errors), errors
    assert Attendance.objects.count() == 3
