from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone

from base.choices import Role
from base.forms import MultipleImageField, ScopedModelForm, date_widgets, style_fields
from base.lookups import LookupField
from grid.forms import EnterpriseField, OfficialField
from grid.models import Official

from .choices import AssessmentMethod, HazardGrade, HazardStatus, Period, RiskPointReview
from .models import MAX_PHOTOS, Hazard, HazardPhoto, RiskPoint, SupervisionItem


class RiskPointField(LookupField):
    """A risk point of the current periods, typed ahead by name."""

    kind = "risk_point"

    @classmethod
    def source(cls):
        return RiskPoint.objects.active().order_by("-period", "name")


class HazardForm(ScopedModelForm):
    photos = MultipleImageField(label="现场照片（可多张）", max_files=MAX_PHOTOS)

    class Meta:
        model = Hazard
        fields = [
            "title",
            "grade",
            "industry",
            "source",
            "enterprise",
            "region",
            "address",
            "department",
            "risk_point",
            "description",
            "found_on",
            "finder",
            "measures",
            "responsible_person",
            "responsible_unit",
            "funds",
            "deadline",
            *Hazard.FIVE_IN_PLACE,
        ]
        field_classes = {"enterprise": EnterpriseField, "risk_point": RiskPointField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "measures": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funds"].required = False
        if self.instance.pk and self.instance.status != HazardStatus.REPORTED:
            self.fields["deadline"].disabled = True
            self.fields["deadline"].help_text = "整改开始后请通过“延期”办理"

    def clean_funds(self):
        return self.cleaned_data["funds"] or Decimal(0)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status == HazardStatus.CLOSED:
            raise forms.ValidationError("已销号的隐患不能修改。")
        return cleaned

    def save(self, commit=True):
        hazard = super().save(commit=commit)
        if commit:
            for image in self.cleaned_data.get("photos") or []:
                photo = HazardPhoto(hazard=hazard, image=image, created_by=self.user)
                photo._history_user = self.user
                photo.save()
        return hazard


class RiskPointForm(ScopedModelForm):
    period = forms.ChoiceField(label="辨识周期", choices=Period.choices)

    class Meta:
        model = RiskPoint
        fields = [
            "name",
            "period",
            "kind",
            "industry",
            "enterprise",
            "region",
            "address",
            "longitude",
            "latitude",
            "control_level",
            "responsible_person",
            "responsible_phone",
            "measures",
            "method",
            "likelihood",
            "severity",
            "exposure",
            "consequence",
            "grade",
        ]
        field_classes = {"enterprise": EnterpriseField}
        widgets = {"measures": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # LS/LEC grade themselves; the field matters only for a direct grade.
        self.fields["grade"].required = False


class SupervisionItemForm(ScopedModelForm):
    class Meta:
        model = SupervisionItem
        fields = [
            "year",
            "title",
            "source",
            "category",
            "region",
            "lead_unit",
            "partner_units",
            "responsible_leader",
            "owner",
            "start_on",
            "deadline",
            "status",
            "hazards",
        ]
        field_classes = {"owner": OfficialField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Key matters link major hazards; offering every general one would not scale.
        linked = self.instance.hazards.all() if self.instance.pk else Hazard.objects.none()
        field = self.fields["hazards"]
        field.queryset = field.queryset.filter(
            Q(grade=HazardGrade.MAJOR, status__in=HazardStatus.OPEN) | Q(pk__in=linked.values("pk"))
        ).select_related("region")
        field.required = False
        field.help_text = "可关联未销号的重大隐患"


class ActionForm(forms.Form):
    """Base of the small forms on a hazard's page; each feeds one service. Dates as pickers, as on every form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_widgets(self.fields)
        style_fields(self.fields)


class NoteForm(ActionForm):
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AcceptForm(ActionForm):
    note = forms.CharField(label="验收意见", widget=forms.Textarea(attrs={"rows": 2}))


class RefuseForm(ActionForm):
    reason = forms.CharField(label="不通过理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(ActionForm):
    new_deadline = forms.DateField(label="申请延至")
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class DecideExtensionForm(ActionForm):
    APPROVE, REFUSE = "approve", "refuse"
    decision = forms.ChoiceField(label="审批结论", choices=[(APPROVE, "批准延期"), (REFUSE, "不予批准")])
    reason = forms.CharField(
        label="审批意见", widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="不予批准时必填"
    )


class ProgressForm(ActionForm):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 2}))
    percent = forms.IntegerField(label="累计完成比例（%）", min_value=0, max_value=100)
    reason = forms.CharField(label="进度回退原因", required=False, help_text="累计完成比例低于上次填报时必填")
    photos = MultipleImageField(label="照片（可多张）", max_files=MAX_PHOTOS)


class UrgeForm(ActionForm):
    text = forms.CharField(label="督促意见", widget=forms.Textarea(attrs={"rows": 2}))


class AssignLeaderForm(ActionForm):
    leader = forms.ModelChoiceField(label="挂包领导", queryset=Official.objects.none())
    round = forms.IntegerField(label="挂包年度", min_value=2000, max_value=2100)
    target_date = forms.DateField(label="目标完成日期")

    def __init__(self, *args, hazard: Hazard, **kwargs):
        super().__init__(*args, **kwargs)
        # Leaders whose jurisdiction covers the hazard: the city's and its county's.
        self.fields["leader"].queryset = Official.objects.filter(
            role=Role.LEADER, region__code__in=hazard.region.ancestor_codes
        ).select_related("region", "department")
        self.fields["leader"].label_from_instance = OfficialField.describe
        self.fields["round"].initial = timezone.localdate().year


class SupervisionProgressForm(ActionForm):
    month = forms.DateField(label="月份（任一日期）")
    text = forms.CharField(label="本月进展", widget=forms.Textarea(attrs={"rows": 2}))
    percent = forms.IntegerField(label="累计完成比例（%）", min_value=0, max_value=100)


class CarryForwardForm(ActionForm):
    from_period = forms.ChoiceField(label="上一周期", choices=Period.choices)
    to_period = forms.ChoiceField(label="新周期", choices=Period.choices)


class ReviewForm(ActionForm):
    decision = forms.ChoiceField(
        label="复核结论", choices=[(v, RiskPointReview.label(v)) for v in RiskPointReview.DECISIONS]
    )
    method = forms.ChoiceField(label="评估方法", choices=AssessmentMethod.choices, required=False)
    likelihood = forms.DecimalField(label="L 可能性", required=False)
    severity = forms.DecimalField(label="S 严重性", required=False)
    exposure = forms.DecimalField(label="E 暴露频繁程度", required=False)
    consequence = forms.DecimalField(label="C 后果严重程度", required=False)
    note = forms.CharField(label="说明", required=False)
