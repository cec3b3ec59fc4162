from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, TemplateView

from base.choices import Role
from base.excel import Column
from base.registry import register
from base.scoping import CHANGE, VIEW, official_of
from base.views import ObjectDetailView, ObjectListView, next_url
from grid.choices import RegionLevel
from grid.models import Enterprise, Region
from hazards.reports import root_region

from . import reports, services
from .api.serializers import ViolationPromptItemSerializer
from .choices import VersionStatus
from .filtersets import (
    AccidentFilterSet,
    AccountabilityCaseFilterSet,
    JudicialTransferFilterSet,
    PenaltyFilterSet,
    PromptListAcknowledgementFilterSet,
    PromptListDeliveryFilterSet,
    PromptListVersionFilterSet,
    UnitAssessmentFilterSet,
    ViolationPromptItemFilterSet,
)
from .forms import AccidentForm, JudicialTransferForm, PenaltyForm, PromptListDeliveryForm, ViolationPromptItemForm
from .importers import PenaltyImporter
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

# The violation prompt list -----------------------------------------------------------------


class PromptListVersionDetailView(ObjectDetailView):
    """A version with its items; a draft is published from here, a published one shows its acknowledgements."""

    template_name = "enforcement/version_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        acknowledgements = self.object.acknowledgements.for_user(self.request.user, VIEW)
        context.update(
            items=self.object.items.all(),
            acknowledgements=acknowledgements.aggregate(
                sent=Count("pk"), acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False))
            ),
            may_publish=self.object.status == VersionStatus.DRAFT
            and PromptListVersion.may_change_row(self.request.user, self.object),
        )
        return context


register(
    PromptListVersion,
    path="prompt-lists",
    queryset=PromptListVersion.objects.select_related("region"),
    filterset=PromptListVersionFilterSet,
    fields=["region", "year", "title", "document_number"],
    columns=[
        Column("title", "清单名称", width=40, link=True),
        Column("year", "版本年度", width=10),
        Column("document_number", "印发文号", width=20),
        Column("region__name", "印发区划", width=12),
        Column("status", "状态", width=10),
        Column("published_at", "印发时间", width=18),
    ],
    fieldsets=[
        ("清单", ["title", "year", "document_number", "region", "status"]),
        ("印发", ["published_at", "published_by", "created_by", "created_at"]),
    ],
    views={"detail": PromptListVersionDetailView},
)


class PromptListPrintView(LoginRequiredMixin, DetailView):
    """The version as printed and handed to enterprises (A4, one table)."""

    template_name = "enforcement/version_print.html"

    def get_queryset(self):
        return PromptListVersion.objects.for_user(self.request.user, VIEW).select_related("region")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "items": self.object.items.all()}


class PromptListPublishView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        version = get_object_or_404(PromptListVersion.objects.for_user(request.user, CHANGE), pk=pk)
        try:
            sent = services.version_publish(version=version, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"已印发，下发至 {sent} 个乡镇（街道）和部门，待签收。")
        return HttpResponseRedirect(version.get_absolute_url())


register(
    ViolationPromptItem,
    path="prompt-items",
    queryset=ViolationPromptItem.objects.select_related("version__region"),
    filterset=ViolationPromptItemFilterSet,
    form=ViolationPromptItemForm,
    serializer=ViolationPromptItemSerializer,
    fields=["version", "number", "title", "description", "legal_basis", "penalty_range", "industries"],
    columns=[
        Column("number", "序号", width=6),
        Column("title", "违法风险点", width=30, link=True),
        Column("legal_basis", "法律依据", width=36),
        Column("penalty_range", "处罚幅度", width=36),
        Column("industries_label", "适用行业", width=20),
        Column(
            "version", "清单版本", width=20, value=lambda item: f"{item.version.region.name}{item.version.year}年版"
        ),
    ],
    fieldsets=[
        ("违法风险点", ["version", "number", "title", "description", "legal_basis", "penalty_range", "industries"])
    ],
)


class PromptListAcknowledgementListView(ObjectListView):
    template_name = "enforcement/acknowledgement_list.html"


register(
    PromptListAcknowledgement,
    path="acknowledgements",
    queryset=PromptListAcknowledgement.objects.select_related(
        "version", "region__parent", "department", "acknowledged_by"
    ),
    filterset=PromptListAcknowledgementFilterSet,
    fields=["version", "region", "department", "sent_at", "acknowledged_at"],
    read_only=True,
    only=("list",),
    columns=[
        Column("version", "清单版本", width=20, value=lambda r: f"{r.version.year}年版"),
        Column("recipient", "接收单位", width=28),
        Column("region__parent__name", "上级区划", width=12),
        Column("sent_at", "下发时间", width=18),
        Column("acknowledged_at", "签收时间", width=18),
    ],
    fieldsets=[],
    views={"list": PromptListAcknowledgementListView},
)


class AcknowledgementAcknowledgeView(LoginRequiredMixin, View):
    """The township or department acknowledges (签收) the list sent to it."""

    def post(self, request, pk: int):
        acknowledgement = get_object_or_404(PromptListAcknowledgement.objects.for_user(request.user, CHANGE), pk=pk)
        official = official_of(request.user)
        own = official is not None and (
            (acknowledgement.department_id and acknowledgement.department_id == official.department_id)
            or (
                not acknowledgement.department_id
                and official.role == Role.TOWNSHIP
                and acknowledgement.region_id == official.region_id
            )
        )
        if not own:
            raise PermissionDenied("只有接收单位本身可以签收。")
        services.acknowledgement_acknowledge(acknowledgement=acknowledgement, by=request.user)
        messages.success(request, f"已签收{acknowledgement.version}。")
        return HttpResponseRedirect(next_url(request, acknowledgement.version.get_absolute_url()))


register(
    PromptListDelivery,
    path="deliveries",
    queryset=PromptListDelivery.objects.select_related("version", "enterprise", "region__parent", "visit__supervisor"),
    filterset=PromptListDeliveryFilterSet,
    form=PromptListDeliveryForm,
    fields=["version", "enterprise", "region", "delivered_on", "channel", "visit", "note"],
    only=("list", "detail", "create"),
    columns=[
        Column("enterprise__name", "送达单位", width=30, link=True),
        Column("region__parent__name", "县（市、区）", width=12),
        Column("region__name", "乡镇（街道）", width=14),
        Column("version", "清单版本", width=14, value=lambda d: f"{d.version.year}年版"),
        Column("delivered_on", "送达日期", width=12),
        Column("channel", "送达方式", width=16),
        Column("visit__supervisor__name", "督导员", width=10),
    ],
    fieldsets=[
        ("送达", ["enterprise", "region", "version", "delivered_on", "channel", "visit", "note"]),
        ("登记", ["created_by", "created_at"]),
    ],
)


class CoverageView(LoginRequiredMixin, TemplateView):
    """提示清单送达覆盖: enterprises reached by area (a township: by grid), and those not reached yet."""

    template_name = "enforcement/coverage.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        versions = PromptListVersion.objects.for_user(user, VIEW).filter(status=VersionStatus.PUBLISHED)
        chosen = self.request.GET.get("version", "")
        version = (
            versions.filter(pk=chosen).select_related("region").first() if chosen.isdigit() else None
        ) or reports.current_version(user)
        region = root_region(user)
        area = self.request.GET.get("region", "")
        if area.isdigit():
            region = Region.objects.for_user(user, VIEW).filter(pk=area).first() or region
        context.update(versions=versions.order_by("-published_at"), version=version, region=region)
        if version is None:
            return context
        enterprises = Enterprise.objects.for_user(user, VIEW)
        missing = reports.undelivered(enterprises, version, region)
        page = Paginator(missing, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            coverage=reports.coverage(enterprises, version, region),
            grids=reports.coverage_by_grid(enterprises, version, region)
            if region.level in (RegionLevel.TOWNSHIP, RegionLevel.ZONE)
            else None,
            page_obj=page,
            missing=page.object_list,
            may_record=PromptListDelivery.may_change(user),
        )
        return context


# Penalties, transfers, accidents, accountability --------------------------------------------


register(
    Penalty,
    path="penalties",
    queryset=Penalty.objects.select_related("enterprise", "region__parent", "department"),
    filterset=PenaltyFilterSet,
    form=PenaltyForm,
    fields=["region", *PenaltyForm._meta.fields],
    fieldsets=[
        ("处罚决定", ["case_number", "enterprise", "region", "department", "decided_on", "kind", "amount"]),
        ("违法事实与依据", ["violation", "prompt_item", "legal_basis", "preventive", "accident", "hazard", "note"]),
        ("登记", ["created_by", "created_at"]),
    ],
    importer=PenaltyImporter,
)

register(
    JudicialTransfer,
    path="transfers",
    queryset=JudicialTransfer.objects.select_related("enterprise", "region__parent", "department"),
    filterset=JudicialTransferFilterSet,
    form=JudicialTransferForm,
    fields=["region", *JudicialTransferForm._meta.fields],
    columns=[
        Column("person_name", "被移送人", width=10, link=True),
        Column("person_post", "职务", width=12),
        Column("enterprise__name", "涉案单位", width=28),
        Column("region__parent__name", "县（市、区）", width=12),
        Column("department__name", "移送部门", width=22),
        Column("transferred_on", "移送日期", width=12),
        Column("receiving_organ", "接收机关", width=20),
        Column("outcome", "办理结果", width=10),
    ],
    fieldsets=[
        ("被移送人", ["person_name", "person_id_number", "person_post", "enterprise", "region"]),
        ("移送", ["department", "transferred_on", "receiving_organ", "penalty", "accident", "case_summary"]),
        ("结果", ["outcome", "outcome_note"]),
    ],
)

register(
    Accident,
    path="accidents",
    queryset=Accident.objects.select_related("enterprise", "region__parent", "department"),
    filterset=AccidentFilterSet,
    form=AccidentForm,
    fields=AccidentForm._meta.fields,
    columns=[
        Column("occurred_on", "发生日期", width=12, link=True),
        Column("place", "事故地点", width=24),
        Column("enterprise__name", "事故单位", width=28),
        Column("region__parent__name", "县（市、区）", width=12),
        Column("region__name", "乡镇（街道）", width=14),
        Column("industry", "行业", width=12),
        Column("level", "事故等级", width=12),
        Column("deaths", "死亡", width=6),
        Column("injuries", "受伤", width=6),
        Column("direct_loss", "直接经济损失（万元）", width=14),
    ],
    fieldsets=[
        ("事故", ["occurred_on", "place", "enterprise", "region", "industry", "department", "level"]),
        ("后果", ["deaths", "injuries", "direct_loss"]),
        ("经过与调查", ["summary", "investigation_report"]),
        ("登记", ["created_by", "created_at"]),
    ],
)

CASE_FIELDS = [
    "region",
    "accident",
    "failure",
    "subject_kind",
    "subject_name",
    "subject_post",
    "department",
    "finding",
    "sanction",
    "decided_on",
]
register(
    AccountabilityCase,
    path="accountability",
    api_path="accountability-cases",
    queryset=AccountabilityCase.objects.select_related("region", "accident", "department"),
    filterset=AccountabilityCaseFilterSet,
    fields=CASE_FIELDS,
    columns=[
        Column("subject_name", "姓名或单位", width=16, link=True),
        Column("subject_post", "职务", width=16),
        Column("subject_kind", "追责对象", width=8),
        Column("region__name", "区划", width=12),
        Column("accident", "关联事故", width=30, value=lambda c: str(c.accident) if c.accident_id else c.failure),
        Column("sanction", "处理方式", width=10),
        Column("decided_on", "处理日期", width=12),
    ],
    fieldsets=[
        ("追责对象", ["subject_kind", "subject_name", "subject_post", "department", "region"]),
        ("事由与处理", ["accident", "failure", "finding", "sanction", "decided_on"]),
    ],
)


# 评先评优挂钩 --------------------------------------------------------------------------------


class UnitAssessmentListView(ObjectListView):
    """The year's table; the city committee computes and confirms it here."""

    template_name = "enforcement/assessment_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.request.GET.get("year", "")
        context["year"] = int(year) if year.isdigit() else timezone.localdate().year - 1
        context["may_confirm"] = UnitAssessment.may_change(self.request.user)
        return context


register(
    UnitAssessment,
    path="assessments",
    queryset=UnitAssessment.objects.select_related("region", "department", "confirmed_by"),
    filterset=UnitAssessmentFilterSet,
    fields=["year", "region", "department", *services.UnitResult.FIELDS, "status", "confirmed_at"],
    read_only=True,
    only=("list", "detail"),
    columns=[
        Column("year", "年度", width=8),
        Column("unit", "单位", width=24, link=True),
        Column("accidents_general", "一般事故", width=8),
        Column("accidents_larger", "较大事故", width=8),
        Column("accidents_major", "重大及以上事故", width=10),
        Column("deaths", "死亡人数", width=8),
        Column("accountability_cases", "责任追究", width=8),
        Column("overdue_major_hazards", "逾期重大隐患", width=10),
        Column("downgraded", "综治考评降档", width=10),
        Column("merit_quota_cancelled", "取消记功名额", width=10),
        Column("reasons_text", "依据", width=60),
        Column("status", "状态", width=14),
    ],
    fieldsets=[
        ("单位", ["year", "region", "department", "status", "computed_at", "confirmed_at", "confirmed_by"]),
        (
            "安全生产成效",
            [
                "accidents_general",
                "accidents_larger",
                "accidents_major",
                "deaths",
                "accountability_cases",
                "overdue_major_hazards",
            ],
        ),
        ("挂钩结果", ["downgraded", "merit_quota_cancelled", "reasons_text"]),
    ],
    views={"list": UnitAssessmentListView},
)


class AssessmentActionView(LoginRequiredMixin, View):
    """POST ``compute`` or ``confirm`` for a year: the city committee's two steps."""

    def post(self, request, action: str):
        if not UnitAssessment.may_change(request.user) or action not in ("compute", "confirm"):
            raise PermissionDenied("只有市安委办可以计算和确认评先评优挂钩结果。")
        year = request.POST.get("year", "")
        if not year.isdigit() or not 2000 <= int(year) <= timezone.localdate().year:
            messages.error(request, "请填写正确的年度。")
            return HttpResponseRedirect(request.path)
        city = root_region(request.user)
        if city.level != RegionLevel.CITY:
            raise Http404
        if action == "compute":
            written = services.assessment_compute(year=int(year), city=city)
            messages.success(request, f"已计算{year}年度结果，{written}个单位有变化。")
        else:
            confirmed = services.assessment_confirm(year=int(year), city=city, by=request.user)
            messages.success(request, f"已确认{year}年度{confirmed}个单位的结果。")
        return HttpResponseRedirect(f"{reverse('enforcement:unit_assessment_list')}?year={year}")


class StatisticsView(LoginRequiredMixin, TemplateView):
    """执法统计: penalties by year, department, type and county with year-on-year change; accountability."""

    template_name = "enforcement/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
        context.update(reports.statistics(self.request.user, year))
        context["year"] = year
        context["years"] = list(range(timezone.localdate().year, timezone.localdate().year - 6, -1))
        return context
