import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from base.choices import RiskGrade
from base.filtersets import BaseFilterSet, InRegionFilter, OrderingFilter, WithinFilter
from grid.choices import Industry, RegionLevel
from grid.models import Department, Official, Region

from .choices import (
    AssignmentStatus,
    ControlLevel,
    HazardColour,
    HazardGrade,
    HazardSource,
    HazardStatus,
    Period,
    RiskPointKind,
    RiskPointReview,
    SupervisionCategory,
    SupervisionSource,
    SupervisionStatus,
)
from .models import Hazard, LeaderAssignment, RiskPoint, SupervisionItem

COUNTIES = Region.objects.filter(level=RegionLevel.COUNTY)
TOWNSHIPS = Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.ZONE])


class HazardFilterSet(BaseFilterSet):
    search_fields = ("title", "enterprise__name", "address", "responsible_unit")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    grade = django_filters.ChoiceFilter(choices=HazardGrade.choices, label="隐患等级")
    status = django_filters.ChoiceFilter(choices=HazardStatus.choices, label="状态")
    is_open = django_filters.BooleanFilter(method="filter_open", label="未销号")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="逾期")
    colour = django_filters.ChoiceFilter(choices=HazardColour.choices, method="filter_colour", label="分色")
    no_leader = django_filters.BooleanFilter(method="filter_no_leader", label="重大隐患未挂包")
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label="行业")
    source = django_filters.ChoiceFilter(choices=HazardSource.choices, label="发现途径")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label="监管部门")
    found_after = django_filters.DateFilter(field_name="found_on", lookup_expr="gte", label="发现日期起")
    found_before = django_filters.DateFilter(field_name="found_on", lookup_expr="lte", label="发现日期止")
    closed_after = django_filters.DateFilter(field_name="closed_on", lookup_expr="gte", label="销号日期起")
    closed_before = django_filters.DateFilter(field_name="closed_on", lookup_expr="lte", label="销号日期止")
    open_on = django_filters.DateFilter(method="filter_open_on", label="截至该日未销号")
    overdue_on = django_filters.DateFilter(method="filter_overdue_on", label="截至该日逾期")
    within = WithinFilter()
    ordering = OrderingFilter(
        fields=(("found_on", "found_on"), ("deadline", "deadline"), ("region__code", "region"), ("grade", "grade")),
        field_labels={"found_on": "发现日期", "deadline": "整改期限", "region__code": "乡镇", "grade": "等级"},
        label="排序",
    )

    class Meta:
        model = Hazard
        fields = ["county", "region", "grade", "status", "industry", "source", "department"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.open() if value else queryset.filter(status=HazardStatus.CLOSED)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = queryset.overdue()
        return late if value else queryset.exclude(pk__in=late.values("pk"))

    def filter_open_on(self, queryset, name, value):
        """Found by that day and not closed by then: the dashboard's count of a past month's end."""
        return queryset.open_at(value) if value else queryset

    def filter_overdue_on(self, queryset, name, value):
        return queryset.open_at(value).filter(deadline__lt=value) if value else queryset

    def filter_colour(self, queryset, name, value):
        return queryset.with_colour().filter(colour=value) if value else queryset

    def filter_no_leader(self, queryset, name, value):
        if value is None:
            return queryset
        led = LeaderAssignment.objects.filter(hazard=OuterRef("pk"), status=AssignmentStatus.ACTIVE)
        condition = Q(grade=HazardGrade.MAJOR) & ~Exists(led)
        return queryset.open().filter(condition) if value else queryset.exclude(condition)


class LeaderAssignmentFilterSet(BaseFilterSet):
    search_fields = ("hazard__title", "leader__name")
    county = InRegionFilter(queryset=COUNTIES, region_lookup="hazard__region", label="县（市、区）")
    round = django_filters.NumberFilter(label="挂包年度")
    leader = django_filters.ModelChoiceFilter(queryset=Official.objects.filter(role="leader"), label="挂包领导")
    status = django_filters.ChoiceFilter(choices=AssignmentStatus.choices, label="状态")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="逾期未完成")

    class Meta:
        model = LeaderAssignment
        fields = ["county", "round", "leader", "status"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status=AssignmentStatus.ACTIVE, target_date__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class SupervisionItemFilterSet(BaseFilterSet):
    search_fields = ("title", "lead_unit", "responsible_leader")
    year = django_filters.NumberFilter(label="年度")
    source = django_filters.ChoiceFilter(choices=SupervisionSource.choices, label="来源")
    category = django_filters.ChoiceFilter(choices=SupervisionCategory.choices, label="类别")
    status = django_filters.ChoiceFilter(choices=SupervisionStatus.choices, label="状态")
    due_after = django_filters.DateFilter(field_name="deadline", lookup_expr="gte", label="完成时限不早于")
    due_before = django_filters.DateFilter(field_name="deadline", lookup_expr="lte", label="完成时限不晚于")

    class Meta:
        model = SupervisionItem
        fields = ["year", "source", "category", "status"]


class RiskPointFilterSet(BaseFilterSet):
    search_fields = ("name", "enterprise__name", "address", "responsible_person")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    period = django_filters.ChoiceFilter(choices=Period.choices, label="辨识周期")
    grade = django_filters.ChoiceFilter(choices=RiskGrade.choices, label="风险等级")
    control_level = django_filters.ChoiceFilter(choices=ControlLevel.choices, label="管控层级")
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label="行业")
    kind = django_filters.ChoiceFilter(choices=RiskPointKind.choices, label="类型")
    review = django_filters.ChoiceFilter(choices=RiskPointReview.choices, label="复核情况")
    active = django_filters.BooleanFilter(method="filter_active", label="在管（未销号）")
    within = WithinFilter()

    class Meta:
        model = RiskPoint
        fields = ["county", "region", "period", "grade", "control_level", "industry", "kind", "review"]

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.active() if value else queryset.filter(review=RiskPointReview.RETIRED)
