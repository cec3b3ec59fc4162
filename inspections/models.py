"""三为主三明确: the inspection campaign with its four phases, department duties, expert teams,
inspections with their checklists and findings, re-inspections, self-check reports and the
year-end evaluation (年底一总评)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from base.choices import Role, SupervisionLevel, choice_field, choice_list_field
from base.history import History
from base.scoping import ScopedModel, ScopedQuerySet
from base.validators import validate_photo
from grid.choices import Industry, RegionLevel
from grid.models import Department, Enterprise, Official, Region, SafetyExpert
from hazards.choices import HazardGrade

from .choices import CheckOutcome, EvaluationGrade, InspectionMethod, InspectionResult, PhaseKind

COMMITTEES = frozenset({Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE})
UPPER_LEVELS = [RegionLevel.CITY, RegionLevel.COUNTY]
# 专家专业为主: experts and professionals make up at least this share of a team.
EXPERT_SHARE = Decimal("0.8")
MAX_PHOTOS = 9


def _labels(choice_set, values) -> str:
    return "、".join(choice_set.label(value) for value in values)


def _late(day: datetime.date | None) -> bool:
    return day is not None and day > timezone.localdate() + datetime.timedelta(days=1)


class Campaign(ScopedModel):
    """安全生产大检查: a campaign of the city or of one county, read by every level below it."""

    scope_from_above = Q()
    scope_writers = COMMITTEES

    name = models.CharField("行动名称", max_length=128, help_text="如：2022年安全生产大检查")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="inspection_campaigns",
        verbose_name="组织区划",
        limit_choices_to={"level__in": UPPER_LEVELS},
    )
    document_number = models.CharField("部署文号", max_length=64, blank=True, help_text="如：明安委〔2022〕12号")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="录入人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "检查行动"
        verbose_name_plural = "检查行动"
        ordering = ["-year", "-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})
        if self.year and self.starts_on and self.starts_on.year != self.year:
            raise ValidationError({"starts_on": f"开始日期须在{self.year}年内。"})

    def phase_on(self, day: datetime.date) -> "CampaignPhase | None":
        """The phase whose dates contain ``day``, or None (between phases, before or after the campaign)."""
        return next((phase for phase in self.phases.all() if phase.starts_on <= day <= phase.ends_on), None)

    @property
    def current_phase(self) -> "CampaignPhase | None":
        return self.phase_on(timezone.localdate())

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def outside_phase(self, kind: str, day: datetime.date) -> str:
        """Why work of phase ``kind`` on ``day`` needs confirming ("" when the day is inside the phase)."""
        dates = next((phase for phase in self.phases.all() if phase.kind == kind), None)
        label = PhaseKind.label(kind)
        if dates is None:
            return f"“{self.name}”未设定“{label}”阶段的日期，请确认后登记。"
        if dates.contains(day):
            return ""
        return (
            f"{day:%Y-%m-%d}不在“{label}”阶段（{dates.starts_on:%Y-%m-%d} 至 {dates.ends_on:%Y-%m-%d}）内，"
            "请核对日期；确属该阶段的工作，请勾选“确认在阶段日期外登记”后再保存。"
        )


def confirm_phase(obj, kind: str, day_field: str) -> dict[str, str]:
    """The error asking to confirm work outside its phase's dates; clears a confirmation not needed."""
    day = getattr(obj, day_field)
    if not (obj.campaign_id and kind and day):
        return {}
    reason = obj.campaign.outside_phase(kind, day)
    if not reason:
        obj.outside_phase = False
        return {}
    return {} if obj.outside_phase else {day_field: reason}


class CampaignPhase(ScopedModel):
    """四个阶段: one phase of a campaign with its dates; phases do not overlap."""

    scope_region = "campaign__region"
    scope_from_above = Q()
    scope_writers = COMMITTEES

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="phases", verbose_name="检查行动")
    kind = choice_field(PhaseKind, verbose_name="阶段")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    history = History()

    class Meta:
        verbose_name = "检查阶段"
        verbose_name_plural = "检查阶段"
        ordering = ["campaign", "starts_on"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="inspections_phase_once")]

    def __str__(self) -> str:
        return f"{PhaseKind.label(self.kind)}（{self.starts_on:%m月%d日}—{self.ends_on:%m月%d日}）"

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def clean(self):
        if not (self.starts_on and self.ends_on and self.campaign_id):
            return
        if self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})
        campaign = self.campaign
        if self.starts_on < campaign.starts_on or self.ends_on > campaign.ends_on:
            raise ValidationError(
                {
                    "starts_on": f"阶段日期须在检查行动期间内（{campaign.starts_on:%Y-%m-%d} 至 "
                    f"{campaign.ends_on:%Y-%m-%d}）。"
                }
            )
        overlapping = (
            CampaignPhase.objects.filter(campaign_id=self.campaign_id)
            .exclude(pk=self.pk)
            .filter(starts_on__lte=self.ends_on, ends_on__gte=self.starts_on)
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {"starts_on": f"与“{PhaseKind.label(overlapping.kind)}”阶段的日期重叠，各阶段日期不能交叉。"}
            )


class OfEnterprise(ScopedModel):
    """A record about one enterprise, kept on its township: the township and its regulator see it."""

    scope_department = "enterprise__department"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.region_id = self.enterprise.region_id
        super().save(*args, **kwargs)


class SelfCheckReport(OfEnterprise):
    """企业自查报告: an enterprise's self-check in phase 1, entered by its township or regulator."""

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="self_check_reports", verbose_name="检查行动")
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, related_name="self_check_reports", verbose_name="自查单位"
    )
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="乡镇（街道）", editable=False)
    checked_on = models.DateField("自查日期")
    items_checked = models.PositiveIntegerField("检查项目数")
    problems_found = models.PositiveIntegerField("发现问题数", default=0)
    principal_signed = models.BooleanField("主要负责人已签字", default=False)
    principal_name = models.CharField("签字负责人", max_length=32, blank=True)
    note = models.TextField("备注", blank=True)
    outside_phase = models.BooleanField(
        "确认在阶段日期外登记", default=False, help_text="自查日期不在企业自查阶段内时须勾选确认"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="录入人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "企业自查报告"
        verbose_name_plural = "企业自查报告"
        ordering = ["-checked_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "enterprise"], name="inspections_self_check_once")]
        indexes = [models.Index(fields=["campaign", "region"], name="inspections_selfcheck_region")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.campaign.name}自查"

    def clean(self):
        errors = {}
        if self.principal_signed and not self.principal_name.strip():
            errors["principal_name"] = "已签字的自查报告须填写签字负责人。"
        if self.items_checked is not None and self.items_checked < 1:
            errors["items_checked"] = "检查项目数至少为 1。"
        if _late(self.checked_on):
            errors["checked_on"] = "自查日期不能晚于今天。"
        else:
            errors.update(confirm_phase(self, PhaseKind.SELF_CHECK, "checked_on"))
        if (
            self.campaign_id
            and self.enterprise_id
            and not self.enterprise.region.path.startswith(self.campaign.region.path)
        ):
            errors["enterprise"] = f"该单位不在“{self.campaign.name}”的范围（{self.campaign.region.name}）内。"
        if errors:
            raise ValidationError(errors)


class SelfCheckProblem(ScopedModel):
    """A problem an enterprise found in its self-check; it is registered as a hazard (source 企业自查)."""

    scope_region = "report__region"
    scope_department = "report__enterprise__department"

    report = models.ForeignKey(SelfCheckReport, models.CASCADE, related_name="problems", verbose_name="自查报告")
    description = models.CharField("问题描述", max_length=500)
    hazard = models.OneToOneField(
        "hazards.Hazard",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="self_check_problem",
        editable=False,
        verbose_name="登记隐患",
    )

    history = History()

    class Meta:
        verbose_name = "自查发现问题"
        verbose_name_plural = "自查发现问题"
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return self.description[:40]


class DutyAssignment(ScopedModel):
    """以条为主、明确职责分工: what one department inspects in a campaign (a row of the 职责分工表)."""

    scope_region = "department__region"
    scope_department = "department"
    # Every level reads the duties of the departments above it.
    scope_from_above = Q()
    scope_writers = COMMITTEES

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="duty_assignments", verbose_name="检查行动")
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        related_name="duty_assignments",
        verbose_name="行业部门",
        limit_choices_to={"has_inspection_duty": True},
    )
    industries = choice_list_field(Industry, "检查行业")
    supervision_levels = choice_list_field(SupervisionLevel, "监管层级")
    measures = models.TextField(
        "负责的硬措施条目", blank=True, help_text="15条硬措施中由本部门牵头的条目，如：第3、7条"
    )
    note = models.TextField("备注", blank=True)

    history = History()

    class Meta:
        verbose_name = "职责分工"
        verbose_name_plural = "职责分工"
        ordering = ["campaign", "department__region__code", "department__kind"]
        constraints = [models.UniqueConstraint(fields=["campaign", "department"], name="inspections_duty_once")]

    def __str__(self) -> str:
        return f"{self.department.name} · {self.campaign.name}"

    @property
    def industries_label(self) -> str:
        return _labels(Industry, self.industries)

    @property
    def supervision_levels_label(self) -> str:
        return _labels(SupervisionLevel, self.supervision_levels)

    def clean(self):
        errors = {}
        if self.department_id and not self.department.has_inspection_duty:
            errors["department"] = f"{self.department.name}不承担大检查职责。"
        if self.campaign_id and self.department_id:
            campaign_path, department_path = self.campaign.region.path, self.department.region.path
            if not (department_path.startswith(campaign_path) or campaign_path.startswith(department_path)):
                errors["department"] = f"{self.department.name}不在“{self.campaign.name}”的范围内。"
        if errors:
            raise ValidationError(errors)


def _subquery_count(queryset, group: str) -> Coalesce:
    """``queryset`` counted per ``group`` as a correlated subquery: rows never multiply."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class InspectionTeamQuerySet(ScopedQuerySet):
    def with_member_counts(self):
        """Teams with ``member_count`` and ``expert_count`` (experts and professionals)."""
        members = TeamMember.objects.filter(team=OuterRef("pk"))
        return self.annotate(
            member_count=_subquery_count(members, "team"),
            expert_count=_subquery_count(members.filter(Q(is_expert=True) | Q(is_professional=True)), "team"),
        )


class InspectionTeam(ScopedModel):
    """检查组: led by a department (行业检查) or organised by a government (属地政府督查);
    experts and professionals make up at least 80% of its members."""

    scope_department = "department"

    objects = InspectionTeamQuerySet.as_manager()

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="teams", verbose_name="检查行动")
    name = models.CharField("检查组名称", max_length=64, help_text="如：市应急局第一检查组")
    # The organising jurisdiction: the leading department's region, or the government that sends the team.
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="组织区划")
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_teams",
        verbose_name="牵头部门",
        help_text="属地政府督查组可不填",
    )
    leader = models.ForeignKey(
        Official, models.PROTECT, null=True, blank=True, related_name="led_inspection_teams", verbose_name="组长"
    )
    leader_name = models.CharField("组长姓名", max_length=32)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="录入人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "检查组"
        verbose_name_plural = "检查组"
        ordering = ["campaign", "region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="inspections_team_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.leader_id and not self.leader_name:
            self.leader_name = self.leader.name
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.department_id and self.region_id and self.department.region_id != self.region_id:
            errors["department"] = f"牵头部门须为{self.region.name}的部门。"
        if self.leader_id and self.region_id and not self.leader.region.path.startswith(self.region.path):
            errors["leader"] = f"组长须为{self.region.name}辖内的工作人员。"
        if self.leader_id and not self.leader_name:
            self.leader_name = self.leader.name
        if self.campaign_id and self.region_id:
            campaign_path, region_path = self.campaign.region.path, self.region.path
            if not (region_path.startswith(campaign_path) or campaign_path.startswith(region_path)):
                errors["region"] = f"{self.region.name}不在“{self.campaign.name}”的范围内。"
        if errors:
            raise ValidationError(errors)


def expert_share_problem(members: list["TeamMember"]) -> str:
    """The Chinese refusal when experts and professionals are under 80% of ``members``, else ""."""
    total = len(members)
    qualified = sum(1 for member in members if member.is_expert or member.is_professional)
    if total == 0:
        return "检查组至少须有一名成员。"
    if Decimal(qualified) / total >= EXPERT_SHARE:
        return ""
    percent = (Decimal(qualified) * 100 / total).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"专家和专业人员占比 {percent}%（{qualified}/{total}），不足80%，检查组不能保存。"


class TeamMember(ScopedModel):
    """A team member: an official, an outside expert of the directory, or someone named."""

    scope_region = "team__region"
    scope_department = "team__department"

    team = models.ForeignKey(InspectionTeam, models.CASCADE, related_name="members", verbose_name="检查组")
    official = models.ForeignKey(
        Official, models.PROTECT, null=True, blank=True, related_name="team_memberships", verbose_name="工作人员"
    )
    expert = models.ForeignKey(
        SafetyExpert, models.PROTECT, null=True, blank=True, related_name="team_memberships", verbose_name="安全专家"
    )
    name = models.CharField("姓名", max_length=32)
    profession = models.CharField("专业", max_length=64, blank=True, help_text="如：危险化学品、建筑施工、电气")
    is_expert = models.BooleanField("专家", default=False)
    is_professional = models.BooleanField("专业人员", default=False)

    history = History()

    class Meta:
        verbose_name = "检查组成员"
        verbose_name_plural = "检查组成员"
        ordering = ["team", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fill_from_directory()
        super().save(*args, **kwargs)

    def fill_from_directory(self) -> None:
        """A directory expert is an expert; a chosen person's name and specialty come along."""
        if self.expert_id:
            self.is_expert = True
            self.name = self.name or self.expert.name
            self.profession = self.profession or self.expert.specialty
        elif self.official_id:
            self.name = self.name or self.official.name

    def clean(self):
        if self.official_id and self.expert_id:
            raise ValidationError({"expert": "一名成员只能是工作人员或安全专家之一。"})
        self.fill_from_directory()
        if not self.name.strip():
            raise ValidationError({"name": "请填写成员姓名，或选择工作人员、安全专家。"})


class TeamTraining(ScopedModel):
    """开展专门培训: a training session of a team before it inspects."""

    scope_region = "team__region"
    scope_department = "team__department"

    team = models.ForeignKey(InspectionTeam, models.CASCADE, related_name="trainings", verbose_name="检查组")
    trained_on = models.DateField("培训日期")
    topic = models.CharField("培训内容", max_length=255)

    history = History()

    class Meta:
        verbose_name = "检查组培训"
        verbose_name_plural = "检查组培训"
        ordering = ["team", "-trained_on"]

    def __str__(self) -> str:
        return f"{self.trained_on:%Y-%m-%d} {self.topic}"

    def clean(self):
        if _late(self.trained_on):
            raise ValidationError({"trained_on": "培训日期不能晚于今天。"})


class ChecklistItem(ScopedModel):
    """检查表条目: one item of an industry's checklist, issued by the city (or a county for its own)."""

    scope_from_above = Q()
    scope_writers = COMMITTEES

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="+",
        verbose_name="制定区划",
        limit_choices_to={"level__in": UPPER_LEVELS},
    )
    industry = choice_field(Industry, verbose_name="行业", db_index=True)
    number = models.PositiveSmallIntegerField("序号", validators=[MinValueValidator(1)])
    text = models.CharField("检查内容", max_length=255)

    history = History()

    class Meta:
        verbose_name = "检查表条目"
        verbose_name_plural = "检查表条目"
        ordering = ["industry", "number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "industry", "number"], name="inspections_checklist_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


def failed_open_on(day: datetime.date) -> Q:
    """不合格 by ``day`` and not re-inspected by then: what ``open()`` counts, as of a past day."""
    reinspected = Inspection.objects.filter(previous=OuterRef("pk"), inspected_on__lte=day)
    return Q(result=InspectionResult.FAILED, inspected_on__lte=day) & ~Exists(reinspected)


class InspectionQuerySet(ScopedQuerySet):
    def open_on(self, day: datetime.date):
        return self.filter(failed_open_on(day))

    def open(self):
        """检查一家、合格一家: the 不合格 inspections no re-inspection has followed yet — one per open enterprise."""
        return self.filter(result=InspectionResult.FAILED).exclude(
            Exists(Inspection.objects.filter(previous=OuterRef("pk")))
        )

    def with_finding_counts(self):
        return self.annotate(
            finding_count=_subquery_count(InspectionFinding.objects.filter(inspection=OuterRef("pk")), "inspection")
        )

    def with_still_open(self):
        """Annotate ``still_open``: 不合格, and no re-inspection in its chain has recorded 合格."""
        passed_later = Inspection.objects.filter(
            Q(chain_root=OuterRef("chain_root")) | Q(chain_root=OuterRef("pk")), result=InspectionResult.PASSED
        )
        return self.annotate(still_open=Q(result=InspectionResult.FAILED) & ~Exists(passed_later))


class Inspection(ScopedModel):
    """检查记录: a team's inspection of an enterprise in a phase, with its checklist, findings and result.

    A township sees the inspections of its enterprises, a department those of its teams, a
    county those in its county.
    """

    scope_department = "team__department"

    objects = InspectionQuerySet.as_manager()

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="inspections", verbose_name="检查行动")
    phase = choice_field(PhaseKind, verbose_name="检查阶段", db_index=True)
    team = models.ForeignKey(InspectionTeam, models.PROTECT, related_name="inspections", verbose_name="检查组")
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="inspections", verbose_name="被检查单位")
    # The enterprise's township, kept on the row so the jurisdiction is one indexed lookup.
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="乡镇（街道）", editable=False)
    inspected_on = models.DateField("检查日期", db_index=True)
    methods = choice_list_field(InspectionMethod, "检查方式")
    result = choice_field(InspectionResult, verbose_name="检查结果", db_index=True)
    previous = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reinspections",
        verbose_name="复查的检查",
        help_text="复查时选择此前不合格的检查",
    )
    # The first inspection of a re-inspection chain (empty on the first itself): "still open" is one lookup.
    chain_root = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", editable=False, verbose_name="首次检查"
    )
    documents = models.TextField("出具文书", blank=True, help_text="如：责令限期整改指令书、现场处理措施决定书")
    document_number = models.CharField(
        "文书编号", max_length=64, blank=True, help_text="如：（明）应急责改〔2022〕15号"
    )
    note = models.TextField("检查情况", blank=True)
    outside_phase = models.BooleanField(
        "确认在阶段日期外登记", default=False, help_text="检查日期不在所选阶段内时须勾选确认"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="录入人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "检查记录"
        verbose_name_plural = "检查记录"
        ordering = ["-inspected_on", "-pk"]
        constraints = [
            # A 不合格 inspection is followed by one re-inspection; a further one follows that.
            models.UniqueConstraint(fields=["previous"], name="inspections_reinspected_once"),
        ]
        indexes = [
            models.Index(fields=["campaign", "region"], name="inspections_insp_region"),
            models.Index(fields=["enterprise", "inspected_on"], name="inspections_insp_enterprise"),
        ]

    def __str__(self) -> str:
        return f"{self.inspected_on:%Y-%m-%d} {self.enterprise.name}（{InspectionResult.label(self.result)}）"

    def save(self, *args, **kwargs):
        self.region_id = self.enterprise.region_id
        if self.previous_id:
            self.chain_root_id = self.previous.chain_root_id or self.previous_id
        super().save(*args, **kwargs)

    @property
    def is_reinspection(self) -> bool:
        return self.previous_id is not None

    @property
    def methods_label(self) -> str:
        return _labels(InspectionMethod, self.methods)

    @property
    def is_still_open(self) -> bool:
        """不合格, and no re-inspection in its chain has passed (the ``with_still_open`` annotation when present)."""
        annotated = getattr(self, "still_open", None)
        if annotated is not None:
            return annotated
        if self.result != InspectionResult.FAILED:
            return False
        root = self.chain_root_id or self.pk
        return not Inspection.objects.filter(
            Q(chain_root_id=root) | Q(pk=root), result=InspectionResult.PASSED
        ).exists()

    def phase_dates(self) -> "CampaignPhase | None":
        return self.campaign.phases.filter(kind=self.phase).first() if self.campaign_id and self.phase else None

    def clean(self):
        errors = {}
        if self.team_id and self.campaign_id and self.team.campaign_id != self.campaign_id:
            errors["team"] = f"检查组“{self.team.name}”不属于“{self.campaign.name}”。"
        if (
            self.campaign_id
            and self.enterprise_id
            and not self.enterprise.region.path.startswith(self.campaign.region.path)
        ):
            errors["enterprise"] = f"该单位不在“{self.campaign.name}”的范围（{self.campaign.region.name}）内。"
        if self.phase == PhaseKind.SELF_CHECK:
            errors["phase"] = "企业自查阶段请登记企业自查报告；检查记录属于行业检查、属地政府督查或严防死守阶段。"
        if _late(self.inspected_on):
            errors["inspected_on"] = "检查日期不能晚于今天。"
        elif self.phase != PhaseKind.SELF_CHECK:
            errors.update(confirm_phase(self, self.phase, "inspected_on"))
        if self.previous_id:
            previous = self.previous
            if previous.pk == self.pk:
                errors["previous"] = "复查不能选择本次检查。"
            elif self.enterprise_id and previous.enterprise_id != self.enterprise_id:
                errors["previous"] = "复查须针对同一单位此前的检查。"
            elif previous.result != InspectionResult.FAILED:
                errors["previous"] = "只有不合格的检查需要复查。"
            elif self.inspected_on and self.inspected_on < previous.inspected_on:
                errors["previous"] = f"复查日期不能早于被复查的检查（{previous.inspected_on:%Y-%m-%d}）。"
            elif Inspection.objects.filter(previous_id=previous.pk).exclude(pk=self.pk).exists():
                errors["previous"] = "该检查已有复查记录；请复查最近一次不合格的检查。"
        stored = Inspection.objects.filter(pk=self.pk).values_list("result", flat=True).first() if self.pk else None
        if stored == InspectionResult.FAILED and self.result == InspectionResult.PASSED:
            errors["result"] = "检查一家、合格一家：不合格的检查不能改为合格，请登记复查，由复查记录合格。"
        if errors:
            raise ValidationError(errors)


class OfInspection(ScopedModel):
    """A part of one inspection: whoever sees the inspection sees it."""

    scope_region = "inspection__region"
    scope_department = "inspection__team__department"

    class Meta:
        abstract = True


class InspectionCheck(OfInspection):
    """One checklist item's outcome at an inspection."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="checks", verbose_name="检查记录")
    item = models.ForeignKey(ChecklistItem, models.PROTECT, related_name="checks", verbose_name="检查表条目")
    outcome = choice_field(CheckOutcome, verbose_name="检查结论")

    history = History()

    class Meta:
        verbose_name = "检查表结论"
        verbose_name_plural = "检查表结论"
        ordering = ["inspection", "item__number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="inspections_check_once")]

    def __str__(self) -> str:
        return f"{self.item.number}. {CheckOutcome.label(self.outcome)}"


class InspectionFinding(OfInspection):
    """A problem found at an inspection; it opens a hazard (source 部门检查), linked both ways."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="findings", verbose_name="检查记录")
    description = models.CharField("发现问题", max_length=500)
    # What the hazard opened from it takes: its grade and the rectification deadline the document set.
    grade = choice_field(HazardGrade, verbose_name="隐患等级", default=HazardGrade.GENERAL)
    deadline = models.DateField("整改期限", null=True, blank=True)
    hazard = models.OneToOneField(
        "hazards.Hazard",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_finding",
        editable=False,
        verbose_name="登记隐患",
    )

    history = History()

    class Meta:
        verbose_name = "检查发现问题"
        verbose_name_plural = "检查发现问题"
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.description[:40]


def photo_path(instance, filename: str) -> str:
    return f"inspections/{timezone.localdate():%Y/%m}/{filename}"


class InspectionPhoto(ScopedModel):
    """A site photo of a finding; the hazard opened from the finding shows the same stored file."""

    scope_region = "finding__inspection__region"
    scope_department = "finding__inspection__team__department"

    finding = models.ForeignKey(InspectionFinding, models.CASCADE, related_name="photos", verbose_name="发现问题")
    image = models.ImageField("照片", upload_to=photo_path, validators=[validate_photo])

    history = History()

    class Meta:
        verbose_name = "检查照片"
        verbose_name_plural = "检查照片"
        ordering = ["finding", "pk"]

    def __str__(self) -> str:
        return self.image.name


class Evaluation(ScopedModel):
    """年底一总评: a department's or a county's year in the campaign, graded by the committee.

    A county's row names the county; a department's names the department's region.
    """

    scope_department = "department"
    scope_writers = COMMITTEES

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="+",
        verbose_name="区划",
        limit_choices_to={"level__in": UPPER_LEVELS},
    )
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="部门"
    )
    grade = choice_field(EvaluationGrade, verbose_name="总评等次", blank=True)
    comment = models.TextField("评语", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="评定人"
    )
    entered_at = models.DateTimeField("评定时间", null=True, blank=True, editable=False)

    history = History()

    class Meta:
        verbose_name = "年底总评"
        verbose_name_plural = "年底总评"
        ordering = ["-year", models.F("department").asc(nulls_first=True), "region__code", "department__kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region"], condition=Q(department__isnull=True), name="inspections_evaluation_county"
            ),
            models.UniqueConstraint(
                fields=["year", "department"],
                condition=Q(department__isnull=False),
                name="inspections_evaluation_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年度 {self.unit}"

    @property
    def unit(self) -> str:
        return self.department.name if self.department_id else self.region.name

    def save(self, *args, **kwargs):
        if self.department_id:
            self.region_id = self.department.region_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.department_id and self.region_id and self.department.region_id != self.region_id:
            raise ValidationError({"department": f"部门须为{self.region.name}的部门。"})
        if self.comment.strip() and not self.grade:
            raise ValidationError({"grade": "填写评语时须评定总评等次。"})


# 四项机制: the follow-up cadence's workbooks -----------------------------------------------------


class CadenceKind(models.TextChoices):
    QUARTERLY = "quarterly", "一季一推动"
    HALF_YEARLY = "half_yearly", "半年一分析"
    YEARLY = "yearly", "年底一总评"


class CadenceReport(ScopedModel):
    """A workbook of the follow-up cadence (四项机制), written once per region and period by its job.

    The committee of the region and the levels below read it (a county reads the city's quarterly sheet).
    """

    scope_from_above = Q()
    scope_writers = frozenset({Role.ADMIN})

    kind = models.CharField("类别", max_length=16, choices=CadenceKind.choices)
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="区划")
    # "2026Q3", "2026H1", "2026": the job's period, never shown (``title`` is).
    period = models.CharField("统计期", max_length=8, editable=False)
    title = models.CharField("名称", max_length=128)
    file = models.FileField("工作簿", upload_to="inspections/cadence/%Y/")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "四项机制报表"
        verbose_name_plural = "四项机制报表"
        ordering = ["-created_at", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "region", "period"], name="inspections_cadence_report_once")
        ]

    def __str__(self) -> str:
        return self.title
