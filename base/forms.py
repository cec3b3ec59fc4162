from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import InlineForeignKeyField

from .excel import workbook_problem
from .scoping import restrict_choices
from .validators import implausible_dates, validate_photo


def style_fields(fields) -> None:
    """Bootstrap classes on every widget, so templates render ``{{ field }}`` as is."""
    for form_field in fields.values():
        widget = form_field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


BIGINT_MAX = 2**63 - 1


def _too_large(value) -> bool:
    text = str(value).strip().lstrip("-")
    return text.isdigit() and int(text) > BIGINT_MAX


class BoundedChoiceMixin:
    """Refuses an id too large for the database as an invalid choice, instead of a 500 (OverflowError)."""

    def _refuse_too_large(self, values) -> None:
        if (self.to_field_name or "pk") == "pk":
            for value in values:
                if _too_large(value):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
                    )

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, list | tuple):
            self._refuse_too_large([value])
        return super().to_python(value)

    def _check_values(self, value):
        self._refuse_too_large(value)
        return super()._check_values(value)


_bounded_classes: dict[type, type] = {}


def bound_model_choices(fields) -> None:
    """Make every model-choice field in ``fields`` refuse ids beyond the database's range."""
    for form_field in fields.values():
        cls = type(form_field)
        if isinstance(form_field, forms.ModelChoiceField) and not isinstance(form_field, BoundedChoiceMixin):
            if cls not in _bounded_classes:
                _bounded_classes[cls] = type(f"Bounded{cls.__name__}", (BoundedChoiceMixin, cls), {})
            form_field.__class__ = _bounded_classes[cls]


def date_widgets(fields) -> None:
    """Dates and times as the browser's own pickers, which phones show natively."""
    for form_field in fields.values():
        if isinstance(form_field, forms.DateTimeField):
            form_field.widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        elif isinstance(form_field, forms.DateField):
            form_field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@cache
def _constructed_fields(
    model, fields: frozenset | None, exclude: frozenset
) -> tuple[tuple[models.Field, str, bool], ...]:
    """The fields of ``model`` that a form of ``fields`` less ``exclude`` sets on its record, each with its name
    and whether it has a default; file fields last, as Django sets them. Found once per form class."""
    chosen = [
        model_field
        for model_field in model._meta.fields
        if model_field.editable
        and not isinstance(model_field, models.AutoField)
        and (fields is None or model_field.name in fields)
        and model_field.name not in exclude
    ]
    chosen.sort(key=lambda model_field: isinstance(model_field, models.FileField))
    return tuple((model_field, model_field.name, model_field.has_default()) for model_field in chosen)


def construct_instance(form: forms.BaseModelForm, instance) -> None:
    """Django's ``construct_instance`` for ``form``'s own fields, which it finds once per form class, not per form.

    An import checks a form per row: finding the fields again (asking each of a model's thirty whether it
    is an ``AutoField``, binding each field with a default to read its widget) was an eighth of its time.
    As Django's, a field with a default that the data leaves out and that cleans to empty keeps its default.
    """
    opts = form._meta
    fields = None if opts.fields is None else frozenset(opts.fields)
    cleaned_data = form.cleaned_data
    for model_field, name, has_default in _constructed_fields(type(instance), fields, frozenset(opts.exclude or ())):
        if name not in cleaned_data:
            continue
        if has_default:
            form_field = form.fields[name]
            omitted = form_field.widget.value_omitted_from_data(form.data, form.files, form.add_prefix(name))
            if omitted and cleaned_data[name] in form_field.empty_values:
                continue
        model_field.save_form_data(instance, cleaned_data[name])


class ScopedModelForm(forms.ModelForm):
    """A model form whose related choices are limited to the user's jurisdiction; dates as pickers."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self.fields, user)
        bound_model_choices(self.fields)
        date_widgets(self.fields)
        style_fields(self.fields)
        if self.instance._state.adding and not self.is_bound:
            self.preselect_only_choices()

    def clean(self):
        cleaned_data = super().clean()
        for name, message in implausible_dates(cleaned_data).items():
            self.add_error(name, message)
        return cleaned_data

    def _post_clean(self):
        # Django's ``BaseModelForm._post_clean``, the record built by this module's ``construct_instance``.
        exclude = self._get_validation_exclusions()
        exclude.update(name for name, field in self.fields.items() if isinstance(field, InlineForeignKeyField))
        try:
            construct_instance(self, self.instance)
        except ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            self._update_errors(error)
        if self._validate_unique:
            self.validate_unique()
        related = {
            f.name: self.cleaned_data[f.name] for f in self.instance._meta.many_to_many if f.name in self.cleaned_data
        }
        if related and hasattr(self.instance, "clean_related"):
            try:
                self.instance.clean_related(related)
            except ValidationError as error:
                self._update_errors(error)

    def preselect_only_choices(self) -> None:
        """A township official has one township: choose it for them."""
        for name, form_field in self.fields.items():
            if isinstance(form_field, forms.ModelChoiceField) and form_field.required and not self.initial.get(name):
                choices = list(form_field.queryset[:2])
                if len(choices) == 1:
                    self.initial[name] = choices[0].pk


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several photos from one input, at most ``max_files``; each is decoded and checked like a single one."""

    def __init__(self, *args, max_files: int, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("required", False)
        kwargs.setdefault("validators", [validate_photo])
        kwargs.setdefault("help_text", f"JPG/PNG/WEBP，每张不超过 5 MB，最多{max_files}张")
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if len(uploads) > self.max_files:
            raise forms.ValidationError(f"照片最多{self.max_files}张。")
        single = super().clean
        return [single(upload, initial) for upload in uploads]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 工作簿",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 工作簿。")
        problem = workbook_problem(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload
