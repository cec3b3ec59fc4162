"""Pages of the campaign's mechanisms: each department's list of units (by priority), coverage, how a
priority score was made, the 职责分工表 workbook, the year-end evaluation table and the stored
workbooks of the follow-up cadence. Every page starts from rows scoped by ``for_user``."""

import django_filters
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import ListView, TemplateView

from base.choices import RiskGrade, Role, SupervisionLevel
from base.excel import Column, write_sheets, xlsx_response
from base.filtersets import BaseFilterSet, InRegionFilter, WithinFilter
from base.reports import Sheet
from base.scoping import VIEW, official_of
from base.uploads import serve_file
from base.views import ObjectListView
from enforcement.models import Accident
from grid.choices import Industry, RegionLevel
from grid.models import Department, Enterprise, Region
from hazards.choices import HazardGrade
from hazards.models import Hazard

from . import priority, reports
from .choices import PhaseKind
from .models import CadenceReport, Campaign, DutyAssignment, Evaluation, Inspection

# Each department's list of units ------------------------------------------------------------------


class UnitFilterSet(BaseFilterSet):
    """The units on a campaign's lists (of one department), with their inspection state and priority.

    ``campaign`` is always given (the page fills in the current one) and comes first: it selects the
    listed units and annotates what the later filters read.
    """

    search_fields = ("name", "credit_code")
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), method="filter_campaign", label="检查行动"
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.filter(has_inspection_duty=True), method="filter_department", label="行业部门"
    )
    county = InRegionFilter(queryset=Region.objects.filter(level=RegionLevel.COUNTY), label="县（市、区）")
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.ZONE]), label="乡镇（街道）"
    )
    supervision_level = django_filters.ChoiceFilter(choices=SupervisionLevel.choices, label="监管层级")
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label="行业")
    risk_grade = django_filters.ChoiceFilter(choices=RiskGrade.choices, label="风险等级")
    inspected = django_filters.BooleanFilter(method="filter_inspected", label="本次已检查")
    inspected_by = django_filters.DateFilter(method="filter_inspected_by", label="截至该日已检查")
    uninspected_by = django_filters.DateFilter(method="filter_uninspected_by", label="截至该日未检查")
    inspected_in = django_filters.ChoiceFilter(choices=PhaseKind.choices, method="filter_phase", label="检查阶段")
    high_priority = django_filters.BooleanFilter(method="filter_high", label=f"重点单位（≥{priority.HIGH_PRIORITY}分）")
    failed_open = django_filters.BooleanFilter(method="filter_failed_open", label="不合格未复查合格")
    findings_open = django_filters.BooleanFilter(method="filter_findings_open", label="检查发现问题未销号")
    within = WithinFilter()

    class Meta:
        model = Enterprise
        fields = ["campaign", "department", "county", "region", "supervision_level", "industry", "risk_grade"]

    def filter_campaign(self, queryset, name, campaign):
        return reports.with_state(queryset.filter(reports.listed(campaign, reports.duties_of(campaign))), campaign)

    def filter_department(self, queryset, name, department):
        campaign = self.form.cleaned_data.get("campaign")
        duty = DutyAssignment.objects.filter(campaign=campaign, department=department).first() if campaign else None
        return queryset.filter(reports.duty_condition(duty)) if duty else queryset.none()

    def filter_inspected(self, queryset, name, value):
        if value is None or not self.form.cleaned_data.get("campaign"):
            return queryset  # without a campaign there is no list (and nothing inspected in it)
        return queryset.filter(inspected=value)

    def filter_inspected_by(self, queryset, name, day):
        """Inspected in the campaign by ``day``: the desk's count of a month's end."""
        campaign = self.form.cleaned_data.get("campaign")
        if not day:
            return queryset
        return queryset.filter(reports.inspected(campaign, by=day)) if campaign else queryset.none()

    def filter_uninspected_by(self, queryset, name, day):
        campaign = self.form.cleaned_data.get("campaign")
        if not day:
            return queryset
        return queryset.exclude(reports.inspected(campaign, by=day)) if campaign else queryset.none()

    def filter_phase(self, queryset, name, phase):
        campaign = self.form.cleaned_data.get("campaign")
        return queryset.filter(reports.inspected(campaign, phase)) if campaign else queryset.none()

    def filter_high(self, queryset, name, value):
        if value is None:
            return queryset
        high = Q(priority__gte=priority.HIGH_PRIORITY)
        return queryset.filter(high if value else ~high)

    def filter_failed_open(self, queryset, name, value):
        if value is None or not self.form.cleaned_data.get("campaign"):
            return queryset
        return queryset.filter(failed_open=value)

    def filter_findings_open(self, queryset, name, value):
        if value is None:
            return queryset
        findings = reports.open_findings().filter(
            inspection__campaign=self.form.cleaned_data.get("campaign"), inspection__enterprise=OuterRef("pk")
        )
        return queryset.filter(Exists(findings) if value else ~Exists(findings))


def _inspected_label(obj) -> str:
    return "已检查" if getattr(obj, "inspected", False) else "未检查"


UNIT_COLUMNS = [
    Column("name", "单位名称", width=30, link=True),
    Column("region__parent__name", "县（市、区）", width=12),
    Column("region__name", "乡镇（街道）", width=12),
    Column("industry", "行业", width=12),
    Column("department__name", "监管部门", width=22),
    Column("supervision_level", "监管层级", width=10),
    Column("risk_grade", "风险等级", width=10),
    Column("priority_risk", "风险分", width=8),
    Column("priority_weak", "基础薄弱分", width=10),
    Column("priority_accidents", "近三年事故（起）", width=10),
    Column("priority_major_hazards", "未销号重大隐患（条）", width=12),
    Column("priority", "优先分", width=8),
    Column("inspected", "本次检查", width=10, value=_inspected_label),
    Column("failed_open", "不合格未复查合格", width=12),
]


def chosen_campaign(user, value: str | None) -> Campaign | None:
    """The campaign named by ``value`` if ``user`` sees it, else the current one."""
    campaigns = Campaign.objects.for_user(user, VIEW)
    if value and str(value).isdigit():
        chosen = campaigns.filter(pk=value).select_related("region").first()
        if chosen is not None:
            return chosen
    return reports.current_campaign(user)


def own_department(user) -> Department | None:
    official = official_of(user)
    return official.department if official is not None and official.role == Role.DEPARTMENT else None


class UnitListView(ObjectListView):
    """各级监管的生产经营单位清单: the units on the lists, highest priority first, each with a link to
    record its inspection (对照清单逐一检查). A department official's own list by default."""

    model = Enterprise
    filterset_class = UnitFilterSet
    columns = UNIT_COLUMNS
    template_name = "inspections/unit_list.html"
    export_title = "大检查单位清单"
    strict = True

    def base_queryset(self, user):
        if reports.current_campaign(user) is None:
            return Enterprise.objects.none()  # no campaign, no lists
        units = Enterprise.objects.select_related("region__parent", "department")
        return priority.by_priority(units, parts=True)

    def with_defaults(self, user, data):
        """The request's filters, with the current campaign and the user's own department unless chosen."""
        data = data.copy()
        campaign = chosen_campaign(user, data.get("campaign"))
        if campaign is not None:
            data["campaign"] = str(campaign.pk)
        department = own_department(user)
        if department is not None and "department" not in data:
            data["department"] = str(department.pk)
        return data

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.with_defaults(self.request.user, self.request.GET)
        return kwargs

    def export_rows(self, user, data):
        return super().export_rows(user, self.with_defaults(user, data))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = chosen_campaign(self.request.user, self.request.GET.get("campaign"))
        context.update(
            campaign=campaign,
            phase=campaign.phase_on(timezone.localdate()) if campaign else None,
            components=priority.COMPONENTS,
            high_priority=priority.HIGH_PRIORITY,
            may_record=Inspection.may_change(self.request.user),
        )
        return context


# How a score was made ------------------------------------------------------------------------------


class PriorityView(LoginRequiredMixin, TemplateView):
    """重点风险优先: one enterprise's priority score, component by component, with what each counted."""

    template_name = "inspections/priority.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        enterprises = Enterprise.objects.for_user(user, VIEW).select_related("region")
        enterprises = priority.with_priority(enterprises, today, parts=True)
        enterprise = get_object_or_404(enterprises, pk=self.kwargs["pk"])
        since = priority.accidents_since(today)
        context.update(
            enterprise=enterprise,
            parts=[
                {
                    "label": "风险等级",
                    "fact": RiskGrade.label(enterprise.risk_grade),
                    "rule": priority.COMPONENTS[0].rule,
                    "points": enterprise.priority_risk,
                },
                {
                    "label": "基础薄弱",
                    "fact": "是" if enterprise.weak_foundation else "否",
                    "rule": priority.COMPONENTS[1].rule,
                    "points": enterprise.priority_weak,
                },
                {
                    "label": priority.COMPONENTS[2].label,
                    "fact": f"{enterprise.priority_accidents} 起（{since:%Y-%m-%d} 以来）",
                    "rule": priority.COMPONENTS[2].rule,
                    "points": enterprise.priority_accident_points,
                },
                {
                    "label": priority.COMPONENTS[3].label,
                    "fact": f"{enterprise.priority_major_hazards} 条",
                    "rule": priority.COMPONENTS[3].rule,
                    "points": enterprise.priority_hazard_points,
                },
            ],
            high_priority=priority.HIGH_PRIORITY,
            accidents=Accident.objects.for_user(user, VIEW)
            .filter(enterprise=enterprise, occurred_on__gte=since, occurred_on__lte=today)
            .order_by("-occurred_on"),
            hazards=Hazard.objects.for_user(user, VIEW)
            .open()
            .filter(enterprise=enterprise, grade=HazardGrade.MAJOR)
            .order_by("deadline"),
        )
        return context


# Coverage ----------------------------------------------------------------------------------------------


class CoverageView(LoginRequiredMixin, TemplateView):
    """覆盖率: per department, county and phase against the deadline; uninspected high-priority units first."""

    template_name = "inspections/coverage.html"
    paginate_by = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campaign = chosen_campaign(user, self.request.GET.get("campaign"))
        context.update(campaign=campaign, campaigns=Campaign.objects.for_user(user, VIEW).order_by("-starts_on"))
        if campaign is None:
            return context
        today = timezone.localdate()
        table = reports.coverage(campaign, user, today)
        uninspected = reports.units(campaign, user, day=today).filter(inspected=False)
        page = Paginator(uninspected, self.paginate_by).get_page(self.request.GET.get("page"))
        deadline = table["department_deadline"]
        context.update(
            table=table,
            phases=PhaseKind.choices,
            days_left=(deadline - today).days if deadline else None,
            page_obj=page,
            uninspected=page.object_list,
            high_priority=priority.HIGH_PRIORITY,
        )
        return context


# 职责分工表 ------------------------------------------------------------------------------------------------


def duty_matrix_sheet(campaign: Campaign, duties: list[DutyAssignment], listed: dict[int, int]) -> Sheet:
    return Sheet(
        "职责分工表",
        ["序号", "行业部门", "所属区划", "检查行业", "监管层级", "负责的硬措施条目", "清单单位（家）", "备注"],
        [
            [
                index,
                duty.department.name,
                duty.department.region.name,
                duty.industries_label or "本部门监管的全部行业",
                duty.supervision_levels_label or "各级",
                duty.measures,
                listed.get(duty.department_id, 0),
                duty.note,
            ]
            for index, duty in enumerate(duties, start=1)
        ],
        widths=[6, 26, 12, 30, 14, 40, 12, 24],
        note=(
            f"{campaign.name}（{campaign.document_number or '—'}），{campaign.starts_on:%Y年%m月%d日}至"
            f"{campaign.ends_on:%Y年%m月%d日}。清单单位：本部门按监管层级和行业应检查的在营生产经营单位。"
        ),
    )


class DutyMatrixExportView(LoginRequiredMixin, View):
    """The campaign's 职责分工表 as a print-ready workbook: the duties the user sees, with their list sizes."""

    def get(self, request, pk: int):
        campaign = get_object_or_404(Campaign.objects.for_user(request.user, VIEW).select_related("region"), pk=pk)
        duties = reports.duties_of(campaign, request.user)
        table = reports.coverage(campaign, request.user)
        listed: dict[int, int] = {}
        for row in table["departments"]:  # a city department's list is counted in each county
            listed[row.department.pk] = listed.get(row.department.pk, 0) + row.listed
        workbook = write_sheets([duty_matrix_sheet(campaign, duties, listed)], f"{campaign.name}职责分工表")
        return xlsx_response(workbook, f"{campaign.name}职责分工表.xlsx")


# 年底一总评 --------------------------------------------------------------------------------------------------


class EvaluationTableView(LoginRequiredMixin, TemplateView):
    """年底一总评: each department's and county's numbers beside the grade and comment entered for them."""

    template_name = "inspections/evaluation_table.html"

    def year(self) -> int:
        value = self.request.GET.get("year", "")
        today = timezone.localdate()
        return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else today.year

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            year = self.year()
            title = f"安全生产大检查{year}年度总评表"
            sheets = reports.evaluation_sheets(reports.evaluation_for(request.user, year))
            return xlsx_response(write_sheets(sheets, title), f"{title}.xlsx")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year()
        context.update(
            table=reports.evaluation_for(self.request.user, year),
            year=year,
            years=list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
            may_grade=Evaluation.may_change(self.request.user),
        )
        return context


# The cadence's workbooks -----------------------------------------------------------------------------------------


class CadenceReportListView(LoginRequiredMixin, ListView):
    """四项机制报表: the quarterly, half-yearly and yearly workbooks of the user's region and those above it."""

    template_name = "inspections/cadence_report_list.html"
    paginate_by = 30

    def get_queryset(self):
        return CadenceReport.objects.for_user(self.request.user, VIEW).select_related("region")


class CadenceReportDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        report = get_object_or_404(CadenceReport.objects.for_user(request.user, VIEW), pk=pk)
        if not report.file:
            raise Http404("报表文件不存在。")
        return serve_file(report.file, filename=f"{report.title}.xlsx", missing="报表文件不存在。")
