"""一单 and accountability: the violation prompt list and its delivery, penalties, judicial
transfers, accidents, accountability cases and the yearly unit assessment (评先评优挂钩)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from base.choices import AccidentLevel, Role, choice_field, choice_list_field
from base.fields import ResidentIdField
from base.history import History
from base.scoping import ScopedModel, ScopedQuerySet
from grid.choices import Industry, RegionLevel
from grid.models import TOWNSHIP_LEVELS, Department, Enterprise, Region, SupervisionVisit

from .choices import (
    AssessmentStatus,
    DeliveryChannel,
    PenaltyKind,
    Sanction,
    SubjectKind,
    TransferOutcome,
    VersionStatus,
)

COMMITTEES = frozenset({Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE})
UPPER_LEVELS = [RegionLevel.CITY, RegionLevel.COUNTY]


class PromptListVersionQuerySet(ScopedQuerySet):
    def current_for(self, region: Region):
        """The newest version published for ``region`` (by itself or a region above it)."""
        return (
            self.filter(status=VersionStatus.PUBLISHED, region__code__in=region.ancestor_codes)
            .order_by("-published_at", "-pk")
            .first()
        )


class PromptListVersion(ScopedModel):
    """A version of 企业常见违法风险点行政提示清单（安全生产类）: the whole list as issued at once."""

    # A published list is read by every level below the region that issued it.
    scope_from_above = Q(status=VersionStatus.PUBLISHED)
    scope_writers = COMMITTEES

    objects = PromptListVersionQuerySet.as_manager()

    title = models.CharField("清单名称", max_length=128, default="企业常见违法风险点行政提示清单（安全生产类）")
    year = models.PositiveSmallIntegerField("版本年度")
    document_number = models.CharField("印发文号", max_length=64, blank=True, help_text="如：明安委办〔2022〕5号")
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="prompt_list_versions",
        verbose_name="印发单位所在区划",
        limit_choices_to={"level__in": UPPER_LEVELS},
    )
    status = choice_field(VersionStatus, verbose_name="状态", default=VersionStatus.DRAFT, editable=False)
    published_at = models.DateTimeField("印发时间", null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="印发人",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="录入人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "违法行为提示清单"
        verbose_name_plural = "违法行为提示清单"
        ordering = ["-year", "-pk"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="enforcement_version_per_year")]

    def __str__(self) -> str:
        return f"{self.region.name}{self.year}年版{self.title}"

    def edit_refusal(self) -> str:
        if self.status == VersionStatus.PUBLISHED:
            return "已印发的清单不再修改；如需调整，请新建下一年度版本。"
        return ""


class ViolationPromptItem(ScopedModel):
    """常见违法风险点: one numbered item of a prompt-list version, with its legal basis and penalty."""

    scope_region = "version__region"
    scope_from_above = Q(version__status=VersionStatus.PUBLISHED)
    scope_writers = COMMITTEES

    version = models.ForeignKey(PromptListVersion, models.PROTECT, related_name="items", verbose_name="清单版本")
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("违法风险点", max_length=128)
    description = models.TextField("违法情形")
    legal_basis = models.CharField(
        "法律依据", max_length=255, help_text="法律法规名称及条款，如《安全生产法》第九十七条"
    )
    penalty_range = models.CharField("处罚幅度", max_length=255)
    industries = choice_list_field(Industry, "适用行业")

    history = History()

    class Meta:
        verbose_name = "违法风险点"
        verbose_name_plural = "违法风险点"
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="enforcement_item_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def region(self) -> Region:
        return self.version.region

    @property
    def industries_label(self) -> str:
        return "、".join(Industry.label(value) for value in self.industries) or "各行业"

    def edit_refusal(self) -> str:
        return self.version.edit_refusal()

    def clean(self):
        if self.version_id and self.version.status == VersionStatus.PUBLISHED and self._state.adding:
            raise ValidationError({"version": "已印发的清单不再增加条目。"})


class PromptListAcknowledgement(ScopedModel):
    """A published version sent to one township or one department, and its acknowledgement (签收)."""

    scope_department = "department"
    scope_writers = COMMITTEES | {Role.TOWNSHIP, Role.DEPARTMENT}

    version = models.ForeignKey(
        PromptListVersion, models.PROTECT, related_name="acknowledgements", verbose_name="清单版本"
    )
    # A township's acknowledgement names the township; a department's names the department's region.
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="接收区划")
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="接收部门"
    )
    sent_at = models.DateTimeField("下发时间", auto_now_add=True)
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="签收人"
    )

    history = History()

    class Meta:
        verbose_name = "清单签收"
        verbose_name_plural = "清单签收"
        ordering = ["version", "region__code", "department__kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "region"],
                condition=Q(department__isnull=True),
                name="enforcement_acknowledgement_township",
            ),
            models.UniqueConstraint(
                fields=["version", "department"],
                condition=Q(department__isnull=False),
                name="enforcement_acknowledgement_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department or self.region} · {self.version.year}年版提示清单"

    @property
    def recipient(self) -> str:
        return self.department.name if self.department_id else self.region.name


class PromptListDelivery(ScopedModel):
    """The prompt list delivered to one enterprise: by a grid supervisor's visit, or recorded by its township."""

    scope_department = "enterprise__department"
    scope_supervisor = "enterprise__grids__supervisors"

    version = models.ForeignKey(
        PromptListVersion,
        models.PROTECT,
        related_name="deliveries",
        verbose_name="清单版本",
        limit_choices_to={"status": VersionStatus.PUBLISHED},
    )
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, related_name="prompt_list_deliveries", verbose_name="送达单位"
    )
    # The enterprise's township, kept on the row so coverage is one indexed lookup.
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="乡镇（街道）", editable=False)
    delivered_on = models.DateField("送达日期")
    channel = choice_field(DeliveryChannel, verbose_name="送达方式", default=DeliveryChannel.TOWNSHIP, editable=False)
    visit = models.OneToOneField(
        SupervisionVisit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="prompt_list_delivery",
        editable=False,
        verbose_name="督导记录",
    )
    note = models.CharField("备注", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="录入人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "提示清单送达"
        verbose_name_plural = "提示清单送达"
        ordering = ["-delivered_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["version", "enterprise"], name="enforcement_delivered_once")]
        indexes = [models.Index(fields=["version", "region"], name="enforcement_delivery_region")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.version.year}年版提示清单"

    def save(self, *args, **kwargs):
        self.region_id = self.enterprise.region_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.version_id and self.version.status != VersionStatus.PUBLISHED:
            raise ValidationError({"version": "只能登记已印发版本的送达。"})
        if self.delivered_on and self.delivered_on > datetime.date.today() + datetime.timedelta(days=1):
            raise ValidationError({"delivered_on": "送达日期不能晚于今天。"})


class Accident(ScopedModel):
    """生产安全事故: reported to the county and city committees at once; it weighs on the unit assessment."""

    occurred_on = models.DateField("发生日期", db_index=True)
    place = models.CharField("事故地点", max_length=255)
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, null=True, blank=True, related_name="accidents", verbose_name="事故单位"
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="accidents",
        verbose_name="所在乡镇（街道）",
        limit_choices_to={"level__in": TOWNSHIP_LEVELS},
    )
    industry = choice_field(Industry, verbose_name="行业", db_index=True)
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="accidents",
        verbose_name="行业监管部门",
        help_text="事故所在行业的监管部门；评先评优挂钩时随事故降档",
    )
    level = choice_field(AccidentLevel, verbose_name="事故等级", db_index=True)
    deaths = models.PositiveSmallIntegerField("死亡人数", default=0)
    injuries = models.PositiveSmallIntegerField("受伤人数", default=0)
    direct_loss = models.DecimalField(
        "直接经济损失（万元）", max_digits=12, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    summary = models.TextField("事故经过")
    investigation_report = models.TextField("调查报告结论", blank=True, help_text="事故原因、性质认定及处理建议")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="录入人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "生产安全事故"
        verbose_name_plural = "生产安全事故"
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.place}{AccidentLevel.label(self.level)}"

    def clean(self):
        if self.enterprise_id and self.region_id and self.enterprise.region_id != self.region_id:
            raise ValidationError({"region": f"事故单位在{self.enterprise.region.name}，所在乡镇须与之一致。"})
        if self.occurred_on and self.occurred_on > datetime.date.today() + datetime.timedelta(days=1):
            raise ValidationError({"occurred_on": "发生日期不能晚于今天。"})


class Penalty(ScopedModel):
    """行政处罚: a department's (or township's) penalty decision; corrected with history, never deleted."""

    # A department sees its own kind's penalties across its jurisdiction; a township its enterprises'.
    scope_department = "department"

    case_number = models.CharField("处罚决定书文号", max_length=64, unique=True)
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="penalties", verbose_name="被处罚单位")
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="乡镇（街道）", editable=False)
    department = models.ForeignKey(Department, models.PROTECT, related_name="penalties", verbose_name="处罚部门")
    decided_on = models.DateField("决定日期", db_index=True)
    violation = models.CharField("违法行为", max_length=255)
    prompt_item = models.ForeignKey(
        ViolationPromptItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="penalties",
        verbose_name="对应提示清单条目",
    )
    legal_basis = models.CharField("处罚依据", max_length=255)
    kind = choice_field(PenaltyKind, verbose_name="处罚种类", db_index=True)
    amount = models.DecimalField(
        "罚没金额（元）", max_digits=12, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    preventive = models.BooleanField("非事故预防性处罚", default=True, help_text="事故发生前、非因事故作出的处罚")
    accident = models.ForeignKey(
        Accident, models.PROTECT, null=True, blank=True, related_name="penalties", verbose_name="关联事故"
    )
    hazard = models.ForeignKey(
        "hazards.Hazard", models.PROTECT, null=True, blank=True, related_name="penalties", verbose_name="关联隐患"
    )
    note = models.CharField("备注", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="录入人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "行政处罚"
        verbose_name_plural = "行政处罚"
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["region", "decided_on"], name="enforcement_penalty_reg_date")]

    def __str__(self) -> str:
        return f"{self.case_number} {self.enterprise.name}"

    def save(self, *args, **kwargs):
        self.region_id = self.enterprise.region_id
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.accident_id and self.preventive:
            errors["preventive"] = "因事故作出的处罚不是非事故预防性处罚。"
        if self.kind in (PenaltyKind.FINE, PenaltyKind.CONFISCATION) and not self.amount:
            errors["amount"] = "罚款、没收违法所得须填写金额。"
        if self.decided_on and self.decided_on > datetime.date.today() + datetime.timedelta(days=1):
            errors["decided_on"] = "决定日期不能晚于今天。"
        if errors:
            raise ValidationError(errors)


class JudicialTransfer(ScopedModel):
    """移送司法: an enterprise head referred to the judicial organs for criminal liability."""

    scope_department = "department"

    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, related_name="judicial_transfers", verbose_name="涉案单位"
    )
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="乡镇（街道）", editable=False)
    department = models.ForeignKey(Department, models.PROTECT, related_name="+", verbose_name="移送部门")
    person_name = models.CharField("被移送人", max_length=32)
    person_id_number = ResidentIdField("身份证号", blank=True)
    person_post = models.CharField("职务", max_length=32, default="主要负责人")
    penalty = models.ForeignKey(
        Penalty, models.PROTECT, null=True, blank=True, related_name="transfers", verbose_name="关联处罚案件"
    )
    accident = models.ForeignKey(
        Accident, models.PROTECT, null=True, blank=True, related_name="transfers", verbose_name="关联事故"
    )
    case_summary = models.TextField("涉嫌犯罪事实")
    transferred_on = models.DateField("移送日期", db_index=True)
    receiving_organ = models.CharField("接收机关", max_length=64, help_text="如：三元区公安分局")
    outcome = choice_field(TransferOutcome, verbose_name="办理结果", default=TransferOutcome.PENDING)
    outcome_note = models.CharField("结果说明", max_length=255, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "移送司法"
        verbose_name_plural = "移送司法"
        ordering = ["-transferred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_name}（{self.enterprise.name}）"

    def save(self, *args, **kwargs):
        self.region_id = self.enterprise.region_id
        super().save(*args, **kwargs)


class AccountabilityCase(ScopedModel):
    """责任追究: officials or units investigated under 《三明市安全生产责任追究管理办法(试行)》."""

    scope_writers = COMMITTEES

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="+",
        verbose_name="所属区划",
        limit_choices_to={"level__in": [RegionLevel.CITY, RegionLevel.COUNTY, *TOWNSHIP_LEVELS]},
    )
    accident = models.ForeignKey(
        Accident, models.PROTECT, null=True, blank=True, related_name="accountability_cases", verbose_name="关联事故"
    )
    failure = models.CharField("失职失责事项", max_length=255, help_text="无事故时填写，如：未履行监管职责")
    subject_kind = choice_field(SubjectKind, verbose_name="追责对象", default=SubjectKind.OFFICIAL)
    subject_name = models.CharField("姓名或单位", max_length=64)
    subject_post = models.CharField("职务", max_length=64, blank=True)
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="所在部门"
    )
    finding = models.TextField("调查认定")
    sanction = choice_field(Sanction, verbose_name="处理方式")
    decided_on = models.DateField("处理日期", db_index=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "责任追究"
        verbose_name_plural = "责任追究"
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject_name} · {Sanction.label(self.sanction)}"

    def clean(self):
        if not self.accident_id and not self.failure.strip():
            raise ValidationError({"failure": "无关联事故时须填写失职失责事项。"})


class UnitAssessment(ScopedModel):
    """评先评优挂钩: a county's or a department's safety results of a year and the consequences the rules set."""

    scope_department = "department"
    scope_writers = frozenset({Role.ADMIN, Role.CITY_COMMITTEE})

    year = models.PositiveSmallIntegerField("考核年度", db_index=True)
    # A county's row names the county; a department's names the department's region.
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="区划")
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="部门"
    )
    accidents_general = models.PositiveIntegerField("一般事故", default=0)
    accidents_larger = models.PositiveIntegerField("较大事故", default=0)
    accidents_major = models.PositiveIntegerField("重大及以上事故", default=0)
    deaths = models.PositiveIntegerField("死亡人数", default=0)
    accountability_cases = models.PositiveIntegerField("责任追究", default=0)
    overdue_major_hazards = models.PositiveIntegerField("逾期重大隐患", default=0)
    downgraded = models.BooleanField("综治考评降档", default=False)
    merit_quota_cancelled = models.BooleanField("取消“五比五晒”记功名额", default=False)
    reasons = models.JSONField("依据", default=list, blank=True)
    status = choice_field(AssessmentStatus, verbose_name="状态", default=AssessmentStatus.COMPUTED)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="确认人"
    )

    history = History()

    class Meta:
        verbose_name = "评先评优挂钩"
        verbose_name_plural = "评先评优挂钩"
        # Counties first, then departments.
        ordering = ["-year", models.F("department").asc(nulls_first=True), "region__code", "department__kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region"], condition=Q(department__isnull=True), name="enforcement_assessment_county"
            ),
            models.UniqueConstraint(
                fields=["year", "department"],
                condition=Q(department__isnull=False),
                name="enforcement_assessment_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年度 {self.unit}"

    @property
    def unit(self) -> str:
        return self.department.name if self.department_id else self.region.name

    @property
    def reasons_text(self) -> str:
        return "；".join(self.reasons) or "无降档情形"

    @property
    def consequences(self) -> str:
        flags = ((self.downgraded, "综治考评降档"), (self.merit_quota_cancelled, "取消“五比五晒”党政主官记功名额"))
        return "、".join(label for flag, label in flags if flag) or "无"
