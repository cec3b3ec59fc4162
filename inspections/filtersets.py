import django_filters

from base.choices import SupervisionLevel
from base.filtersets import BaseFilterSet, ChoiceListFilter, InRegionFilter, OrderingFilter, WithinFilter
from grid.choices import DepartmentKind, Industry, RegionLevel
from grid.models import Department, Region

from .choices import EvaluationGrade, InspectionResult, PhaseKind
from .models import (
    Campaign,
    CampaignPhase,
    ChecklistItem,
    DutyAssignment,
    Evaluation,
    Inspection,
    InspectionTeam,
    SelfCheckReport,
)

COUNTIES = Region.objects.filter(level=RegionLevel.COUNTY)
UPPER = Region.objects.filter(level__in=[RegionLevel.CITY, RegionLevel.COUNTY])
TOWNSHIPS = Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.ZONE])
CAMPAIGNS = Campaign.objects.all()


class CampaignFilterSet(BaseFilterSet):
    search_fields = ("name", "document_number")
    region = django_filters.ModelChoiceFilter(queryset=UPPER, label="组织区划")

    class Meta:
        model = Campaign
        fields = ["year", "region"]


class CampaignPhaseFilterSet(BaseFilterSet):
    search_fields = ("campaign__name",)
    campaign = django_filters.ModelChoiceFilter(queryset=CAMPAIGNS, label="检查行动")
    county = InRegionFilter(queryset=COUNTIES, region_lookup="campaign__region", label="县（市、区）")
    kind = django_filters.ChoiceFilter(choices=PhaseKind.choices, label="阶段")

    class Meta:
        model = CampaignPhase
        fields = ["campaign", "county", "kind"]


class DutyAssignmentFilterSet(BaseFilterSet):
    search_fields = ("department__name", "measures")
    campaign = django_filters.ModelChoiceFilter(queryset=CAMPAIGNS, label="检查行动")
    county = InRegionFilter(queryset=COUNTIES, region_lookup="department__region", label="县（市、区）")
    department_kind = django_filters.ChoiceFilter(
        field_name="department__kind", choices=DepartmentKind.choices, label="部门类别"
    )
    industry = ChoiceListFilter(field_name="industries", choices=Industry.choices, label="检查行业")
    level = ChoiceListFilter(field_name="supervision_levels", choices=SupervisionLevel.choices, label="监管层级")

    class Meta:
        model = DutyAssignment
        fields = ["campaign", "county", "department_kind"]


class InspectionTeamFilterSet(BaseFilterSet):
    search_fields = ("name", "leader_name", "members__name")
    campaign = django_filters.ModelChoiceFilter(queryset=CAMPAIGNS, label="检查行动")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label="牵头部门")
    within = WithinFilter()

    class Meta:
        model = InspectionTeam
        fields = ["campaign", "county", "department"]

    def search(self, queryset, name, value):
        # A member's name matches through a join: one row per team all the same.
        return super().search(queryset, name, value).distinct()


class InspectionFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "enterprise__credit_code", "document_number", "team__name")
    campaign = django_filters.ModelChoiceFilter(queryset=CAMPAIGNS, label="检查行动")
    phase = django_filters.ChoiceFilter(choices=PhaseKind.choices, label="检查阶段")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    team = django_filters.ModelChoiceFilter(queryset=InspectionTeam.objects.all(), label="检查组")
    department = django_filters.ModelChoiceFilter(
        field_name="team__department", queryset=Department.objects.all(), label="牵头部门"
    )
    industry = django_filters.ChoiceFilter(field_name="enterprise__industry", choices=Industry.choices, label="行业")
    result = django_filters.ChoiceFilter(choices=InspectionResult.choices, label="检查结果")
    still_open = django_filters.BooleanFilter(method="filter_open", label="待复查（不合格未销号）")
    reinspection = django_filters.BooleanFilter(field_name="previous", lookup_expr="isnull", exclude=True, label="复查")
    inspected_after = django_filters.DateFilter(field_name="inspected_on", lookup_expr="gte", label="检查日期起")
    inspected_before = django_filters.DateFilter(field_name="inspected_on", lookup_expr="lte", label="检查日期止")
    open_on = django_filters.DateFilter(method="filter_open_on", label="截至该日不合格待复查")
    within = WithinFilter()
    ordering = OrderingFilter(
        fields=(("inspected_on", "inspected_on"), ("enterprise__name", "enterprise")),
        field_labels={"inspected_on": "检查日期", "enterprise__name": "被检查单位"},
        label="排序",
    )

    class Meta:
        model = Inspection
        fields = ["campaign", "phase", "county", "region", "team", "result"]

    def filter_open(self, queryset, name, value):
        """检查一家、合格一家: the 不合格 inspections no re-inspection has followed yet."""
        if value is None:
            return queryset
        open_ones = Inspection.objects.open().values("pk")
        return queryset.filter(pk__in=open_ones) if value else queryset.exclude(pk__in=open_ones)

    def filter_open_on(self, queryset, name, value):
        """不合格 by that day and not re-inspected by then: the desk's count of a past month's end."""
        return queryset.open_on(value) if value else queryset


class ChecklistItemFilterSet(BaseFilterSet):
    search_fields = ("text",)
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label="行业")
    region = django_filters.ModelChoiceFilter(queryset=UPPER, label="制定区划")

    class Meta:
        model = ChecklistItem
        fields = ["industry", "region"]


class SelfCheckReportFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "enterprise__credit_code", "principal_name")
    campaign = django_filters.ModelChoiceFilter(queryset=CAMPAIGNS, label="检查行动")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    industry = django_filters.ChoiceFilter(field_name="enterprise__industry", choices=Industry.choices, label="行业")
    principal_signed = django_filters.BooleanFilter(label="主要负责人已签字")
    within = WithinFilter()
    ordering = OrderingFilter(
        fields=(("checked_on", "checked_on"), ("problems_found", "problems_found")),
        field_labels={"checked_on": "自查日期", "problems_found": "发现问题数"},
        label="排序",
    )

    class Meta:
        model = SelfCheckReport
        fields = ["campaign", "county", "region", "principal_signed"]


class EvaluationFilterSet(BaseFilterSet):
    search_fields = ("region__name", "department__name", "comment")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    grade = django_filters.ChoiceFilter(choices=EvaluationGrade.choices, label="总评等次")
    of_department = django_filters.BooleanFilter(
        field_name="department", lookup_expr="isnull", exclude=True, label="部门"
    )

    class Meta:
        model = Evaluation
        fields = ["year", "county", "grade"]
