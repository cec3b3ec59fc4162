"""A streaming .xlsx writer for list exports: rows go straight into the zip, styles are registered once.

openpyxl builds an object per cell and hashes its style on every assignment,
which caps an export near a thousand rows a second. Here a row is one string
of cell XML written into the sheet's zip member as it comes, so memory stays
flat however many rows there are, and a sheet that reaches Excel's row limit
is continued on the next sheet under the same header.
"""

import datetime
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

# Excel's rows per sheet, the header included.
SHEET_ROWS = 1_048_576
# A spreadsheet program evaluates text that starts with these (CWE-1236).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATETIME_FORMAT, DATE_FORMAT = 164, 165
NUMBER_FORMATS = {DATETIME_FORMAT: "yyyy-mm-dd hh:mm", DATE_FORMAT: "yyyy-mm-dd"}
# Characters XML 1.0 cannot hold; openpyxl refuses them, an export drops them.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HEADER_FILL, BORDER_COLOUR = "FF1F4E79", "FFBFBFBF"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DEFAULT_STYLE = ("default",)
NUMBERS = frozenset({int, float, Decimal})
# A date's serial number is its ordinal less this (openpyxl's to_excel, without a call per cell).
EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()
# Values whose cells ``append`` writes once per export and reuses: of a type whose equal values are the
# same cell (Decimal 1.0 and 1 are the same number), texts as short as a choice, a name or a code. A
# datetime, nearly always distinct, is written each time. The first rows hold what recurs (choices,
# townships, departments); no more than KEPT_CELLS are kept, so a list of distinct titles stays flat in memory.
KEPT_TYPES = frozenset({str, int, bool, Decimal, datetime.date, type(None)})
KEPT_TEXT, KEPT_CELLS = 40, 1_024
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def cell_text(value: str) -> str:
    """``value`` as the inline string of a cell, with its leading or trailing spaces kept."""
    if not value.isprintable():  # only then can it hold a control character
        value = ILLEGAL.sub("", value)
    if "&" in value or "<" in value or ">" in value:
        value = escape(value)
    if value[:1].isspace() or value[-1:].isspace():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


class StreamingWorkbook:
    """Sheets of a header and rows, written into ``target`` (a binary file) as they are appended.

    A body cell has a thin border; a choice's colour fills it; a date or time
    shows as one; text a spreadsheet would evaluate is kept as text (quote prefix).
    """

    def __init__(self, target, *, sheet_rows: int = SHEET_ROWS):
        self.archive = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.sheet_rows = sheet_rows
        self.sheets: list[str] = []
        self.fills = ["none", "gray125", HEADER_FILL]
        self.fill_of: dict[str, int] = {}
        self.styles: dict[tuple, int] = {}
        self.body_styles: dict[tuple, int] = {}
        self.styles[DEFAULT_STYLE] = 0  # the style of cells no row writes, unbordered
        self.stream = None
        self.pending: list[str] = []
        # (type, value, colour) → a body cell's XML after its reference (``append``).
        self.tails: dict[tuple, str] = {}

    def style(self, *, header: bool, fill: int, number_format: int, quote: bool) -> int:
        key = (header, fill, number_format, quote)
        index = self.styles.get(key)
        if index is None:
            index = self.styles[key] = len(self.styles)
        return index

    def fill(self, colour: str) -> int:
        """The index of a solid fill of a choice colour ("#dc3545")."""
        index = self.fill_of.get(colour)
        if index is None:
            argb = "FF" + colour.lstrip("#").upper()
            if argb not in self.fills:
                self.fills.append(argb)
            index = self.fill_of[colour] = self.fills.index(argb)
        return index

    def add_sheet(self, name: str, headers: list[str], widths: list[int]) -> None:
        """Start a sheet with a frozen header row; later rows are appended to it."""
        self._close_sheet()
        self.sheets.append(name)
        self.headers, self.widths = headers, widths
        self.letters = [get_column_letter(index) for index in range(1, len(headers) + 1)]
        self.stream = self.archive.open(f"xl/worksheets/sheet{len(self.sheets)}.xml", "w", force_zip64=True)
        columns = "".join(
            f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
            for index, width in enumerate(widths, start=1)
        )
        self._write(
            f'{DECLARATION}<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{columns}</cols><sheetData>'
        )
        self.row = 0
        cells = []
        for letter, text in zip(self.letters, headers, strict=True):
            style = self.style(header=True, fill=2, number_format=0, quote=text.startswith(FORMULA_PREFIXES))
            cells.append(f'<c r="{letter}1" s="{style}" t="inlineStr">{cell_text(text)}</c>')
        self._write_row(cells)

    def append(self, values: list, colours: list) -> None:
        """A row of values (text, numbers, dates, None; anything else as its text) and each cell's colour or None."""
        if self.row >= self.sheet_rows:
            self.add_sheet(f"工作表{len(self.sheets) + 1}", self.headers, self.widths)
        number = self.row + 1
        tails, cells = self.tails, []
        add = cells.append
        for letter, value, colour in zip(self.letters, values, colours, strict=True):
            kind = type(value)
            if kind in KEPT_TYPES and (kind is not str or len(value) <= KEPT_TEXT):
                # A choice, a township, a date recurs down a column: its cell is written once an export.
                key = (kind, value, colour)
                tail = tails.get(key)
                if tail is None:
                    tail = self._tail(value, colour)
                    if len(tails) < KEPT_CELLS:
                        tails[key] = tail
            else:
                tail = self._tail(value, colour)
            add(f'<c r="{letter}{number}"{tail}')
        self._write_row(cells)

    def _tail(self, value, colour: str | None) -> str:
        """A body cell's XML after its reference: its style, its type and its value."""
        fill = self.fill(colour) if colour else 0
        kind = type(value)
        if kind is not str and kind is not bool and kind in NUMBERS:
            return f' s="{self.body(fill, 0, False)}" t="n"><v>{value}</v></c>'
        if kind is not str and value is not None:
            if isinstance(value, bool):
                return f' s="{self.body(fill, 0, False)}" t="b"><v>{int(value)}</v></c>'
            if isinstance(value, int | float | Decimal):
                return f' s="{self.body(fill, 0, False)}" t="n"><v>{value}</v></c>'
            if isinstance(value, datetime.date):
                if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                    # Asia/Shanghai (settings.TIME_ZONE), not the server's own zone, which is often UTC.
                    value = timezone.localtime(value).replace(tzinfo=None)
                if isinstance(value, datetime.datetime):
                    # To the second, as the cell shows it: a reader rounds a serial to the millisecond,
                    # which would carry 12:00:59.9996 into the next minute.
                    value = value.replace(microsecond=0)
                is_time = isinstance(value, datetime.datetime)
                style = self.body(fill, DATETIME_FORMAT if is_time else DATE_FORMAT, False)
                serial = to_excel(value) if is_time else value.toordinal() - EXCEL_EPOCH
                if serial < 61:  # before 1900-03-01, where Excel counts a 29 February that never was
                    serial = to_excel(value)
                return f' s="{style}" t="n"><v>{serial}</v></c>'
            value = str(value)
        if not value:
            return f' s="{self.body(fill, 0, False)}"/>'
        quote = value.startswith(FORMULA_PREFIXES)
        return f' s="{self.body(fill, 0, quote)}" t="inlineStr">{cell_text(value)}</c>'

    def body(self, fill: int, number_format: int, quote: bool) -> int:
        """The index of a bordered body cell's style."""
        key = (fill, number_format, quote)
        index = self.body_styles.get(key)
        if index is None:
            index = self.body_styles[key] = self.style(
                header=False, fill=fill, number_format=number_format, quote=quote
            )
        return index

    def close(self) -> None:
        """Write the workbook's parts around its sheets and finish the zip."""
        self._close_sheet()
        sheets = range(1, len(self.sheets) + 1)
        self.archive.writestr(
            "[Content_Types].xml",
            f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for index in sheets
            )
            + "</Types>",
        )
        self.archive.writestr(
            "_rels/.rels",
            f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        self.archive.writestr(
            "xl/workbook.xml",
            f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
            + "".join(
                f'<sheet name={quoteattr(name)} sheetId="{index}" r:id="rId{index}"/>'
                for index, name in zip(sheets, self.sheets, strict=True)
            )
            + "</sheets></workbook>",
        )
        self.archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
            + "".join(
                f'<Relationship Id="rId{index}" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet{index}.xml"/>'
                for index in sheets
            )
            + f'<Relationship Id="rId{len(self.sheets) + 1}" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        self.archive.writestr("xl/styles.xml", self._styles_xml())
        self.archive.close()

    def _styles_xml(self) -> str:
        formats = "".join(f'<numFmt numFmtId="{key}" formatCode="{code}"/>' for key, code in NUMBER_FORMATS.items())
        fills = "".join(
            f'<fill><patternFill patternType="{fill}"/></fill>'
            if index < 2
            else f'<fill><patternFill patternType="solid"><fgColor rgb="{fill}"/><bgColor indexed="64"/>'
            "</patternFill></fill>"
            for index, fill in enumerate(self.fills)
        )
        thin = f'style="thin"><color rgb="{BORDER_COLOUR}"/>'
        border = "".join(f"<{side} {thin}</{side}>" for side in ("left", "right", "top", "bottom"))
        border = f"<border>{border}<diagonal/></border>"
        styles = []
        for key in self.styles:
            if key == DEFAULT_STYLE:
                styles.append('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>')
                continue
            header, fill, number_format, quote = key
            attributes = (
                f'numFmtId="{number_format}" fontId="{int(header)}" fillId="{fill}" borderId="1" xfId="0"'
                ' applyBorder="1"'
                + (' applyNumberFormat="1"' if number_format else "")
                + (' applyFill="1"' if fill else "")
                + (' applyFont="1" applyAlignment="1"' if header else "")
                + (' quotePrefix="1"' if quote else "")
            )
            alignment = '<alignment horizontal="center" vertical="center" wrapText="1"/>' if header else ""
            styles.append(f"<xf {attributes}>{alignment}</xf>" if alignment else f"<xf {attributes}/>")
        return (
            f'{DECLARATION}<styleSheet xmlns="{MAIN}">'
            f'<numFmts count="{len(NUMBER_FORMATS)}">{formats}</numFmts>'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b val="1"/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font>'
            "</fonts>"
            f'<fills count="{len(self.fills)}">{fills}</fills>'
            f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>{border}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(styles)}">{"".join(styles)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )

    def _write_row(self, cells: list[str]) -> None:
        self.row += 1
        self._write(f'<row r="{self.row}">{"".join(cells)}</row>')

    def _write(self, text: str) -> None:
        # Compressing a row at a time costs more than the row; rows are written in batches.
        self.pending.append(text)
        if len(self.pending) >= 500:
            self._flush()

    def _flush(self) -> None:
        self.stream.write("".join(self.pending).encode())
        self.pending = []

    def _close_sheet(self) -> None:
        if self.stream is not None:
            self.pending.append(
                "</sheetData>"
                '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>'
            )
            self._flush()
            self.stream.close()
            self.stream = None
