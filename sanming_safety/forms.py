from django import forms
from django.core.exceptions import ValidationError

from .excel import workbook_problem
from .scoping import restrict_choices


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


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses an id too large for the database as an invalid choice, instead of a 500 (OverflowError)."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                text = str(pk).strip().lstrip("-")
                if text.isdigit() and int(text) > BIGINT_MAX:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)


class ScopedModelForm(forms.ModelForm):
    """A model form whose related choices are limited to the user's jurisdiction."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self.fields, user)
        for form_field in self.fields.values():
            if type(form_field) is forms.ModelMultipleChoiceField:
                form_field.__class__ = BoundedModelMultipleChoiceField
        style_fields(self.fields)
        if self.instance._state.adding and not self.is_bound:
            self.preselect_only_choices()

    def _post_clean(self):
        super()._post_clean()
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
