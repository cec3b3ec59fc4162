"""一季一班: accident cases, warning classes, invitations and ID-verified attendance."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from base.choices import AccidentLevel, Role, choice_field, choice_list_field
from base.fields import ResidentIdField
from base.history import History
from base.scoping import ScopedModel, ScopedQuerySet
from grid.choices import Industry, RegionLevel
from grid.models import Enterprise, Region

from .choices import CheckInMethod, ClassFormat, ClassLevel

ORGANISERS = frozenset({Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE})
# The check-in page opens this long before a class starts (attendees arrive early) and closes at its end.
CHECK_IN_OPENS_BEFORE = datetime.timedelta(hours=1)
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024


def validate_attachment_size(upload) -> None:
    if getattr(upload, "_committed", False):
        return
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("附件不能超过 200 MB。")


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


class AccidentCase(ScopedModel):
    """典型事故案例: a case in the library any class may study; a county reads the city's cases."""

    scope_from_above = Q()
    scope_writers = ORGANISERS

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="accident_cases",
        limit_choices_to={"level__in": [RegionLevel.CITY, RegionLevel.COUNTY]},
        verbose_name="收录单位区划",
    )
    name = models.CharField("案例名称", max_length=128, help_text="如：贵州毕节“1·4”在建工地滑坡重大事故")
    occurred_on = models.DateField("发生日期")
    place = models.CharField("发生地点", max_length=128)
    industry = choice_field(Industry, verbose_name="行业", db_index=True)
    level = choice_field(AccidentLevel, verbose_name="事故等级", db_index=True)
    deaths = models.PositiveIntegerField("死亡人数", default=0)
    injuries = models.PositiveIntegerField("受伤人数", default=0)
    summary = models.TextField("事故经过")
    causes = models.TextField("事故原因", blank=True)
    lessons = models.TextField("警示教训", blank=True)
    attachment = models.FileField(
        "教育视频或材料",
        upload_to="training/cases/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "mp4", "webm"]), validate_attachment_size],
        help_text="PDF 或 MP4/WEBM 视频，不超过 200 MB",
    )

    history = History()

    class Meta:
        verbose_name = "典型事故案例"
        verbose_name_plural = "典型事故案例"
        ordering = ["-occurred_on", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.region_id and self.region.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
            raise ValidationError({"region": "案例由市或县（市、区）收录。"})


class WarningClassQuerySet(ScopedQuerySet):
    def with_counts(self):
        """Invited, attended and walk-in counts, as subqueries (no join multiplies the rows)."""

        def count(model, **filters):
            rows = (
                model.objects.filter(warning_class=OuterRef("pk"), **filters)
                .order_by()
                .values("warning_class")
                .annotate(n=Count("pk"))
                .values("n")
            )
            return Coalesce(Subquery(rows), 0)

        return self.annotate(
            invited_count=count(Invitation),
            attended_count=count(Attendance),
            walk_in_count=count(Attendance, walk_in=True),
        )


class WarningClass(ScopedModel):
    """警示教育“一季一班”: a city or county class for enterprise principals; townships read their county's."""

    scope_from_above = Q()
    scope_writers = ORGANISERS

    objects = WarningClassQuerySet.as_manager()

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="warning_classes",
        limit_choices_to={"level__in": [RegionLevel.CITY, RegionLevel.COUNTY]},
        verbose_name="举办区划",
    )
    number = models.CharField("班次编号", max_length=24, unique=True, editable=False)
    level = choice_field(ClassLevel, verbose_name="层级", editable=False, db_index=True)
    year = models.PositiveSmallIntegerField("年度", editable=False, db_index=True)
    quarter = models.PositiveSmallIntegerField(
        "季度", editable=False, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    title = models.CharField("班次名称", max_length=128, help_text="如：工贸行业企业负责人安全生产警示教育学习班")
    organiser = models.CharField("主办单位", max_length=64, help_text="如：三明市安委办、三元区应急管理局")
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    venue = models.CharField("地点", max_length=128)
    industries = choice_list_field(Industry, "对象行业")
    audience = models.CharField("参训对象", max_length=128, help_text="如：客货运输企业负责人、村两委干部")
    formats = choice_list_field(ClassFormat, "形式")
    cases = models.ManyToManyField(AccidentCase, related_name="classes", blank=True, verbose_name="学习案例")
    capacity = models.PositiveIntegerField("容纳人数", default=100)
    note = models.TextField("备注", blank=True)
    check_in_token = models.CharField(max_length=43, unique=True, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, verbose_name="录入人"
    )

    history = History(m2m_fields=[cases], excluded_fields=["check_in_token"])

    class Meta:
        verbose_name = "警示教育学习班"
        verbose_name_plural = "警示教育学习班"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title}（{timezone.localtime(self.starts_at):%Y-%m-%d}）" if self.starts_at else self.title

    def clean(self):
        if self.region_id and self.region.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
            raise ValidationError({"region": "学习班由市或县（市、区）举办。"})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "结束时间须晚于开始时间。"})

    def save(self, *args, **kwargs):
        local = timezone.localtime(self.starts_at)
        self.year, self.quarter = local.year, quarter_of(local.date())
        self.level = ClassLevel.CITY if self.region.level == RegionLevel.CITY else ClassLevel.COUNTY
        if not self.check_in_token:
            self.check_in_token = secrets.token_urlsafe(32)
        if not self.number:
            self.number = self._next_number()
        super().save(*args, **kwargs)

    def _next_number(self) -> str:
        prefix = f"{self.region.code}-{self.year}-"
        taken = WarningClass.objects.filter(number__startswith=prefix).count()
        return f"{prefix}{taken + 1:03d}"

    @property
    def check_in_opens(self) -> datetime.datetime:
        return self.starts_at - CHECK_IN_OPENS_BEFORE

    def check_in_open(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.check_in_opens <= at <= self.ends_at

    @property
    def formats_label(self) -> str:
        return "、".join(ClassFormat.label(value) for value in self.formats)

    @property
    def industries_label(self) -> str:
        return "、".join(Industry.label(value) for value in self.industries)


class Invitation(ScopedModel):
    """邀请参训: an enterprise's principal invited to a class; the organiser keeps it, the township reads it."""

    scope_keeper = "warning_class__region"
    scope_writers = ORGANISERS

    warning_class = models.ForeignKey(WarningClass, models.CASCADE, related_name="invitations", verbose_name="学习班")
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="training_invitations", verbose_name="企业")
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", editable=False, verbose_name="乡镇（街道）")
    principal_name = models.CharField("主要负责人", max_length=32, editable=False)
    invited_at = models.DateTimeField("邀请时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, verbose_name="录入人"
    )

    history = History()

    class Meta:
        verbose_name = "参训邀请"
        verbose_name_plural = "参训邀请"
        ordering = ["warning_class", "region__code", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["warning_class", "enterprise"], name="training_invitation_once_per_class")
        ]

    def __str__(self) -> str:
        return f"{self.principal_name}（{self.enterprise}）"

    def save(self, *args, **kwargs):
        self.region_id = self.enterprise.region_id
        self.principal_name = self.principal_name or self.enterprise.principal_name
        super().save(*args, **kwargs)


class Attendance(ScopedModel):
    """凭身份证明参训: one person checked in to one class by resident ID number.

    ``region`` is the attendee's township (their enterprise's), or the class's
    region for someone who is no registered principal; the organiser keeps the row.
    """

    scope_keeper = "warning_class__region"
    scope_writers = ORGANISERS

    warning_class = models.ForeignKey(WarningClass, models.CASCADE, related_name="attendances", verbose_name="学习班")
    name = models.CharField("姓名", max_length=32)
    id_number = ResidentIdField("身份证号码", db_index=True)
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, null=True, blank=True, related_name="training_attendances", verbose_name="企业"
    )
    invitation = models.OneToOneField(
        Invitation, models.SET_NULL, null=True, blank=True, related_name="attendance", verbose_name="邀请"
    )
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="所属区划")
    walk_in = models.BooleanField("现场报名", default=False, help_text="未在邀请名单上")
    method = choice_field(CheckInMethod, verbose_name="签到方式", default=CheckInMethod.QR)
    checked_in_at = models.DateTimeField("签到时间", db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, verbose_name="录入人"
    )

    history = History()

    class Meta:
        verbose_name = "签到记录"
        verbose_name_plural = "签到记录"
        ordering = ["warning_class", "checked_in_at"]
        constraints = [
            models.UniqueConstraint(fields=["warning_class", "id_number"], name="training_attendance_once_per_class")
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.warning_class.title}"
