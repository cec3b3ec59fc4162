"""Excel in and out: one writer for every list, one reader for every import.

``write_workbook`` streams rows straight into the file (base.xlsx), so an
export of any size stays flat in memory and a sheet's row limit continues on
the next sheet. ``WorkbookImporter`` reads an upload row by row into the
model's own form (restricted to the user's jurisdiction), names each error by
row, column and header, and writes nothing unless every row is valid. Checking
a row asks the database nothing: the choices of every column are fetched once,
uniqueness is checked for all rows in one query per rule, and a model whose
saving adds nothing (``bulk_write``) is written in batches with its history.
"""

import datetime
import hashlib
import io
import secrets
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from copy import copy, deepcopy
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, partial
from typing import ClassVar
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.base import ModelState
from django.db.models.expressions import DatabaseDefault
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_manager_for_model,
)

from .privacy import Viewer, mask, personal_kind
from .scoping import CHANGE, ensure_all_in_scope
from .xlsx import FORMULA_PREFIXES, SHEET_ROWS, StreamingWorkbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
EXPORT_CHUNK_ROWS = 2000
# Values a new record's copy may share with the prototype's.
IMMUTABLE = frozenset({str, int, float, bool, Decimal, datetime.date, datetime.datetime, type(None)})
TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", ""}
TEXT_TAG, RUN_TAG = f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"
_UNSEEN = object()  # a value not yet cleaned in this import


def solid_fill(colour: str) -> PatternFill:
    """A cell fill of a choice colour ("#dc3545"), opaque in every spreadsheet program."""
    return PatternFill("solid", fgColor="FF" + colour.lstrip("#").upper())


@dataclass(frozen=True)
class Column:
    """A column of a list page, of its Excel export and, with ``field``, of its import.

    An importable model declares one list of these on its importer: the page
    shows those with ``page``, the export writes them all, the template holds
    those with a ``field``, and the import reads the export back (columns
    without a ``field``, such as the county or the status, are skipped).
    For a model-choice field, ``lookup`` names the attributes a cell may hold
    (a region's code or name); choices are read by label or value and yes/no
    fields by 是/否.
    """

    name: str
    header: str
    width: int = 16
    value: Callable | None = None
    link: bool = False
    # For a value that is not a model field (an annotation), the ChoiceSet giving its label and colour.
    choice_set: type | None = None
    field: str = ""
    required: bool = False
    lookup: tuple[str, ...] = ()
    note: str = ""
    page: bool = True

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

    def _field_of(self, model) -> tuple[list[str], str, type, models.Field] | None:
        """The relations followed to this column's field from ``model``, its name, model and field; None if none."""
        *path, last = self.name.split("__")
        target_model = model
        try:
            for part in path:
                target_model = target_model._meta.get_field(part).related_model
            return path, last, target_model, target_model._meta.get_field(last)
        except (AttributeError, FieldDoesNotExist):
            return None

    def reader(self, model, viewer=None) -> Callable[[object], tuple[object, str | None]]:
        """``resolve`` for rows of ``model``, with the field found once rather than per cell (for exports)."""
        if self.value is not None or self.choice_set is not None or model is None:
            return lambda obj: self.resolve(obj, viewer)
        found = self._field_of(model)
        if found is None:
            return lambda obj: self.resolve(obj, viewer)
        path, last, target_model, model_field = found
        if getattr(model_field, "choice_set", None) is not None or model_field.choices:
            return lambda obj: self.resolve(obj, viewer)
        personal = viewer is not None and personal_kind(target_model, last) is not None

        def read(obj):
            target = obj
            for part in path:
                target = getattr(target, part, None)
                if target is None:
                    return "", None
            if type(target) is not target_model:  # a subclass or proxy may declare more
                return self.resolve(obj, viewer)
            raw = getattr(target, last, None)
            if isinstance(raw, bool):
                return ("是" if raw else "否"), None
            if personal:
                raw = viewer.show(target, last, raw)
            return ("" if raw is None else raw), None

        return read

    def converter(self, model, *, annotations=(), viewer=None) -> Callable | bool:
        """For an export read as ``values_list``: this column's raw value → (display value, colour).

        True for a plain field or annotation whose raw value is shown as it is (None as blank);
        False when the column needs the row itself (a computed value, a relation, data masked
        for ``viewer``).
        """
        if self.value is not None or model is None:
            return False
        if self.choice_set is not None:
            choice_set = self.choice_set
            return lambda raw: (choice_set.label(raw), choice_set.colour(raw))
        if self.name in annotations:
            if viewer is not None and personal_kind(model, self.name) is not None:
                return False
            return _annotated
        found = self._field_of(model)
        if found is None:
            return False
        _, last, target_model, model_field = found
        if not getattr(model_field, "concrete", False) or model_field.is_relation:
            return False
        if viewer is not None and personal_kind(target_model, last) is not None:
            return False
        choice_set = getattr(model_field, "choice_set", None)
        if choice_set is not None:
            return lambda raw: (choice_set.label(raw), choice_set.colour(raw))
        if model_field.choices:
            labels = {value: str(label) for value, label in model_field.flatchoices}
            return lambda raw: ("", None) if raw is None else (labels.get(raw, raw), None)
        if isinstance(model_field, models.BooleanField):
            return lambda raw: ("", None) if raw is None else ("是" if raw else "否", None)
        return True


def _unique_checked(exclude=None) -> None:
    """A row form's and its record's ``validate_unique``: the import checks uniqueness for all rows at once."""


def _annotated(raw) -> tuple[object, None]:
    """An annotation's raw value as ``Column.resolve`` shows it."""
    if isinstance(raw, bool):
        return ("是" if raw else "否"), None
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


def write_workbook(
    rows: Iterable, columns: list[Column], title: str, *, viewer=None, target=None, sheet_rows: int = SHEET_ROWS
):
    """A styled workbook of ``rows`` (a queryset is iterated in chunks), written into ``target`` or a BytesIO.

    Rows beyond a sheet's limit continue on a second sheet (工作表2, …) under
    the same header. ``viewer`` (base.privacy.Viewer) masks personal data and
    records the full values it let through, chunk by chunk.
    """
    target = io.BytesIO() if target is None else target
    workbook = StreamingWorkbook(target, sheet_rows=sheet_rows)
    workbook.add_sheet(title[:31], [column.header for column in columns], [column.width for column in columns])
    chunk = EXPORT_CHUNK_ROWS
    if isinstance(rows, models.QuerySet):
        annotations = set(rows.query.annotations)
        converters = [column.converter(rows.model, annotations=annotations, viewer=viewer) for column in columns]
        if all(converter is not False for converter in converters):
            # The key leads each tuple, so that a DISTINCT query keeps rows that only look alike.
            _write_values(workbook, rows.values_list("pk", *[column.name for column in columns]), converters)
            return _close(workbook, target, viewer)
    iterator = rows.iterator(chunk_size=chunk) if hasattr(rows, "iterator") else rows
    readers = [column.reader(getattr(rows, "model", None), viewer) for column in columns]
    for count, obj in enumerate(iterator, start=1):
        values, colours = [], []
        for read in readers:
            value, colour = read(obj)
            values.append(value)
            colours.append(colour)
        workbook.append(values, colours)
        if viewer is not None and count % chunk == 0:
            viewer.record()
    return _close(workbook, target, viewer)


def _write_values(workbook: StreamingWorkbook, rows, converters: list) -> None:
    """Rows read as tuples (no model instance per row), each cell converted by its column's converter."""
    plain = [converter is True for converter in converters]
    blanks = [None] * len(converters)
    if all(plain):
        for raw in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS):
            workbook.append(["" if value is None else value for value in raw[1:]], blanks)
        return
    pairs = list(zip(plain, converters, strict=True))
    for raw in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS):
        values, colours = [], []
        for (is_plain, convert), value in zip(pairs, raw[1:], strict=True):
            if is_plain:
                values.append("" if value is None else value)
                colours.append(None)
            else:
                value, colour = convert(value)
                values.append(value)
                colours.append(colour)
        workbook.append(values, colours)


def _close(workbook: StreamingWorkbook, target, viewer):
    if viewer is not None:
        viewer.record()
    workbook.close()
    target.seek(0)
    return target


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


@dataclass
class StagedImport:
    """An uploaded workbook kept server-side between its preview and its confirmation.

    The signed token names the file, the user and the import page it was
    previewed on, and the digest of the preview, so a confirmation applies
    exactly the previewed file, for that user only. Uploads are kept where
    no URL serves them (files are only ever served by ``serve_file``).
    """

    name: str
    user_id: int
    page: str
    digest: str = ""

    salt: ClassVar[str] = "base.excel.StagedImport"
    max_age: ClassVar[int] = 2 * 60 * 60
    folder: ClassVar[str] = "imports"

    @classmethod
    def keep(cls, upload, user, page: str, digest: str) -> "StagedImport":
        cls._sweep(user)
        upload.seek(0)
        name = default_storage.save(f"{cls.folder}/{user.pk}/{secrets.token_hex(16)}.xlsx", upload)
        return cls(name, user.pk, page, digest)

    @classmethod
    def from_token(cls, token: str, user, page: str) -> "StagedImport | None":
        """The staged import ``token`` names, if it was signed for ``user`` on ``page`` and is still kept."""
        try:
            data = signing.loads(token, salt=cls.salt, max_age=cls.max_age)
        except signing.BadSignature:
            return None
        staged = cls(data["name"], data["user"], data["page"], data["digest"])
        if staged.user_id != user.pk or staged.page != page or not default_storage.exists(staged.name):
            return None
        return staged

    @property
    def token(self) -> str:
        data = {"name": self.name, "user": self.user_id, "page": self.page, "digest": self.digest}
        return signing.dumps(data, salt=self.salt)

    def open(self):
        return default_storage.open(self.name)

    def discard(self) -> None:
        default_storage.delete(self.name)

    @classmethod
    def _sweep(cls, user) -> None:
        """Forget the user's previews that were never confirmed."""
        folder = f"{cls.folder}/{user.pk}"
        try:
            _, names = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        cutoff = timezone.now() - datetime.timedelta(seconds=cls.max_age)
        for name in names:
            if default_storage.get_modified_time(f"{folder}/{name}") < cutoff:
                default_storage.delete(f"{folder}/{name}")


class _SheetParser(WorkSheetParser):
    """openpyxl's parser of a worksheet's XML, reading a text written into its cell (as openpyxl
    and ``base.xlsx`` write every text) without building a rich-text object for it, which took
    longer than the rest of the cell."""

    def parse_cell(self, element) -> dict:
        if element.get("t") != "inlineStr" or element.find(FORMULA_TAG) is not None:
            return super().parse_cell(element)
        coordinate = element.get("r")
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        text = element.find(INLINE_STRING)
        value = None
        if text is not None:
            # The plain text and the runs of a formatted one; phonetic guides (rPh) are not the value.
            value = "".join(
                [text.findtext(TEXT_TAG) or "", *(run.findtext(TEXT_TAG) or "" for run in text.iterfind(RUN_TAG))]
            )
        return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": int(element.get("s", 0))}


class _UnsizedSheet(ReadOnlyWorksheet):
    """A read-only worksheet that is not sized when the workbook opens: ``_sheet_rows`` reads it to its end.

    openpyxl sizes every sheet from its ``<dimension>``, and without one (openpyxl's own files,
    ``base.xlsx``'s exports and templates) parses the whole sheet to find it, once more than the import.
    """

    def _get_size(self) -> None:
        pass


class _WorkbookReader(ExcelReader):
    """openpyxl's read-only workbook reader, its worksheets ``_UnsizedSheet``."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            worksheet = _UnsizedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _read_only_workbook(upload) -> Workbook:
    """``load_workbook(upload, read_only=True, data_only=False)``, its sheets not parsed to find their size."""
    reader = _WorkbookReader(upload, read_only=True, data_only=False)
    reader.read()
    return reader.wb


def _sheet_rows(sheet) -> Iterator[list[tuple[object, str]]]:
    """Each row of a read-only worksheet to its last cell, as (value, data type) pairs, blank rows included.

    What ``iter_rows`` gives after ``reset_dimensions``, without a cell object per cell.
    """
    workbook = sheet.parent
    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = _SheetParser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        expected = 1
        for number, cells in parser.parse():
            if number < expected:
                continue  # a row written twice is read once, as openpyxl does
            for _ in range(expected, number):
                yield []
            expected = number + 1
            row = [(None, "n")] * (cells[-1]["column"] if cells else 0)
            for cell in cells:
                row[cell["column"] - 1] = (cell["value"], cell["data_type"])
            yield row


def _chosen(form_field: forms.ModelChoiceField, objects: dict, value):
    """``ModelChoiceField.to_python`` answered from the choices an import fetched once."""
    if value in form_field.empty_values:
        return None
    if isinstance(value, models.Model):
        value = getattr(value, form_field.to_field_name or "pk")
    obj = objects.get(str(value)) if str(value) else None
    if obj is None:
        raise ValidationError(
            form_field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )
    return obj


def _values_of(model_field, texts) -> list:
    """``texts`` as values of ``model_field``; a text that is no such value (letters for an id) names nothing."""
    values = []
    for text in texts:
        with suppress(ValidationError):
            values.append(model_field.to_python(text))
    return values


def _cache_key(name: str, value) -> tuple | None:
    """The key under which a field's cleaned ``value`` is kept for the rest of an import; None if it cannot be."""
    if type(value) not in IMMUTABLE:
        return None
    # The type too: True and 1 are equal keys, but not the same cell.
    return (name, type(value), value)


def _keeps(value) -> bool:
    """Whether a cleaned value may be shared by every row that cleans the same cell.

    A record is: a model choice is answered with the very objects fetched once for the import.
    """
    return type(value) in IMMUTABLE or isinstance(value, models.Model)


def _clean_form_fields(form: forms.BaseForm, cleaned: dict, plans: dict[str, tuple[bool, str, str]]) -> None:
    """``BaseForm._clean_fields`` for a new row, each field cleaning a distinct value once per import.

    The rows share their fields (``_new_form``), and a field's ``clean`` depends on the value
    alone, so a date, a choice or a township that recurs down a column is cleaned once;
    ``clean_<name>`` methods and everything after still run on every row. A value that fails
    is cleaned again on each row, so its error is the field's own. ``plans`` holds what
    ``_field_plan`` found for the prototype's fields, the same for every row.
    """
    for name, form_field in form.fields.items():
        by_bound_field, html_name, method = plans[name] if name in plans else _field_plan(form, name, form_field)
        try:
            if by_bound_field:
                value = form_field._clean_bound_field(form[name])
            else:
                data = form_field.widget.value_from_datadict(form.data, form.files, html_name)
                key = _cache_key(name, data)
                value = cleaned.get(key, _UNSEEN) if key is not None else _UNSEEN
                if value is _UNSEEN:
                    value = form_field.clean(data)
                    if key is not None and _keeps(value):
                        cleaned[key] = value
            form.cleaned_data[name] = value
            if method:
                form.cleaned_data[name] = getattr(form, method)()
        except ValidationError as error:
            form.add_error(name, error)


def _field_plan(form: forms.BaseForm, name: str, form_field: forms.Field) -> tuple[bool, str, str]:
    """How ``_clean_form_fields`` cleans ``form``'s field ``name``: whether through its bound field (a file
    field, or one read from its initial), the name of its data, and its ``clean_<name>`` method, if any."""
    by_bound_field = form_field.disabled or type(form_field)._clean_bound_field is not forms.Field._clean_bound_field
    method = f"clean_{name}"
    return by_bound_field, form.add_prefix(name), method if hasattr(form, method) else ""


def _clean_fields(instance, chosen: dict[str, dict], cleaned: dict, exclude=None) -> None:
    """``Model.clean_fields`` without asking the database whether a chosen related record exists,
    and cleaning a distinct value of a field once per import (``cleaned``).

    A value taken from the form's own choices exists and meets the field's ``limit_choices_to``.
    Only fields that validate as Django's own do (by value alone, not by the record) share a value.
    """
    skip = set(exclude or ())
    for name, objects in chosen.items():
        model_field = instance._meta.get_field(name)
        if str(getattr(instance, model_field.attname)) in objects:
            skip.add(name)
    model = type(instance)
    if model.clean_fields is not models.Model.clean_fields:
        model.clean_fields(instance, exclude=skip)
        return
    errors = {}
    for model_field, name, attname, by_value in _checked_fields(model):
        if name in skip:
            continue
        raw = getattr(instance, attname)
        if (model_field.blank and raw in model_field.empty_values) or isinstance(raw, DatabaseDefault):
            continue
        key = _cache_key(name, raw) if by_value else None
        value = cleaned.get(key, _UNSEEN) if key is not None else _UNSEEN
        if value is _UNSEEN:
            try:
                value = model_field.clean(raw, instance)
            except ValidationError as error:
                errors[name] = error.error_list
                continue
            if key is not None and type(value) in IMMUTABLE:
                cleaned[key] = value
        setattr(instance, attname, value)
    if errors:
        raise ValidationError(errors)


@cache
def _checked_fields(model) -> tuple[tuple[models.Field, str, str, bool], ...]:
    """The fields ``Model.clean_fields`` checks on a record of ``model`` (not generated ones), each with
    its name, its attribute and whether it cleans by value alone (``_by_value``), found once per model."""
    return tuple((f, f.name, f.attname, _by_value(f)) for f in model._meta.fields if not f.generated)


@cache
def _by_value(model_field) -> bool:
    """Whether ``model_field`` cleans a value without looking at its record: not a relation, Django's ``validate``."""
    validate = type(model_field).validate
    return not model_field.is_relation and getattr(validate, "__module__", "").startswith("django.")


def _validate_constraints(instance, constraints: list, exclude=None) -> None:
    """``Model.validate_constraints`` over ``constraints`` only: the rest are checked for all rows at once."""
    errors: dict = {}
    for constraint in constraints:
        try:
            constraint.validate(type(instance), instance, exclude=exclude)
        except ValidationError as error:
            if getattr(error, "code", None) == "unique" and len(getattr(constraint, "fields", ())) == 1:
                errors.setdefault(constraint.fields[0], []).append(error)
            else:
                errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _add_history(records: list, model, *, user, reason: str, batch_size: int) -> None:
    """The "created" history rows of ``records``, just inserted: what simple_history's
    ``bulk_history_create`` writes, with the import's user, reason and moment.

    The database copies each row into its history (one INSERT … SELECT per batch) rather than
    Python building and sending every row a second time, which took as long as the insert itself.
    A history with more fields than simple_history's own, or a record carrying its own history
    user, date or reason, is written by ``bulk_history_create``.
    """
    if not records or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    manager = get_history_manager_for_model(model)
    opts, tracked = manager.model._meta, manager.model.tracked_fields
    stamps = {"history_date": timezone.now(), "history_change_reason": reason, "history_type": "+"}
    stamps["history_user"] = user.pk if user is not None else None
    own = {"_history_user", "_history_date", "_change_reason"}
    untracked = {f.name for f in opts.concrete_fields} - {f.name for f in tracked} - {opts.pk.name}
    if untracked != set(stamps) or any(own & vars(record).keys() for record in records):
        manager.bulk_history_create(records, batch_size=batch_size, default_user=user, default_change_reason=reason)
        return
    quote = connection.ops.quote_name
    columns = {f.attname: f.column for f in model._meta.concrete_fields}
    targets = [f.column for f in tracked] + [opts.get_field(name).column for name in stamps]
    params = [opts.get_field(name).get_db_prep_save(value, connection) for name, value in stamps.items()]
    select = ", ".join([quote(columns[f.attname]) for f in tracked] + ["%s"] * len(params))
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(map(quote, targets))}) SELECT {select}"
        f" FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN "
    )
    size = min(batch_size, (connection.features.max_query_params or batch_size + len(params)) - len(params))
    keys = [record.pk for record in records]
    with connection.cursor() as cursor:
        for start in range(0, len(keys), size):
            chunk = keys[start : start + size]
            cursor.execute(sql + f"({', '.join(['%s'] * len(chunk))})", [*params, *chunk])


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
class RowChange:
    """A row the import adds or updates, and for an update each changed cell: header, was, becomes."""

    row: int
    label: str
    cells: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        verb = "" if self.applied else "将"
        return f"{verb}新增 {self.created} 行、更新 {self.updated} 行、无变化 {self.unchanged} 行"

    @property
    def unlisted(self) -> int:
        """Rows added or updated beyond those listed in ``changes``."""
        return self.created + self.updated - len(self.changes)

    @property
    def digest(self) -> str:
        """A fingerprint of what the import writes, to tell whether a confirmed preview still holds."""
        text = repr([(change.row, change.label, change.cells) for change in self.changes])
        return hashlib.sha256(f"{self.summary}|{text}".encode()).hexdigest()[:32]


@dataclass
class _Row:
    """A valid row: its form (None when left as exported), the record it updates and what it changes."""

    number: int
    form: forms.BaseForm | None
    existing: object
    changed: list[str]
    was: dict[str, str]
    texts: dict[str, str]


class WorkbookImporter:
    """Declare ``form_class``, ``columns``, the natural ``key`` and ``unique`` (fields unique within a file).

    A row whose ``key`` cell matches a record updates it, if the user may change
    that record; any other row is added. ``preview`` says what ``run`` would
    write without writing it.
    """

    form_class: type[forms.BaseForm]
    columns: list[Column]
    key: str = ""
    unique: tuple[str, ...] = ()
    title = "导入模板"
    max_rows = 20000
    max_errors = 200
    max_columns = 100
    max_blank_rows = 1000
    max_cell_chars = 2000
    max_listed_changes = 200
    progress_every = 200
    change_reason = "Excel导入"
    # Rows written with bulk_create/bulk_update (and their history in bulk): only for a model whose
    # save() and form's save() add nothing and that no signal but history's listens to.
    bulk_write = False
    write_batch = 1000

    @property
    def import_columns(self) -> list[Column]:
        return [column for column in self.columns if column.field]

    @property
    def model(self):
        return self.form_class._meta.model

    def template(self) -> io.BytesIO:
        """The blank template: headers (required ones marked *) and a sheet of instructions."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.title[:31]
        for index, column in enumerate(self.import_columns, start=1):
            cell = sheet.cell(row=1, column=index, value=column.header + ("*" if column.required else ""))
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) * 2 + 4)
        sheet.freeze_panes = "A2"
        notes = workbook.create_sheet("填写说明")
        notes.append(["列", "说明"])
        form_fields = self.form_class.base_fields
        for column in self.import_columns:
            form_field = form_fields.get(column.field)
            text = column.note or str(getattr(form_field, "help_text", "") or "")
            if isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
                text = (
                    text + " 可选：" + "、".join(str(label) for value, label in form_field.choices if value)
                ).strip()
            notes.append([column.header + ("（必填）" if column.required else ""), text])
        notes.append(["", "导出的列表可直接修改后导入：按本表的关键列匹配已有记录并更新，其余行新增。"])
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

    def prepare(self, upload, user) -> None:
        """Fetch once what every row needs, before the rows are read (a subclass's hook)."""

    def existing_queryset(self):
        """The records a key may match, with the joins their exported cells need."""
        paths = {column.name.rsplit("__", 1)[0] for column in self.columns if "__" in column.name}
        return self.model._default_manager.select_related(*sorted(paths))

    def count_rows(self, upload, *, limit: int) -> int:
        """The data rows of ``upload`` (blank rows not counted), counted no further than ``limit`` + 1.

        Streams the sheet as ``run`` does, so a stale ``<dimension>`` cannot hide rows; a
        workbook that cannot be read counts 0 (``preview`` says why).
        """
        rows = self._open(upload, ImportResult())
        count = blank_run = 0
        if rows is not None:
            next(rows, None)
            for cells in rows:
                if all(value in (None, "") for value, _ in cells):
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

    def preview(self, upload, user, *, progress: Callable[[int], None] | None = None) -> ImportResult:
        """What ``run`` would add and update, row by row, without writing anything.

        ``progress``, if given, is told how many data rows have been checked, every ``progress_every`` rows.
        """
        result, _ = self._plan(upload, user, progress)
        return result

    def run(self, upload, user, *, expect: str = "", progress: Callable[[int], None] | None = None) -> ImportResult:
        """Validate every row of ``upload``; write all rows in one transaction only if all pass.

        With ``expect`` (a preview's digest), nothing is written unless the rows would change
        exactly as previewed; ``applied`` stays False when the records changed meanwhile.
        """
        result, rows = self._plan(upload, user, progress)
        if result.ok and (not expect or expect == result.digest):
            written = [row for row in rows if row.form is not None and (row.existing is None or row.changed)]
            with transaction.atomic():
                if self.bulk_write and self.saves_in_bulk():
                    saved = self._write_in_bulk(written, user)
                else:
                    saved = []
                    for row in written:
                        row.form.instance._change_reason = self.change_reason
                        saved.append(row.form.save())
                ensure_all_in_scope(saved, user)
            result.applied = True
        return result

    def saves_in_bulk(self) -> bool:
        """Whether ``_write_in_bulk`` writes what saving each row's form would.

        By default only when neither the model's nor the form's ``save`` adds to the insert or
        update. An importer whose model's saving adds something overrides this together with
        ``stamp`` and ``saved``, which do that something for all rows at once.
        """
        return self._plain_saves()

    def stamp(self, records: list, fields: set[str]) -> set[str]:
        """Before a bulk write: set on each record what its ``save`` would; returns the fields to update."""
        return fields

    def saved(self, created: list, updated: list) -> None:
        """After a bulk write, in its transaction: what saving each record would have set off (its signals)."""

    def _plain_saves(self) -> bool:
        """Whether saving a row is only its insert or update: neither the model nor the form adds to it."""
        form_save = self.form_class.save
        return self.model.save is models.Model.save and form_save is forms.BaseModelForm.save

    def _write_in_bulk(self, rows: list[_Row], user) -> list:
        """Insert the new rows and update the changed ones in batches, each with its history rows."""
        new = [row.form.instance for row in rows if row.existing is None]
        changed = [row.form.instance for row in rows if row.existing is not None]
        options = {"batch_size": self.write_batch, "default_user": user, "default_change_reason": self.change_reason}
        names = {model_field.name for model_field in self.model._meta.concrete_fields}
        fields = {
            self.model._meta.get_field(name).name
            for row in rows
            if row.existing is not None
            for name in row.form.changed_data
            if name in names
        }
        fields = self.stamp(new + changed, fields)
        if connection.features.can_return_rows_from_bulk_insert:
            self.model._default_manager.bulk_create(new, batch_size=self.write_batch)
            _add_history(new, self.model, user=user, reason=self.change_reason, batch_size=self.write_batch)
        else:
            bulk_create_with_history(new, self.model, **options)  # which reads the new rows' keys back
        if changed:
            # What save() stamps on an update (an "updated at"), bulk_update does not: stamp it here.
            for model_field in self.model._meta.concrete_fields:
                if getattr(model_field, "auto_now", False):
                    for record in changed:
                        model_field.pre_save(record, add=False)
                    fields.add(model_field.name)
            bulk_update_with_history(changed, self.model, sorted(fields), **options)
        self.saved(new, changed)
        return new + changed

    def _plan(self, upload, user, progress=None) -> tuple[ImportResult, list[_Row]]:
        result = ImportResult()
        self._headers_by_index: dict[int, str] = {}
        self._viewer = Viewer(user, "import")
        self._prototype = self._prototype_chosen = None
        self._in_bulk = self.bulk_write and self.saves_in_bulk()
        self._constraints_by_fields: dict = {}
        # Each field's cleaned value of each distinct cell, kept for the import (``_clean_form_fields``).
        self._form_values: dict = {}
        self._form_cleaned: dict = {}
        self._model_cleaned: dict = {}
        self.prepare(upload, user)
        sheet_rows = self._open(upload, result)
        if sheet_rows is None:
            return result, []
        header = next(sheet_rows, ())
        if len(header) > self.max_columns:
            result.errors.append(RowError(0, "", "", f"表头超过{self.max_columns}列，请使用下载的模板。"))
            return result, []
        positions = self._read_header(self._values(1, header, result), result)
        self._letters = {name: get_column_letter(index + 1) if index >= 0 else "" for name, index in positions.items()}
        if not result.ok:
            return result, []
        lines = self._lines(sheet_rows, len(header), result)
        existing = self._existing(lines, positions, user)
        lookups = self._lookups(user, lines, positions, existing)
        rows, seen = [], {name: {} for name in {*self.unique, *([self.key] if self.key else [])}}
        for checked, (number, values) in enumerate(lines, start=1):
            row = self._row(number, values, positions, lookups, seen, existing, user, result)
            if row is not None:
                rows.append(row)
            if len(result.errors) >= self.max_errors:
                break
            if progress is not None and checked % self.progress_every == 0:
                progress(checked)
        if progress is not None:
            progress(len(lines))
        if len(result.errors) < self.max_errors:
            self._check_unique(rows, result)
        result.errors.sort(key=lambda error: (error.row, len(error.column), error.column))
        if not lines and result.ok:
            result.errors.append(RowError(0, "", "", "工作簿中没有数据行。"))
        if result.ok:
            for row in rows:
                if row.form is None:
                    result.unchanged += 1
                elif row.existing is None:
                    result.created += 1
                    self._list_change(result, RowChange(row.number, f"新增：{row.form.instance}"))
                elif row.changed:
                    result.updated += 1
                    self._list_change(result, self._describe(row))
                else:
                    result.unchanged += 1
        return result, rows

    def _unique_checks(self, form) -> list[tuple[tuple[str, ...], object]]:
        """The model's uniqueness rules a form would check row by row: (fields, constraint or None)."""
        opts, names = self.model._meta, set(form.fields)
        checks = [((f.name,), None) for f in opts.concrete_fields if f.unique and not f.primary_key and f.name in names]
        checks += [(tuple(fields), None) for fields in opts.unique_together if set(fields) <= names]
        checks += [
            (tuple(constraint.fields), constraint)
            for constraint in opts.total_unique_constraints
            if set(constraint.fields) <= names
        ]
        return checks

    def _check_unique(self, rows: list[_Row], result: ImportResult) -> None:
        """Every row's uniqueness against the database, one query per rule (the form was told not to ask per row)."""
        written = [row for row in rows if row.form is not None]
        if not written:
            return
        letters = {column.field: self._letters.get(column.field, "") for column in self.import_columns}
        by_field = {column.field: column for column in self.import_columns}
        failed = set()
        for fields, constraint in self._unique_checks(written[0].form):
            attnames = [self.model._meta.get_field(name).attname for name in fields]
            wanted = {}
            for row in written:
                values = tuple(getattr(row.form.instance, name) for name in attnames)
                if None not in values:
                    wanted.setdefault(values, []).append(row)
            taken = {}
            keys = list(wanted)
            for start in range(0, len(keys), 1000):
                condition = Q()
                for values in keys[start : start + 1000]:
                    condition |= Q(**dict(zip(attnames, values, strict=True)))
                for pk, *values in self.model._base_manager.filter(condition).values_list("pk", *attnames):
                    taken.setdefault(tuple(values), set()).add(pk)
            for values, owners in taken.items():
                for row in wanted.get(values, []):
                    if owners - {row.form.instance.pk} and row.number not in failed:
                        failed.add(row.number)
                        instance = row.form.instance
                        if constraint is not None and constraint.violation_error_message not in (
                            None,
                            constraint.default_violation_error_message,
                        ):
                            message = constraint.get_violation_error_message()
                        else:
                            message = " ".join(instance.unique_error_message(self.model, fields).messages)
                        name = fields[0] if len(fields) == 1 else ""
                        column = by_field.get(name)
                        result.errors.append(
                            RowError(row.number, letters.get(name, ""), column.header if column else "", message)
                        )
        rows[:] = [row for row in rows if row.number not in failed]

    def _open(self, upload, result: ImportResult):
        problem = workbook_problem(upload)
        if problem:
            result.errors.append(RowError(0, "", "", problem))
            return None
        try:
            # Formulas are read as formulas, so that a cell holding one is refused rather than
            # silently read as its cached value (or as blank when it has none).
            workbook = _read_only_workbook(upload)
            sheet = workbook.worksheets[0]
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
            result.errors.append(RowError(0, "", "", UNREADABLE))
            return None
        # The <dimension> a program wrote may be stale ("A1:U2" over five rows): read to the end.
        return _sheet_rows(sheet)

    def _list_change(self, result: ImportResult, change: RowChange) -> None:
        if len(result.changes) < self.max_listed_changes:
            result.changes.append(change)

    def _lines(self, sheet_rows, width: int, result: ImportResult) -> list[tuple[int, list]]:
        """The numbered non-blank rows of the sheet, up to ``max_rows``."""
        lines, blank_run = [], 0
        for number, cells in enumerate(sheet_rows, start=2):
            values = self._values(number, cells[:width], result)
            if all(value in (None, "") for value in values):
                # Spreadsheet programs keep thousands of formatted empty rows;
                # a long run of them is the end of the data, not a reason to read on.
                blank_run += 1
                if blank_run >= self.max_blank_rows:
                    break
                continue
            blank_run = 0
            if len(lines) >= self.max_rows:
                result.errors.append(RowError(number, "", "", f"一次最多导入{self.max_rows}行，请分批导入。"))
                break
            lines.append((number, values))
        return lines

    def _key_column(self) -> Column | None:
        return next((column for column in self.columns if column.field == self.key), None) if self.key else None

    def _existing(self, lines, positions, user) -> dict[str, tuple[object, bool]]:
        """Key text → (the record it names, whether ``user`` may change it), for every key in the file."""
        column = self._key_column()
        if column is None:
            return {}
        position = positions[column.field]
        keys = {self._cell_text(values[position]) for _, values in lines if 0 <= position < len(values)} - {""}
        if not keys:
            return {}
        found = {}
        for start in range(0, len(keys), 5000):
            chunk = sorted(keys)[start : start + 5000]
            if self.key == "id":
                chunk = [int(text) for text in chunk if text.isdigit()]
            for obj in self.existing_queryset().filter(**{f"{self.key}__in": chunk}):
                found[str(getattr(obj, self.key))] = obj
        allowed = set(
            self.model._default_manager.for_user(user, CHANGE)
            .filter(pk__in=[obj.pk for obj in found.values()])
            .values_list("pk", flat=True)
        )
        return {text: (obj, obj.pk in allowed) for text, obj in found.items()}

    def _values(self, number: int, cells, result: ImportResult) -> list:
        """The values of a row's cells; a formula or an over-long text is an error and reads as blank."""
        values = []
        for index, (value, data_type) in enumerate(cells):
            problem = ""
            if data_type == "f":
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
        # The export's own columns (the county, the status) are read past, not refused.
        expected = {column.header for column in self.columns}
        # A key that is not a form field (a system number) may be left out: every row is then new.
        optional = {self.key} - set(self.form_class.base_fields)
        missing = [c.header for c in self.import_columns if c.header not in found and c.field not in optional]
        unknown = [text for text in found if text not in expected]
        if missing:
            result.errors.append(RowError(0, "", "", "缺少表头：" + "、".join(missing) + "。请使用下载的模板。"))
        if unknown:
            result.errors.append(RowError(0, "", "", "无法识别的表头：" + "、".join(unknown) + "。请使用下载的模板。"))
        self._headers_by_index = {index: text for text, index in found.items()}
        return {column.field: found.get(column.header, -1) for column in self.import_columns}

    def _lookups(self, user, lines, positions, existing) -> dict[str, dict[str, list]]:
        """For each model-choice column, every accepted cell text → primary keys, within scope.

        Only the rows the column's cells name are read (and those the file's records keep), one
        query per column and 5,000 texts: not every enterprise of the user's jurisdiction, which
        grows with the data.
        """
        if issubclass(self.form_class, forms.BaseModelForm):
            form = self._prototype_form(user)
        else:
            form = self.form_class(**self.form_kwargs(user))
        lookups, self._objects = {}, {}
        for column in self.import_columns:
            form_field = form.fields.get(column.field)
            if not isinstance(form_field, forms.ModelChoiceField):
                continue
            table: dict[str, list] = {}
            objects = self._objects[column.field] = {"": str(form_field.queryset.query)}
            position = positions[column.field]
            texts = {self._cell_text(values[position]) for _, values in lines if 0 <= position < len(values)}
            attributes = column.lookup or ("name",)
            for obj in self._named(form_field, column.field, attributes, sorted(texts - {""}), existing):
                key = str(getattr(obj, form_field.to_field_name or "pk"))
                if key in objects:
                    continue  # named by two texts read apart
                objects[key] = obj
                for attribute in attributes:
                    table.setdefault(str(getattr(obj, attribute)), []).append(obj.pk)
            lookups[column.field] = table
        return lookups

    def _named(self, form_field, name: str, attributes: tuple[str, ...], texts: list[str], existing) -> Iterator:
        """The choices of ``form_field`` that ``texts`` name by one of ``attributes``, and those the
        ``existing`` records hold; every choice when the field or an attribute is not a plain column."""
        queryset, model = form_field.queryset, form_field.queryset.model
        field = self.model._meta.get_field(name) if name in {f.name for f in self.model._meta.fields} else None
        try:
            targets = [
                model._meta.pk if attribute == "pk" else model._meta.get_field(attribute) for attribute in attributes
            ]
        except FieldDoesNotExist:
            targets = None
        by_other_key = form_field.to_field_name not in (None, model._meta.pk.name)
        if field is None or not targets or by_other_key or any(target.is_relation for target in targets):
            yield from queryset
            return
        kept = {getattr(record, field.attname) for record, _ in existing.values()} - {None}
        for start in range(0, max(len(texts), 1), 5000):
            chunk = texts[start : start + 5000]
            wanted = Q(pk__in=kept) if start == 0 and kept else Q()
            for attribute, target in zip(attributes, targets, strict=True):
                values = _values_of(target, chunk)
                if values:
                    wanted |= Q(**{f"{attribute}__in": values})
            if wanted:
                yield from queryset.filter(wanted)

    def _cell_text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        if isinstance(value, datetime.datetime):
            return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value).strip()

    def _shown(self, column: Column, obj) -> str:
        """The text the export writes in ``column`` for ``obj``, as this user sees it (masked or not)."""
        return self._cell_text(_excel_value(column.resolve(obj, self._viewer)[0]))

    def _row(self, number, values, positions, lookups, seen, existing, user, result) -> _Row | None:
        form_fields = self.form_class.base_fields
        texts, letters, row_errors = {}, self._letters, []
        for column in self.import_columns:
            position = positions[column.field]
            value = values[position] if 0 <= position < len(values) else None
            texts[column.field] = self._cell_text(value)
            if column.field in seen and texts[column.field]:
                first = seen[column.field].setdefault(texts[column.field], number)
                if first != number:
                    row_errors.append(RowError(number, letters[column.field], column.header, f"与第{first}行重复。"))
        instance, was = self._match(number, texts, letters, existing, result)
        if instance is False:
            return None
        if instance is not None:
            # A masked cell (another viewer's export) that masks the kept value is left as it was.
            texts.update({name: was[name] for name in texts if "*" in texts[name] and texts[name] == mask(was[name])})
        if instance is not None and all(texts[name] == was[name] for name in texts):
            # A row left as exported is not validated again: a closed hazard stays as it was.
            result.errors.extend(row_errors)
            return None if row_errors else _Row(number, None, instance, [], was, texts)
        data = {}
        if instance is not None:
            # Fields the workbook does not hold keep their values; so does a cell left as exported
            # (a masked ID number, a township name shared by two counties).
            kept = [name for name in form_fields if texts.get(name, was.get(name)) == was.get(name)]
            data.update(model_to_dict(instance, fields=kept))
        for column in self.import_columns:
            name = column.field
            if name not in form_fields or (instance is not None and texts[name] == was[name] and name in data):
                continue
            try:
                data[name] = self._form_value(column, form_fields[name], texts[name], lookups)
            except ValidationError as error:
                row_errors.append(RowError(number, letters[name], column.header, " ".join(error.messages)))
        form = self._form(data, instance, user)
        valid = form.is_valid()
        self._settle(form)
        if not valid:
            # A cell that could not be read already has its error; the form's
            # "required" for the same field would only repeat it.
            failed = {error.column for error in row_errors}
            by_field = {column.field: column for column in self.import_columns}
            for name, messages in form.errors.items():
                column = by_field.get(name)
                letter = letters.get(name, "")
                if letter and letter in failed:
                    continue
                for message in messages:
                    row_errors.append(RowError(number, letter, column.header if column else "", message))
        result.errors.extend(row_errors)
        if row_errors:
            return None
        changed = [name for name in form.changed_data if name in texts] if instance is not None else []
        return _Row(number, form, instance, changed, was, texts)

    def _form(self, data: dict, instance, user) -> forms.BaseForm:
        """The row's form, answering its model choices from the import's lookups and leaving uniqueness
        to ``_check_unique``, so that checking a row asks the database nothing."""
        form = self._new_form(data, user) if instance is None else None
        if form is not None:
            chosen = self._prototype_chosen
        else:
            form = self.form_class(data=data, instance=instance, **self.form_kwargs(user))
            chosen = self._choose(form, narrowed=instance is not None)
        if isinstance(form, forms.BaseModelForm):
            # Uniqueness is checked for all rows at once (``_check_unique``), not by the form nor its record.
            form.validate_unique = _unique_checked
            model_instance = form.instance
            model_instance.validate_unique = _unique_checked
            unchecked = self._unchecked_constraints(form)
            model_instance.validate_constraints = partial(_validate_constraints, model_instance, unchecked)
            model_instance.clean_fields = partial(_clean_fields, model_instance, chosen, self._model_cleaned)
        return form

    def _settle(self, form) -> None:
        """Drop from a checked row's form what only checking it needed.

        The valid rows' forms are kept until the import is written: whatever each keeps besides
        is tens of thousands of objects that every pass of Python's garbage collector walks again
        (a third of an import's time). Bound fields are rebuilt if asked for. A record written in
        bulk is validated no more, so it drops its checks too; one saved by its form keeps them,
        should its saving validate it again.
        """
        form._bound_fields_cache = {}
        form.__dict__.pop("_clean_fields", None)
        if self._in_bulk and isinstance(form, forms.BaseModelForm):
            for name in ("validate_constraints", "clean_fields"):
                form.instance.__dict__.pop(name, None)

    def _choose(self, form, *, narrowed: bool) -> dict[str, dict]:
        """Point the form's model-choice fields at the choices fetched once; the fields so answered."""
        chosen = {}
        for name, objects in self._objects.items():
            form_field = form.fields.get(name)
            # A new row's form offers the very choices fetched; a record's form may narrow them: compare.
            if (
                isinstance(form_field, forms.ModelChoiceField)
                and not isinstance(form_field, forms.ModelMultipleChoiceField)
                and (not narrowed or str(form_field.queryset.query) == objects[""])
            ):
                form_field.to_python = partial(_chosen, form_field, objects)
                chosen[name] = objects
        return chosen

    def _unchecked_constraints(self, form) -> list:
        """The model's constraints a row checks itself: those not checked for all rows by ``_check_unique``."""
        names = frozenset(form.fields)
        cache = self._constraints_by_fields
        if names not in cache:
            checked = {id(constraint) for _, constraint in self._unique_checks(form) if constraint is not None}
            cache[names] = [c for c in self.model._meta.constraints if id(c) not in checked]
        return cache[names]

    def _new_form(self, data: dict, user) -> forms.BaseForm | None:
        """A new row's form, copied from one built for the import rather than built again.

        Building a form deep-copies its fields and filters each choice to the user's
        jurisdiction; for a new record that work comes out the same on every row, so
        the rows share the prototype's fields (checking a row does not change them)
        and start from a copy of its blank record.
        """
        if not issubclass(self.form_class, forms.BaseModelForm):
            return None
        prototype = self._prototype_form(user)
        if self._prototype_chosen is None:
            self._prototype_chosen = self._choose(prototype, narrowed=False)
            self._blank = {name: value for name, value in vars(prototype.instance).items() if name != "_state"}
            self._field_plans = {name: _field_plan(prototype, name, f) for name, f in prototype.fields.items()}
        form = copy(prototype)
        form.data = data
        form.fields = dict(prototype.fields)
        form.instance = self._blank_instance()
        form._errors = None
        form._bound_fields_cache = {}
        form._clean_fields = partial(_clean_form_fields, form, self._form_cleaned, self._field_plans)
        return form

    def _prototype_form(self, user) -> forms.BaseModelForm:
        """The bound blank form that new rows' forms are copied from, built once per import; the lookups read
        its choices (``_lookups``), so the rows are checked against the very choices they were looked up in."""
        if self._prototype is None:
            prototype = self._prototype = self.form_class(data={}, **self.form_kwargs(user))
            if prototype._meta.fields is not None:
                # Each row's form asks of every field of the model whether the form names it: a set answers at once.
                prototype._meta = copy(prototype._meta)
                prototype._meta.fields = frozenset(prototype._meta.fields)
        return self._prototype

    def _blank_instance(self):
        """A new record as the prototype form's, its mutable defaults (lists, dicts) copied, not shared."""
        instance = self.model.__new__(self.model)
        values = instance.__dict__
        for name, value in self._blank.items():
            values[name] = value if type(value) in IMMUTABLE else deepcopy(value)
        instance._state = ModelState()
        return instance

    def _match(self, number, texts, letters, existing, result):
        """The record this row's key names and its exported cells, (None, {}) for a new row, (False, {}) if refused."""
        column = self._key_column()
        if column is None:
            return None, {}
        text = texts[self.key]
        match = existing.get(text)
        problem = ""
        if match is not None and not match[1]:
            problem = f"“{text}”对应的记录不在您可修改的管辖范围内，不能更新。"
        elif match is None and text and self.key not in self.form_class.base_fields:
            problem = f"“{text}”不存在或不在您的管辖范围内；新增的行请留空。"
        elif match is None and "*" in text:
            problem = "已脱敏，无法据此识别记录：请填写完整号码，或由登记该记录的单位导出后修改。"
        if problem:
            result.errors.append(RowError(number, letters[self.key], column.header, problem))
            return False, {}
        if match is None:
            return None, {}
        return match[0], {column.field: self._shown(column, match[0]) for column in self.import_columns}

    def _describe(self, row: _Row) -> RowChange:
        by_field = {column.field: column for column in self.import_columns}
        cells = []
        for name in row.changed:
            column = by_field[name]
            # A value computed from related rows (a supervisor's grids) is saved after the row: show the cell.
            now = row.texts[name] if column.value is not None else self._shown(column, row.form.instance)
            cells.append((column.header, row.was[name], now))
        return RowChange(row.number, str(row.form.instance), cells)

    def _form_value(self, column, form_field, text, lookups):
        """``_to_form_value``, worked out once per column and distinct cell text (a cell that fails, every time)."""
        key = (column.field, text)
        value = self._form_values.get(key, _UNSEEN)
        if value is _UNSEEN:
            value = self._form_values[key] = self._to_form_value(column, form_field, text, lookups)
        return value

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


def write_sheets(sheets: list, heading: str) -> io.BytesIO:
    """A print-ready workbook of ``base.reports.Sheet`` tables, one worksheet each, titled ``heading · sheet title``."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        add_report_sheet(workbook, sheet, f"{heading} · {sheet.title}")
    if not workbook.worksheets:
        workbook.create_sheet("说明").append([f"{heading}：暂无数据。"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def add_report_sheet(workbook: Workbook, sheet, title: str) -> None:
    """``sheet`` (a ``base.reports.Sheet``) as a worksheet under ``title``: its header row styled and
    repeated on each printed page, A4 landscape fitted to the page width, its note under the table."""
    target = workbook.create_sheet(sheet.title[:31])
    columns = max(len(sheet.headers), 1)
    target.append([title])
    target.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    target["A1"].font = Font(size=14, bold=True)
    target["A1"].alignment = Alignment(horizontal="center")
    target.append(sheet.headers)
    for cell in target[2]:
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row_index, row in enumerate(sheet.rows):
        target.append([_excel_value(value) if value is not None else "" for value in row])
        for column_index, cell in enumerate(target[row_index + 3]):
            cell.border = BORDER
            colour = sheet.fills.get((row_index, column_index))
            if colour:
                cell.fill = solid_fill(colour)
    if sheet.note:
        target.append([])
        target.append([sheet.note])
    for index, header in enumerate(sheet.headers):
        width = sheet.widths[index] if sheet.widths else max(10, len(str(header)) * 2 + 2)
        target.column_dimensions[get_column_letter(index + 1)].width = width
    target.freeze_panes = "A3"
    target.print_title_rows = "1:2"
    print_landscape(target)
    target.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet_as_text(target)


def print_landscape(target) -> None:
    """Print ``target`` on A4 landscape, fitted to the page width."""
    target.page_setup.orientation = "landscape"
    target.page_setup.paperSize = target.PAPERSIZE_A4
    target.page_setup.fitToWidth = 1
    target.page_setup.fitToHeight = 0
    target.sheet_properties.pageSetUpPr.fitToPage = True
