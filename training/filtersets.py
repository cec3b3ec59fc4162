import django_filters
from django.db.models import Q
from django.utils import timezone

from base.choices import AccidentLevel, RiskGrade
from base.filtersets import BaseFilterSet, ChoiceListFilter, InRegionFilter, OrderingFilter, WithinFilter
from grid.choices import Industry, RegionLevel
from grid.models import Enterprise, Region

from .choices import CheckInMethod, ClassLevel
from .models import AccidentCase, Attendance, Invitation, WarningClass
from .reports import attended

COUNTIES = Region.objects.filter(level=RegionLevel.COUNTY)
TOWNSHIPS = Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.ZONE])
QUARTERS = [(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]


class AccidentCaseFilterSet(BaseFilterSet):
    search_fields = ("name", "place", "summary")
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label="行业")
    level = django_filters.ChoiceFilter(choices=AccidentLevel.choices, label="事故等级")

    class Meta:
        model = AccidentCase
        fields = ["industry", "level"]


class WarningClassFilterSet(BaseFilterSet):
    search_fields = ("title", "number", "venue", "organiser")
    year = django_filters.NumberFilter(label="年度")
    quarter = django_filters.ChoiceFilter(choices=QUARTERS, label="季度")
    level = django_filters.ChoiceFilter(choices=ClassLevel.choices, label="层级")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    industry = ChoiceListFilter(field_name="industries", choices=Industry.choices, label="对象行业")
    within = WithinFilter(method="filter_within")
    ordering = OrderingFilter(
        fields=(("starts_at", "starts_at"), ("number", "number")),
        field_labels={"starts_at": "开始时间", "number": "编号"},
    )

    class Meta:
        model = WarningClass
        fields = ["year", "quarter", "level"]

    def filter_within(self, queryset, name, value):
        """Classes held in the region or under it, and those of the regions above it, whose principals attend."""
        region = Region.objects.filter(pk=value).first() if value is not None else None
        if region is None:
            return queryset if value is None else queryset.none()
        return queryset.filter(Q(region__path__startswith=region.path) | Q(region__code__in=region.ancestor_codes))


class InvitationFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "principal_name", "warning_class__title")
    warning_class = django_filters.ModelChoiceFilter(queryset=WarningClass.objects.all(), label="学习班")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    attended = django_filters.BooleanFilter(field_name="attendance", lookup_expr="isnull", exclude=True, label="已签到")

    class Meta:
        model = Invitation
        fields = ["warning_class", "region"]


class AttendanceFilterSet(BaseFilterSet):
    search_fields = ("name", "enterprise__name", "warning_class__title", "warning_class__number")
    warning_class = django_filters.ModelChoiceFilter(queryset=WarningClass.objects.all(), label="学习班")
    year = django_filters.NumberFilter(field_name="warning_class__year", label="年度")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    walk_in = django_filters.BooleanFilter(label="现场报名")
    method = django_filters.ChoiceFilter(choices=CheckInMethod.choices, label="签到方式")
    checked_in_after = django_filters.DateFilter(
        field_name="checked_in_at__date", lookup_expr="gte", label="签到日期起"
    )
    checked_in_before = django_filters.DateFilter(
        field_name="checked_in_at__date", lookup_expr="lte", label="签到日期止"
    )
    within = WithinFilter()

    class Meta:
        model = Attendance
        fields = ["warning_class", "walk_in", "method"]


class InviteFilterSet(BaseFilterSet):
    """Who to invite to a class: by industry, place, priority and "not yet attended this year"."""

    search_fields = ("name", "principal_name", "credit_code")
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label="行业")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    risk_grade = django_filters.ChoiceFilter(choices=RiskGrade.choices, label="风险等级")
    weak_foundation = django_filters.BooleanFilter(label="基础薄弱")
    absent_this_year = django_filters.BooleanFilter(method="absent", label="本年未参训")

    class Meta:
        model = Enterprise
        fields = ["industry", "region", "risk_grade", "weak_foundation"]

    def absent(self, queryset, name, value):
        if value is None:
            return queryset
        came = attended(year=timezone.localdate().year)
        return queryset.filter(~came if value else came)
