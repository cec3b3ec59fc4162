import django_filters
from django import forms

from base.choices import AccidentLevel
from base.filtersets import BaseFilterSet, ChoiceListFilter, InRegionFilter, OrderingFilter, WithinFilter
from grid.choices import DepartmentKind, Industry, RegionLevel
from grid.models import Department, Region

from .choices import (
    AssessmentStatus,
    DeliveryChannel,
    PenaltyKind,
    Sanction,
    SubjectKind,
    TransferOutcome,
    VersionStatus,
)
from .models import (
    Accident,
    AccountabilityCase,
    JudicialTransfer,
    Penalty,
    PromptListAcknowledgement,
    PromptListDelivery,
    PromptListVersion,
    UnitAssessment,
    ViolationPromptItem,
)

COUNTIES = Region.objects.filter(level=RegionLevel.COUNTY)
TOWNSHIPS = Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.ZONE])


class YearFilter(django_filters.NumberFilter):
    """Rows of one calendar year of a date field; a year no date can have is an invalid filter, not a 500."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("label", "年度")
        kwargs.setdefault("min_value", 1949)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class PromptListVersionFilterSet(BaseFilterSet):
    search_fields = ("title", "document_number")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    status = django_filters.ChoiceFilter(choices=VersionStatus.choices, label="状态")

    class Meta:
        model = PromptListVersion
        fields = ["year", "county", "status"]


class ViolationPromptItemFilterSet(BaseFilterSet):
    search_fields = ("title", "description", "legal_basis")
    version = django_filters.ModelChoiceFilter(queryset=PromptListVersion.objects.all(), label="清单版本")
    county = InRegionFilter(queryset=COUNTIES, region_lookup="version__region", label="县（市、区）")
    industry = ChoiceListFilter(field_name="industries", choices=Industry.choices, label="适用行业")

    class Meta:
        model = ViolationPromptItem
        fields = ["version"]


class PromptListAcknowledgementFilterSet(BaseFilterSet):
    search_fields = ("region__name", "department__name")
    version = django_filters.ModelChoiceFilter(queryset=PromptListVersion.objects.all(), label="清单版本")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    acknowledged = django_filters.BooleanFilter(
        field_name="acknowledged_at", lookup_expr="isnull", exclude=True, label="已签收"
    )
    to_department = django_filters.BooleanFilter(
        field_name="department", lookup_expr="isnull", exclude=True, label="部门签收"
    )

    class Meta:
        model = PromptListAcknowledgement
        fields = ["version", "county"]


class PromptListDeliveryFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "enterprise__credit_code")
    version = django_filters.ModelChoiceFilter(queryset=PromptListVersion.objects.all(), label="清单版本")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    channel = django_filters.ChoiceFilter(choices=DeliveryChannel.choices, label="送达方式")
    delivered_after = django_filters.DateFilter(field_name="delivered_on", lookup_expr="gte", label="送达日期起")
    delivered_before = django_filters.DateFilter(field_name="delivered_on", lookup_expr="lte", label="送达日期止")
    within = WithinFilter()

    class Meta:
        model = PromptListDelivery
        fields = ["version", "county", "region", "channel"]


class PenaltyFilterSet(BaseFilterSet):
    search_fields = ("case_number", "enterprise__name", "enterprise__credit_code", "violation")
    year = YearFilter(field_name="decided_on")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label="处罚部门")
    department_kind = django_filters.ChoiceFilter(
        field_name="department__kind", choices=DepartmentKind.choices, label="部门类别"
    )
    kind = django_filters.ChoiceFilter(choices=PenaltyKind.choices, label="处罚种类")
    preventive = django_filters.BooleanFilter(label="非事故预防性")
    decided_after = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte", label="决定日期起")
    decided_before = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte", label="决定日期止")
    within = WithinFilter()
    ordering = OrderingFilter(
        fields=(("decided_on", "decided_on"), ("amount", "amount"), ("case_number", "case_number")),
        field_labels={"decided_on": "决定日期", "amount": "金额", "case_number": "文号"},
        label="排序",
    )

    class Meta:
        model = Penalty
        fields = ["year", "county", "region", "department", "kind", "preventive"]


class JudicialTransferFilterSet(BaseFilterSet):
    search_fields = ("person_name", "enterprise__name", "receiving_organ")
    year = YearFilter(field_name="transferred_on")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    outcome = django_filters.ChoiceFilter(choices=TransferOutcome.choices, label="办理结果")

    class Meta:
        model = JudicialTransfer
        fields = ["year", "county", "outcome"]


class AccidentFilterSet(BaseFilterSet):
    search_fields = ("place", "enterprise__name", "summary")
    year = YearFilter(field_name="occurred_on")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    level = django_filters.ChoiceFilter(choices=AccidentLevel.choices, label="事故等级")
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label="行业")

    class Meta:
        model = Accident
        fields = ["year", "county", "region", "level", "industry"]


class AccountabilityCaseFilterSet(BaseFilterSet):
    search_fields = ("subject_name", "subject_post", "failure", "finding")
    year = YearFilter(field_name="decided_on")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    subject_kind = django_filters.ChoiceFilter(choices=SubjectKind.choices, label="追责对象")
    sanction = django_filters.ChoiceFilter(choices=Sanction.choices, label="处理方式")

    class Meta:
        model = AccountabilityCase
        fields = ["year", "county", "subject_kind", "sanction"]


class UnitAssessmentFilterSet(BaseFilterSet):
    search_fields = ("region__name", "department__name")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices, label="状态")
    downgraded = django_filters.BooleanFilter(label="综治考评降档")
    departments = django_filters.BooleanFilter(
        field_name="department", lookup_expr="isnull", exclude=True, label="部门"
    )

    class Meta:
        model = UnitAssessment
        fields = ["year", "county", "status", "downgraded"]
