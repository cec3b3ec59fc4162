"""The 督查通报: its draft text written from the numbers, and its workbook.

Each app's ``reports.py`` may define (all keyword-only ``month`` and ``region``):

- ``bulletin_sheets`` → ``[Sheet]``: the annex tables, one sheet per table;
- ``bulletin_facts`` → ``[Facts]``: the month's figures (against last month
  and the same month last year) and the problems with the areas and
  departments that show them, for 一、总体情况, 二、存在问题 and 三、下步要求;
- ``bulletin_rankings`` → ``[Ranking]``: the areas of the region ranked.

A city's bulletin breaks its numbers down by county, a county's by township.
This module collects them through ``base.discovery.app_modules``, so an app
adds its part by defining the functions, and writes the text and the
workbook; ``document.py`` writes the .docx and ``services.py`` drafts and issues.
"""

import datetime
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from base.discovery import app_modules
from base.excel import add_report_sheet, print_landscape, sheet_as_text
from base.reports import BulletinFigure, Facts, Ranking, Sheet, computed_once
from grid.choices import RegionLevel

NUMERALS = "一二三四五六七八九十"


def _collect(name: str, month: datetime.date, region) -> list:
    return [
        item
        for reports in app_modules("reports")
        if hasattr(reports, name)
        for item in getattr(reports, name)(month=month, region=region)
    ]


def collect_sheets(month: datetime.date, region) -> list[Sheet]:
    return _collect("bulletin_sheets", month, region)


def collect_facts(month: datetime.date, region) -> list[Facts]:
    return _collect("bulletin_facts", month, region)


def collect_rankings(month: datetime.date, region) -> list[Ranking]:
    """The rankings with something to rank: a measure no area has (no enterprises, no list yet) is left out."""
    return [r for r in _collect("bulletin_rankings", month, region) if any(v is not None for _, v in r.rows)]


def issuing_body(region) -> str:
    """发文机关 of a region's bulletin: its safety committee's office."""
    return f"{region.name}安全生产委员会办公室"


def area_word(region) -> str:
    return "各县（市、区）" if region.level == RegionLevel.CITY else "各乡镇（街道）"


def _ordinal(index: int) -> str:
    return f"（{NUMERALS[index] if index < len(NUMERALS) else index + 1}）"


def _value(value, unit: str) -> str:
    if value is None or value == "—":
        return "—"
    return f"{value}{unit}"


def _figure(figure: BulletinFigure) -> str:
    text = f"{figure.label}{_value(figure.this, figure.unit)}"
    compared = []
    if figure.last_month is not None:
        compared.append(f"上月{_value(figure.last_month, figure.unit)}")
    if figure.last_year is not None:
        compared.append(f"去年同期{_value(figure.last_year, figure.unit)}")
    return f"{text}（{'，'.join(compared)}）" if compared else text


def named(lag, unit: str) -> str:
    """How 二、存在问题 names an area or department with its number: 三元区2条."""
    return f"{lag.name}{lag.count}{unit}"


@dataclass
class Draft:
    overview: str
    problems: str
    requirements: str


def draft_text(month: datetime.date, region, facts: list[Facts] | None = None) -> Draft:
    """The three parts of the bulletin's text for ``month``, written from the numbers of ``region``."""
    month = month.replace(day=1)
    facts = collect_facts(month, region) if facts is None else facts
    opening = (
        f"{month.year}年{month.month}月，{region.name}安全生产工作各项机制运行情况如下（括号内为上月和去年同月数）："
    )
    overview = [opening] + [
        f"{_ordinal(i)}{part.mechanism}。{'；'.join(_figure(f) for f in part.figures)}。"
        for i, part in enumerate(facts)
    ]
    problems = [problem for part in facts for problem in part.problems]
    if problems:
        problem_lines = [
            f"{_ordinal(i)}{problem.title}：{'、'.join(named(lag, problem.unit) for lag in problem.lags)}。"
            for i, problem in enumerate(problems)
        ]
    else:
        problem_lines = [f"本月{area_word(region)}和各有关部门未发现需要通报的突出问题。"]
    requirements = [f"{_ordinal(i)}{problem.requirement}" for i, problem in enumerate(problems)]
    requirements.append(
        f"{_ordinal(len(problems))}{area_word(region)}、各有关部门要对照本通报举一反三，"
        f"于下月10日前将整改落实情况报{issuing_body(region)}。"
    )
    return Draft("\n".join(overview), "\n".join(problem_lines), "\n".join(requirements))


def rankings_table(rankings: list[Ranking]) -> tuple[list[str], list[list[str]]]:
    """One row per area, one column per measure: the value, its place, and 最好 / 最差 where it is."""
    headers = ["区域", *(f"{r.title}（{r.unit}）" for r in rankings)]
    cells = {}
    for column, ranking in enumerate(rankings):
        for line in ranking.ranked():
            if line["value"] is None:
                text = "—"
            else:
                marks = "，".join(filter(None, [f"第{line['place']}名", line["mark"]]))
                text = f"{line['value']}（{marks}）"
            cells[(line["name"], column)] = text
    names = list(dict.fromkeys(name for ranking in rankings for name, _ in ranking.rows))
    return headers, [[name, *(cells.get((name, c), "—") for c in range(len(rankings)))] for name in names]


def cover_lines(month: datetime.date, region, issue=None) -> list[str]:
    """The cover's lines: title, 第N期 (or 草稿), issuing body, issue date, the month covered."""
    title = f"{region.name}安全生产督查通报"
    if issue is not None and issue.is_issued:
        number = f"{issue.year}年第{issue.number}期"
        if issue.document_number:
            number += f"（{issue.document_number}）"
        return [
            title,
            number,
            issue.issuing_body,
            f"签发日期：{issue.issued_on.year}年{issue.issued_on.month}月{issue.issued_on.day}日",
            f"通报月份：{month.year}年{month.month}月",
        ]
    return [title, "草稿（未签发）", issuing_body(region), "", f"通报月份：{month.year}年{month.month}月"]


@computed_once()  # the sheets and the rankings read the same numbers once
def write_bulletin(month: datetime.date, region, issue=None) -> io.BytesIO:
    """The workbook of ``month`` covering ``region``'s subtree: the cover, the rankings and the annex tables.

    ``issue`` (a BulletinIssue) puts its number, issuing body and date on the cover; without it the cover says 草稿.
    """
    month = month.replace(day=1)
    sheets = collect_sheets(month, region)
    rankings = collect_rankings(month, region)
    if rankings:
        headers, rows = rankings_table(rankings)
        sheets.insert(
            0,
            Sheet(
                f"{area_word(region)}排名",
                headers,
                rows,
                widths=[14, *([22] * len(rankings))],
                note="同值同名次；“最好”“最差”为本项第一和最后（全部相同时不标）；“—”为无可统计数据。",
            ),
        )
    workbook = Workbook()
    cover = workbook.active
    cover.title = "封面"
    lines = cover_lines(month, region, issue)
    for line in lines:
        cover.append([line])
    cover["A1"].font = Font(size=18, bold=True)
    cover.append([])
    cover.append(["目录"])
    for index, sheet in enumerate(sheets, start=1):
        cover.append([f"{index}. {sheet.title}"])
    cover.column_dimensions["A"].width = 60
    print_landscape(cover)
    for sheet in sheets:
        add_report_sheet(workbook, sheet, f"{lines[0]} · {sheet.title}（{month.year}年{month.month}月）")
    sheet_as_text(cover)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
