"""The 督查通报 as officials circulate it: a .docx with the red title block, the text and the main tables.

Body in 仿宋_GB2312 三号 (digits and Latin letters in 仿宋), headings in 黑体, the
title in 方正小标宋简体 (Latin in 宋体), on A4 with the margins of official documents;
the annex tables on landscape pages.
"""

import datetime
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from base.reports import computed_once

from .bulletin import area_word, collect_rankings, collect_sheets, cover_lines, draft_text, rankings_table

# (East Asian font, Latin font) of each part.
BODY_FONT = ("仿宋_GB2312", "仿宋")
HEADING_FONT = ("黑体", "黑体")
TITLE_FONT = ("方正小标宋简体", "宋体")
RED = RGBColor(0xE6, 0x00, 0x12)
# Annex tables of the document; the workbook holds all of them.
MAIN_TABLES = ("隐患排查治理（按区域）", "网格督导工作", "企业负责人参训覆盖", "提示清单送达（按区域）")


def _font(run, name: tuple[str, str], size: float, *, bold: bool = False, colour: RGBColor | None = None) -> None:
    east_asian, latin = name
    run.font.name = latin
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _paragraph(document, text: str, font: tuple[str, str] = BODY_FONT, size: float = 16, **options):
    align = options.pop("align", None)
    indent = options.pop("indent", False)
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.line_spacing = Pt(28) if size <= 16 else None
    _font(paragraph.add_run(text), font, size, **options)
    return paragraph


def _red_rule(paragraph) -> None:
    """A red line under ``paragraph``: the title block's 版头分隔线."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "18", "w:space": "1", "w:color": "E60012"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _table(document, headers: list[str], rows: list[list], size: float = 10.5) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(str(text)), HEADING_FONT, size)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            _font(cell.paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT, size)


@computed_once()  # the text, the rankings and the tables read the same numbers once
def write_document(month: datetime.date, region, issue=None) -> io.BytesIO:
    """The .docx of ``month``'s bulletin of ``region``: from ``issue``'s text when given, else a fresh draft."""
    month = month.replace(day=1)
    text = issue if issue is not None else draft_text(month, region)
    lines = cover_lines(month, region, issue)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    _paragraph(document, lines[0], TITLE_FONT, 26, align=WD_ALIGN_PARAGRAPH.CENTER, colour=RED)
    _paragraph(document, lines[1], BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    issued = lines[3].split("：", 1)[-1] if lines[3] else "（未签发）"
    rule = _paragraph(document, f"{lines[2]}　　　　{issued}", BODY_FONT, 14)
    _red_rule(rule)

    title = f"关于{month.year}年{month.month}月{region.name}安全生产工作情况的通报"
    _paragraph(document, title, TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, f"{area_word(region)}安委会、{region.name}安委会各成员单位：", BODY_FONT, 16)
    for heading, body in (
        ("一、总体情况", text.overview),
        ("二、存在问题", text.problems),
        ("三、下步要求", text.requirements),
    ):
        _paragraph(document, heading, HEADING_FONT, 16, indent=True)
        for line in filter(None, (line.strip() for line in body.splitlines())):
            _paragraph(document, line, BODY_FONT, 16, indent=True)
    _paragraph(document, lines[2], BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if lines[3]:
        _paragraph(document, lines[3].split("：", 1)[-1], BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)

    annex = document.add_section()
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Mm(297), Mm(210)
    annex.top_margin = annex.bottom_margin = annex.left_margin = annex.right_margin = Mm(20)
    rankings = collect_rankings(month, region)
    index = 1
    if rankings:
        _paragraph(document, f"附件{index}：{area_word(region)}排名", HEADING_FONT, 14)
        _table(document, *rankings_table(rankings))
        index += 1
    for sheet in collect_sheets(month, region):
        if sheet.title not in MAIN_TABLES:
            continue
        _paragraph(document, f"附件{index}：{sheet.title}", HEADING_FONT, 14)
        _table(document, sheet.headers, sheet.rows, size=9)
        if sheet.note:
            _paragraph(document, sheet.note, BODY_FONT, 10.5)
        index += 1
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer
