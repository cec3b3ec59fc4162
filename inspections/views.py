from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from base.excel import Column
from base.registry import register
from base.scoping import CHANGE, VIEW, OutOfJurisdiction, ensure_in_scope
from base.uploads import serve_file
from base.views import ObjectCreateView, ObjectDetailView, ObjectEditView
from grid.forms import EnterpriseField

from . import services
from .api.serializers import (
    CampaignPhaseSerializer,
    DutyAssignmentSerializer,
    EvaluationSerializer,
    InspectionSerializer,
    InspectionTeamSerializer,
    SelfCheckReportSerializer,
)
from .choices import InspectionResult, PhaseKind
from .filtersets import (
    CampaignFilterSet,
    CampaignPhaseFilterSet,
    ChecklistItemFilterSet,
    DutyAssignmentFilterSet,
    EvaluationFilterSet,
    InspectionFilterSet,
    InspectionTeamFilterSet,
    SelfCheckReportFilterSet,
)
from .forms import (
    CampaignForm,
    ChecklistForm,
    DutyAssignmentForm,
    EvaluationForm,
    FindingFormSet,
    InspectionEditForm,
    InspectionForm,
    InspectionTeamForm,
    MemberFormSet,
    SelfCheckReportForm,
    TeamTrainingForm,
    checklist_for,
)
from .importers import InspectionImporter, InspectionTeamImporter, SelfCheckReportImporter, expert_share
from .models import (
    Campaign,
    CampaignPhase,
    ChecklistItem,
    DutyAssignment,
    Evaluation,
    Inspection,
    InspectionPhoto,
    InspectionTeam,
    SelfCheckReport,
    TeamMember,
)


def phase_label(campaign: Campaign) -> str:
    phase = campaign.current_phase
    return PhaseKind.label(phase.kind) if phase is not None else "—"


# Campaigns --------------------------------------------------------------------------------


class CampaignDetailView(ObjectDetailView):
    """A campaign: its four phases with the current one marked, and how far its work has got."""

    template_name = "inspections/campaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, campaign = self.request.user, self.object
        today = timezone.localdate()
        inspections = Inspection.objects.for_user(user, VIEW).filter(campaign=campaign)
        context.update(
            phases=[(phase, phase.contains(today)) for phase in campaign.phases.all()],
            current_phase=campaign.phase_on(today),
            numbers=inspections.aggregate(
                inspections=Count("pk"),
                enterprises=Count("enterprise", distinct=True),
                failed=Count("pk", filter=Q(result=InspectionResult.FAILED)),
                reinspections=Count("pk", filter=Q(previous__isnull=False)),
            ),
            still_open=inspections.open().count(),
            self_checks=SelfCheckReport.objects.for_user(user, VIEW).filter(campaign=campaign).count(),
            duties=DutyAssignment.objects.for_user(user, VIEW)
            .filter(campaign=campaign)
            .select_related("department__region")[:50],
            teams=InspectionTeam.objects.for_user(user, VIEW)
            .filter(campaign=campaign)
            .with_member_counts()
            .select_related("department")[:50],
        )
        return context


CAMPAIGNS = Campaign.objects.select_related("region").prefetch_related("phases")
register(
    Campaign,
    path="campaigns",
    queryset=CAMPAIGNS,
    filterset=CampaignFilterSet,
    form=CampaignForm,
    fields=["name", "year", "region", "document_number", "starts_on", "ends_on"],
    columns=[
        Column("name", "行动名称", width=30, link=True),
        Column("year", "年度", width=8),
        Column("region__name", "组织区划", width=12),
        Column("document_number", "部署文号", width=22),
        Column("starts_on", "开始日期", width=12),
        Column("ends_on", "结束日期", width=12),
        Column("current_phase", "当前阶段", width=14, value=phase_label),
    ],
    fieldsets=[
        ("检查行动", ["name", "year", "region", "document_number", "starts_on", "ends_on"]),
        ("登记", ["created_by", "created_at"]),
    ],
    views={"detail": CampaignDetailView},
)

register(
    CampaignPhase,
    path="phases",
    queryset=CampaignPhase.objects.select_related("campaign__region"),
    filterset=CampaignPhaseFilterSet,
    serializer=CampaignPhaseSerializer,
    fields=["campaign", "kind", "starts_on", "ends_on"],
    columns=[
        Column("campaign__name", "检查行动", width=30),
        Column("kind", "阶段", width=14, link=True),
        Column("starts_on", "开始日期", width=12),
        Column("ends_on", "结束日期", width=12),
    ],
    fieldsets=[("检查阶段", ["campaign", "kind", "starts_on", "ends_on"])],
)

register(
    DutyAssignment,
    path="duties",
    queryset=DutyAssignment.objects.select_related("campaign", "department__region"),
    filterset=DutyAssignmentFilterSet,
    form=DutyAssignmentForm,
    serializer=DutyAssignmentSerializer,
    fields=["campaign", "department", "industries", "supervision_levels", "measures", "note"],
    columns=[
        Column("department__name", "行业部门", width=24, link=True),
        Column("campaign__name", "检查行动", width=28),
        Column("industries_label", "检查行业", width=30),
        Column("supervision_levels_label", "监管层级", width=16),
        Column("measures", "负责的硬措施条目", width=30),
        Column("note", "备注", width=20),
    ],
    fieldsets=[("职责分工", ["campaign", "department", "industries", "supervision_levels", "measures", "note"])],
)


# Teams ------------------------------------------------------------------------------------


class TeamFormMixin:
    """The team with its members on one page; the share of experts and professionals is shown as members
    are added (static/js/inspection_team.js) and a team under 80% is not saved."""

    template_name = "inspections/team_form.html"

    def get_form_class(self):
        return InspectionTeamForm

    def formset(self):
        if not hasattr(self, "_formset"):
            instance = self.object if getattr(self, "object", None) is not None else InspectionTeam()
            data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else (None, None)
            self._formset = MemberFormSet(
                *data,
                instance=instance,
                user=self.request.user,
                prefix="members",
                queryset=TeamMember.objects.filter(team=instance.pk).select_related("official", "expert"),
            )
        return self._formset

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "formset": self.formset()}

    def form_valid(self, form):
        formset = self.formset()
        if not formset.is_valid():
            return self.form_invalid(form)
        team = form.save(commit=False)
        try:
            with transaction.atomic():
                self.object = services.team_save(team=team, members=formset.members(), by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except OutOfJurisdiction as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{self.object}（专家和专业人员占比 {expert_share(self.object)}）")
        return HttpResponseRedirect(self.object.get_absolute_url())

    def form_invalid(self, form):
        if form.instance._state.adding:
            form.instance.pk = None
        return super().form_invalid(form)


class InspectionTeamCreateView(TeamFormMixin, ObjectCreateView):
    pass


class InspectionTeamEditView(TeamFormMixin, ObjectEditView):
    pass


class InspectionTeamDetailView(ObjectDetailView):
    template_name = "inspections/team_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team = self.object
        context.update(
            members=team.members.select_related("official", "expert"),
            share=expert_share(team),
            trainings=team.trainings.all(),
            training_form=TeamTrainingForm(user=self.request.user) if context["can_change"] else None,
            inspections=Inspection.objects.for_user(self.request.user, VIEW)
            .filter(team=team)
            .with_still_open()
            .select_related("enterprise")[:50],
        )
        return context


class TeamTrainingAddView(LoginRequiredMixin, View):
    """开展专门培训: a training of the team, recorded on its page."""

    def post(self, request, pk: int):
        team = get_object_or_404(InspectionTeam.objects.for_user(request.user, CHANGE), pk=pk)
        form = TeamTrainingForm(request.POST, user=request.user)
        if form.is_valid():
            training = form.save(commit=False)
            training.team = team
            training._history_user = request.user
            training.save()
            messages.success(request, f"已登记培训：{training}")
        else:
            messages.error(request, "未登记培训：" + "；".join(m for errors in form.errors.values() for m in errors))
        return HttpResponseRedirect(team.get_absolute_url())


TEAMS = (
    InspectionTeam.objects.select_related("campaign", "region", "department")
    .prefetch_related(Prefetch("members", TeamMember.objects.order_by("pk")))
    .with_member_counts()
)
register(
    InspectionTeam,
    path="teams",
    queryset=TEAMS,
    filterset=InspectionTeamFilterSet,
    form=InspectionTeamForm,
    serializer=InspectionTeamSerializer,
    fields=["campaign", "name", "region", "department", "leader", "leader_name"],
    importer=InspectionTeamImporter,
    fieldsets=[
        ("检查组", ["name", "campaign", "region", "department", "leader", "leader_name"]),
        ("登记", ["created_by", "created_at"]),
    ],
    views={"create": InspectionTeamCreateView, "edit": InspectionTeamEditView, "detail": InspectionTeamDetailView},
)


# Inspections ------------------------------------------------------------------------------


class InspectionCreateView(ObjectCreateView):
    """The inspection on a phone: the checklist of the unit's industry, the findings with photos
    (each opens a hazard), the result; a re-inspection starts from the inspection it follows."""

    template_name = "inspections/inspection_form.html"

    def get_form_class(self):
        return InspectionForm

    def get_initial(self):
        initial = super().get_initial()
        previous = self.request.GET.get("previous", "")
        if previous.isdigit():
            earlier = Inspection.objects.for_user(self.request.user, VIEW).filter(pk=previous).first()
            if earlier is not None:
                initial.update(
                    previous=earlier.pk,
                    enterprise=earlier.enterprise,
                    campaign=earlier.campaign_id,
                    team=earlier.team_id,
                    phase=earlier.phase,
                )
        return initial

    def parts(self, form):
        if not hasattr(self, "_parts"):
            data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else (None, None)
            items = checklist_for(form.enterprise(), self.request.user)
            self._parts = (
                ChecklistForm(data[0], items=items, prefix="checklist"),
                FindingFormSet(*data, prefix="findings"),
            )
        return self._parts

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        checklist, findings = self.parts(context["form"])
        context.update(checklist=checklist, findings=findings)
        return context

    def form_valid(self, form):
        checklist, findings = self.parts(form)
        if not (checklist.is_valid() and findings.is_valid()):
            return self.form_invalid(form)
        try:
            with transaction.atomic():
                self.object = services.inspection_record(
                    inspection=form.instance,
                    checks=checklist.outcomes(),
                    findings=findings.findings(),
                    by=self.request.user,
                )
                ensure_in_scope(self.object, self.request.user)
        except ValidationError as error:
            form.instance.pk = None
            form.add_error(None, error)
            return self.form_invalid(form)
        except OutOfJurisdiction as error:
            form.instance.pk = None
            form.add_error(None, str(error))
            return self.form_invalid(form)
        hazards = self.object.findings.count()
        note = f"，{hazards} 个问题已登记为隐患" if hazards else ""
        messages.success(self.request, f"检查记录已保存{note}。")
        return HttpResponseRedirect(self.object.get_absolute_url())


class InspectionDetailView(ObjectDetailView):
    """An inspection: checklist, findings with their photos and hazards, and its re-inspection chain."""

    template_name = "inspections/inspection_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = self.object
        context.update(
            checks=inspection.checks.select_related("item"),
            findings=inspection.findings.select_related("hazard").prefetch_related("photos"),
            chain=chain_of(inspection, self.request.user),
            may_reinspect=inspection.is_still_open
            and not inspection.reinspections.exists()
            and Inspection.may_change(self.request.user),
        )
        return context


def chain_of(inspection: Inspection, user) -> list[Inspection]:
    """The inspection's re-inspection chain, first to last, as far as ``user`` may see it."""
    root = inspection.chain_root_id or inspection.pk
    return list(
        Inspection.objects.for_user(user, VIEW)
        .filter(Q(pk=root) | Q(chain_root_id=root))
        .select_related("team")
        .order_by("inspected_on", "pk")
    )


class InspectionPhotoView(LoginRequiredMixin, View):
    """A finding's photo, served only to those who may see the inspection."""

    def get(self, request, pk: int):
        photo = get_object_or_404(InspectionPhoto.objects.for_user(request.user, VIEW), pk=pk)
        return serve_file(photo.image, image=True, missing="照片文件不存在或已被删除。")


class ChecklistView(LoginRequiredMixin, View):
    """The checklist of the chosen unit's industry, for the inspection form (htmx swaps it in)."""

    def get(self, request):
        field = EnterpriseField(queryset=EnterpriseField.source().for_user(request.user, VIEW), required=False)
        try:
            enterprise = field.clean(request.GET.get("enterprise", ""))
        except ValidationError:
            enterprise = None
        checklist = ChecklistForm(items=checklist_for(enterprise, request.user), prefix="checklist")
        return render(request, "inspections/_checklist.html", {"checklist": checklist, "enterprise": enterprise})


INSPECTIONS = (
    Inspection.objects.select_related("campaign", "team", "enterprise", "region__parent")
    .with_still_open()
    .with_finding_counts()
)
register(
    Inspection,
    path="records",
    queryset=INSPECTIONS,
    api_queryset=INSPECTIONS.prefetch_related("checks", "findings"),
    filterset=InspectionFilterSet,
    form=InspectionEditForm,
    serializer=InspectionSerializer,
    fields=["enterprise", "inspected_on", "methods", "result", "documents", "document_number", "note", "outside_phase"],
    importer=InspectionImporter,
    fieldsets=[
        ("检查", ["enterprise", "campaign", "phase", "team", "inspected_on", "methods", "result", "previous"]),
        ("文书", ["documents", "document_number", "note", "outside_phase"]),
        ("登记", ["created_by", "created_at"]),
    ],
    views={"create": InspectionCreateView, "detail": InspectionDetailView},
)


register(
    ChecklistItem,
    path="checklist",
    queryset=ChecklistItem.objects.select_related("region"),
    filterset=ChecklistItemFilterSet,
    fields=["region", "industry", "number", "text"],
    columns=[
        Column("industry", "行业", width=14),
        Column("number", "序号", width=6),
        Column("text", "检查内容", width=60, link=True),
        Column("region__name", "制定区划", width=12),
    ],
    fieldsets=[("检查表条目", ["region", "industry", "number", "text"])],
)


# Self-checks and the evaluation -----------------------------------------------------------


class SelfCheckReportDetailView(ObjectDetailView):
    template_name = "inspections/self_check_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["problems"] = self.object.problems.select_related("hazard")
        return context


SELF_CHECKS = SelfCheckReport.objects.select_related("campaign", "enterprise", "region__parent").prefetch_related(
    "problems"
)
register(
    SelfCheckReport,
    path="self-checks",
    queryset=SELF_CHECKS,
    filterset=SelfCheckReportFilterSet,
    form=SelfCheckReportForm,
    serializer=SelfCheckReportSerializer,
    fields=[
        "campaign",
        "enterprise",
        "checked_on",
        "items_checked",
        "problems_found",
        "principal_signed",
        "principal_name",
        "note",
        "outside_phase",
    ],
    importer=SelfCheckReportImporter,
    fieldsets=[
        ("企业自查", ["enterprise", "campaign", "checked_on", "items_checked", "problems_found"]),
        ("签字", ["principal_signed", "principal_name", "note", "outside_phase"]),
        ("登记", ["created_by", "created_at"]),
    ],
    views={"detail": SelfCheckReportDetailView},
)


register(
    Evaluation,
    path="evaluations",
    queryset=Evaluation.objects.select_related("region", "department", "entered_by__official"),
    filterset=EvaluationFilterSet,
    form=EvaluationForm,
    serializer=EvaluationSerializer,
    fields=["year", "region", "department", "grade", "comment"],
    columns=[
        Column("year", "年度", width=8),
        Column("unit", "单位", width=26, link=True),
        Column("grade", "总评等次", width=10),
        Column("comment", "评语", width=40),
        Column("entered_at", "评定时间", width=18),
    ],
    fieldsets=[
        ("年底一总评", ["year", "region", "department", "grade", "comment"]),
        ("评定", ["entered_by", "entered_at"]),
    ],
)
