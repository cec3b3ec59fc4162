"""The import's sheet reader reads every kind of cell as openpyxl does, from openpyxl's files and our exports."""

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from base import excel
from base.xlsx import StreamingWorkbook

DAY, MOMENT = datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1, 8, 30)
ROWS = [
    ["名称", "数量", "金额", "日期", "时间", "是否", "公式", "空", "文本"],
    ["三明化工厂", 3, 12.5, DAY, MOMENT, True, "=B2*2", None, " 空格 "],
    ["A & <B>", -7, 0.1, datetime.date(1999, 12, 31), datetime.datetime(2026, 11, 30, 23, 59), False, "=SUM(B2:B3)"],
    [],
    [None, None, None, None, None, None, None, None, "#N/A"],
    ["", 10**12, 1e-7],
]


def cells(content: bytes) -> list[list[tuple[object, str]]]:
    """What the import reads: each row's (value, data type) pairs."""
    workbook = excel._read_only_workbook(io.BytesIO(content))
    return list(excel._sheet_rows(workbook.worksheets[0]))


def read(content: bytes) -> list[list]:
    return trimmed([[value for value, _ in row] for row in cells(content)])


def types(content: bytes) -> list[list[str]]:
    return [[kind for _, kind in row] for row in cells(content)]


def openpyxl_reads(content: bytes) -> list[list]:
    """What openpyxl itself reads (formulas as formulas)."""
    return trimmed(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def trimmed(rows) -> list[list]:
    """Each row to its last value."""
    result = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        result.append(row)
    return result


def test_a_workbook_saved_by_openpyxl_reads_as_openpyxl_reads_it():
    workbook = Workbook()
    sheet = workbook.active
    for row in ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    first = ["三明化工厂", 3, 12.5, datetime.datetime(2026, 3, 1), MOMENT, True, "=B2*2", None, " 空格 "]
    assert read(content)[:2] == [ROWS[0], first]
    # A formula is read as one ("f"), which the import refuses, not as its cached value.
    assert read(content) == openpyxl_reads(content)
    kinds = types(content)
    assert kinds[1][6] == kinds[2][6] == "f"
    assert kinds[1][3] == "d" and kinds[1][5] == "b" and kinds[4][8] == "e"
    assert kinds[3] == []


def test_an_export_reads_back_as_written():
    target = io.BytesIO()
    workbook = StreamingWorkbook(target)
    workbook.add_sheet("t", ["名称", "数量", "金额", "日期", "时间"], [10] * 5)
    values = [
        ["三明化工厂", 3, Decimal("12.50"), DAY, MOMENT],
        ["=1+1", -7, Decimal("0.1"), DAY, None],
        ["三明化工厂", 3, Decimal("12.50"), DAY, MOMENT],
    ]
    for row in values:
        workbook.append(row, [None] * 5)
    workbook.close()
    content = target.getvalue()
    assert read(content) == openpyxl_reads(content)
    rows = read(content)
    assert rows[1] == ["三明化工厂", 3, 12.5, datetime.datetime(2026, 3, 1), MOMENT]
    # Text that looks like a formula was written as text (quote prefix) and is read as text.
    assert rows[2][0] == "=1+1" and types(content)[2][0] == "s"
