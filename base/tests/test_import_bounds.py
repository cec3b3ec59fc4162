"""Imports are bounded before they are parsed, and read every row whatever the sheet's <dimension> says."""

import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from base import excel
from grid.importers import EnterpriseImporter
from grid.models import Enterprise
from grid.tests.test_enterprise_import import row
from tests.scoping import import_workbook

SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    headers = [column.header for column in EnterpriseImporter.columns if column.field]
    sheet.append(headers)
    for data in rows:
        sheet.append([data.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def patched(content: bytes, member: str, patch) -> bytes:
    """``content`` with ``member`` replaced by ``patch(old_xml)``, written as a spreadsheet program would."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == member:
                with target.open(name, "w") as stream:
                    patch(data, stream)
            else:
                target.writestr(name, data)
    return buffer.getvalue()


def upload(client, content: bytes):
    return import_workbook(client, reverse("grid:enterprise_import"), SimpleUploadedFile("企业.xlsx", content))


def errors(response) -> list[str]:
    if "errors" in response.context:
        return [str(error) for error in response.context["errors"]]
    return response.context["form"].errors["file"]


def test_a_stale_dimension_does_not_drop_rows(cast, login):
    content = workbook_bytes([row(cast.township_a) for _ in range(5)])

    def stale(xml, stream):
        stream.write(re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:U2"', xml))

    response = upload(login(cast.user_a), patched(content, SHEET, stale))
    assert response.status_code == 302
    assert Enterprise.objects.count() == 5


def test_a_workbook_that_inflates_to_400_mb_is_refused_unopened(cast, login, monkeypatch):
    content = workbook_bytes([row(cast.township_a)])

    def one_huge_cell(xml, stream):
        # One inline-string cell of 400 MB (about 2 MB at the fastest compression, 403 KB at the highest).
        head, tail = xml.split(b"</sheetData>")
        stream.write(head + b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
        chunk = b"A" * (1 << 20)
        for _ in range(400):
            stream.write(chunk)
        stream.write(b"</t></is></c></row></sheetData>" + tail)

    bomb = patched(content, SHEET, one_huge_cell)
    assert len(bomb) < 3 * 1024 * 1024

    def unopened(upload):
        raise AssertionError("the workbook was opened")

    # Refused from the archive's own sizes, before a byte of the sheet is inflated.
    monkeypatch.setattr(excel, "_read_only_workbook", unopened)
    response = upload(login(cast.user_a), bomb)
    assert errors(response) == ["工作簿内容过大（解压后超过 60 MB），请删除多余的行、列和格式后分批导入。"]
    assert not Enterprise.objects.exists()


def test_three_million_blank_rows_are_refused_after_the_first_thousand(cast, login, monkeypatch):
    content = workbook_bytes([])

    def blank_flood(xml, stream):
        head, tail = xml.split(b"</sheetData>")
        stream.write(head)
        for _ in range(300):
            stream.write(b"<row/>" * 10_000)
        stream.write(b"</sheetData>" + tail)

    flood = patched(content, SHEET, blank_flood)
    read = []
    sheet_rows = excel._sheet_rows

    def counted(sheet):
        for cells in sheet_rows(sheet):
            read.append(len(cells))
            yield cells

    monkeypatch.setattr(excel, "_sheet_rows", counted)
    response = upload(login(cast.user_a), flood)
    assert errors(response) == ["表头：工作簿中没有数据行。"]
    # Each pass over the sheet (counting its rows, checking them) stops after a run of blank rows.
    assert read and len(read) <= 2 * (1 + 1_000)


def test_data_after_a_few_blank_rows_is_read(cast, login):
    rows = [row(cast.township_a), *({} for _ in range(20)), row(cast.township_a)]
    response = upload(login(cast.user_a), workbook_bytes(rows))
    assert response.status_code == 302
    assert Enterprise.objects.count() == 2


def test_an_over_long_cell_is_named_by_row_and_column(cast, login):
    response = upload(login(cast.user_a), workbook_bytes([row(cast.township_a, **{"地址": "路" * 2001})]))
    assert errors(response) == ["第2行 E列（地址）：内容过长（2001字），每格最多2000字。"]
    assert not Enterprise.objects.exists()


def test_too_many_columns_are_refused(cast, login):
    workbook = Workbook()
    workbook.active.append([f"列{index}" for index in range(101)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(login(cast.user_a), buffer.getvalue())
    assert errors(response) == ["表头：表头超过100列，请使用下载的模板。"]


def test_a_file_over_the_size_limit_is_refused_by_the_form(cast, login, settings):
    settings.IMPORT_MAX_FILE_MB = 1
    response = upload(login(cast.user_a), workbook_bytes([]) + b"\0" * (1024 * 1024))
    assert errors(response) == ["文件不能超过 1 MB。"]


def test_a_formatted_text_is_read_whole_without_its_phonetic_guide(cast, login):
    content = workbook_bytes([row(cast.township_a, 单位名称="占位")])

    def formatted(xml, stream):
        # The name (A2) as a spreadsheet program writes a text in two styles with a phonetic guide.
        cell = '<c r="A2" t="inlineStr"><is><r><t>三明</t></r><r><rPr><b/></rPr><t>化工厂</t></r>'
        cell += '<rPh sb="0" eb="2"><t>sanming</t></rPh></is></c>'
        stream.write(re.sub(rb'<c r="A2"[^>]*>.*?</c>', cell.encode(), xml, count=1))

    response = upload(login(cast.user_a), patched(content, SHEET, formatted))
    assert response.status_code == 302
    assert Enterprise.objects.get().name == "三明化工厂"


def test_a_bad_cell_repeated_down_a_column_is_named_on_every_row(cast, login):
    # Each column's values are checked once per import; one that fails is named wherever it recurs.
    bad = {"行业": "炼钢", "负责人电话": "12345"}
    rows = [row(cast.township_a, **bad), row(cast.township_a), row(cast.township_a, **bad)]
    response = upload(login(cast.user_a), workbook_bytes(rows))
    assert [error.split("：")[0] for error in errors(response)] == [
        "第2行 C列（行业）",
        "第2行 N列（负责人电话）",
        "第4行 C列（行业）",
        "第4行 N列（负责人电话）",
    ]
    assert not Enterprise.objects.exists()


def test_a_sheet_without_a_dimension_is_parsed_once(cast, monkeypatch):
    # openpyxl sizes a sheet without a <dimension> (its own files, our exports) by parsing it whole;
    # the import reads the rows to the end anyway, so it parses the sheet once, not twice.
    def undimensioned(xml, stream):
        stream.write(re.sub(rb"<dimension [^>]*/>", b"", xml))

    content = patched(workbook_bytes([row(cast.township_a) for _ in range(3)]), SHEET, undimensioned)
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    opened, original = [], zipfile.ZipFile.open

    def counting(archive, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return original(archive, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting)
    result = EnterpriseImporter().preview(SimpleUploadedFile("企业.xlsx", content), cast.user_a)
    assert result.ok and result.created == 3
    assert opened.count(SHEET) == 1
