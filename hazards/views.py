from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from base.aggregates import kept
from base.choices import RiskGrade, Role
from base.excel import Column
from base.history import signature
from base.registry import register
from base.scoping import CHANGE, VIEW, official_of
from base.uploads import serve_file
from base.views import ObjectCreateView, ObjectDetailView, ObjectListView, ScopedMixin, next_url
from grid.choices import Industry, RegionLevel
from grid.models import Region, VisitFinding
from grid.reports import region_seats

from . import reports, services
from .api.serializers import HazardSerializer, LeaderAssignmentSerializer, RiskPointSerializer
from .api.views import HazardViewSet, LeaderAssignmentViewSet, RiskPointViewSet, SupervisionItemViewSet
from .choices import ControlLevel, HazardColour, HazardGrade, HazardStatus, Period, RiskPointReview
from .filtersets import HazardFilterSet, LeaderAssignmentFilterSet, RiskPointFilterSet, SupervisionItemFilterSet
from .forms import (
    AcceptForm,
    AssignLeaderForm,
    CarryForwardForm,
    DecideExtensionForm,
    ExtendForm,
    HazardForm,
    NoteForm,
    ProgressForm,
    RefuseForm,
    ReviewForm,
    RiskPointForm,
    SupervisionItemForm,
    SupervisionProgressForm,
    UrgeForm,
)
from .importers import HazardImporter, RiskPointImporter
from .models import (
    Hazard,
    HazardPhoto,
    LeaderAssignment,
    RiskPoint,
    SupervisionItem,
    period_of,
    previous_period,
)

ASSIGNMENT_COLUMNS = [
    Column("hazard__title", "重大隐患", width=30, link=True),
    Column("round", "挂包年度", width=10),
    Column("leader__name", "挂包领导", width=12),
    Column("leader__post", "职务", width=12),
    Column("hazard__region__parent__name", "县（市、区）", width=12),
    Column("hazard__region__name", "乡镇（街道）", width=14),
    Column("assigned_on", "挂包日期", width=12),
    Column("target_date", "目标完成日期", width=12),
    Column("status", "状态", width=12),
    Column("completed_on", "完成日期", width=12),
    Column("hazard__progress", "整改进度（%）", width=12),
]


def _month_progress(item) -> object:
    return "未报送" if item.month_percent is None else item.month_percent


SUPERVISION_COLUMNS = [
    Column("title", "督办事项", width=36, link=True),
    Column("month_percent", "本月进展（%）", width=12, value=_month_progress),
    Column("year", "年度", width=8),
    Column("source", "来源", width=18),
    Column("category", "类别", width=12),
    Column("region__name", "督办区划", width=12),
    Column("lead_unit", "牵头单位", width=22),
    Column("responsible_leader", "责任领导", width=12),
    Column("deadline", "完成时限", width=12),
    Column("status", "状态", width=10),
]


def _role(user) -> str | None:
    official = official_of(user)
    return official.role if official else None


class HazardListView(ObjectListView):
    template_name = "hazards/hazard_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "legend": HazardColour.legend()}


class HazardDetailView(ObjectDetailView):
    """The hazard's lifecycle: its record, the steps this user may take now, progress, extensions, urges."""

    template_name = "hazards/hazard_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hazard = self.object
        context.update(
            actions=hazard_actions(hazard, self.request.user, context["can_change"]),
            progress_reports=hazard.progress_reports.select_related("reported_by__official").prefetch_related("photos")[
                :50
            ],
            site_photos=hazard.photos.filter(progress__isnull=True)[:30],
            extensions=hazard.extensions.select_related(
                "created_by__official__region",
                "created_by__official__department",
                "decided_by__official__region",
                "decided_by__official__department",
            )[:50],
            assignments=hazard.leader_assignments.select_related(
                "leader", "assigned_by__official__region", "assigned_by__official__department"
            )[:20],
            urges=hazard.urges.select_related("created_by__official__region", "created_by__official__department")[:50],
            legend=HazardColour.legend(),
        )
        return context


class HazardCreateView(ObjectCreateView):
    def get_initial(self):
        # A department's official registers hazards in its own industry.
        official = official_of(self.request.user)
        initial = {**super().get_initial(), "found_on": timezone.localdate()}
        if official is not None and official.department_id:
            initial["department"] = official.department_id
        return initial


def hazard_rows(user=None):
    """隐患 with their 分色 and 挂包领导 as of today: the list, its exports, the pages and the API start here."""
    return (
        Hazard.objects.select_related("region__parent", "enterprise", "department", "risk_point")
        .with_colour()
        .with_leader()
    )


register(
    Hazard,
    path="",
    api_path="hazards",
    queryset=hazard_rows,
    api_queryset=lambda user: hazard_rows(user).prefetch_related("photos").order_by("-id"),
    filterset=HazardFilterSet,
    form=HazardForm,
    serializer=HazardSerializer,
    importer=HazardImporter,
    fieldsets=[
        ("隐患", ["title", "grade", "status", "industry", "source", "enterprise", "region", "address", "department"]),
        ("发现", ["description", "found_on", "finder", "risk_point"]),
        ("整改方案", ["measures", "responsible_person", "responsible_unit", "funds", "deadline", "progress"]),
        ("五到位", list(Hazard.FIVE_IN_PLACE)),
        ("验收", ["closed_on", "acceptance_note"]),
    ],
    views={"list": HazardListView, "detail": HazardDetailView, "create": HazardCreateView, "api": HazardViewSet},
)


def hazard_actions(hazard: Hazard, user, can_change: bool) -> list[dict]:
    """The steps this user may take on the hazard now, each with its form, or its ``blockers`` when not yet possible."""
    actions = []
    if can_change:
        status = hazard.status
        if status == HazardStatus.REPORTED:
            actions.append({"name": services.START, "label": "开始整改", "form": NoteForm()})
        if status == HazardStatus.RECTIFYING:
            actions.append({"name": services.PROGRESS, "label": "填报整改进展", "form": ProgressForm()})
            actions.append({"name": services.SUBMIT, "label": "申请验收", "form": NoteForm()})
        if status == HazardStatus.AWAITING_ACCEPTANCE and services.may_accept(user):
            actions.append({"name": services.ACCEPT, "label": "验收通过（销号）", "form": AcceptForm()})
            actions.append({"name": services.REFUSE, "label": "验收不通过（退回整改）", "form": RefuseForm()})
        if hazard.is_open:
            actions.append({"name": services.EXTEND, "label": "申请延期", "form": ExtendForm()})
        if hazard.is_major and hazard.is_open and services.may_assign(user) and not services.active_assignment(hazard):
            actions.append({"name": services.ASSIGN, "label": "明确挂包领导", "form": AssignLeaderForm(hazard=hazard)})
        for action in actions:
            action["blockers"] = services.hazard_blockers(hazard, action["name"], user=user)
    pending = services.pending_extension(hazard) if hazard.is_open else None
    if pending is not None and services.may_decide_extension(hazard, user):
        intro = (
            f"{signature(pending.created_by)} 申请将整改期限由 {pending.old_deadline or '未定期限'} "
            f"延至 {pending.new_deadline:%Y-%m-%d}，理由：{pending.reason}"
        )
        actions.append(
            {
                "name": services.DECIDE,
                "label": "审批延期申请",
                "form": DecideExtensionForm(),
                "intro": intro,
                "blockers": [],
            }
        )
    role = _role(user)
    if hazard.is_open and (role in (Role.LEADER, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE) or user.is_superuser):
        actions.append({"name": "urge", "label": "督促", "form": UrgeForm(), "blockers": []})
    return actions


def _run_assign(hazard, user, data):
    return services.leader_assign(
        hazard=hazard, leader=data["leader"], by=user, round=data["round"], target_date=data["target_date"]
    )


def _run_decide(hazard, user, data):
    extension = services.pending_extension(hazard)
    if extension is None:
        raise ValidationError("没有待审批的延期申请。")
    approve = data["decision"] == DecideExtensionForm.APPROVE
    return services.extension_decide(extension=extension, by=user, approve=approve, reason=data["reason"])


HAZARD_ACTIONS = {
    "start": (NoteForm, lambda h, u, d: services.hazard_start_rectification(hazard=h, by=u), "已开始整改"),
    "progress": (
        ProgressForm,
        lambda h, u, d: services.hazard_report_progress(
            hazard=h, by=u, text=d["text"], percent=d["percent"], photos=d["photos"], reason=d["reason"]
        ),
        "已填报整改进展",
    ),
    "submit": (
        NoteForm,
        lambda h, u, d: services.hazard_submit_for_acceptance(hazard=h, by=u, note=d["note"]),
        "已申请验收",
    ),
    "accept": (AcceptForm, lambda h, u, d: services.hazard_accept(hazard=h, by=u, note=d["note"]), "验收通过，已销号"),
    "refuse": (RefuseForm, lambda h, u, d: services.hazard_refuse(hazard=h, by=u, reason=d["reason"]), "已退回整改"),
    "extend": (
        ExtendForm,
        lambda h, u, d: services.extension_request(hazard=h, by=u, new_deadline=d["new_deadline"], reason=d["reason"]),
        "已提交延期申请，待审批",
    ),
    "decide": (DecideExtensionForm, _run_decide, "已审批延期申请"),
    "assign": (AssignLeaderForm, _run_assign, "已明确挂包领导"),
    "urge": (
        UrgeForm,
        lambda h, u, d: services.hazard_urge(hazard=h, by=u, text=d["text"]),
        "已督促，相关单位已收到通知",
    ),
}


class HazardActionView(LoginRequiredMixin, View):
    """POST one lifecycle step; the service decides whether it is allowed."""

    def post(self, request, pk: int, action: str):
        hazard = get_object_or_404(Hazard.objects.for_user(request.user, VIEW).select_related("region"), pk=pk)
        if action not in HAZARD_ACTIONS:
            return render(request, "404.html", status=404)
        form_class, run, done = HAZARD_ACTIONS[action]
        kwargs = {"hazard": hazard} if form_class is AssignLeaderForm else {}
        form = form_class(request.POST, request.FILES, **kwargs)
        target = next_url(request, hazard.get_absolute_url())
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}：{' '.join(errors)}" if label else " ".join(errors))
            return HttpResponseRedirect(target)
        try:
            run(hazard, request.user, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return HttpResponseRedirect(target)


class HazardFromFindingView(LoginRequiredMixin, View):
    """POST: a visit finding becomes a hazard (登记为隐患) and the official lands on it."""

    def post(self, request, pk: int):
        finding = get_object_or_404(VisitFinding.objects.for_user(request.user, CHANGE), pk=pk)
        try:
            hazard = services.hazard_open_from_finding(
                finding=finding,
                by=request.user,
                grade=request.POST.get("grade", HazardGrade.GENERAL),
                deadline=parse_date(request.POST.get("deadline") or "") or None,
            )
        except (ValidationError, ValueError) as error:
            messages.error(request, " ".join(getattr(error, "messages", ["整改期限格式不正确。"])))
            return HttpResponseRedirect(reverse("grid:supervision_visit_detail", args=[finding.visit_id]))
        messages.success(request, "已登记为隐患，所在乡镇和监管部门已收到通知。")
        return HttpResponseRedirect(hazard.get_absolute_url())


class LeaderAssignmentListView(ObjectListView):
    template_name = "hazards/leaderassignment_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.request.GET.get("round", "")
        round_year = int(year) if year.isdigit() else timezone.localdate().year
        user = self.request.user
        rows, freshness = kept(user, "leader_round", round_year, region=reports.root_region(user))
        context.update(round_year=round_year, round_rows=rows, freshness=freshness)
        return context


# A row opens its hazard's page: an assignment has no page of its own and is made by the hazard's 明确挂包领导.
register(
    LeaderAssignment,
    path="leaders",
    api_path="leader-assignments",
    queryset=LeaderAssignment.objects.select_related("hazard__region__parent", "leader"),
    api_queryset=LeaderAssignment.objects.select_related("hazard", "leader"),
    filterset=LeaderAssignmentFilterSet,
    serializer=LeaderAssignmentSerializer,
    columns=ASSIGNMENT_COLUMNS,
    fieldsets=[],
    read_only=True,
    only=("list",),
    views={"list": LeaderAssignmentListView, "api": LeaderAssignmentViewSet},
)


class MyAssignmentsView(LoginRequiredMixin, ListView):
    """挂包领导的隐患: the leader's own hazards, overdue first, with a way to push."""

    template_name = "hazards/my_assignments.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            LeaderAssignment.objects.for_user(self.request.user, VIEW)
            .filter(leader__user=self.request.user)
            .select_related("hazard__region__parent", "hazard__enterprise")
            .with_urgency()
            .order_by("late", "hazard__deadline", "pk")
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "urge_form": UrgeForm(), "today": timezone.localdate()}


class SupervisionItemDetailView(ObjectDetailView):
    template_name = "hazards/supervisionitem_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            entries=self.object.progress_entries.select_related("reported_by__official")[:36],
            linked=self.object.hazards.for_user(self.request.user, VIEW).select_related("region")[:50],
            progress_form=SupervisionProgressForm(initial={"month": timezone.localdate()}),
        )
        return context


register(
    SupervisionItem,
    path="supervision",
    api_path="supervision-items",
    # 一月一跟进: this month's entry beside each item, computed per request so a new month starts empty.
    queryset=lambda user: SupervisionItem.objects.select_related("region", "owner").with_month_percent(),
    api_queryset=SupervisionItem.objects.prefetch_related("hazards").order_by("-year", "deadline", "pk"),
    filterset=SupervisionItemFilterSet,
    form=SupervisionItemForm,
    fields=[
        "region",
        "year",
        "title",
        "source",
        "category",
        "lead_unit",
        "partner_units",
        "responsible_leader",
        "owner",
        "start_on",
        "deadline",
        "status",
        "hazards",
        "created_at",
    ],
    columns=SUPERVISION_COLUMNS,
    fieldsets=[
        ("督办事项", ["title", "year", "source", "category", "region", "status"]),
        ("责任", ["lead_unit", "partner_units", "responsible_leader", "owner", "start_on", "deadline"]),
    ],
    views={"detail": SupervisionItemDetailView, "api": SupervisionItemViewSet},
)


class SupervisionProgressView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        item = get_object_or_404(SupervisionItem.objects.for_user(request.user, VIEW), pk=pk)
        form = SupervisionProgressForm(request.POST)
        if form.is_valid():
            try:
                services.supervision_progress_record(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, "已保存本月进展")
        else:
            messages.error(request, "请完整填写月份、进展和完成比例。")
        return HttpResponseRedirect(item.get_absolute_url())


class RiskPointListView(ObjectListView):
    template_name = "hazards/riskpoint_list.html"


class RiskPointDetailView(ObjectDetailView):
    template_name = "hazards/riskpoint_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            hazards=self.object.hazards.for_user(self.request.user, VIEW).with_colour()[:50],
            review_form=ReviewForm()
            if self.object.review == RiskPointReview.PENDING and context["can_change"]
            else None,
        )
        return context


class RiskPointCreateView(ObjectCreateView):
    def get_initial(self):
        return {**super().get_initial(), "period": period_of(timezone.localdate())}


register(
    RiskPoint,
    path="risk-points",
    queryset=RiskPoint.objects.select_related("region__parent", "enterprise"),
    api_queryset=RiskPoint.objects.select_related("region").order_by("-period", "pk"),
    filterset=RiskPointFilterSet,
    form=RiskPointForm,
    serializer=RiskPointSerializer,
    importer=RiskPointImporter,
    fieldsets=[
        ("风险点", ["name", "period", "review", "kind", "industry", "enterprise", "region", "address"]),
        ("位置", ["longitude", "latitude"]),
        ("管控", ["control_level", "responsible_person", "responsible_phone", "measures"]),
        ("评估", ["method", "likelihood", "severity", "exposure", "consequence", "score", "grade"]),
    ],
    views={
        "list": RiskPointListView,
        "detail": RiskPointDetailView,
        "create": RiskPointCreateView,
        "api": RiskPointViewSet,
    },
)


class RiskPointReviewView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        point = get_object_or_404(RiskPoint.objects.for_user(request.user, VIEW), pk=pk)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择复核结论。")
            return HttpResponseRedirect(point.get_absolute_url())
        data = form.cleaned_data
        try:
            services.risk_point_review(
                risk_point=point,
                by=request.user,
                decision=data["decision"],
                method=data["method"] or None,
                likelihood=data["likelihood"],
                severity=data["severity"],
                exposure=data["exposure"],
                consequence=data["consequence"],
                note=data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "复核已保存")
        return HttpResponseRedirect(point.get_absolute_url())


class RiskPointCarryForwardView(ScopedMixin, FormView):
    """半年一滚动: carry the previous period's points of the user's jurisdiction into the new one."""

    model = RiskPoint
    action = CHANGE
    form_class = CarryForwardForm
    template_name = "hazards/riskpoint_carry_forward.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.can_change():
            return render(request, "403.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return RiskPoint.objects.for_user(self.request.user, CHANGE)

    def get_initial(self):
        current = period_of(timezone.localdate())
        return {"from_period": previous_period(current), "to_period": current}

    def form_valid(self, form):
        official = official_of(self.request.user)
        region = official.region if official else Region.objects.get(parent__isnull=True)
        try:
            count = services.risk_points_carry_forward(region=region, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
            return self.form_invalid(form)
        messages.success(self.request, f"已结转 {count} 个风险点，请逐个复核（保留、重新定级或销号）。")
        url = reverse("hazards:risk_point_list")
        return HttpResponseRedirect(f"{url}?period={form.cleaned_data['to_period']}&review=pending")


class RiskMapView(LoginRequiredMixin, TemplateView):
    """电子一张图: every visible risk point, coloured by grade, from the scoped GeoJSON endpoint."""

    template_name = "hazards/risk_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counties = Region.objects.for_user(self.request.user, VIEW).filter(level=RegionLevel.COUNTY)
        context.update(
            counties=counties,
            grades=[{"value": v, "label": RiskGrade.label(v), "colour": RiskGrade.colour(v)} for v in RiskGrade.values],
            control_levels=ControlLevel.choices,
            industries=Industry.choices,
            period=self.request.GET.get("period") or period_of(timezone.localdate()),
            periods=Period.choices(),
            hazard_legend=[item for item in HazardColour.legend() if item["value"] != HazardColour.GREEN],
            tile_url=settings.RISK_MAP_TILE_URL,
            tile_attribution=settings.RISK_MAP_TILE_ATTRIBUTION,
            has_boundary=bool(settings.RISK_MAP_BOUNDARY_FILE),
            seats=region_seats(self.request.user),
            legend_colours={
                "points": [RiskGrade.colour(v) for v in RiskGrade.values],
                "hazards": [HazardColour.colour(v) for v in HazardColour.values if v != HazardColour.GREEN],
            },
        )
        return context


def risk_map_boundary(request):
    """The operator's boundary GeoJSON (RISK_MAP_BOUNDARY_FILE), drawn under the points."""
    path = settings.RISK_MAP_BOUNDARY_FILE
    if not request.user.is_authenticated or not path:
        raise Http404
    try:
        return FileResponse(open(path, "rb"), content_type="application/geo+json")
    except OSError as error:
        raise Http404 from error


class HazardPhotoView(LoginRequiredMixin, View):
    """A hazard photo, only to those who may see the hazard."""

    def get(self, request, pk: int):
        photo = get_object_or_404(HazardPhoto.objects.for_user(request.user, VIEW), pk=pk)
        return serve_file(photo.image, image=True, missing="照片文件不存在或已被删除。")
