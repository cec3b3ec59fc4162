from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from sanming_safety.choices import RiskGrade, SupervisionLevel, choice_field
from sanming_safety.fields import CreditCodeField, ResidentIdField
from sanming_safety.scoping import ADMIN, ScopedModel, ScopedQuerySet
from sanming_safety.validators import validate_phone

from .choices import DepartmentKind, EnterpriseStatus, Industry, RegionLevel, Role


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
