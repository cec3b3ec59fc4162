from decimal import Decimal

from django import forms

from base.forms import ScopedModelForm
from base.lookups import LookupField
from grid.forms import EnterpriseField
from hazards.models import Hazard

from .choices import VersionStatus
from .models import Accident, JudicialTransfer, Penalty, PromptListDelivery, ViolationPromptItem


class RecordedByForm(ScopedModelForm):
    """A new record names who recorded it (``created_by``)."""

    def save(self, commit=True):
        if self.instance._state.adding and hasattr(self.instance, "created_by_id"):
            self.instance.created_by = self.user
        return super().save(commit)


class HazardField(LookupField):
    """A hazard typed ahead by its title or its unit's name."""

    kind = "hazard_for_penalty"
    search_fields = ("title", "enterprise__name")

    @classmethod
    def source(cls):
        return Hazard.objects.select_related("enterprise").order_by("-found_on")


class PenaltyField(LookupField):
    """A penalty typed ahead by its case number or the unit's name."""

    kind = "penalty"
    code_field = "case_number"
    search_fields = ("case_number", "enterprise__name")

    @classmethod
    def source(cls):
        return Penalty.objects.select_related("enterprise").order_by("-decided_on")


PENALTY_FIELDS = [
    "case_number",
    "enterprise",
    "department",
    "decided_on",
    "violation",
    "prompt_item",
    "legal_basis",
    "kind",
    "amount",
    "preventive",
    "accident",
    "hazard",
    "note",
]


class PenaltyForm(RecordedByForm):
    class Meta:
        model = Penalty
        fields = PENALTY_FIELDS
        field_classes = {"enterprise": EnterpriseField, "hazard": HazardField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        items = self.fields["prompt_item"].queryset.filter(version__status=VersionStatus.PUBLISHED)
        self.fields["prompt_item"].queryset = items.select_related("version")
        self.fields["accident"].queryset = self.fields["accident"].queryset.select_related("region")
        self.fields["amount"].required = False
        self.fields["amount"].help_text = "警告、责令停产停业等无金额的处罚可不填"

    def clean_amount(self):
        return self.cleaned_data.get("amount") or Decimal(0)


class PromptListDeliveryForm(RecordedByForm):
    class Meta:
        model = PromptListDelivery
        fields = ["version", "enterprise", "delivered_on", "note"]
        field_classes = {"enterprise": EnterpriseField}


class ViolationPromptItemForm(ScopedModelForm):
    industries = forms.MultipleChoiceField(
        label="适用行业", required=False, widget=forms.CheckboxSelectMultiple, help_text="不选为各行业"
    )

    class Meta:
        model = ViolationPromptItem
        fields = ["version", "number", "title", "description", "legal_basis", "penalty_range", "industries"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industries"].choices = ViolationPromptItem._meta.get_field("industries").choice_set.choices
        self.fields["industries"].widget.attrs["class"] = "form-check-input"
        self.fields["version"].queryset = self.fields["version"].queryset.filter(status=VersionStatus.DRAFT)


class AccidentForm(RecordedByForm):
    class Meta:
        model = Accident
        fields = [
            "occurred_on",
            "place",
            "enterprise",
            "region",
            "industry",
            "department",
            "level",
            "deaths",
            "injuries",
            "direct_loss",
            "summary",
            "investigation_report",
        ]
        field_classes = {"enterprise": EnterpriseField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "investigation_report": forms.Textarea(attrs={"rows": 4}),
        }


class JudicialTransferForm(ScopedModelForm):
    class Meta:
        model = JudicialTransfer
        fields = [
            "enterprise",
            "department",
            "person_name",
            "person_id_number",
            "person_post",
            "penalty",
            "accident",
            "case_summary",
            "transferred_on",
            "receiving_organ",
            "outcome",
            "outcome_note",
        ]
        field_classes = {"enterprise": EnterpriseField, "penalty": PenaltyField}
        widgets = {"case_summary": forms.Textarea(attrs={"rows": 3})}
