import datetime

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Substr
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from base.choices import WRITER_ROLES, RiskGrade, Role, SupervisionLevel, choice_field, choice_list_field
from base.fields import CreditCodeField, ResidentIdField
from base.history import History
from base.privacy import PRIVATE
from base.scoping import ScopedModel, ScopedQuerySet
from base.validators import validate_coordinates, validate_phone

from .choices import (
    AssessmentPeriod,
    AssessmentRating,
    CheckItem,
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


def _subquery_count(queryset, group: str, field: str = "pk", distinct: bool = False) -> Coalesce:
    """``queryset`` counted per ``group`` as a correlated subquery: rows never multiply, a page costs one query."""
    counted = queryset.order_by().values(group).annotate(n=Count(field, distinct=distinct)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_activity(queryset, *, start, end, supervisor: str):
    """Rows with their supervisor's visits, enterprises covered, findings and guides acknowledged in ``[start, end)``.

    ``start`` and ``end`` are dates, or ``OuterRef`` to the row's own period (an assessment).
    """
    visits = SupervisionVisit.objects.filter(supervisor=OuterRef(supervisor), visited_on__gte=start, visited_on__lt=end)
    findings = VisitFinding.objects.filter(
        visit__supervisor=OuterRef(supervisor), visit__visited_on__gte=start, visit__visited_on__lt=end
    )
    acknowledged = GuideAcknowledgement.objects.filter(
        supervisor=OuterRef(supervisor), acknowledged_at__date__gte=start, acknowledged_at__date__lt=end
    )
    return queryset.annotate(
        activity_visits=_subquery_count(visits, "supervisor"),
        activity_enterprises=_subquery_count(visits, "supervisor", "enterprise", distinct=True),
        activity_findings=_subquery_count(findings, "visit__supervisor"),
        activity_guides=_subquery_count(acknowledged, "supervisor"),
    )


# Sent in the transaction that moved ``region`` and its subtree (new parent or code), with the path it had
# (``was``): a model that stores something of a region's ancestors (a hazard its county) renews it for the
# subtree. A receiver may return what it carried along ("隐患690条"), for the notice of the move.
region_moved = Signal()
# Sent right after ``region_moved``, with what its receivers carried along (``carried``): the notice of the move.
region_carried = Signal()


class Region(ScopedModel):
    """行政区划: city → county → township/zone → village, coded by GB/T 2260 and NBS."""

    scope_region = ""
    scope_writers = frozenset({Role.ADMIN})

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    level = choice_field(RegionLevel, verbose_name="层级", db_index=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级区划"
    )
    # Codes of the region and its ancestors ("350400/350404/350404001/"): a
    # subtree is one indexed prefix match, never a recursive walk.
    path = models.CharField("路径", max_length=64, unique=True, editable=False)

    history = History()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        indexes = [models.Index(fields=["path"], name="grid_region_path_like", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.pk and self.parent_id and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": "上级区划不能是本区划或其下级区划。"})

    def save(self, *args, **kwargs):
        was = self.path
        self.path = f"{self.parent.path if self.parent_id else ''}{self.code}/"
        with transaction.atomic():
            super().save(*args, **kwargs)
            if was and was != self.path:
                # An administrative adjustment (a township moved to another county): the subtree moves with it.
                Region.objects.filter(path__startswith=was).update(
                    path=Concat(Value(self.path), Substr("path", len(was) + 1))
                )
                responses = region_moved.send(sender=Region, region=self, was=was)
                carried = [text for _, text in responses if text]
                region_carried.send(sender=Region, region=self, was=was, carried=carried)

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

    # Besides its own subtree, a jurisdiction works with the regulators of the
    # levels above it (a township reports to the county's 应急管理局).
    scope_from_above = Q()
    scope_writers = frozenset({Role.ADMIN})

    name = models.CharField("部门名称", max_length=64, unique=True)
    kind = choice_field(DepartmentKind, verbose_name="部门类别", db_index=True)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="departments",
        verbose_name="所属区划",
        limit_choices_to={"level__in": [RegionLevel.CITY, RegionLevel.COUNTY]},
    )
    industries = choice_list_field(Industry, "监管行业")
    has_inspection_duty = models.BooleanField("承担大检查职责", default=True)

    history = History()

    class Meta:
        verbose_name = "行业部门"
        verbose_name_plural = "行业部门"
        ordering = ["region__code", "kind"]
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="grid_department_one_kind_per_region")]

    def __str__(self) -> str:
        return self.name


class Enterprise(ScopedModel):
    """生产经营单位: a regulated business in a township."""

    scope_department = "department"
    scope_supervisor = "grids__supervisors"

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

    history = History(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "生产经营单位"
        verbose_name_plural = "生产经营单位"
        ordering = ["region__code", "name"]
        indexes = [
            models.Index(fields=["region", "industry"], name="grid_enterprise_region_ind"),
            # A township's dashboard counts its own units (by grade, in no grid, principals trained, on the
            # campaign's lists) from this index alone. Without it PostgreSQL prices a unit read through the
            # region index as one page read at random, and hashes the province's 100,000 units instead
            # (35 ms a count at 10x).
            models.Index(
                fields=["region"],
                include=[
                    "id",
                    "status",
                    "risk_grade",
                    "weak_foundation",
                    "principal_id_number",
                    "department",
                    "supervision_level",
                    "industry",
                ],
                name="grid_enterprise_region_cover",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        validate_coordinates(self.longitude, self.latitude)


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

    scope_writers = frozenset({Role.ADMIN})

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

    history = History()

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


class GridQuerySet(ScopedQuerySet):
    def with_counts(self):
        """Grids with the number of enterprises in them and of supervisors in office on them."""
        supervisors = GridSupervisor.grids.through.objects.filter(
            grid=OuterRef("pk"), gridsupervisor__in=GridSupervisor.objects.active()
        )
        return self.annotate(
            enterprise_count=_subquery_count(Grid.enterprises.through.objects.filter(grid=OuterRef("pk")), "grid"),
            supervisor_count=_subquery_count(supervisors, "grid"),
        )


class Grid(ScopedModel):
    """网格: a township's supervision grid for one industry, and the enterprises in it."""

    scope_supervisor = "supervisors"

    objects = GridQuerySet.as_manager()

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

    history = History(m2m_fields=[enterprises])

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

    def clean(self):
        if self.industry == GridIndustry.OTHER and not self.name.strip():
            raise ValidationError({"name": "网格类别为“其他”时须填写网格名称。"})

    def clean_related(self, related: dict) -> None:
        outside = [e.name for e in related.get("enterprises", ()) if self.region_id and e.region_id != self.region_id]
        if outside:
            raise ValidationError({"enterprises": f"网格内单位须在{self.region.name}：" + "、".join(outside[:5])})


class GridSupervisorQuerySet(ScopedQuerySet):
    def active(self, on: datetime.date | None = None):
        """Supervisors in office on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(active_from__lte=on) | Q(active_from__isnull=True)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=on)
        )

    def with_activity(self, *, start: datetime.date, end: datetime.date):
        """Supervisors with their visits, enterprises covered, findings and guides acknowledged in ``[start, end)``."""
        return _with_activity(self, start=start, end=end, supervisor="pk")


class GridSupervisor(ScopedModel):
    """网格督导员: a person answering for grids of a township, at one of four levels."""

    scope_supervisor = ""

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

    history = History(m2m_fields=[grids])

    class Meta:
        verbose_name = "网格督导员"
        verbose_name_plural = "网格督导员"
        ordering = ["region__code", "level", "name"]
        indexes = [models.Index(fields=["region", "level"], name="grid_supervisor_region_level")]

    def __str__(self) -> str:
        return f"{self.name}（{SupervisorLevel.label(self.level)}）"

    def is_active_on(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.active_from is None or self.active_from <= on) and (self.active_to is None or self.active_to >= on)

    def clean_related(self, related: dict) -> None:
        outside = [
            str(grid) for grid in related.get("grids", ()) if self.region_id and grid.region_id != self.region_id
        ]
        if outside:
            raise ValidationError({"grids": f"负责网格须为{self.region.name}的网格：" + "、".join(outside[:5])})

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


class SupervisionGuideQuerySet(ScopedQuerySet):
    def with_receipt_counts(self, user):
        """Guides with acknowledgements sent and done among the supervisors ``user`` can see."""
        receipts = GuideAcknowledgement.objects.for_user(user).filter(guide=OuterRef("pk"))
        return self.annotate(
            receipt_total=_subquery_count(receipts, "guide"),
            receipt_read=_subquery_count(receipts.filter(acknowledged_at__isnull=False), "guide"),
        )


class SupervisionGuide(ScopedModel):
    """每月督导指南: the numbered monthly guide a committee sends to the grid supervisors below it."""

    # Supervisors and townships read the guides the committees above them published.
    scope_from_above = Q(status=GuideStatus.PUBLISHED)
    scope_writers = frozenset({Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE})

    objects = SupervisionGuideQuerySet.as_manager()

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

    history = History()

    class Meta:
        verbose_name = "每月督导指南"
        verbose_name_plural = "每月督导指南"
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "number"], name="grid_guide_unique_number")]

    def __str__(self) -> str:
        return f"《每月督导指南》{self.year}年第{self.number}期：{self.title}"

    def clean(self):
        if self.month and self.year and self.month.year != self.year:
            raise ValidationError({"month": "所属月份须在该年度内。"})


class GuideAcknowledgement(ScopedModel):
    """A supervisor's receipt of a guide: created on publishing, stamped when read."""

    scope_region = "supervisor__region"
    scope_supervisor = "supervisor"
    scope_writers = WRITER_ROLES | {Role.GRID_SUPERVISOR}

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

    history = History()

    class Meta:
        verbose_name = "督导指南签收"
        verbose_name_plural = "督导指南签收"
        ordering = ["guide", "supervisor__region__code", "supervisor__name"]
        constraints = [models.UniqueConstraint(fields=["guide", "supervisor"], name="grid_guide_ack_once")]

    def __str__(self) -> str:
        return f"{self.supervisor.name} · 第{self.guide.number}期"


class SupervisionVisitQuerySet(ScopedQuerySet):
    def with_finding_counts(self):
        """Visits with the number of their findings."""
        return self.annotate(finding_count=_subquery_count(VisitFinding.objects.filter(visit=OuterRef("pk")), "visit"))


class SupervisionVisit(ScopedModel):
    """督导记录: a supervisor's visit to an enterprise of their grid, with findings and photos."""

    scope_department = "enterprise__department"
    scope_supervisor = "supervisor"
    scope_writers = WRITER_ROLES | {Role.GRID_SUPERVISOR}

    objects = SupervisionVisitQuerySet.as_manager()

    supervisor = models.ForeignKey(GridSupervisor, models.PROTECT, related_name="visits", verbose_name="网格督导员")
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, related_name="supervision_visits", verbose_name="督导单位"
    )
    # The enterprise's township, kept on the row so the jurisdiction is one indexed lookup.
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="supervision_visits", verbose_name="乡镇（街道）", editable=False
    )
    visited_on = models.DateField("督导日期", db_index=True)
    items_checked = choice_list_field(CheckItem, "督导内容")
    prompt_list_delivered = models.BooleanField("已送达违法行为提示清单", default=False)
    note = models.TextField("情况说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, editable=False, verbose_name="填报人"
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "督导记录"
        verbose_name_plural = "督导记录"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["region", "visited_on"], name="grid_visit_region_date")]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.enterprise.name}"

    @property
    def items_label(self) -> str:
        return "、".join(CheckItem.label(value) for value in self.items_checked)


class VisitFinding(ScopedModel):
    """A problem found on a visit; the hazards app may open a hazard from it."""

    scope_region = "visit__region"
    scope_department = "visit__enterprise__department"
    scope_supervisor = "visit__supervisor"
    scope_writers = WRITER_ROLES | {Role.GRID_SUPERVISOR}

    visit = models.ForeignKey(SupervisionVisit, models.CASCADE, related_name="findings", verbose_name="督导记录")
    description = models.CharField("发现问题", max_length=500)

    history = History()

    class Meta:
        verbose_name = "督导发现问题"
        verbose_name_plural = "督导发现问题"
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.description[:40]


class VisitPhoto(ScopedModel):
    scope_region = "visit__region"
    scope_department = "visit__enterprise__department"
    scope_supervisor = "visit__supervisor"
    scope_writers = WRITER_ROLES | {Role.GRID_SUPERVISOR}

    visit = models.ForeignKey(SupervisionVisit, models.CASCADE, related_name="photos", verbose_name="督导记录")
    image = models.ImageField(
        "照片",
        upload_to="visits/%Y/%m/",
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"]), validate_photo_size],
    )

    history = History()

    class Meta:
        verbose_name = "督导照片"
        verbose_name_plural = "督导照片"
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.image.name


def period_bounds(year: int, period: str) -> tuple[datetime.date, datetime.date]:
    """First day of an assessment period and first day after it."""
    if period == AssessmentPeriod.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    quarter = int(period[1])
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return start, end


class SupervisorAssessmentQuerySet(ScopedQuerySet):
    def with_activity(self):
        """Assessments with their supervisor's activity in the assessed period."""
        return _with_activity(self, start=OuterRef("period_start"), end=OuterRef("period_end"), supervisor="supervisor")


class SupervisorAssessment(ScopedModel):
    """考核及激励奖惩: a supervisor's quarterly or yearly score and rating, beside computed activity."""

    scope_region = "supervisor__region"
    # A grid supervisor sees their own scores and rewards, not their colleagues'.
    scope_supervisor = "supervisor"

    objects = SupervisorAssessmentQuerySet.as_manager()

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

    history = History()

    class Meta:
        verbose_name = "督导员考核"
        verbose_name_plural = "督导员考核"
        ordering = ["-year", "-period", "supervisor__region__code", "supervisor__name"]
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "year", "period"], name="grid_assessment_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.supervisor.name} {self.year}年{AssessmentPeriod.label(self.period)}考核"

    @property
    def region(self):
        return self.supervisor.region

    def save(self, *args, **kwargs):
        self.period_start, self.period_end = period_bounds(self.year, self.period)
        super().save(*args, **kwargs)

    def clean(self):
        if self.score is not None and not self.rating:
            raise ValidationError({"rating": "已填写考核得分的，须同时评定考核等次。"})


HOUSE_CHIEF_LEVELS = {RegionLevel.COUNTY: "县级房长", RegionLevel.TOWNSHIP: "乡级房长", RegionLevel.ZONE: "乡级房长"}


class HouseChief(ScopedModel):
    """房长: the county, township or village official answering for rural housing there."""

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="house_chiefs",
        verbose_name="负责区划",
        limit_choices_to={"level__in": [RegionLevel.COUNTY, *TOWNSHIP_LEVELS, RegionLevel.VILLAGE]},
        help_text="县级房长选县（市、区），乡级选乡镇（街道），村级选村（居）",
    )
    name = models.CharField("姓名", max_length=32)
    position = models.CharField("职务", max_length=64)
    phone = models.CharField("手机号码", max_length=20, validators=[validate_phone])
    is_active = models.BooleanField("在任", default=True)

    history = History()

    class Meta:
        verbose_name = "房长"
        verbose_name_plural = "房长"
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.region.name}{self.level_label}）"

    @property
    def level_label(self) -> str:
        return HOUSE_CHIEF_LEVELS.get(self.region.level, "村级房长")


class Craftsman(ScopedModel):
    """农村建筑工匠: a registered rural builder."""

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="craftsmen",
        verbose_name="登记地",
        limit_choices_to={"level__in": [RegionLevel.COUNTY, *TOWNSHIP_LEVELS]},
    )
    name = models.CharField("姓名", max_length=32)
    id_number = ResidentIdField("身份证号码", unique=True)
    phone = models.CharField("手机号码", max_length=20, validators=[validate_phone])
    trade = models.CharField("工种", max_length=32, blank=True, help_text="如：泥瓦工、木工、钢筋工")
    certificate_no = models.CharField("培训合格证书编号", max_length=64, blank=True)
    association_member = models.BooleanField("工匠协会会员", default=False)

    history = History()

    class Meta:
        verbose_name = "农村建筑工匠"
        verbose_name_plural = "农村建筑工匠"
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return self.name


class SafetyExpert(ScopedModel):
    """安全专家 of a county's technical support group (技术支撑群)."""

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="safety_experts",
        verbose_name="所属县（市、区）",
        limit_choices_to={"level__in": [RegionLevel.CITY, RegionLevel.COUNTY]},
    )
    name = models.CharField("姓名", max_length=32)
    specialty = models.CharField("专业", max_length=64, help_text="如：结构、岩土、建筑施工")
    organisation = models.CharField("工作单位", max_length=128, blank=True)
    title = models.CharField("职称", max_length=32, blank=True)
    phone = models.CharField("手机号码", max_length=20, validators=[validate_phone])
    in_support_group = models.BooleanField("已入技术支撑群", default=True)

    history = History()

    class Meta:
        verbose_name = "安全专家"
        verbose_name_plural = "安全专家"
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return self.name


class RuralHouseQuerySet(ScopedQuerySet):
    def with_inspection_counts(self):
        """Rural houses with the number of their inspections."""
        return self.annotate(
            inspection_count=_subquery_count(HouseInspection.objects.filter(house=OuterRef("pk")), "house")
        )


class RuralHouse(ScopedModel):
    """农房: a rural self-built house project, its stage, builder and the house chiefs over it."""

    objects = RuralHouseQuerySet.as_manager()

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="rural_houses",
        verbose_name="乡镇（街道）",
        limit_choices_to={"level__in": TOWNSHIP_LEVELS},
    )
    village = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="village_houses",
        verbose_name="所在村（居）",
        limit_choices_to={"level": RegionLevel.VILLAGE},
    )
    owner_name = models.CharField("建房人", max_length=32)
    owner_phone = models.CharField("建房人电话", max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField("建房地址", max_length=255)
    floors = models.PositiveSmallIntegerField(
        "层数", validators=[MinValueValidator(1, "层数至少为1层。"), MaxValueValidator(6, "农村自建房层数不超过6层。")]
    )
    area = models.DecimalField(
        "建筑面积（㎡）", max_digits=8, decimal_places=1, validators=[MinValueValidator(1, "建筑面积须大于0。")]
    )
    stage = choice_field(HouseStage, verbose_name="建设阶段", default=HouseStage.APPLIED, db_index=True)
    applied_on = models.DateField("申请日期")
    approved_on = models.DateField("审批日期", null=True, blank=True)
    started_on = models.DateField("开工日期", null=True, blank=True)
    completed_on = models.DateField("竣工日期", null=True, blank=True)
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    craftsman = models.ForeignKey(
        Craftsman, models.PROTECT, null=True, blank=True, related_name="houses", verbose_name="承建工匠"
    )
    chiefs = models.ManyToManyField(HouseChief, related_name="houses", blank=True, verbose_name="责任房长")

    history = History(m2m_fields=[chiefs])

    # The date each stage requires, in order.
    STAGE_DATES = [
        (HouseStage.APPROVED, "approved_on"),
        (HouseStage.UNDER_CONSTRUCTION, "started_on"),
        (HouseStage.COMPLETED, "completed_on"),
        (HouseStage.ACCEPTED, "accepted_on"),
    ]

    class Meta:
        verbose_name = "农村自建房"
        verbose_name_plural = "农村自建房"
        ordering = ["region__path", "-applied_on"]
        indexes = [models.Index(fields=["region", "stage"], name="grid_house_region_stage")]

    def __str__(self) -> str:
        return f"{self.owner_name}（{self.address}）"

    def clean_related(self, related: dict) -> None:
        village = self.village if self.village_id else None
        chiefs = related.get("chiefs", ())
        outside = [str(chief) for chief in chiefs if village and not village.path.startswith(chief.region.path)]
        if outside:
            raise ValidationError(
                {"chiefs": f"责任房长须为{village.name}及其所在乡镇、县的房长：" + "、".join(outside)}
            )

    def clean(self):
        errors = {}
        if self.village_id and self.region_id and self.village.parent_id != self.region_id:
            errors["village"] = f"所在村（居）“{self.village.name}”不属于{self.region.name}。"
        reached = HouseStage.values.index(self.stage) if self.stage in HouseStage.values else 0
        previous, previous_name = self.applied_on, "applied_on"
        for stage, name in self.STAGE_DATES:
            value = getattr(self, name)
            label = self._meta.get_field(name).verbose_name
            if HouseStage.values.index(stage) <= reached and value is None:
                errors[name] = f"建设阶段为“{HouseStage.label(self.stage)}”时须填写{label}。"
            if value is not None and previous is not None and value < previous:
                errors[name] = f"{label}不能早于{self._meta.get_field(previous_name).verbose_name}。"
            if value is not None:
                previous, previous_name = value, name
        if errors:
            raise ValidationError(errors)


class HouseInspection(ScopedModel):
    """A check of a rural house during construction, with its findings."""

    scope_region = "house__region"

    house = models.ForeignKey(RuralHouse, models.CASCADE, related_name="inspections", verbose_name="农房")
    inspected_on = models.DateField("检查日期")
    inspector = models.CharField("检查人", max_length=64)
    stage = choice_field(HouseStage, verbose_name="检查时阶段")
    findings = models.TextField("发现问题", blank=True)
    passed = models.BooleanField("检查合格", default=True)

    history = History()

    class Meta:
        verbose_name = "农房检查"
        verbose_name_plural = "农房检查"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.inspected_on:%Y-%m-%d} {self.house.owner_name}"

    def get_absolute_url(self) -> str:
        return reverse("grid:rural_house_detail", args=[self.house_id])

    def clean(self):
        if not self.passed and not self.findings.strip():
            raise ValidationError({"findings": "检查不合格的，须填写发现问题。"})


class HousingTraining(ScopedModel):
    """全覆盖应急培训: a session on rural self-built housing safety, with attendance by kind."""

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="housing_trainings",
        verbose_name="举办区划",
        limit_choices_to={"level__in": [RegionLevel.COUNTY, *TOWNSHIP_LEVELS]},
    )
    held_on = models.DateField("培训日期")
    title = models.CharField("培训主题", max_length=128)
    craftsmen = models.PositiveIntegerField("工匠人次", default=0)
    officials = models.PositiveIntegerField("乡镇干部人次", default=0)
    builders = models.PositiveIntegerField("建房人人次", default=0)

    history = History()

    class Meta:
        verbose_name = "农房安全培训"
        verbose_name_plural = "农房安全培训"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    @admin.display(description="参训人数")
    def attendance(self) -> int:
        return self.craftsmen + self.officials + self.builders

    def clean(self):
        if self.craftsmen + self.officials + self.builders == 0:
            raise ValidationError({"craftsmen": "参训人次不能全为0。"})


class TipOff(ScopedModel):
    """有奖举报: a report to the reward hotline about unsafe building, its handling and reward."""

    # The reporter's identity is for whoever handles the tip-off (the township) only.
    personal_fields = {"reporter_phone": PRIVATE}

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="tip_offs",
        verbose_name="乡镇（街道）",
        limit_choices_to={"level__in": TOWNSHIP_LEVELS},
    )
    received_at = models.DateTimeField("受理时间")
    reporter_phone = models.CharField("举报人电话", max_length=20, blank=True, validators=[validate_phone])
    content = models.TextField("举报内容")
    status = choice_field(TipOffStatus, verbose_name="办理状态", default=TipOffStatus.RECEIVED, db_index=True)
    result = models.TextField("处理结果", blank=True)
    reward = models.DecimalField("奖励金额（元）", max_digits=9, decimal_places=2, default=0)
    reward_paid_on = models.DateField("奖励发放日期", null=True, blank=True)

    history = History()

    class Meta:
        verbose_name = "有奖举报"
        verbose_name_plural = "有奖举报"
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.received_at):%Y-%m-%d} {self.content[:20]}"

    def clean(self):
        errors = {}
        if self.status in (TipOffStatus.SUBSTANTIATED, TipOffStatus.UNFOUNDED) and not self.result.strip():
            errors["result"] = "办结的举报须填写处理结果。"
        if self.reward and self.status != TipOffStatus.SUBSTANTIATED:
            errors["reward"] = "只有查实的举报才发放奖励。"
        if self.reward_paid_on and not self.reward:
            errors["reward_paid_on"] = "未设奖励金额，不能填写发放日期。"
        if errors:
            raise ValidationError(errors)


class SevenOnesItem(ScopedModel):
    """One of a county's 七个一, with its status and evidence."""

    # Townships carry them out and read their county's items; the county keeps them.
    scope_from_above = Q()

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="seven_ones",
        verbose_name="县（市、区）",
        limit_choices_to={"level": RegionLevel.COUNTY},
    )
    item = choice_field(SevenOne, verbose_name="事项", max_length=24)
    status = choice_field(ProgressStatus, verbose_name="进展", default=ProgressStatus.NOT_STARTED)
    evidence = models.TextField("佐证材料说明", blank=True, help_text="如文件文号、协会成立日期、热线号码")
    completed_on = models.DateField("完成日期", null=True, blank=True)

    history = History()

    class Meta:
        verbose_name = "“七个一”落实情况"
        verbose_name_plural = "“七个一”落实情况"
        ordering = ["region__code", "item"]
        constraints = [models.UniqueConstraint(fields=["region", "item"], name="grid_seven_ones_once")]

    def __str__(self) -> str:
        return f"{self.region.name} · {SevenOne.label(self.item)}"

    def clean(self):
        if self.status == ProgressStatus.DONE and not self.evidence.strip():
            raise ValidationError({"evidence": "已完成的事项须填写佐证材料说明。"})


class FireStationQuerySet(ScopedQuerySet):
    def with_staffing(self, on: datetime.date | None = None):
        """Fire stations with staff in post on ``on`` (today) by role, and their small-venue inspections."""
        on = on or timezone.localdate()
        in_post = FireStationStaff.objects.filter(station=OuterRef("pk"), active_from__lte=on).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=on)
        )
        return self.annotate(
            full_time_filled=_subquery_count(in_post.filter(role=StaffRole.FULL_TIME), "station"),
            part_time_filled=_subquery_count(in_post.filter(role=StaffRole.PART_TIME), "station"),
            inspection_count=_subquery_count(SmallVenueInspection.objects.filter(station=OuterRef("pk")), "station"),
        )


class FireStation(ScopedModel):
    """乡镇消防所: a township's fire office, its established posts and its staff."""

    objects = FireStationQuerySet.as_manager()

    region = models.OneToOneField(
        Region,
        models.PROTECT,
        related_name="fire_station",
        verbose_name="乡镇（街道）",
        limit_choices_to={"level__in": TOWNSHIP_LEVELS},
    )
    name = models.CharField("名称", max_length=64)
    established_on = models.DateField("建成日期")
    full_time_posts = models.PositiveSmallIntegerField("专职编制数", default=0)
    part_time_posts = models.PositiveSmallIntegerField("兼职岗位数", default=0)
    phone = models.CharField("值班电话", max_length=20, blank=True)
    address = models.CharField("地址", max_length=255, blank=True)

    history = History()

    class Meta:
        verbose_name = "乡镇消防所"
        verbose_name_plural = "乡镇消防所"
        ordering = ["region__code"]

    def __str__(self) -> str:
        return self.name


class FireStationStaff(ScopedModel):
    """A member of a fire station, full-time (on the establishment) or part-time."""

    scope_region = "station__region"

    station = models.ForeignKey(FireStation, models.PROTECT, related_name="staff", verbose_name="消防所")
    name = models.CharField("姓名", max_length=32)
    role = choice_field(StaffRole, verbose_name="类别")
    post = models.CharField("职务", max_length=64, blank=True, help_text="如：所长、消防监督员")
    phone = models.CharField("手机号码", max_length=20, validators=[validate_phone])
    active_from = models.DateField("到岗日期")
    active_to = models.DateField("离岗日期", null=True, blank=True)

    history = History()

    class Meta:
        verbose_name = "消防所人员"
        verbose_name_plural = "消防所人员"
        ordering = ["station__region__code", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{StaffRole.label(self.role)}）"

    def get_absolute_url(self) -> str:
        return reverse("grid:fire_station_detail", args=[self.station_id])

    def clean(self):
        if self.active_to and self.active_from and self.active_to < self.active_from:
            raise ValidationError({"active_to": "离岗日期不能早于到岗日期。"})


class SmallVenueInspection(ScopedModel):
    """A fire station's inspection of a small venue (小场所), with findings."""

    scope_region = "station__region"

    station = models.ForeignKey(FireStation, models.PROTECT, related_name="inspections", verbose_name="消防所")
    venue_name = models.CharField("场所名称", max_length=128)
    venue_kind = choice_field(VenueKind, verbose_name="场所类别")
    inspected_on = models.DateField("检查日期", db_index=True)
    findings = models.TextField("发现问题", blank=True)
    hazards_found = models.PositiveSmallIntegerField("发现隐患数", default=0)
    rectified = models.BooleanField("已整改", default=False)

    history = History()

    class Meta:
        verbose_name = "小场所检查"
        verbose_name_plural = "小场所检查"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.inspected_on:%Y-%m-%d} {self.venue_name}"

    def clean(self):
        if self.hazards_found and not self.findings.strip():
            raise ValidationError({"findings": "发现隐患的，须填写发现问题。"})


class Fire(ScopedModel):
    """火灾: a fire in a township, for the 小火亡人 statistics (deaths in small fires)."""

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="fires",
        verbose_name="乡镇（街道）",
        limit_choices_to={"level__in": TOWNSHIP_LEVELS},
    )
    occurred_at = models.DateTimeField("发生时间", db_index=True)
    place = models.CharField("起火地点", max_length=255)
    venue_kind = choice_field(VenueKind, verbose_name="场所类别")
    small_venue = models.BooleanField("小场所", default=True)
    deaths = models.PositiveSmallIntegerField("死亡人数", default=0)
    injuries = models.PositiveSmallIntegerField("受伤人数", default=0)
    loss = models.DecimalField("直接经济损失（万元）", max_digits=10, decimal_places=2, default=0)
    cause = models.CharField("起火原因", max_length=255, blank=True)

    history = History()

    class Meta:
        verbose_name = "火灾"
        verbose_name_plural = "火灾"
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.occurred_at):%Y-%m-%d} {self.place}"
