import django_filters

from sanming_safety.choices import RiskGrade, SupervisionLevel
from sanming_safety.filtersets import BaseFilterSet, InRegionFilter

from .choices import DepartmentKind, EnterpriseStatus, Industry, RegionLevel
from .models import Department, Enterprise, Region


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
        ]
