"""The streaming export writer: styles, types and the sheet limit, read back by openpyxl and LibreOffice."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from base.excel import Column, write_workbook
from base.xlsx import KEPT_CELLS, StreamingWorkbook
from tests.office import convert, needs_office

COLUMNS = [
    Column("name", "名称", width=30, value=lambda row: row["name"]),
    Column("grade", "等级", value=lambda row: row["grade"]),
    Column("amount", "金额", value=lambda row: row["amount"]),
    Column("on", "日期", value=lambda row: row["on"]),
]


def rows(count: int) -> list[dict]:
    return [
        {"name": f"单位{n} & <公司>", "grade": "重大", "amount": Decimal("12.50") + n, "on": datetime.date(2026, 1, 1)}
        for n in range(1, count + 1)
    ]


def test_the_export_reads_back_with_its_headers_widths_types_and_styles():
    sheet = load_workbook(write_workbook(rows(2), COLUMNS, "隐患清单")).worksheets[0]
    assert sheet.title == "隐患清单"
    assert [cell.value for cell in sheet[1]] == ["名称", "等级", "金额", "日期"]
    assert [cell.value for cell in sheet[2]] == ["单位1 & <公司>", "重大", 13.5, datetime.datetime(2026, 1, 1)]
    assert sheet["D2"].number_format == "yyyy-mm-dd"
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb == "FF1F4E79"
    assert sheet["B2"].border.left.style == "thin"
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.freeze_panes == "A2"


def test_a_choice_colour_fills_its_cell_and_text_keeps_its_spaces_without_control_characters():
    class Grade:
        @staticmethod
        def label(raw):
            return "红"

        @staticmethod
        def colour(raw):
            return "#dc3545"

    columns = [Column("grade", "等级", choice_set=Grade), Column("note", "备注", value=lambda row: " 空格\x07 ")]
    sheet = load_workbook(write_workbook([object()], columns, "t")).worksheets[0]
    assert sheet["A2"].value == "红"
    assert sheet["A2"].fill.fgColor.rgb == "FFDC3545"
    assert sheet["B2"].value == " 空格 "


def test_a_value_recurring_down_a_column_is_written_alike_but_kept_apart_from_its_lookalikes():
    # Each distinct (type, value, colour) cell is written once an export and reused: 1 and True are
    # equal in Python, yet one is a number and the other a boolean; a colour is its cell's own.
    values = [1, True, 1.5, Decimal("1.0"), Decimal("1"), 1, True, "", None, datetime.date(2026, 1, 1), "重大"]
    colours = ["#dc3545", None] * 5 + [None]
    target = io.BytesIO()
    workbook = StreamingWorkbook(target)
    workbook.add_sheet("t", ["值", "颜色"], [10, 10])
    for value, colour in zip(values, colours, strict=True):
        workbook.append([value, colour or ""], [colour, None])
    workbook.append(["重大", ""], ["#dc3545", None])
    workbook.close()
    sheet = load_workbook(target).worksheets[0]
    read = [(row[0].value, row[0].data_type) for row in sheet.iter_rows(min_row=2)]
    assert read == [
        (1, "n"),
        (True, "b"),
        (1.5, "n"),
        (1, "n"),
        (1, "n"),
        (1, "n"),
        (True, "b"),
        (None, "n"),
        (None, "n"),
        (datetime.datetime(2026, 1, 1), "d"),
        ("重大", "s"),
        ("重大", "s"),
    ]
    fills = [sheet.cell(row, 1).fill.fgColor.rgb for row in range(2, 14)]
    assert fills == ["FFDC3545" if colour else "00000000" for colour in colours] + ["FFDC3545"]
    assert sheet["A11"].number_format == "yyyy-mm-dd"
    assert {sheet.cell(row, 1).border.left.style for row in range(2, 14)} == {"thin"}


def test_the_cells_kept_for_reuse_are_bounded_however_many_distinct_values_an_export_has():
    workbook = StreamingWorkbook(io.BytesIO())
    workbook.add_sheet("t", ["名称", "等级"], [10, 10])
    for number in range(KEPT_CELLS * 2):
        workbook.append([f"单位{number}", "重大"], [None, "#dc3545"])
    assert len(workbook.tails) == KEPT_CELLS
    assert (str, "重大", "#dc3545") in workbook.tails
    workbook.close()


def test_rows_beyond_a_sheets_limit_continue_on_the_next_sheet_under_the_same_header():
    workbook = load_workbook(write_workbook(rows(5), COLUMNS, "隐患清单", sheet_rows=3))
    assert workbook.sheetnames == ["隐患清单", "工作表2", "工作表3"]
    names = [[row[0] for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets]
    assert names == [
        ["名称", "单位1 & <公司>", "单位2 & <公司>"],
        ["名称", "单位3 & <公司>", "单位4 & <公司>"],
        ["名称", "单位5 & <公司>"],
    ]


@needs_office
def test_libreoffice_reads_every_sheet_of_the_export(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_bytes(write_workbook(rows(3), COLUMNS, "隐患清单", sheet_rows=3).getvalue())
    convert(path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
    first = (tmp_path / "export-隐患清单.csv").read_text(encoding="utf-8").splitlines()
    second = (tmp_path / "export-工作表2.csv").read_text(encoding="utf-8").splitlines()
    assert first == [
        "名称,等级,金额,日期",
        "单位1 & <公司>,重大,13.5,2026-01-01",
        "单位2 & <公司>,重大,14.5,2026-01-01",
    ]
    assert second == ["名称,等级,金额,日期", "单位3 & <公司>,重大,15.5,2026-01-01"]
