"""Excel in and out: one writer for every list, one reader for every import.

``write_workbook`` streams rows through openpyxl's write-only mode, so a
100,000-row export stays flat in memory. ``WorkbookImporter`` reads an upload
row by row into the model's own form (restricted to the user's jurisdiction),
names each error by row, column and header, and writes nothing unless every
row is valid.
"""

import datetime
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .scoping import ensure_all_in_scope

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# A spreadsheet program evaluates text that starts with these (CWE-1236).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", ""}


def solid_fill(colour: str) -> PatternFill:
    """A cell fill of a choice colour ("#dc3545"), opaque in every spreadsheet program."""
    return PatternFill("solid", fgColor="FF" + colour.lstrip("#").upper())


@dataclass(frozen=True)
class Column:
    """A column of a list page and of its Excel export."""

    name: str
    header: str
    width: int = 16
    value: Callable | None = None
    link: bool = False
    # For a value that is not a model field (an annotation), the ChoiceSet giving its label and colour.
    choice_set: type | None = None

    def resolve(self, obj, viewer=None) -> tuple[object, str | None]:
        """The display value of this column for ``obj`` and its colour, if a choice carries one.

        With a ``viewer`` (base.privacy), personal data is masked as their role requires.
        """
        if self.value is not None:
            return self.value(obj), None
        if self.choice_set is not None:
            raw = getattr(obj, self.name, None)
            return self.choice_set.label(raw), self.choice_set.colour(raw)
        target = obj
        *path, last = self.name.split("__")
        for part in path:
            target = getattr(target, part, None)
            if target is None:
                return "", None
        raw = getattr(target, last, None)
        try:
            model_field = target._meta.get_field(last)
        except (AttributeError, FieldDoesNotExist):
            model_field = None
        choice_set = getattr(model_field, "choice_set", None)
        if choice_set is not None:
            return choice_set.label(raw), choice_set.colour(raw)
        if model_field is not None and model_field.choices and raw is not None:
            return getattr(target, f"get_{last}_display")(), None
        if isinstance(raw, bool):
            return ("是" if raw else "否"), None
        if viewer is not None:
            raw = viewer.show(target, last, raw)
        return ("" if raw is None else raw), None


def as_text(cell) -> None:
    """Keep a cell whose text a spreadsheet would evaluate (=, +, -, @, tab, CR) as text.

    openpyxl stores such a string as a formula; a string cell with the quote
    prefix is shown as typed by Excel and LibreOffice and stays text when
    edited. Numbers, negative ones included, are not strings and are untouched.
    """
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True


def sheet_as_text(sheet) -> None:
    """``as_text`` on every cell of a (not write-only) worksheet."""
    for row in sheet.iter_rows():
        for cell in row:
            as_text(cell)


def _excel_value(value):
    if isinstance(value, datetime.datetime):
        # Asia/Shanghai (settings.TIME_ZONE), not the server's own zone, which is often UTC.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, Decimal | int | float | datetime.date | str):
        return value
    return str(value)


def write_workbook(rows: Iterable, columns: list[Column], title: str, *, viewer=None) -> io.BytesIO:
    """A styled one-sheet workbook of ``rows`` (a queryset is iterated in chunks).

    ``viewer`` (base.privacy.Viewer) masks personal data and records the full values it let through.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        as_text(cell)
        header.append(cell)
    sheet.append(header)
    iterator = rows.iterator(chunk_size=2000) if hasattr(rows, "iterator") else rows
    for obj in iterator:
        cells = []
        for column in columns:
            value, colour = column.resolve(obj, viewer)
            cell = WriteOnlyCell(sheet, value=_excel_value(value))
            cell.border = BORDER
            as_text(cell)
            if colour:
                cell.fill = solid_fill(colour)
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    if viewer is not None:
        viewer.record()
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def xlsx_response(buffer: io.BytesIO, filename: str) -> HttpResponse:
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


UNREADABLE = "无法读取文件：请上传由模板填写的 Excel 工作簿（.xlsx）。"


def workbook_problem(upload) -> str:
    """Why an uploaded workbook is refused before it is parsed, or "" if it may be read.

    A file that is no zip at all passes here and is refused by the reader.
    The zip's directory gives each member's size (and Python's zipfile never
    inflates a member past it), so a small file that would inflate to hundreds
    of megabytes, or a sheet of millions of empty rows, is refused at once.
    """
    limit = settings.IMPORT_MAX_FILE_MB * 1024 * 1024
    if upload.size is not None and upload.size > limit:
        return f"文件不能超过 {settings.IMPORT_MAX_FILE_MB} MB。"
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return ""  # not a zip at all: the reader says so, in its own words
    finally:
        upload.seek(0)
    limit = settings.IMPORT_MAX_UNCOMPRESSED_MB
    if sum(member.file_size for member in members) > limit * 1024 * 1024:
        return f"工作簿内容过大（解压后超过 {limit} MB），请删除多余的行、列和格式后分批导入。"
    return ""


@dataclass(frozen=True)
class ImportColumn:
    """A column of an import template, read into the form field ``field``.

    For a model-choice field, ``lookup`` names the attributes a cell may
    hold (a region's code or name); choices are read by label or value and
    yes/no fields by 是/否.
    """

    header: str
    field: str
    required: bool = False
    lookup: tuple[str, ...] = ()
    note: str = ""


@dataclass
class RowError:
    row: int
    column: str
    header: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "表头"
        if self.column:
            where += f" {self.column}列（{self.header}）"
        return f"{where}：{self.message}"


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class WorkbookImporter:
    """Declare ``form_class``, ``columns`` and ``unique`` (fields unique within a file)."""

    form_class: type[forms.BaseForm]
    columns: list[ImportColumn]
    unique: tuple[str, ...] = ()
    title = "导入模板"
    max_rows = 20000
    max_errors = 200
    max_columns = 100
    max_blank_rows = 1000
    max_cell_chars = 2000
    progress_every = 200
    change_reason = "Excel导入"

    def template(self) -> io.BytesIO:
        """The blank template: headers (required ones marked *) and a sheet of instructions."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.title[:31]
        for index, column in enumerate(self.columns, start=1):
            cell = sheet.cell(row=1, column=index, value=column.header + ("*" if column.required else ""))
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) * 2 + 4)
        sheet.freeze_panes = "A2"
        notes = workbook.create_sheet("填写说明")
        notes.append(["列", "说明"])
        form_fields = self.form_class.base_fields
        for column in self.columns:
            form_field = form_fields[column.field]
            text = column.note or str(form_field.help_text or "")
            if isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
                text = (
                    text + " 可选：" + "、".join(str(label) for value, label in form_field.choices if value)
                ).strip()
            notes.append([column.header + ("（必填）" if column.required else ""), text])
        notes.column_dimensions["A"].width = 24
        notes.column_dimensions["B"].width = 90
        for target in workbook.worksheets:
            sheet_as_text(target)
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.seek(0)
        return buffer

    def form_kwargs(self, user) -> dict:
        return {"user": user}

    def count_rows(self, upload, *, limit: int) -> int:
        """The data rows of ``upload`` (blank rows not counted), counted no further than ``limit`` + 1.

        Streams the sheet as ``run`` does, so a stale ``<dimension>`` cannot
        hide rows; a workbook that cannot be read counts 0 (``run`` says why).
        """
        rows = self._open(upload, ImportResult())
        count = blank_run = 0
        if rows is not None:
            next(rows, None)
            for cells in rows:
                if all(cell.value in (None, "") for cell in cells):
                    blank_run += 1
                    if blank_run >= self.max_blank_rows:
                        break
                    continue
                blank_run = 0
                count += 1
                if count > limit:
                    break
        upload.seek(0)
        return count

    def run(self, upload, user, *, progress: Callable[[int], None] | None = None) -> ImportResult:
        """Validate every row of ``upload``; save all rows in one transaction only if all pass.

        ``progress``, if given, is told how many data rows have been read, every ``progress_every`` rows.
        """
        result = ImportResult()
        self._headers_by_index: dict[int, str] = {}
        rows = self._open(upload, result)
        if rows is None:
            return result
        header = next(rows, ())
        if len(header) > self.max_columns:
            result.errors.append(RowError(0, "", "", f"表头超过{self.max_columns}列，请使用下载的模板。"))
            return result
        positions = self._read_header(self._values(1, header, result), result)
        if not result.ok:
            return result
        lookups = self._lookups(user)
        forms_to_save, seen = [], {name: {} for name in self.unique}
        blank_run = data_rows = 0
        for number, cells in enumerate(rows, start=2):
            values = self._values(number, cells[: len(header)], result)
            if all(value in (None, "") for value in values):
                # Spreadsheet programs keep thousands of formatted empty rows;
                # a long run of them is the end of the data, not a reason to read on.
                blank_run += 1
                if blank_run >= self.max_blank_rows:
                    break
                continue
            blank_run = 0
            if len(forms_to_save) >= self.max_rows:
                result.errors.append(RowError(number, "", "", f"一次最多导入{self.max_rows}行，请分批导入。"))
                break
            form = self._row_form(number, values, positions, lookups, seen, user, result)
            if form is not None:
                forms_to_save.append(form)
            if len(result.errors) >= self.max_errors:
                break
            data_rows += 1
            if progress is not None and data_rows % self.progress_every == 0:
                progress(data_rows)
        if progress is not None:
            progress(data_rows)
        result.errors.sort(key=lambda error: (error.row, len(error.column), error.column))
        if not forms_to_save and result.ok:
            result.errors.append(RowError(0, "", "", "工作簿中没有数据行。"))
        if result.ok:
            with transaction.atomic():
                saved = []
                for form in forms_to_save:
                    form.instance._change_reason = self.change_reason
                    saved.append(form.save())
                ensure_all_in_scope(saved, user)
            result.created = len(forms_to_save)
        return result

    def _open(self, upload, result: ImportResult):
        problem = workbook_problem(upload)
        if problem:
            result.errors.append(RowError(0, "", "", problem))
            return None
        try:
            # Formulas are read as formulas, so that a cell holding one is refused rather than
            # silently read as its cached value (or as blank when it has none).
            workbook = load_workbook(upload, read_only=True, data_only=False)
            sheet = workbook.worksheets[0]
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
            result.errors.append(RowError(0, "", "", UNREADABLE))
            return None
        # The <dimension> a program wrote may be stale ("A1:U2" over five rows): read to the end.
        sheet.reset_dimensions()
        return sheet.iter_rows()

    def _values(self, number: int, cells, result: ImportResult) -> list:
        """The values of a row's cells; a formula or an over-long text is an error and reads as blank."""
        values = []
        for index, cell in enumerate(cells):
            value = cell.value
            problem = ""
            if cell.data_type == "f":
                problem = "单元格含有公式，请改为直接填写内容（可复制后“选择性粘贴 → 数值”）。"
            elif isinstance(value, str) and len(value) > self.max_cell_chars:
                problem = f"内容过长（{len(value)}字），每格最多{self.max_cell_chars}字。"
            if problem:
                header = self._headers_by_index.get(index, "")
                result.errors.append(RowError(number, get_column_letter(index + 1), header, problem))
                value = None
            values.append(value)
        return values

    def _read_header(self, header_row, result: ImportResult) -> dict[str, int]:
        found = {}
        for index, value in enumerate(header_row):
            text = str(value).strip().rstrip("*").strip() if value is not None else ""
            if text:
                found[text] = index
        expected = {column.header for column in self.columns}
        missing = [column.header for column in self.columns if column.header not in found]
        unknown = [text for text in found if text not in expected]
        if missing:
            result.errors.append(RowError(0, "", "", "缺少表头：" + "、".join(missing) + "。请使用下载的模板。"))
        if unknown:
            result.errors.append(RowError(0, "", "", "无法识别的表头：" + "、".join(unknown) + "。请使用下载的模板。"))
        self._headers_by_index = {index: text for text, index in found.items()}
        return {column.field: found.get(column.header, -1) for column in self.columns}

    def _lookups(self, user) -> dict[str, dict[str, list]]:
        """For each model-choice column, every accepted cell text → primary keys, within scope."""
        form = self.form_class(**self.form_kwargs(user))
        lookups = {}
        for column in self.columns:
            form_field = form.fields[column.field]
            if not isinstance(form_field, forms.ModelChoiceField):
                continue
            table: dict[str, list] = {}
            for obj in form_field.queryset:
                for attribute in column.lookup or ("name",):
                    table.setdefault(str(getattr(obj, attribute)), []).append(obj.pk)
            lookups[column.field] = table
        return lookups

    def _cell_text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime.datetime):
            return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value).strip()

    def _row_form(self, number, values, positions, lookups, seen, user, result):
        data, row_errors = {}, []
        form_fields = self.form_class.base_fields
        for column in self.columns:
            position = positions[column.field]
            text = self._cell_text(values[position] if position < len(values) else None)
            letter = get_column_letter(position + 1)
            try:
                data[column.field] = self._to_form_value(column, form_fields[column.field], text, lookups)
            except ValidationError as error:
                row_errors.append(RowError(number, letter, column.header, " ".join(error.messages)))
            if column.field in seen and text:
                first = seen[column.field].setdefault(text, number)
                if first != number:
                    row_errors.append(RowError(number, letter, column.header, f"与第{first}行重复。"))
        form = self.form_class(data=data, **self.form_kwargs(user))
        if not form.is_valid():
            # A cell that could not be read already has its error; the form's
            # "required" for the same field would only repeat it.
            failed = {error.column for error in row_errors}
            by_field = {column.field: column for column in self.columns}
            for name, messages in form.errors.items():
                column = by_field.get(name)
                letter = get_column_letter(positions[name] + 1) if column else ""
                if letter and letter in failed:
                    continue
                for message in messages:
                    row_errors.append(RowError(number, letter, column.header if column else "", message))
        result.errors.extend(row_errors)
        return form if not row_errors else None

    def _to_form_value(self, column, form_field, text, lookups):
        if not text:
            return ""
        if isinstance(form_field, forms.ModelChoiceField):
            matches = lookups[column.field].get(text, [])
            if not matches:
                raise ValidationError(f"“{text}”不存在或不在您的管辖范围内。")
            if len(matches) > 1:
                raise ValidationError(f"“{text}”有重名，请改填代码。")
            return matches[0]
        if isinstance(form_field, forms.BooleanField):
            word = text.lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise ValidationError("请填写“是”或“否”。")
        if isinstance(form_field, forms.ChoiceField):
            for value, label in form_field.choices:
                if text in (str(value), str(label)):
                    return value
            raise ValidationError(f"“{text}”不是有效选项。")
        return text
