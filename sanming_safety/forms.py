import re

from django import forms
from django.utils import timezone

from base.forms import ScopedModelForm, style_fields
from grid.choices import RegionLevel

from .models import BulletinIssue, ScreenLink

DOCUMENT_NUMBER = re.compile(r"^\S+〔\d{4}〕\d+号$")


class BulletinTextForm(forms.ModelForm):
    """The three parts of a draft's text, each required."""

    class Meta:
        model = BulletinIssue
        fields = ["overview", "problems", "requirements"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            form_field.required = True
            form_field.error_messages["required"] = f"请填写“{form_field.label}”。"
        style_fields(self.fields)


class IssueForm(forms.Form):
    """签发: the issuing body, the issue date and a document number if the office uses one."""

    issuing_body = forms.CharField(label="发文机关", max_length=64)
    issued_on = forms.DateField(label="签发日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    document_number = forms.CharField(
        label="文号", max_length=64, required=False, help_text="可不填；如：明安委办〔2026〕5号"
    )

    def __init__(self, *args, issue: BulletinIssue, **kwargs):
        kwargs.setdefault("initial", {"issuing_body": issue.issuing_body, "issued_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.issue = issue
        self.fields["issuing_body"].error_messages["required"] = "请填写“发文机关”。"
        self.fields["issued_on"].error_messages.update(
            required="请填写“签发日期”。", invalid="“签发日期”格式应为 YYYY-MM-DD。"
        )
        style_fields(self.fields)

    def clean_issued_on(self):
        day = self.cleaned_data["issued_on"]
        if day < self.issue.month:
            raise forms.ValidationError("“签发日期”不能早于通报月份。")
        if day > timezone.localdate():
            raise forms.ValidationError("“签发日期”不能晚于今天。")
        return day

    def clean_document_number(self):
        number = self.cleaned_data["document_number"].strip()
        if number and not DOCUMENT_NUMBER.match(number):
            raise forms.ValidationError("“文号”格式应如：明安委办〔2026〕5号。")
        return number


class ScreenLinkForm(ScopedModelForm):
    """A screen link for the city, a county or a township of the user's jurisdiction (not a village)."""

    class Meta:
        model = ScreenLink
        fields = ["title", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.exclude(level=RegionLevel.VILLAGE).order_by("path")
        region.label_from_instance = lambda r: ("　" * (len(r.ancestor_codes) - 1)) + r.name
