import django_filters
from django.db.models import Exists, OuterRef

from sanming_safety.choices import RiskGrade, SupervisionLevel
from sanming_safety.filtersets import BaseFilterSet, InRegionFilter

from .choices import (
    AssessmentPeriod,
    AssessmentRating,
    DepartmentKind,
    EnterpriseStatus,
    GridIndustry,
    GuideStatus,
    Industry,
    RegionLevel,
    SupervisorLevel,
)
from .models import (
    TOWNSHIP_LEVELS,
    Department,
    Enterprise,
    Grid,
    GridSupervisor,
    GuideAcknowledgement,
    Region,
    SupervisionGuide,
    SupervisionVisit,
    SupervisorAssessment,
)


class RegionFilterSet(BaseFilterSet):
    search_fields = ("name", "code")
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label="层级")
    parent = django_filters.NumberFilter(label="上级区划")

    class Meta:
        model = Region
        fields = ["level", "parent"]


class DepartmentFilterSet(BaseFilterSet):
    search_fields = ("name",)
    kind = django_filters.ChoiceFilter(choices=DepartmentKind.choices, label="部门类别")
    region = django_filters.NumberFilter(label="所属区划")

    class Meta:
        model = Department
        fields = ["kind", "region", "has_inspection_duty"]


class EnterpriseFilterSet(BaseFilterSet):
    search_fields = ("name", "credit_code")
    county = InRegionFilter(queryset=Region.objects.filter(level=RegionLevel.COUNTY), label="县（市、区）")
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.ZONE]),
        label="乡镇（街道）",
    )
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label="行业")
    risk_grade = django_filters.ChoiceFilter(choices=RiskGrade.choices, label="风险等级")
    supervision_level = django_filters.ChoiceFilter(choices=SupervisionLevel.choices, label="监管层级")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label="监管部门")
    status = django_filters.ChoiceFilter(choices=EnterpriseStatus.choices, label="经营状态")
    weak_foundation = django_filters.BooleanFilter(label="基础薄弱")
    grid = django_filters.ModelChoiceFilter(
        queryset=Grid.objects.select_related("region"), method="in_grid", label="网格"
    )
    in_any_grid = django_filters.BooleanFilter(method="in_any", label="已纳入网格")
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("credit_code", "credit_code"),
            ("region__code", "region"),
            ("risk_grade", "risk_grade"),
            ("created_at", "created_at"),
        ),
        field_labels={
            "name": "名称",
            "credit_code": "信用代码",
            "region__code": "乡镇",
            "risk_grade": "风险等级",
            "created_at": "登记时间",
        },
        label="排序",
    )

    class Meta:
        model = Enterprise
        fields = [
            "county",
            "region",
            "industry",
            "risk_grade",
            "supervision_level",
            "department",
            "status",
            "weak_foundation",
            "grid",
            "in_any_grid",
        ]

    def in_grid(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=value.enterprises.through.objects.filter(grid=value).values("enterprise_id"))

    def in_any(self, queryset, name, value):
        if value is None:
            return queryset
        membership = Exists(Grid.enterprises.through.objects.filter(enterprise=OuterRef("pk")))
        return queryset.filter(membership if value else ~membership)


TOWNSHIPS = Region.objects.filter(level__in=TOWNSHIP_LEVELS)
COUNTIES = Region.objects.filter(level=RegionLevel.COUNTY)


class GridFilterSet(BaseFilterSet):
    search_fields = ("name", "region__name")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    industry = django_filters.ChoiceFilter(choices=GridIndustry.choices, label="网格类别")
    is_active = django_filters.BooleanFilter(label="启用")

    class Meta:
        model = Grid
        fields = ["county", "region", "industry", "is_active"]


class GridSupervisorFilterSet(BaseFilterSet):
    search_fields = ("name", "phone", "position")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    level = django_filters.ChoiceFilter(choices=SupervisorLevel.choices, label="督导员层级")
    grid = django_filters.ModelChoiceFilter(
        queryset=Grid.objects.select_related("region"), field_name="grids", label="负责网格"
    )
    in_office = django_filters.BooleanFilter(method="filter_in_office", label="在任")
    has_login = django_filters.BooleanFilter(
        field_name="official", lookup_expr="isnull", exclude=True, label="已开通账号"
    )

    class Meta:
        model = GridSupervisor
        fields = ["county", "region", "level", "grid", "in_office", "has_login"]

    def filter_in_office(self, queryset, name, value):
        if value is None:
            return queryset
        active = GridSupervisor.objects.active().values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)


class SupervisionGuideFilterSet(BaseFilterSet):
    search_fields = ("title", "content")
    year = django_filters.NumberFilter(label="年度")
    status = django_filters.ChoiceFilter(choices=GuideStatus.choices, label="状态")

    class Meta:
        model = SupervisionGuide
        fields = ["year", "status"]


class GuideAcknowledgementFilterSet(BaseFilterSet):
    search_fields = ("supervisor__name",)
    guide = django_filters.ModelChoiceFilter(queryset=SupervisionGuide.objects.all(), label="督导指南")
    county = InRegionFilter(queryset=COUNTIES, region_lookup="supervisor__region", label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, field_name="supervisor__region", label="乡镇（街道）")
    acknowledged = django_filters.BooleanFilter(
        field_name="acknowledged_at", lookup_expr="isnull", exclude=True, label="已签收"
    )

    class Meta:
        model = GuideAcknowledgement
        fields = ["guide", "county", "region", "acknowledged"]


class SupervisionVisitFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "supervisor__name")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    supervisor = django_filters.ModelChoiceFilter(queryset=GridSupervisor.objects.all(), label="网格督导员")
    visited_after = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte", label="督导日期起")
    visited_before = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte", label="督导日期止")
    prompt_list_delivered = django_filters.BooleanFilter(label="已送达提示清单")
    has_findings = django_filters.BooleanFilter(method="filter_has_findings", label="有发现问题")

    class Meta:
        model = SupervisionVisit
        fields = ["county", "region", "supervisor", "visited_after", "visited_before", "prompt_list_delivered"]

    def filter_has_findings(self, queryset, name, value):
        if value is None:
            return queryset
        from .models import VisitFinding

        found = Exists(VisitFinding.objects.filter(visit=OuterRef("pk")))
        return queryset.filter(found if value else ~found)


class SupervisorAssessmentFilterSet(BaseFilterSet):
    search_fields = ("supervisor__name",)
    county = InRegionFilter(queryset=COUNTIES, region_lookup="supervisor__region", label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, field_name="supervisor__region", label="乡镇（街道）")
    year = django_filters.NumberFilter(label="年度")
    period = django_filters.ChoiceFilter(choices=AssessmentPeriod.choices, label="考核周期")
    rating = django_filters.ChoiceFilter(choices=AssessmentRating.choices, label="考核等次")
    level = django_filters.ChoiceFilter(
        choices=SupervisorLevel.choices, field_name="supervisor__level", label="督导员层级"
    )

    class Meta:
        model = SupervisorAssessment
        fields = ["county", "region", "year", "period", "rating", "level"]
