import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sanming_safety.choices import RiskGrade, SupervisionLevel, choice_field
from sanming_safety.fields import CreditCodeField, ResidentIdField
from sanming_safety.scoping import ADMIN, GRID_SUPERVISOR, VIEW, WRITER_ROLES, ScopedModel, ScopedQuerySet
from sanming_safety.validators import validate_phone

from .choices import (
    AssessmentPeriod,
    AssessmentRating,
    CheckItem,
    DepartmentKind,
    EnterpriseStatus,
    GridIndustry,
    GuideStatus,
    Industry,
    RegionLevel,
    Role,
    SupervisorLevel,
)


class Region(ScopedModel):
    """行政区划: city → county → township/zone → village, coded by GB/T 2260 and NBS."""

    scope_region = ""
    scope_writers = frozenset({ADMIN})

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    level = choice_field(RegionLevel, verbose_name="层级", db_index=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级区划"
    )
    # Codes of the region and its ancestors ("350400/350404/350404001/"): a
    # subtree is one indexed prefix match, never a recursive walk.
    path = models.CharField("路径", max_length=64, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        indexes = [models.Index(fields=["path"], name="grid_region_path_like", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path if self.parent_id else ''}{self.code}/"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("grid:region_detail", args=[self.pk])

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes from the city down to this region, itself included."""
        return [code for code in self.path.split("/") if code]

    @property
    def county_code(self) -> str | None:
        codes = self.ancestor_codes
        return codes[1] if len(codes) > 1 else None


class Department(ScopedModel):
    """行业部门: an industry regulator at city or county level ("条")."""

    scope_writers = frozenset({ADMIN})

    name = models.CharField("部门名称", max_length=64, unique=True)
    kind = choice_field(DepartmentKind, verbose_name="部门类别", db_index=True)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="departments",
        verbose_name="所属区划",
        limit_choices_to={"level__in": [RegionLevel.CITY, RegionLevel.COUNTY]},
    )
    industries = models.JSONField("监管行业", default=list, blank=True)
    has_inspection_duty = models.BooleanField("承担大检查职责", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "行业部门"
        verbose_name_plural = "行业部门"
        ordering = ["region__code", "kind"]
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="grid_department_one_kind_per_region")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, official, action):
        # Besides its own subtree, a jurisdiction works with the regulators of
        # the levels above it (a township reports to the county's 应急管理局).
        condition = super().scope_q(official, action)
        if condition is None or action != "view" or official.role == ADMIN:
            return condition
        return condition | Q(region__code__in=official.region.ancestor_codes)

    @property
    def industry_labels(self) -> str:
        return "、".join(Industry.label(value) for value in self.industries)


class Enterprise(ScopedModel):
    """生产经营单位: a regulated business in a township."""

    scope_department = "department"

    name = models.CharField("单位名称", max_length=128, db_index=True)
    credit_code = CreditCodeField(unique=True)
    industry = choice_field(Industry, verbose_name="行业", db_index=True)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="enterprises",
        verbose_name="所在乡镇（街道）",
        limit_choices_to={"level__in": [RegionLevel.TOWNSHIP, RegionLevel.ZONE]},
    )
    address = models.CharField("地址", max_length=255, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="enterprises", verbose_name="监管部门", null=True, blank=True
    )
    supervision_level = choice_field(SupervisionLevel, verbose_name="监管层级", default=SupervisionLevel.TOWNSHIP)
    risk_grade = choice_field(RiskGrade, verbose_name="风险等级", default=RiskGrade.BLUE, db_index=True)
    weak_foundation = models.BooleanField("基础薄弱", default=False)
    principal_name = models.CharField("主要负责人", max_length=32)
    principal_id_number = ResidentIdField("负责人身份证号")
    principal_phone = models.CharField("负责人电话", max_length=20, validators=[validate_phone])
    status = choice_field(EnterpriseStatus, verbose_name="经营状态", default=EnterpriseStatus.OPERATING, db_index=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "生产经营单位"
        verbose_name_plural = "生产经营单位"
        ordering = ["region__code", "name"]
        indexes = [models.Index(fields=["region", "industry"], name="grid_enterprise_region_ind")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grid:enterprise_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, official, action):
        # A grid supervisor answers for the enterprises of their own grids only.
        condition = super().scope_q(official, action)
        if condition is None or official.role != GRID_SUPERVISOR:
            return condition
        return condition & Q(
            pk__in=Grid.enterprises.through.objects.filter(grid__supervisors__official=official).values("enterprise_id")
        )

    def clean(self):
        if (self.longitude is None) != (self.latitude is None):
            raise ValidationError({"latitude": "经度和纬度须同时填写或同时留空。"})
        if self.longitude is not None and not (115 <= self.longitude <= 121 and 23 <= self.latitude <= 29):
            raise ValidationError({"longitude": "坐标不在福建省范围内，请核对经纬度。"})


class OfficialQuerySet(ScopedQuerySet):
    def covering(self, region: Region, *, roles=None, department_kind: str | None = None):
        """Active officials whose jurisdiction contains ``region``: who to notify about it.

        The inverse of ``for_user``: a notice about a township's record goes
        only to people who can see that township.
        """
        officials = self.filter(region__code__in=region.ancestor_codes, user__is_active=True)
        if roles is not None:
            officials = officials.filter(role__in=roles)
        if department_kind is not None:
            officials = officials.filter(Q(department__isnull=True) | Q(department__kind=department_kind))
        return officials


class Official(ScopedModel):
    """A user's jurisdiction and role: the region subtree they answer for."""

    scope_writers = frozenset({ADMIN})

    objects = OfficialQuerySet.as_manager()

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="official", verbose_name="用户")
    name = models.CharField("姓名", max_length=32)
    region = models.ForeignKey(Region, models.PROTECT, related_name="officials", verbose_name="管辖区划")
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="officials", verbose_name="所属部门"
    )
    role = choice_field(Role, verbose_name="角色", db_index=True)
    post = models.CharField("职务", max_length=64, blank=True, help_text="如：副市长、副县长、安委办主任")
    phone = models.CharField("电话", max_length=20, blank=True, validators=[validate_phone])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering = ["region__code", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.region.name} {Role.label(self.role)}）"

    def clean(self):
        if self.role == Role.DEPARTMENT and not self.department_id:
            raise ValidationError({"department": "行业部门人员须指定所属部门。"})
        if self.department_id and self.region_id and not self.region.path.startswith(self.department.region.path):
            raise ValidationError({"department": "所属部门须在管辖区划内或其上级。"})


TOWNSHIP_LEVELS = [RegionLevel.TOWNSHIP, RegionLevel.ZONE]


class Grid(ScopedModel):
    """网格: a township's supervision grid for one industry, and the enterprises in it."""

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="grids",
        verbose_name="乡镇（街道）",
        limit_choices_to={"level__in": TOWNSHIP_LEVELS},
    )
    industry = choice_field(GridIndustry, verbose_name="网格类别", db_index=True)
    name = models.CharField("网格名称", max_length=64, blank=True, help_text="类别为“其他”时必填，如：景区网格")
    enterprises = models.ManyToManyField(Enterprise, related_name="grids", blank=True, verbose_name="网格内单位")
    note = models.CharField("备注", max_length=255, blank=True)
    is_active = models.BooleanField("启用", default=True)

    history = HistoricalRecords(m2m_fields=[enterprises])

    class Meta:
        verbose_name = "网格"
        verbose_name_plural = "网格"
        ordering = ["region__code", "industry", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "industry", "name"], name="grid_grid_unique_name")]

    def __str__(self) -> str:
        return f"{self.region.name}·{self.label}"

    @property
    def label(self) -> str:
        return self.name or GridIndustry.label(self.industry)

    def get_absolute_url(self) -> str:
        return reverse("grid:grid_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, official, action):
        condition = super().scope_q(official, action)
        if condition is None or official.role != GRID_SUPERVISOR:
            return condition
        return condition & Q(supervisors__official=official)

    def clean(self):
        if self.industry == GridIndustry.OTHER and not self.name.strip():
            raise ValidationError({"name": "网格类别为“其他”时须填写网格名称。"})


class GridSupervisorQuerySet(ScopedQuerySet):
    def active(self, on: datetime.date | None = None):
        """Supervisors in office on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(active_from__lte=on) | Q(active_from__isnull=True)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=on)
        )


class GridSupervisor(ScopedModel):
    """网格督导员: a person answering for grids of a township, at one of four levels."""

    objects = GridSupervisorQuerySet.as_manager()

    name = models.CharField("姓名", max_length=32)
    phone = models.CharField("手机号码", max_length=20, unique=True, validators=[validate_phone])
    position = models.CharField("职务", max_length=64, help_text="如：镇党委书记、副镇长、安监站站长、村支书")
    level = choice_field(SupervisorLevel, verbose_name="督导员层级", db_index=True)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="grid_supervisors",
        verbose_name="所在乡镇（街道）",
        limit_choices_to={"level__in": TOWNSHIP_LEVELS},
    )
    village = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="village_supervisors",
        verbose_name="所在村（居）",
        limit_choices_to={"level": RegionLevel.VILLAGE},
        help_text="三级督导员（村居主干）必填",
    )
    grids = models.ManyToManyField(Grid, related_name="supervisors", blank=True, verbose_name="负责网格")
    active_from = models.DateField("任职起始", null=True, blank=True)
    active_to = models.DateField("任职截止", null=True, blank=True, help_text="离任后填写；留空表示在任")
    official = models.OneToOneField(
        Official,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="grid_supervisor",
        verbose_name="登录账号",
        limit_choices_to={"role": Role.GRID_SUPERVISOR},
        help_text="角色为网格督导员的工作人员账号；关联后本人可登录查看所负责网格",
    )

    history = HistoricalRecords(m2m_fields=[grids])

    class Meta:
        verbose_name = "网格督导员"
        verbose_name_plural = "网格督导员"
        ordering = ["region__code", "level", "name"]
        indexes = [models.Index(fields=["region", "level"], name="grid_supervisor_region_level")]

    def __str__(self) -> str:
        return f"{self.name}（{SupervisorLevel.label(self.level)}）"

    def get_absolute_url(self) -> str:
        return reverse("grid:supervisor_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, official, action):
        condition = super().scope_q(official, action)
        if condition is None or official.role != GRID_SUPERVISOR:
            return condition
        return condition & Q(official=official)

    def is_active_on(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.active_from is None or self.active_from <= on) and (self.active_to is None or self.active_to >= on)

    def clean(self):
        errors = {}
        if self.region_id and self.region.level not in TOWNSHIP_LEVELS:
            errors["region"] = "所在乡镇（街道）须为乡镇、街道或开发区。"
        if self.level == SupervisorLevel.THIRD:
            if not self.village_id:
                errors["village"] = "三级督导员须填写所在村（居）。"
            elif self.region_id and self.village.parent_id != self.region_id:
                errors["village"] = f"所在村（居）“{self.village.name}”不属于{self.region.name}。"
        elif self.village_id:
            errors["village"] = "只有三级督导员（村居主干）填写所在村（居）。"
        if self.active_from and self.active_to and self.active_to < self.active_from:
            errors["active_to"] = "任职截止不能早于任职起始。"
        if self.official_id and self.region_id and self.official.region_id != self.region_id:
            errors["official"] = "登录账号的管辖区划须为督导员所在乡镇（街道）。"
        if self.official_id and self.official.role != Role.GRID_SUPERVISOR:
            errors["official"] = "登录账号的角色须为“网格督导员”。"
        if not errors and self.region_id and not self._township_keeps_a_chief():
            errors["level"] = f"{self.region.name}尚无在任总督导员：请先登记总督导员（乡镇党委、政府主要负责人）。"
        if errors:
            raise ValidationError(errors)

    def _township_keeps_a_chief(self) -> bool:
        """Every township with supervisors in office has a chief among them."""
        if self.level == SupervisorLevel.CHIEF and self.is_active_on():
            return True
        if getattr(self, "chief_pending", False):  # a chief in the same import file
            return True
        others = GridSupervisor.objects.active().filter(region_id=self.region_id).exclude(pk=self.pk)
        if others.filter(level=SupervisorLevel.CHIEF).exists():
            return True
        # Leaving office as the township's last supervisor leaves nobody to head.
        return not self.is_active_on() and not others.exists()


def validate_photo_size(upload) -> None:
    if upload.size > 5 * 1024 * 1024:
        raise ValidationError("照片不能超过 5 MB。")


def next_guide_number(region: Region, year: int) -> int:
    last = SupervisionGuide.objects.filter(region=region, year=year).aggregate(n=models.Max("number"))["n"]
    return (last or 0) + 1


class SupervisionGuide(ScopedModel):
    """每月督导指南: the numbered monthly guide a committee sends to the grid supervisors below it."""

    scope_writers = frozenset({ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE})

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="supervision_guides",
        verbose_name="发布单位区划",
        limit_choices_to={"level__in": [RegionLevel.CITY, RegionLevel.COUNTY]},
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    number = models.PositiveSmallIntegerField("期号", help_text="第N期")
    month = models.DateField("所属月份", help_text="该月任一天，按月归档")
    title = models.CharField("标题", max_length=128)
    content = models.TextField("督导要点")
    attachment = models.FileField(
        "附件",
        upload_to="guides/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "doc", "docx", "xls", "xlsx", "wps"])],
    )
    status = choice_field(GuideStatus, verbose_name="状态", default=GuideStatus.DRAFT, editable=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="发布人"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "每月督导指南"
        verbose_name_plural = "每月督导指南"
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "number"], name="grid_guide_unique_number")]

    def __str__(self) -> str:
        return f"《每月督导指南》{self.year}年第{self.number}期：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("grid:guide_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, official, action):
        # Supervisors and townships read the guides of the committees above them.
        condition = super().scope_q(official, action)
        if condition is None or action != VIEW or official.role == ADMIN:
            return condition
        return condition | Q(region__code__in=official.region.ancestor_codes, status=GuideStatus.PUBLISHED)

    def clean(self):
        if self.month and self.year and self.month.year != self.year:
            raise ValidationError({"month": "所属月份须在该年度内。"})


class GuideAcknowledgement(ScopedModel):
    """A supervisor's receipt of a guide: created on publishing, stamped when read."""

    scope_region = "supervisor__region"
    scope_writers = WRITER_ROLES | {GRID_SUPERVISOR}

    guide = models.ForeignKey(
        SupervisionGuide, models.CASCADE, related_name="acknowledgements", verbose_name="督导指南"
    )
    supervisor = models.ForeignKey(
        GridSupervisor, models.CASCADE, related_name="acknowledgements", verbose_name="网格督导员"
    )
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True, db_index=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, verbose_name="签收操作人"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "督导指南签收"
        verbose_name_plural = "督导指南签收"
        ordering = ["guide", "supervisor__region__code", "supervisor__name"]
        constraints = [models.UniqueConstraint(fields=["guide", "supervisor"], name="grid_guide_ack_once")]

    def __str__(self) -> str:
        return f"{self.supervisor.name} · 第{self.guide.number}期"

    @classmethod
    def scope_q(cls, official, action):
        condition = super().scope_q(official, action)
        if condition is None or official.role != GRID_SUPERVISOR:
            return condition
        return condition & Q(supervisor__official=official)


class SupervisionVisit(ScopedModel):
    """督导记录: a supervisor's visit to an enterprise of their grid, with findings and photos."""

    scope_writers = WRITER_ROLES | {GRID_SUPERVISOR}

    supervisor = models.ForeignKey(GridSupervisor, models.PROTECT, related_name="visits", verbose_name="网格督导员")
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, related_name="supervision_visits", verbose_name="督导单位"
    )
    # The enterprise's township, kept on the row so the jurisdiction is one indexed lookup.
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="supervision_visits", verbose_name="乡镇（街道）", editable=False
    )
    visited_on = models.DateField("督导日期", db_index=True)
    items_checked = models.JSONField("督导内容", default=list, blank=True)
    prompt_list_delivered = models.BooleanField("已送达违法行为提示清单", default=False)
    note = models.TextField("情况说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="填报人"
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "督导记录"
        verbose_name_plural = "督导记录"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["region", "visited_on"], name="grid_visit_region_date")]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.enterprise.name}"

    def get_absolute_url(self) -> str:
        return reverse("grid:visit_detail", args=[self.pk])

    @property
    def items_label(self) -> str:
        return "、".join(CheckItem.label(value) for value in self.items_checked)

    @classmethod
    def scope_q(cls, official, action):
        condition = super().scope_q(official, action)
        if condition is None or official.role != GRID_SUPERVISOR:
            return condition
        return condition & Q(supervisor__official=official)


class VisitFinding(ScopedModel):
    """A problem found on a visit; the hazards app may open a hazard from it."""

    scope_region = "visit__region"
    scope_writers = WRITER_ROLES | {GRID_SUPERVISOR}

    visit = models.ForeignKey(SupervisionVisit, models.CASCADE, related_name="findings", verbose_name="督导记录")
    description = models.CharField("发现问题", max_length=500)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "督导发现问题"
        verbose_name_plural = "督导发现问题"
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.description[:40]

    @classmethod
    def scope_q(cls, official, action):
        condition = super().scope_q(official, action)
        if condition is None or official.role != GRID_SUPERVISOR:
            return condition
        return condition & Q(visit__supervisor__official=official)


class VisitPhoto(ScopedModel):
    scope_region = "visit__region"
    scope_writers = WRITER_ROLES | {GRID_SUPERVISOR}

    visit = models.ForeignKey(SupervisionVisit, models.CASCADE, related_name="photos", verbose_name="督导记录")
    image = models.ImageField(
        "照片",
        upload_to="visits/%Y/%m/",
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"]), validate_photo_size],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "督导照片"
        verbose_name_plural = "督导照片"
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.image.name

    @classmethod
    def scope_q(cls, official, action):
        condition = super().scope_q(official, action)
        if condition is None or official.role != GRID_SUPERVISOR:
            return condition
        return condition & Q(visit__supervisor__official=official)


def period_bounds(year: int, period: str) -> tuple[datetime.date, datetime.date]:
    """First day of an assessment period and first day after it."""
    if period == AssessmentPeriod.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    quarter = int(period[1])
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return start, end


class SupervisorAssessment(ScopedModel):
    """考核及激励奖惩: a supervisor's quarterly or yearly score and rating, beside computed activity."""

    scope_region = "supervisor__region"

    supervisor = models.ForeignKey(
        GridSupervisor, models.PROTECT, related_name="assessments", verbose_name="网格督导员"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    period = choice_field(AssessmentPeriod, verbose_name="考核周期")
    period_start = models.DateField("周期起", editable=False)
    period_end = models.DateField("周期止（不含）", editable=False)
    score = models.DecimalField(
        "考核得分",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    rating = choice_field(AssessmentRating, verbose_name="考核等次", blank=True)
    reward_penalty = models.TextField("奖惩情况", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "督导员考核"
        verbose_name_plural = "督导员考核"
        ordering = ["-year", "-period", "supervisor__region__code", "supervisor__name"]
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "year", "period"], name="grid_assessment_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.supervisor.name} {self.year}年{AssessmentPeriod.label(self.period)}考核"

    def get_absolute_url(self) -> str:
        return reverse("grid:assessment_detail", args=[self.pk])

    @property
    def region(self):
        return self.supervisor.region

    def save(self, *args, **kwargs):
        self.period_start, self.period_end = period_bounds(self.year, self.period)
        super().save(*args, **kwargs)

    def clean(self):
        if self.score is not None and not self.rating:
            raise ValidationError({"rating": "已填写考核得分的，须同时评定考核等次。"})
