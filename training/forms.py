from django import forms
from django.core.exceptions import ValidationError

from base.forms import ScopedModelForm, style_fields
from base.scoping import CHANGE
from grid.choices import Industry

from . import services
from .choices import CheckInMethod, ClassFormat
from .models import Attendance, WarningClass

CLASS_FIELDS = [
    "region",
    "title",
    "organiser",
    "starts_at",
    "ends_at",
    "venue",
    "industries",
    "audience",
    "formats",
    "cases",
    "capacity",
    "note",
]


class WarningClassForm(ScopedModelForm):
    industries = forms.MultipleChoiceField(
        label="对象行业", choices=Industry.choices, widget=forms.CheckboxSelectMultiple, required=True
    )
    formats = forms.MultipleChoiceField(
        label="形式", choices=ClassFormat.choices, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = WarningClass
        fields = CLASS_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("industries", "formats"):
            self.fields[name].widget.attrs.pop("class", None)
        if self.user is not None and not self.instance.created_by_id:
            self.instance.created_by = self.user


class CheckInForm(forms.Form):
    """The phone check-in: ID number, and the name (a walk-in who is no registered principal must give it)."""

    id_number = forms.CharField(
        label="身份证号码",
        max_length=20,
        error_messages={"required": "请输入身份证号码。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "autocapitalize": "characters"}),
    )
    name = forms.CharField(label="姓名", max_length=32, error_messages={"required": "请填写姓名。"})

    def __init__(self, *args, name_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # The attendee's own phone asks for the name too, so a number alone checks no one in; the desk sees the card.
        self.fields["name"].required = name_required
        style_fields(self.fields)


class AttendanceImportForm(ScopedModelForm):
    """One row of an attendance workbook, checked in as the desk would but outside the class's time window."""

    id_number = forms.CharField(label="身份证号码", max_length=20)

    class Meta:
        model = Attendance
        fields = ["warning_class", "name", "id_number", "checked_in_at", "method"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warning_class"].queryset = WarningClass.objects.for_user(self.user, CHANGE)
        self.fields["method"].required = False

    def clean(self):
        data = super().clean()
        klass = data.get("warning_class")
        if klass is None or not data.get("id_number"):
            return data
        try:
            data["id_number"], _, _ = services.check_in_problem(
                warning_class=klass, id_number=data["id_number"], name=data.get("name", "")
            )
        except ValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages) from error
        return data

    def validate_unique(self):
        """A repeat is refused in ``clean``, in the words the desk reads."""

    def save(self, commit=True):
        data = self.cleaned_data
        return services.check_in(
            warning_class=data["warning_class"],
            id_number=data["id_number"],
            name=data["name"],
            method=data.get("method") or CheckInMethod.IMPORT,
            by=self.user,
            at=data["checked_in_at"],
            enforce_window=False,
        )
