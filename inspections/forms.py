import datetime
import itertools
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from base.choices import SupervisionLevel
from base.forms import MultipleImageField, ScopedModelForm, style_fields
from base.lookups import LookupField
from base.scoping import VIEW
from grid.choices import Industry
from grid.forms import EnterpriseField, OfficialField
from grid.models import Enterprise, SafetyExpert
from hazards.choices import HazardGrade

from . import services
from .choices import CheckOutcome, InspectionMethod, InspectionResult, PhaseKind
from .models import (
    MAX_PHOTOS,
    Campaign,
    CampaignPhase,
    ChecklistItem,
    DutyAssignment,
    Evaluation,
    Inspection,
    InspectionTeam,
    SelfCheckReport,
    TeamMember,
    TeamTraining,
    expert_share_problem,
)

SEPARATORS = re.compile(r"[、，,；;\s]+")


def checkboxes(field: forms.MultipleChoiceField) -> None:
    field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
    field.widget.attrs["class"] = "form-check-input"


def choice_list(choice_set, label: str, *, required: bool = False, help_text: str = "") -> forms.MultipleChoiceField:
    """A choice-list field (``choice_list_field``) as checkboxes; the importer reads 座谈交流、突击检查."""
    field = forms.MultipleChoiceField(label=label, choices=choice_set.choices, required=required, help_text=help_text)
    checkboxes(field)
    return field


def labels_to_values(choice_set, text: str) -> list[str]:
    """ "座谈交流、突击检查" → the stored values; an unknown label is an error naming it."""
    values = []
    for part in filter(None, SEPARATORS.split(text.strip())):
        value = choice_set.by_label.get(part) or (part if part in choice_set.values else None)
        if value is None:
            raise ValidationError(f"“{part}”不是有效选项，可选：{'、'.join(choice_set.labels.values())}。")
        values.append(value)
    return values


class SafetyExpertField(LookupField):
    """An outside expert of the safety-expert directory, typed ahead by name or specialty."""

    kind = "safety_expert"
    placeholder = "输入专家姓名或专业，从提示中选择"
    search_fields = ("name", "specialty", "organisation")

    @classmethod
    def source(cls):
        return SafetyExpert.objects.select_related("region")

    @classmethod
    def describe(cls, obj) -> str:
        details = "，".join(part for part in (obj.region.name, obj.specialty, obj.title) if part)
        return f"{obj.name}（{details}）"


# Campaigns --------------------------------------------------------------------------------


class CampaignForm(ScopedModelForm):
    """A campaign with the dates of its four phases on one form."""

    class Meta:
        model = Campaign
        fields = ["name", "year", "region", "document_number", "starts_on", "ends_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {phase.kind: phase for phase in self.instance.phases.all()} if self.instance.pk else {}
        for kind, label in PhaseKind.choices:
            phase = existing.get(kind)
            for end, word in (("starts_on", "开始"), ("ends_on", "结束")):
                name = f"{kind}_{end}"
                self.fields[name] = forms.DateField(
                    label=f"{label}{word}", required=False, initial=getattr(phase, end, None)
                )
                self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        style_fields(self.fields)

    def phase_fields(self):
        return [(label, self[f"{kind}_starts_on"], self[f"{kind}_ends_on"]) for kind, label in PhaseKind.choices]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        phases = []
        for kind, label in PhaseKind.choices:
            start, end = cleaned.get(f"{kind}_starts_on"), cleaned.get(f"{kind}_ends_on")
            if bool(start) != bool(end):
                self.add_error(
                    f"{kind}_starts_on" if not start else f"{kind}_ends_on", f"请同时填写{label}的起止日期。"
                )
                continue
            if not start:
                continue
            if end < start:
                self.add_error(f"{kind}_ends_on", f"{label}的结束日期不能早于开始日期。")
            elif starts and ends and (start < starts or end > ends):
                self.add_error(
                    f"{kind}_starts_on", f"{label}须在检查行动期间内（{starts:%Y-%m-%d} 至 {ends:%Y-%m-%d}）。"
                )
            phases.append((start, end, kind, label))
        phases.sort()
        for (_, end, _, label), (start, _, kind, later) in itertools.pairwise(phases):
            if start <= end:
                self.add_error(f"{kind}_starts_on", f"{later}与{label}的日期重叠，各阶段日期不能交叉。")
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        adding = self.instance._state.adding
        if adding:
            self.instance.created_by = self.user
        campaign = super().save(commit)
        existing = {phase.kind: phase for phase in campaign.phases.all()} if not adding else {}
        for kind, _ in PhaseKind.choices:
            start, end = self.cleaned_data.get(f"{kind}_starts_on"), self.cleaned_data.get(f"{kind}_ends_on")
            phase = existing.get(kind)
            if not start:
                if phase is not None:
                    phase.delete()
                continue
            phase = phase or CampaignPhase(campaign=campaign, kind=kind)
            if (phase.starts_on, phase.ends_on) != (start, end):
                phase.starts_on, phase.ends_on = start, end
                phase._history_user = self.user
                phase.save()
        return campaign


# Duties -----------------------------------------------------------------------------------


class DutyAssignmentForm(ScopedModelForm):
    industries = choice_list(Industry, "检查行业", required=True)
    supervision_levels = choice_list(SupervisionLevel, "监管层级", required=True)

    class Meta:
        model = DutyAssignment
        fields = ["campaign", "department", "industries", "supervision_levels", "measures", "note"]
        widgets = {"measures": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = self.fields["department"].queryset.filter(has_inspection_duty=True).select_related("region")
        self.fields["department"].queryset = departments
        for name in ("industries", "supervision_levels"):
            checkboxes(self.fields[name])


# Teams ------------------------------------------------------------------------------------


class InspectionTeamForm(ScopedModelForm):
    class Meta:
        model = InspectionTeam
        fields = ["campaign", "name", "region", "department", "leader", "leader_name"]
        field_classes = {"leader": OfficialField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader_name"].required = False
        self.fields["leader_name"].help_text = "选择组长后自动填写；组长不是系统用户时直接填写姓名"
        self.fields["department"].queryset = self.fields["department"].queryset.filter(has_inspection_duty=True)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("leader") and not cleaned.get("leader_name"):
            self.add_error("leader_name", "请选择组长或填写组长姓名。")
        return cleaned


class TeamMemberForm(ScopedModelForm):
    class Meta:
        model = TeamMember
        fields = ["official", "expert", "name", "profession", "is_expert", "is_professional"]
        field_classes = {"official": OfficialField, "expert": SafetyExpertField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = "选择工作人员或专家后可不填"


class BaseMemberFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "user": self.user}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            user=self.user,
        )
        self.add_fields(form, None)
        return form

    def members(self) -> list[TeamMember]:
        """The members the formset keeps (deleted and blank rows left out), unsaved."""
        kept = []
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            kept.append(form.instance)
        return kept


MemberFormSet = forms.inlineformset_factory(
    InspectionTeam, TeamMember, form=TeamMemberForm, formset=BaseMemberFormSet, extra=0, can_delete=True
)


def members_text(team: InspectionTeam) -> str:
    """The members as one cell: 张三（危险化学品，专家）；李四（电气，专业人员）；王五."""
    parts = []
    for member in team.members.all():
        marks = [mark for flag, mark in ((member.is_expert, "专家"), (member.is_professional, "专业人员")) if flag]
        details = "，".join(filter(None, [member.profession, *marks]))
        parts.append(f"{member.name}（{details}）" if details else member.name)
    return "；".join(parts)


MEMBER = re.compile(r"^\s*([^（(]+?)\s*(?:[（(]([^）)]*)[）)])?\s*$")


def parse_members(text: str) -> list[TeamMember]:
    """The members written in one cell (``members_text``'s form) as unsaved rows."""
    members = []
    for part in filter(None, (piece.strip() for piece in re.split(r"[；;\n]+", text))):
        match = MEMBER.match(part)
        if match is None:
            raise ValidationError(f"无法识别成员“{part}”，格式如：张三（危险化学品，专家）。")
        name, details = match.group(1), [d.strip() for d in re.split(r"[，,、]", match.group(2) or "") if d.strip()]
        flags = {"专家": "is_expert", "专业人员": "is_professional"}
        member = TeamMember(name=name)
        professions = []
        for detail in details:
            if detail in flags:
                setattr(member, flags[detail], True)
            else:
                professions.append(detail)
        member.profession = "，".join(professions)[:64]
        members.append(member)
    return members


class InspectionTeamImportForm(InspectionTeamForm):
    """A team as a row of the teams workbook: its members in one cell, kept to the 80% rule."""

    members_text = forms.CharField(label="成员", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["members_text"] = members_text(self.instance)

    def clean_members_text(self):
        members = parse_members(self.cleaned_data["members_text"])
        problem = expert_share_problem(members)
        if problem:
            raise ValidationError(problem)
        self.members = members
        return self.cleaned_data["members_text"]

    def save(self, commit=True):
        members = self.members
        if self.instance.pk and "members_text" not in self.changed_data:
            members = list(self.instance.members.all())
        elif self.instance.pk:
            # Members named as before keep their rows (and their link to an official or an expert).
            existing = {member.name: member for member in self.instance.members.all()}
            for index, member in enumerate(members):
                kept = existing.pop(member.name, None)
                if kept is not None:
                    kept.profession, kept.is_expert, kept.is_professional = (
                        member.profession,
                        member.is_expert,
                        member.is_professional,
                    )
                    members[index] = kept
        return services.team_save(team=self.instance, members=members, by=self.user, reason="Excel导入")


class TeamTrainingForm(ScopedModelForm):
    class Meta:
        model = TeamTraining
        fields = ["trained_on", "topic"]


# Inspections ------------------------------------------------------------------------------


class InspectionForm(ScopedModelForm):
    """The inspection on a phone: the unit, the team, the methods, the checklist, the result."""

    methods = choice_list(InspectionMethod, "检查方式", required=True)

    class Meta:
        model = Inspection
        fields = [
            "campaign",
            "phase",
            "team",
            "enterprise",
            "previous",
            "inspected_on",
            "methods",
            "result",
            "documents",
            "document_number",
            "note",
            "outside_phase",
        ]
        field_classes = {"enterprise": EnterpriseField}
        widgets = {
            "result": forms.RadioSelect,
            "documents": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(value, label) for value, label in PhaseKind.choices if value != "self_check"]
        self.fields["team"].queryset = self.fields["team"].queryset.select_related("campaign")
        self.fields["campaign"].queryset = self.fields["campaign"].queryset.select_related("region")
        self.fields["previous"].queryset = (
            self.fields["previous"].queryset.open().select_related("enterprise").order_by("-inspected_on")
        )
        self.fields["previous"].label = "复查（选择此前不合格的检查）"
        self.fields["result"].choices = InspectionResult.choices
        self.fields["result"].widget.attrs["class"] = "form-check-input"
        checkboxes(self.fields["methods"])
        if self.instance._state.adding and not self.is_bound:
            self.fields["inspected_on"].initial = timezone.localdate()
            campaign = self.fields["campaign"].queryset.first()
            phase = campaign.current_phase if campaign is not None else None
            if phase is not None and phase.kind != "self_check" and "phase" not in self.initial:
                self.initial["phase"] = phase.kind

    def enterprise(self) -> Enterprise | None:
        """The chosen enterprise, for the checklist of its industry (bound data first)."""
        value = self["enterprise"].value()
        if value in (None, ""):
            return None
        try:
            return self.fields["enterprise"].clean(value)
        except ValidationError:
            return None


class ChecklistForm(forms.Form):
    """The checklist of one industry: every item 符合 / 不符合 / 不适用."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"check_{item.pk}"] = forms.ChoiceField(
                label=f"{item.number}. {item.text}",
                choices=CheckOutcome.choices,
                widget=forms.RadioSelect,
                required=True,
                error_messages={"required": f"请选择第{item.number}项的检查结论。"},
            )

    def outcomes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"check_{item.pk}"] for item in self.items}


def checklist_for(enterprise: Enterprise | None, user):
    """The checklist items of the enterprise's industry, issued by its county or the city."""
    if enterprise is None:
        return ChecklistItem.objects.none()
    return (
        ChecklistItem.objects.for_user(user, VIEW)
        .filter(industry=enterprise.industry, region__code__in=enterprise.region.ancestor_codes)
        .order_by("number", "region__code")
    )


class FindingForm(forms.Form):
    description = forms.CharField(label="发现问题", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    grade = forms.ChoiceField(label="隐患等级", choices=HazardGrade.choices, initial=HazardGrade.GENERAL)
    deadline = forms.DateField(
        label="整改期限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="责令限期整改指令书载明的期限",
    )
    photos = MultipleImageField(label="现场照片", max_files=MAX_PHOTOS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.fields)

    def finding(self) -> services.FindingInput:
        data = self.cleaned_data
        return services.FindingInput(
            description=data["description"], grade=data["grade"], deadline=data["deadline"], photos=data["photos"]
        )


class BaseFindingFormSet(forms.BaseFormSet):
    def findings(self) -> list[services.FindingInput]:
        return [form.finding() for form in self.forms if form.has_changed() and form.cleaned_data]

    def clean(self):
        for form in self.forms:
            deadline = form.cleaned_data.get("deadline") if form.has_changed() else None
            if deadline and deadline < datetime.date(1900, 1, 1):
                form.add_error("deadline", "日期须在1900年至2100年之间，请核对年份。")


FindingFormSet = forms.formset_factory(FindingForm, formset=BaseFindingFormSet, extra=1, max_num=20)


class InspectionEditForm(ScopedModelForm):
    """Corrections after the inspection is recorded: its checklist and findings stay as found."""

    methods = choice_list(InspectionMethod, "检查方式", required=True)

    class Meta:
        model = Inspection
        fields = [
            "enterprise",
            "inspected_on",
            "methods",
            "result",
            "documents",
            "document_number",
            "note",
            "outside_phase",
        ]
        field_classes = {"enterprise": EnterpriseField}
        widgets = {"documents": forms.Textarea(attrs={"rows": 2}), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        checkboxes(self.fields["methods"])


class InspectionImportForm(ScopedModelForm):
    """An inspection result as a row of a department's results workbook (the checklist and findings
    are recorded on the page)."""

    methods = forms.CharField(label="检查方式", help_text="如：四不两直、对表检查（多个用顿号分隔）")

    class Meta:
        model = Inspection
        fields = InspectionForm.Meta.fields
        field_classes = InspectionForm.Meta.field_classes

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["methods"] = self.instance.methods_label

    def clean_methods(self):
        values = labels_to_values(InspectionMethod, self.cleaned_data["methods"])
        if not values:
            raise ValidationError("请填写检查方式。")
        return values

    def save(self, commit=True):
        if self.instance._state.adding:
            return services.inspection_record(inspection=self.instance, by=self.user)
        return super().save(commit)


# Self-checks and the evaluation -----------------------------------------------------------


class SelfCheckReportForm(ScopedModelForm):
    problems_text = forms.CharField(
        label="发现问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "每行一条；每条登记为一条隐患（企业自查）"}),
        help_text="每行一条，新增的问题登记为隐患",
    )

    class Meta:
        model = SelfCheckReport
        fields = [
            "campaign",
            "enterprise",
            "checked_on",
            "items_checked",
            "problems_found",
            "principal_signed",
            "principal_name",
            "note",
            "outside_phase",
        ]
        field_classes = {"enterprise": EnterpriseField}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["problems_text"] = "\n".join(self.instance.problems.values_list("description", flat=True))

    def save(self, commit=True):
        problems = self.cleaned_data.get("problems_text", "").splitlines()
        return services.self_check_save(report=self.instance, problems=problems, by=self.user)


class EvaluationForm(ScopedModelForm):
    class Meta:
        model = Evaluation
        fields = ["year", "region", "department", "grade", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}

    def save(self, commit=True):
        return services.evaluation_enter(evaluation=self.instance, by=self.user)
