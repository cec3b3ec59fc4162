"""Grid's pages: one ``register(...)`` per model, and the bespoke pages beside them.

The region browser, the grid overview, the 七个一 table, publishing and
acknowledging a guide, a visit's photos, a guide's attachment, a supervisor's
login and the 一长一所 index are plain views on the base classes.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from base.excel import Column
from base.registry import register
from base.scoping import CHANGE, VIEW, OutOfJurisdiction, ensure_in_scope, official_of
from base.uploads import serve_file
from base.views import ObjectCreateView, ObjectDetailView, ObjectListView, next_url

from . import reports, services
from .api.serializers import (
    EnterpriseSerializer,
    FireStationSerializer,
    FireStationStaffSerializer,
    GridSerializer,
    GridSupervisorSerializer,
    GuideAcknowledgementSerializer,
    HouseChiefSerializer,
    HouseInspectionSerializer,
    SmallVenueInspectionSerializer,
    SupervisionGuideSerializer,
    SupervisionVisitSerializer,
    SupervisorAssessmentSerializer,
)
from .api.views import GuideAcknowledgementActions, SupervisionGuideActions
from .choices import ProgressStatus, SevenOne, SupervisorLevel
from .filtersets import (
    CraftsmanFilterSet,
    EnterpriseFilterSet,
    FireFilterSet,
    FireStationFilterSet,
    FireStationStaffFilterSet,
    GridFilterSet,
    GridSupervisorFilterSet,
    GuideAcknowledgementFilterSet,
    HouseChiefFilterSet,
    HouseInspectionFilterSet,
    HousingTrainingFilterSet,
    RuralHouseFilterSet,
    SafetyExpertFilterSet,
    SevenOnesItemFilterSet,
    SmallVenueInspectionFilterSet,
    SupervisionGuideFilterSet,
    SupervisionVisitFilterSet,
    SupervisorAssessmentFilterSet,
    TipOffFilterSet,
)
from .forms import (
    GridForm,
    GridSupervisorForm,
    RuralHouseForm,
    SupervisionGuideForm,
    SupervisionVisitForm,
    SupervisorAssessmentForm,
    SupervisorLoginForm,
)
from .importers import CraftsmanImporter, EnterpriseImporter, GridSupervisorImporter
from .models import (
    TOWNSHIP_LEVELS,
    Craftsman,
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
    VisitPhoto,
)

register(
    Enterprise,
    path="enterprises",
    queryset=Enterprise.objects.select_related("region__parent", "department"),
    filterset=EnterpriseFilterSet,
    fields=[
        "name",
        "credit_code",
        "industry",
        "region",
        "address",
        "longitude",
        "latitude",
        "department",
        "supervision_level",
        "risk_grade",
        "weak_foundation",
        "principal_name",
        "principal_id_number",
        "principal_phone",
        "status",
    ],
    serializer=EnterpriseSerializer,
    fieldsets=[
        ("基本信息", ["name", "credit_code", "industry", "region", "address", "longitude", "latitude", "status"]),
        ("监管", ["department", "supervision_level", "risk_grade", "weak_foundation"]),
        ("主要负责人", ["principal_name", "principal_id_number", "principal_phone"]),
    ],
    importer=EnterpriseImporter,
)


class RegionBrowserView(ObjectDetailView):
    """行政区划: a region, the way up to the city, and its children with their counts."""

    model = Region
    queryset = Region.objects.select_related("parent")
    template_name = "grid/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        root = official_of(self.request.user)
        visible_from = root.region.path if root else ""
        context["ancestors"] = [
            ancestor
            for ancestor in Region.objects.filter(code__in=region.ancestor_codes[:-1]).order_by("code")
            if ancestor.path.startswith(visible_from) or self.request.user.is_superuser
        ]
        context["children"] = reports.region_children(self.request.user, region)
        return context


def region_root(request):
    """The region browser opens at the top of the user's jurisdiction."""
    official = official_of(request.user)
    if official is not None:
        return redirect("grid:region_detail", official.region_id)
    top = Region.objects.for_user(request.user).filter(parent__isnull=True).first()
    if top is None:
        return redirect("dashboard")
    return redirect("grid:region_detail", top.pk)


class GridOverviewView(LoginRequiredMixin, View):
    """网格概况: per county or township, supervisors by level, grids and enterprises in no grid.

    A township sees its own row and the list of its enterprises in no grid.
    """

    def get(self, request, pk=None):
        official = official_of(request.user)
        regions = Region.objects.for_user(request.user, VIEW)
        if pk is not None:
            region = get_object_or_404(regions, pk=pk)
        elif official is not None:
            region = official.region
        else:
            region = get_object_or_404(regions, parent__isnull=True)
        township = region if region.level in TOWNSHIP_LEVELS else None
        rows = reports.grid_overview(request.user, region.parent if township else region)
        if township is not None:
            rows = [row for row in rows if row["region"] == township]
        context = {"region": region, "rows": rows, "levels": SupervisorLevel.CHOICES, "township": township}
        if township is not None:
            context["no_grid"] = reports.enterprises_in_no_grid(request.user, township)[:50]
        return render(request, "grid/grid_overview.html", context)


class GridSupervisorLoginView(LoginRequiredMixin, View):
    """开通登录账号: a township gives one of its supervisors a login with the grid-supervisor role."""

    def post(self, request, pk):
        supervisor = get_object_or_404(GridSupervisor.objects.for_user(request.user, CHANGE), pk=pk)
        form = SupervisorLoginForm(request.POST)
        if form.is_valid():
            try:
                services.supervisor_grant_login(supervisor=supervisor, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages_)
        if form.errors:
            for field_errors in form.errors.values():
                for message in field_errors:
                    messages.error(request, message)
        else:
            messages.success(request, f"已为{supervisor.name}开通登录账号。")
        return HttpResponseRedirect(supervisor.get_absolute_url())


class SupervisionGuidePublishView(LoginRequiredMixin, View):
    def post(self, request, pk):
        guide = get_object_or_404(SupervisionGuide.objects.for_user(request.user, CHANGE), pk=pk)
        sent = services.guide_publish(guide=guide, by=request.user)
        messages.success(request, f"已发布，发送给 {sent} 名网格督导员。")
        return HttpResponseRedirect(guide.get_absolute_url())


class VisitPhotoView(LoginRequiredMixin, View):
    """A visit photo, served only to those who may see the visit."""

    def get(self, request, pk):
        photo = get_object_or_404(VisitPhoto.objects.for_user(request.user, VIEW), pk=pk)
        return serve_file(photo.image, image=True, missing="照片文件不存在或已被删除。")


class GuideAttachmentView(LoginRequiredMixin, View):
    """A guide's attachment, for those who may read the guide."""

    def get(self, request, pk):
        guide = get_object_or_404(SupervisionGuide.objects.for_user(request.user, VIEW), pk=pk)
        return serve_file(guide.attachment, missing="该指南没有附件，或附件文件已不存在。")


class GridDetailView(ObjectDetailView):
    template_name = "grid/grid_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["enterprises"] = self.object.enterprises.for_user(user, VIEW).order_by("name")[:500]
        context["supervisors"] = self.object.supervisors.for_user(user, VIEW).order_by("level", "name")
        return context


GRIDS = Grid.objects.select_related("region__parent").with_counts()
register(
    Grid,
    path="grids",
    queryset=GRIDS,
    api_queryset=GRIDS.prefetch_related("enterprises"),
    filterset=GridFilterSet,
    form=GridForm,
    serializer=GridSerializer,
    columns=[
        Column("industry", "网格类别", width=14),
        Column("label", "网格名称", width=18, link=True),
        Column("region__parent__name", "县（市、区）", width=12),
        Column("region__name", "乡镇（街道）", width=14),
        Column("enterprise_count", "网格内单位数", width=12),
        Column("supervisor_count", "督导员数", width=10),
        Column("is_active", "启用", width=8),
    ],
    fieldsets=[("网格", ["region", "industry", "name", "note", "is_active"])],
    views={"detail": GridDetailView},
)


class GridSupervisorDetailView(ObjectDetailView):
    template_name = "grid/supervisor_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["grids"] = self.object.grids.select_related("region")
        context["login_form"] = SupervisorLoginForm(initial={"username": self.object.phone})
        context["visits"] = (
            SupervisionVisit.objects.for_user(self.request.user, VIEW)
            .filter(supervisor=self.object)
            .select_related("enterprise")[:20]
        )
        return context


register(
    GridSupervisor,
    path="supervisors",
    queryset=GridSupervisor.objects.select_related("region__parent", "village").prefetch_related(
        Prefetch("grids", Grid.objects.order_by("industry"))
    ),
    filterset=GridSupervisorFilterSet,
    form=GridSupervisorForm,
    serializer=GridSupervisorSerializer,
    fieldsets=[
        ("督导员", ["name", "level", "position", "phone", "region", "village"]),
        ("任职", ["active_from", "active_to", "official"]),
    ],
    importer=GridSupervisorImporter,
    views={"detail": GridSupervisorDetailView},
)


class SupervisionGuideDetailView(ObjectDetailView):
    template_name = "grid/guide_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, guide = self.request.user, self.object
        official = official_of(user)
        scope = official.region if official is not None else guide.region
        context["rates"] = reports.acknowledgement_rates(guide, user, scope)
        context["own_receipt"] = (
            GuideAcknowledgement.objects.filter(guide=guide, supervisor__official=official).first()
            if official is not None
            else None
        )
        context["can_publish"] = guide.status == "draft" and context["can_change"]
        return context


register(
    SupervisionGuide,
    path="guides",
    # Receipts are counted among the supervisors the reader can see.
    queryset=lambda user: SupervisionGuide.objects.select_related("region").with_receipt_counts(user),
    filterset=SupervisionGuideFilterSet,
    form=SupervisionGuideForm,
    serializer=SupervisionGuideSerializer,
    columns=[
        Column("year", "年度", width=8),
        Column("number", "期号", width=8, value=lambda g: f"第{g.number}期"),
        Column("title", "标题", width=36, link=True),
        Column("region__name", "发布单位", width=12),
        Column("month", "所属月份", width=12, value=lambda g: f"{g.month:%Y年%m月}"),
        Column("status", "状态", width=10),
        Column("published_at", "发布时间", width=18),
        Column("receipt_total", "发送人数", width=10),
        Column("receipt_read", "已签收", width=10),
    ],
    fieldsets=[("指南", ["year", "number", "month", "title", "region", "status", "published_at", "published_by"])],
    views={"detail": SupervisionGuideDetailView, "api": SupervisionGuideActions},
)


class GuideAcknowledgementListView(ObjectListView):
    template_name = "grid/acknowledgement_list.html"


register(
    GuideAcknowledgement,
    path="guide-receipts",
    queryset=GuideAcknowledgement.objects.select_related("guide", "supervisor__region__parent"),
    filterset=GuideAcknowledgementFilterSet,
    serializer=GuideAcknowledgementSerializer,
    read_only=True,
    only=("list",),
    columns=[
        Column("guide", "督导指南", width=30, value=lambda a: f"{a.guide.year}年第{a.guide.number}期"),
        Column("supervisor__name", "督导员", width=10),
        Column("supervisor__level", "层级", width=12),
        Column("supervisor__region__parent__name", "县（市、区）", width=12),
        Column("supervisor__region__name", "乡镇（街道）", width=14),
        Column("supervisor__phone", "手机号码", width=14),
        Column("acknowledged_at", "签收时间", width=18),
    ],
    fieldsets=[],
    views={"list": GuideAcknowledgementListView, "api": GuideAcknowledgementActions},
)


class SupervisionVisitDetailView(ObjectDetailView):
    """A visit, its findings and photos; other apps add to each finding through the ``finding`` panel slot."""

    template_name = "grid/visit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["findings"] = self.object.findings.all()
        context["photos"] = self.object.photos.all()
        return context


class SupervisionVisitCreateView(ObjectCreateView):
    """The phone form: the signed-in supervisor, an enterprise of their grids, a few taps."""

    template_name = "grid/visit_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                self.object = services.visit_record(
                    supervisor=data["supervisor"],
                    enterprise=data["enterprise"],
                    visited_on=data["visited_on"],
                    items_checked=data["items_checked"],
                    prompt_list_delivered=data["prompt_list_delivered"],
                    findings=data["findings"].splitlines(),
                    photos=data["photos"],
                    note=data.get("note", ""),
                    by=self.request.user,
                )
                ensure_in_scope(self.object, self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except OutOfJurisdiction as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, "督导记录已保存。")
        return HttpResponseRedirect(self.object.get_absolute_url())


VISITS = SupervisionVisit.objects.select_related("enterprise", "supervisor", "region__parent").with_finding_counts()
register(
    SupervisionVisit,
    path="visits",
    queryset=VISITS,
    api_queryset=VISITS.prefetch_related("findings"),
    filterset=SupervisionVisitFilterSet,
    form=SupervisionVisitForm,
    serializer=SupervisionVisitSerializer,
    only=("list", "detail", "create"),
    columns=[
        Column("visited_on", "督导日期", width=12, link=True),
        Column("enterprise__name", "督导单位", width=30),
        Column("supervisor__name", "督导员", width=10),
        Column("region__parent__name", "县（市、区）", width=12),
        Column("region__name", "乡镇（街道）", width=14),
        Column("items_label", "督导内容", width=30),
        Column("prompt_list_delivered", "送达提示清单", width=12),
        Column("finding_count", "发现问题", width=10),
    ],
    fieldsets=[
        ("督导", ["visited_on", "enterprise", "supervisor", "region", "prompt_list_delivered", "note"]),
        ("填报", ["created_by", "created_at"]),
    ],
    views={"create": SupervisionVisitCreateView, "detail": SupervisionVisitDetailView},
)


class SupervisorAssessmentDetailView(ObjectDetailView):
    template_name = "grid/assessment_detail.html"


register(
    SupervisorAssessment,
    path="assessments",
    queryset=SupervisorAssessment.objects.select_related("supervisor__region__parent").with_activity(),
    filterset=SupervisorAssessmentFilterSet,
    form=SupervisorAssessmentForm,
    serializer=SupervisorAssessmentSerializer,
    columns=[
        Column("supervisor__name", "督导员", width=10, link=True),
        Column("supervisor__level", "层级", width=12),
        Column("supervisor__region__parent__name", "县（市、区）", width=12),
        Column("supervisor__region__name", "乡镇（街道）", width=14),
        Column("year", "年度", width=8),
        Column("period", "考核周期", width=10),
        Column("activity_visits", "督导次数", width=10),
        Column("activity_enterprises", "覆盖单位", width=10),
        Column("activity_findings", "发现问题", width=10),
        Column("activity_guides", "签收指南", width=10),
        Column("score", "考核得分", width=10),
        Column("rating", "考核等次", width=10),
        Column("reward_penalty", "奖惩情况", width=30),
    ],
    fieldsets=[("考核", ["supervisor", "year", "period", "score", "rating", "reward_penalty"])],
    views={"detail": SupervisorAssessmentDetailView},
)

register(
    HouseChief,
    path="house-chiefs",
    queryset=HouseChief.objects.select_related("region"),
    filterset=HouseChiefFilterSet,
    fields=["region", "name", "position", "phone", "is_active"],
    serializer=HouseChiefSerializer,
    columns=[
        Column("name", "姓名", width=10, link=True),
        Column("level_label", "房长层级", width=10),
        Column("region__name", "负责区划", width=18),
        Column("position", "职务", width=18),
        Column("phone", "手机号码", width=14),
        Column("is_active", "在任", width=8),
    ],
    fieldsets=[("房长", ["name", "region", "position", "phone", "is_active"])],
)

register(
    Craftsman,
    path="craftsmen",
    queryset=Craftsman.objects.select_related("region"),
    filterset=CraftsmanFilterSet,
    fields=["region", "name", "id_number", "phone", "trade", "certificate_no", "association_member"],
    fieldsets=[("工匠", ["name", "id_number", "phone", "region", "trade", "certificate_no", "association_member"])],
    importer=CraftsmanImporter,
)

register(
    SafetyExpert,
    path="experts",
    queryset=SafetyExpert.objects.select_related("region"),
    filterset=SafetyExpertFilterSet,
    fields=["region", "name", "specialty", "organisation", "title", "phone", "in_support_group"],
    columns=[
        Column("name", "姓名", width=10, link=True),
        Column("region__name", "所属区划", width=12),
        Column("specialty", "专业", width=14),
        Column("title", "职称", width=12),
        Column("organisation", "工作单位", width=24),
        Column("phone", "手机号码", width=14),
        Column("in_support_group", "已入技术支撑群", width=12),
    ],
    fieldsets=[("安全专家", ["name", "region", "specialty", "title", "organisation", "phone", "in_support_group"])],
)


class RuralHouseDetailView(ObjectDetailView):
    template_name = "grid/house_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chiefs = list(self.object.chiefs.select_related("region"))
        # A county 房长 is above a township's jurisdiction: name them, but link only pages that open.
        visible = set(
            HouseChief.objects.for_user(self.request.user, VIEW)
            .filter(pk__in=[chief.pk for chief in chiefs])
            .values_list("pk", flat=True)
        )
        for chief in chiefs:
            chief.visible = chief.pk in visible
        context["chiefs"] = chiefs
        context["inspections"] = self.object.inspections.all()
        return context


HOUSES = RuralHouse.objects.select_related("region__parent", "village", "craftsman").with_inspection_counts()
register(
    RuralHouse,
    path="houses",
    queryset=HOUSES,
    api_queryset=HOUSES.prefetch_related("chiefs"),
    filterset=RuralHouseFilterSet,
    form=RuralHouseForm,
    fields=list(RuralHouseForm._meta.fields),
    columns=[
        Column("owner_name", "建房人", width=10, link=True),
        Column("region__parent__name", "县（市、区）", width=12),
        Column("region__name", "乡镇（街道）", width=14),
        Column("village__name", "村（居）", width=14),
        Column("address", "建房地址", width=24),
        Column("floors", "层数", width=6),
        Column("area", "建筑面积（㎡）", width=12),
        Column("stage", "建设阶段", width=10),
        Column("craftsman__name", "承建工匠", width=10),
        Column("inspection_count", "检查次数", width=10),
    ],
    fieldsets=[
        ("农房", ["owner_name", "owner_phone", "region", "village", "address", "floors", "area", "stage", "craftsman"]),
        ("日期", ["applied_on", "approved_on", "started_on", "completed_on", "accepted_on"]),
    ],
    views={"detail": RuralHouseDetailView},
)

register(
    HouseInspection,
    path="house-inspections",
    queryset=HouseInspection.objects.select_related("house__village"),
    filterset=HouseInspectionFilterSet,
    fields=["house", "inspected_on", "inspector", "stage", "findings", "passed"],
    serializer=HouseInspectionSerializer,
    columns=[
        Column("inspected_on", "检查日期", width=12, link=True),
        Column("house__owner_name", "建房人", width=10),
        Column("house__village__name", "村（居）", width=14),
        Column("stage", "检查时阶段", width=10),
        Column("inspector", "检查人", width=12),
        Column("passed", "检查合格", width=8),
        Column("findings", "发现问题", width=30),
    ],
    fieldsets=[("农房检查", ["house", "inspected_on", "inspector", "stage", "passed", "findings"])],
)

register(
    HousingTraining,
    path="housing-trainings",
    queryset=HousingTraining.objects.select_related("region"),
    filterset=HousingTrainingFilterSet,
    fields=["region", "held_on", "title", "craftsmen", "officials", "builders"],
    columns=[
        Column("held_on", "培训日期", width=12, link=True),
        Column("title", "培训主题", width=30),
        Column("region__name", "举办区划", width=14),
        Column("craftsmen", "工匠人次", width=10),
        Column("officials", "乡镇干部人次", width=12),
        Column("builders", "建房人人次", width=12),
        Column("attendance", "合计", width=8),
    ],
    fieldsets=[("培训", ["held_on", "title", "region", "craftsmen", "officials", "builders", "attendance"])],
)

register(
    TipOff,
    path="tip-offs",
    queryset=TipOff.objects.select_related("region"),
    filterset=TipOffFilterSet,
    fields=["region", "received_at", "reporter_phone", "content", "status", "result", "reward", "reward_paid_on"],
    columns=[
        Column("received_at", "受理时间", width=18, link=True),
        Column("region__name", "乡镇（街道）", width=14),
        Column("content", "举报内容", width=36),
        Column("status", "办理状态", width=10),
        Column("reward", "奖励金额（元）", width=12),
        Column("reward_paid_on", "奖励发放日期", width=12),
    ],
    fieldsets=[
        ("举报", ["received_at", "region", "reporter_phone", "content"]),
        ("办理", ["status", "result", "reward", "reward_paid_on"]),
    ],
)

register(
    SevenOnesItem,
    path="seven-ones/items",
    api_path="seven-ones",
    queryset=SevenOnesItem.objects.select_related("region"),
    filterset=SevenOnesItemFilterSet,
    fields=["region", "item", "status", "evidence", "completed_on"],
    columns=[
        Column("region__name", "县（市、区）", width=12),
        Column("item", "事项", width=30, link=True),
        Column("status", "进展", width=10),
        Column("completed_on", "完成日期", width=12),
        Column("evidence", "佐证材料说明", width=40),
    ],
    fieldsets=[("“七个一”", ["region", "item", "status", "completed_on", "evidence"])],
)


class SevenOnesTableView(LoginRequiredMixin, View):
    """“七个一”: every county against the seven items, each cell its status."""

    def get(self, request):
        context = {
            "rows": reports.seven_ones_table(request.user),
            "items": SevenOne.CHOICES,
            "status_set": ProgressStatus,
        }
        return render(request, "grid/seven_ones.html", context)


class FireStationDetailView(ObjectDetailView):
    template_name = "grid/firestation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff"] = self.object.staff.all()
        context["inspections"] = self.object.inspections.all()[:20]
        return context


register(
    FireStation,
    path="fire-stations",
    queryset=FireStation.objects.select_related("region__parent").with_staffing(),
    filterset=FireStationFilterSet,
    fields=["region", "name", "established_on", "full_time_posts", "part_time_posts", "phone", "address"],
    serializer=FireStationSerializer,
    columns=[
        Column("name", "名称", width=20, link=True),
        Column("region__parent__name", "县（市、区）", width=12),
        Column("region__name", "乡镇（街道）", width=14),
        Column("established_on", "建成日期", width=12),
        Column("full_time_posts", "专职编制", width=10),
        Column("full_time_filled", "专职在岗", width=10),
        Column("part_time_posts", "兼职岗位", width=10),
        Column("part_time_filled", "兼职在岗", width=10),
        Column("inspection_count", "小场所检查", width=10),
    ],
    fieldsets=[
        ("消防所", ["name", "region", "established_on", "full_time_posts", "part_time_posts", "phone", "address"])
    ],
    views={"detail": FireStationDetailView},
)

register(
    FireStationStaff,
    path="fire-staff",
    queryset=FireStationStaff.objects.select_related("station__region"),
    filterset=FireStationStaffFilterSet,
    fields=["station", "name", "role", "post", "phone", "active_from", "active_to"],
    serializer=FireStationStaffSerializer,
    columns=[
        Column("name", "姓名", width=10, link=True),
        Column("station__name", "消防所", width=20),
        Column("role", "类别", width=8),
        Column("post", "职务", width=14),
        Column("phone", "手机号码", width=14),
        Column("active_from", "到岗日期", width=12),
        Column("active_to", "离岗日期", width=12),
    ],
    fieldsets=[("人员", ["station", "name", "role", "post", "phone", "active_from", "active_to"])],
)

register(
    SmallVenueInspection,
    path="venue-inspections",
    queryset=SmallVenueInspection.objects.select_related("station__region"),
    filterset=SmallVenueInspectionFilterSet,
    fields=["station", "venue_name", "venue_kind", "inspected_on", "findings", "hazards_found", "rectified"],
    serializer=SmallVenueInspectionSerializer,
    columns=[
        Column("inspected_on", "检查日期", width=12, link=True),
        Column("station__name", "消防所", width=20),
        Column("venue_name", "场所名称", width=24),
        Column("venue_kind", "场所类别", width=10),
        Column("hazards_found", "发现隐患", width=10),
        Column("rectified", "已整改", width=8),
    ],
    fieldsets=[
        ("检查", ["station", "venue_name", "venue_kind", "inspected_on", "hazards_found", "rectified", "findings"])
    ],
)

register(
    Fire,
    path="fires",
    queryset=Fire.objects.select_related("region__parent"),
    filterset=FireFilterSet,
    fields=["region", "occurred_at", "place", "venue_kind", "small_venue", "deaths", "injuries", "loss", "cause"],
    columns=[
        Column("occurred_at", "发生时间", width=18, link=True),
        Column("region__parent__name", "县（市、区）", width=12),
        Column("region__name", "乡镇（街道）", width=14),
        Column("place", "起火地点", width=24),
        Column("venue_kind", "场所类别", width=10),
        Column("small_venue", "小场所", width=8),
        Column("deaths", "死亡", width=6),
        Column("injuries", "受伤", width=6),
        Column("loss", "直接经济损失（万元）", width=14),
    ],
    fieldsets=[
        ("火灾", ["occurred_at", "region", "place", "venue_kind", "small_venue", "cause"]),
        ("后果", ["deaths", "injuries", "loss"]),
    ],
)


class GuideAcknowledgeView(LoginRequiredMixin, View):
    """签收: a supervisor acknowledges for themself; a township records it for a supervisor without a login."""

    def post(self, request, pk):
        receipt = get_object_or_404(
            GuideAcknowledgement.objects.for_user(request.user, CHANGE).select_related("guide", "supervisor"), pk=pk
        )
        services.guide_acknowledge(guide=receipt.guide, supervisor=receipt.supervisor, by=request.user)
        messages.success(request, f"{receipt.supervisor.name} 已签收。")
        return HttpResponseRedirect(next_url(request, receipt.guide.get_absolute_url()))


GRASSROOTS = [
    (
        "房长制",
        [
            ("grid:rural_house_list", "农村自建房", RuralHouse),
            ("grid:house_chief_list", "房长", HouseChief),
            ("grid:house_inspection_list", "农房检查", HouseInspection),
            ("grid:craftsman_list", "农村建筑工匠", Craftsman),
            ("grid:safety_expert_list", "安全专家", SafetyExpert),
            ("grid:housing_training_list", "全覆盖应急培训", HousingTraining),
            ("grid:tip_off_list", "有奖举报", TipOff),
            ("grid:seven_ones_item_table", "“七个一”落实情况", SevenOnesItem),
        ],
    ),
    (
        "乡镇消防所",
        [
            ("grid:fire_station_list", "乡镇消防所", FireStation),
            ("grid:fire_station_staff_list", "消防所人员", FireStationStaff),
            ("grid:small_venue_inspection_list", "小场所检查", SmallVenueInspection),
            ("grid:fire_list", "火灾（小火亡人）", Fire),
        ],
    ),
]


class GrassrootsView(LoginRequiredMixin, View):
    """一长一所: the house-chief system's and the fire stations' registries, with their sizes."""

    def get(self, request):
        sections = [
            (title, [(url, label, model.objects.for_user(request.user, VIEW).count()) for url, label, model in links])
            for title, links in GRASSROOTS
        ]
        return render(request, "grid/grassroots.html", {"sections": sections})
