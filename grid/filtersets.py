import django_filters
from django.db.models import Exists, OuterRef

from base.choices import RiskGrade, SupervisionLevel
from base.filtersets import BaseFilterSet, IdFilter, InRegionFilter, LookupFilter, OrderingFilter, WithinFilter

from .choices import (
    AssessmentPeriod,
    AssessmentRating,
    DepartmentKind,
    EnterpriseStatus,
    GridIndustry,
    GuideStatus,
    HouseStage,
    Industry,
    ProgressStatus,
    RegionLevel,
    SevenOne,
    StaffRole,
    SupervisorLevel,
    TipOffStatus,
    VenueKind,
)
from .forms import CraftsmanField, GridField, GridSupervisorField
from .models import (
    TOWNSHIP_LEVELS,
    Craftsman,
    Department,
    Enterprise,
    Fire,
    FireStation,
    FireStationStaff,
    Grid,
    GridSupervisor,
    GuideAcknowledgement,
    HouseChief,
    HouseInspection,
    HousingTraining,
    Region,
    RuralHouse,
    SafetyExpert,
    SevenOnesItem,
    SmallVenueInspection,
    SupervisionGuide,
    SupervisionVisit,
    SupervisorAssessment,
    TipOff,
)


class RegionFilterSet(BaseFilterSet):
    search_fields = ("name", "code")
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label="层级")
    parent = IdFilter(label="上级区划")

    class Meta:
        model = Region
        fields = ["level", "parent"]


class DepartmentFilterSet(BaseFilterSet):
    search_fields = ("name",)
    kind = django_filters.ChoiceFilter(choices=DepartmentKind.choices, label="部门类别")
    region = IdFilter(label="所属区划")

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
    grid = LookupFilter(GridField, field_name="grids", label="网格")
    in_any_grid = django_filters.BooleanFilter(method="in_any", label="已纳入网格")
    ordering = OrderingFilter(
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
    grid = LookupFilter(GridField, field_name="grids", label="负责网格")
    in_office = django_filters.BooleanFilter(method="filter_in_office", label="在任")
    in_office_on = django_filters.DateFilter(method="filter_in_office_on", label="该日在任")
    within = WithinFilter()
    has_login = django_filters.BooleanFilter(
        field_name="official", lookup_expr="isnull", exclude=True, label="已开通账号"
    )

    class Meta:
        model = GridSupervisor
        fields = ["county", "region", "level", "grid", "in_office", "has_login"]

    def filter_in_office_on(self, queryset, name, value):
        return queryset.active(value) if value else queryset

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
    supervisor = LookupFilter(GridSupervisorField, label="网格督导员")
    visited_after = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte", label="督导日期起")
    visited_before = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte", label="督导日期止")
    prompt_list_delivered = django_filters.BooleanFilter(label="已送达提示清单")
    within = WithinFilter()
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


class HouseChiefFilterSet(BaseFilterSet):
    search_fields = ("name", "phone", "region__name")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    level = django_filters.ChoiceFilter(
        choices=[
            (RegionLevel.COUNTY, "县级房长"),
            (RegionLevel.TOWNSHIP, "乡级房长"),
            (RegionLevel.VILLAGE, "村级房长"),
        ],
        method="filter_level",
        label="房长层级",
    )
    is_active = django_filters.BooleanFilter(label="在任")

    class Meta:
        model = HouseChief
        fields = ["county", "level", "is_active"]

    def filter_level(self, queryset, name, value):
        if value == RegionLevel.TOWNSHIP:
            return queryset.filter(region__level__in=TOWNSHIP_LEVELS)
        return queryset.filter(region__level=value) if value else queryset


class CraftsmanFilterSet(BaseFilterSet):
    search_fields = ("name", "id_number", "phone", "certificate_no")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    association_member = django_filters.BooleanFilter(label="工匠协会会员")
    certified = django_filters.BooleanFilter(method="filter_certified", label="持证")

    class Meta:
        model = Craftsman
        fields = ["county", "association_member", "certified"]

    def filter_certified(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(certificate_no="") if value else queryset.filter(certificate_no="")


class SafetyExpertFilterSet(BaseFilterSet):
    search_fields = ("name", "specialty", "organisation")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    in_support_group = django_filters.BooleanFilter(label="已入技术支撑群")

    class Meta:
        model = SafetyExpert
        fields = ["county", "in_support_group"]


class RuralHouseFilterSet(BaseFilterSet):
    search_fields = ("owner_name", "address")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    stage = django_filters.ChoiceFilter(choices=HouseStage.choices, label="建设阶段")
    inspected = django_filters.BooleanFilter(method="filter_inspected", label="已检查")
    craftsman = LookupFilter(CraftsmanField, label="承建工匠")

    class Meta:
        model = RuralHouse
        fields = ["county", "region", "stage", "inspected", "craftsman"]

    def filter_inspected(self, queryset, name, value):
        if value is None:
            return queryset
        inspected = Exists(HouseInspection.objects.filter(house=OuterRef("pk")))
        return queryset.filter(inspected if value else ~inspected)


class HouseInspectionFilterSet(BaseFilterSet):
    search_fields = ("house__owner_name", "inspector", "findings")
    county = InRegionFilter(queryset=COUNTIES, region_lookup="house__region", label="县（市、区）")
    house = django_filters.ModelChoiceFilter(queryset=RuralHouse.objects.all(), label="农房")
    passed = django_filters.BooleanFilter(label="检查合格")

    class Meta:
        model = HouseInspection
        fields = ["county", "house", "passed"]


class HousingTrainingFilterSet(BaseFilterSet):
    search_fields = ("title",)
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="培训日期起")
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="培训日期止")

    class Meta:
        model = HousingTraining
        fields = ["county", "held_after", "held_before"]


class TipOffFilterSet(BaseFilterSet):
    search_fields = ("content", "result")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    status = django_filters.ChoiceFilter(choices=TipOffStatus.choices, label="办理状态")
    rewarded = django_filters.BooleanFilter(method="filter_rewarded", label="已发奖励")

    class Meta:
        model = TipOff
        fields = ["county", "status", "rewarded"]

    def filter_rewarded(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(reward_paid_on__isnull=not value)


class SevenOnesItemFilterSet(BaseFilterSet):
    search_fields = ("evidence",)
    region = django_filters.ModelChoiceFilter(queryset=COUNTIES, label="县（市、区）")
    item = django_filters.ChoiceFilter(choices=SevenOne.choices, label="事项")
    status = django_filters.ChoiceFilter(choices=ProgressStatus.choices, label="进展")

    class Meta:
        model = SevenOnesItem
        fields = ["region", "item", "status"]


class FireStationFilterSet(BaseFilterSet):
    search_fields = ("name", "region__name")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    within = WithinFilter()

    class Meta:
        model = FireStation
        fields = ["county"]


class FireStationStaffFilterSet(BaseFilterSet):
    search_fields = ("name", "phone", "post")
    county = InRegionFilter(queryset=COUNTIES, region_lookup="station__region", label="县（市、区）")
    station = django_filters.ModelChoiceFilter(queryset=FireStation.objects.all(), label="消防所")
    role = django_filters.ChoiceFilter(choices=StaffRole.choices, label="类别")

    class Meta:
        model = FireStationStaff
        fields = ["county", "station", "role"]


class SmallVenueInspectionFilterSet(BaseFilterSet):
    search_fields = ("venue_name", "findings")
    county = InRegionFilter(queryset=COUNTIES, region_lookup="station__region", label="县（市、区）")
    station = django_filters.ModelChoiceFilter(queryset=FireStation.objects.all(), label="消防所")
    venue_kind = django_filters.ChoiceFilter(choices=VenueKind.choices, label="场所类别")
    rectified = django_filters.BooleanFilter(label="已整改")
    inspected_after = django_filters.DateFilter(field_name="inspected_on", lookup_expr="gte", label="检查日期起")
    inspected_before = django_filters.DateFilter(field_name="inspected_on", lookup_expr="lte", label="检查日期止")
    within = WithinFilter(region_lookup="station__region")

    class Meta:
        model = SmallVenueInspection
        fields = ["county", "station", "venue_kind", "rectified", "inspected_after"]


class FireFilterSet(BaseFilterSet):
    search_fields = ("place", "cause")
    county = InRegionFilter(queryset=COUNTIES, label="县（市、区）")
    region = django_filters.ModelChoiceFilter(queryset=TOWNSHIPS, label="乡镇（街道）")
    small_venue = django_filters.BooleanFilter(label="小场所")
    fatal = django_filters.BooleanFilter(method="filter_fatal", label="有人员死亡")
    occurred_after = django_filters.DateFilter(field_name="occurred_at", lookup_expr="date__gte", label="发生日期起")

    class Meta:
        model = Fire
        fields = ["county", "region", "small_venue", "fatal", "occurred_after"]

    def filter_fatal(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(deaths__gt=0) if value else queryset.filter(deaths=0)
