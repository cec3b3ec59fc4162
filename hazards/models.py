import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from base.choices import WRITER_ROLES, RiskGrade, Role, choice_field
from base.history import History
from base.scoping import ScopedModel, ScopedQuerySet
from base.validators import validate_coordinates, validate_photo
from grid.choices import Industry, RegionLevel
from grid.models import TOWNSHIP_LEVELS, Department, Enterprise, Official, Region

from .choices import (
    AssessmentMethod,
    AssignmentStatus,
    ControlLevel,
    ExtensionStatus,
    HazardColour,
    HazardGrade,
    HazardSource,
    HazardStatus,
    Period,
    RiskPointKind,
    RiskPointReview,
    SupervisionCategory,
    SupervisionSource,
    SupervisionStatus,
)

# Rows of open hazards: the partial indexes' condition, the same expression ``HazardQuerySet.open`` filters by.
OPEN_CONDITION = ~Q(status=HazardStatus.CLOSED)


def photo_path(instance, filename: str) -> str:
    return f"hazards/{timezone.localdate():%Y/%m}/{filename}"


def period_of(day: datetime.date) -> str:
    """The half-year period a day falls in: 2026H1 or 2026H2."""
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def previous_period(period: str) -> str:
    year = int(period[:4])
    return f"{year - 1}H2" if period.endswith("H1") else f"{year}H1"


def validate_period(value: str) -> None:
    if len(value) != 6 or not value[:4].isdigit() or value[4:] not in ("H1", "H2"):
        raise ValidationError("周期格式应为“年份+H1/H2”，如 2026H1（上半年）、2026H2（下半年）。")


class RiskPointQuerySet(ScopedQuerySet):
    def active(self):
        return self.exclude(review=RiskPointReview.RETIRED)


class RiskPoint(ScopedModel):
    """风险点: a risk source under graded control, re-identified every half year."""

    # A department follows the risk points of the enterprises it regulates.
    scope_department = "enterprise__department"

    objects = RiskPointQuerySet.as_manager()

    name = models.CharField("风险点名称", max_length=128)
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, null=True, blank=True, related_name="risk_points", verbose_name="所属单位"
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="risk_points",
        verbose_name="所在乡镇（街道）",
        limit_choices_to={"level__in": TOWNSHIP_LEVELS},
    )
    address = models.CharField("位置", max_length=255, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    kind = choice_field(RiskPointKind, verbose_name="风险点类型")
    industry = choice_field(Industry, verbose_name="行业", db_index=True)
    control_level = choice_field(ControlLevel, verbose_name="管控层级", db_index=True)
    responsible_person = models.CharField("管控责任人", max_length=32)
    responsible_phone = models.CharField("责任人电话", max_length=20, blank=True)
    measures = models.TextField("管控措施")
    method = choice_field(AssessmentMethod, verbose_name="评估方法", default=AssessmentMethod.LS)
    likelihood = models.DecimalField(
        "L 可能性", max_digits=6, decimal_places=2, null=True, blank=True, help_text="LS：1–5；LEC：0.1–10"
    )
    severity = models.DecimalField("S 严重性", max_digits=6, decimal_places=2, null=True, blank=True, help_text="1–5")
    exposure = models.DecimalField(
        "E 暴露频繁程度", max_digits=6, decimal_places=2, null=True, blank=True, help_text="0.5–10"
    )
    consequence = models.DecimalField(
        "C 后果严重程度", max_digits=6, decimal_places=2, null=True, blank=True, help_text="1–100"
    )
    score = models.DecimalField("风险值", max_digits=10, decimal_places=2, null=True, blank=True, editable=False)
    grade = choice_field(
        RiskGrade, verbose_name="风险等级", db_index=True, help_text="直接判定时填写；LS/LEC 由风险值自动定级"
    )
    period = models.CharField("辨识周期", max_length=6, validators=[validate_period], db_index=True)
    period.choice_set = Period
    review = choice_field(RiskPointReview, verbose_name="复核情况", default=RiskPointReview.NEW)
    previous = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name="上期风险点",
        editable=False,
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "风险点"
        verbose_name_plural = "风险点"
        ordering = ["-period", "region__code", "name"]
        indexes = [models.Index(fields=["period", "region"], name="hazards_riskpoint_period_reg")]
        constraints = [
            models.UniqueConstraint(fields=["previous", "period"], name="hazards_riskpoint_carried_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{Period.label(self.period)}）"

    def assess(self) -> None:
        """Score and grade from the kept factors; bands come from settings."""
        factors = {
            AssessmentMethod.LS: ("likelihood", "severity"),
            AssessmentMethod.LEC: ("likelihood", "exposure", "consequence"),
        }.get(self.method)
        if factors is None:
            self.score = None
            if not self.grade:
                raise ValidationError({"grade": "直接判定时须选择风险等级。"})
            return
        missing = [name for name in factors if getattr(self, name) is None]
        if missing:
            labels = "、".join(str(self._meta.get_field(name).verbose_name) for name in missing)
            raise ValidationError({missing[0]: f"{AssessmentMethod.label(self.method)}须填写：{labels}。"})
        score = Decimal(1)
        for name in factors:
            score *= getattr(self, name)
        self.score = score.quantize(Decimal("0.01"))
        bands = settings.RISK_LS_BANDS if self.method == AssessmentMethod.LS else settings.RISK_LEC_BANDS
        red, orange, yellow = bands
        self.grade = (
            RiskGrade.RED
            if score >= red
            else RiskGrade.ORANGE
            if score >= orange
            else RiskGrade.YELLOW
            if score >= yellow
            else RiskGrade.BLUE
        )

    def save(self, *args, **kwargs):
        # The grade always follows the kept factors, however the row was written.
        if self.method != AssessmentMethod.DIRECT:
            self.assess()
        super().save(*args, **kwargs)

    def clean(self):
        validate_coordinates(self.longitude, self.latitude)
        if self.method == AssessmentMethod.LS:
            for name in ("likelihood", "severity"):
                value = getattr(self, name)
                if value is not None and not 1 <= value <= 5:
                    raise ValidationError({name: "LS 法的 L、S 取值应为 1–5。"})
        if self.enterprise_id and self.region_id and self.enterprise.region_id != self.region_id:
            raise ValidationError({"region": "所在乡镇须与所属单位的乡镇一致。"})
        self.assess()


def area_q(region: Region, prefix: str = "") -> Q:
    """Hazards (at ``prefix``) in ``region`` by the stored county or township: an indexed column, no walk of the
    region tree. Not a permission (``for_user`` is): reports add it so a county reads its own rows.

    Every region is under the root (the one city), so its hazards need no condition, which spares a test of
    every row."""
    if region.parent_id is None:
        return Q()
    if region.level == RegionLevel.COUNTY:
        return Q(**{f"{prefix}county": region})
    if region.level in TOWNSHIP_LEVELS:
        # The county too, so that a township's open hazards are one range of ``hazards_hazard_open_area``.
        return Q(**{f"{prefix}county": region.parent_id, f"{prefix}region": region})
    return Q(**{f"{prefix}region__path__startswith": region.path})


class HazardQuerySet(ScopedQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Rows inserted in bulk get their county too (``save`` is not called for them)."""
        objs = list(objs)
        missing = {obj.region_id for obj in objs if obj.region_id and not obj.county_id}
        if missing:
            parents = dict(Region.objects.filter(pk__in=missing).values_list("pk", "parent_id"))
            for obj in objs:
                if not obj.county_id:
                    obj.county_id = parents.get(obj.region_id)
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        """Moving hazards to another township moves their county with them."""
        for name in ("region", "region_id"):
            if name in kwargs and "county" not in kwargs and "county_id" not in kwargs:
                region = kwargs[name]
                region_id = region.pk if isinstance(region, Region) else region
                kwargs["county_id"] = Region.objects.filter(pk=region_id).values_list("parent_id", flat=True).first()
        return super().update(**kwargs)

    def in_area(self, region: Region):
        """Narrowed to ``region`` (see ``area_q``)."""
        return self.filter(area_q(region))

    def open(self):
        return self.exclude(status=HazardStatus.CLOSED)

    def not_closed_before(self, day: datetime.date):
        """Hazards still open on ``day`` or found since: the only ones a count of ``day`` or later can meet,
        read through the ``closed_on`` index instead of the years of hazards closed before."""
        return self.exclude(closed_on__lt=day)

    def open_at(self, day: datetime.date):
        """Found by ``day`` and not closed by then, whatever the year found (a past month's open hazards)."""
        return self.filter(found_on__lte=day).exclude(closed_on__lte=day)

    def overdue(self, day: datetime.date | None = None):
        """Past their deadline and not closed, as of ``day`` (today)."""
        return self.open().filter(deadline__lt=day or timezone.localdate())

    def with_colour(self, day: datetime.date | None = None):
        """Annotate ``colour`` (分色治理) in the database, so lists, reports and the map agree."""
        day = day or timezone.localdate()
        late = Q(deadline__lt=day)
        major = Q(grade=HazardGrade.MAJOR)
        return self.annotate(
            colour=Case(
                When(status=HazardStatus.CLOSED, then=Value(HazardColour.GREEN)),
                When(major & late, then=Value(HazardColour.RED)),
                When(major | late, then=Value(HazardColour.ORANGE)),
                default=Value(HazardColour.YELLOW),
                output_field=models.CharField(),
            )
        )

    def with_leader(self):
        """Annotate ``leader_name``: the leader of the hazard's active assignment."""
        active = LeaderAssignment.objects.filter(hazard=OuterRef("pk"), status=AssignmentStatus.ACTIVE)
        return self.annotate(leader_name=Subquery(active.values("leader__name")[:1]))


class Hazard(ScopedModel):
    """隐患: found at an enterprise or a site, rectified to a plan, accepted and closed (销号)."""

    scope_county = "county"
    scope_department = "department"
    # A grid supervisor follows the enterprises of their own grids, not the whole township.
    scope_supervisor = "enterprise__grids__supervisors"

    objects = HazardQuerySet.as_manager()

    title = models.CharField("隐患名称", max_length=128)
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, null=True, blank=True, related_name="hazards", verbose_name="所在单位"
    )
    # Indexed by ``hazards_hazard_region_status`` (region first), not an index of its own.
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="hazards",
        verbose_name="所在乡镇（街道）",
        limit_choices_to={"level__in": TOWNSHIP_LEVELS},
        db_index=False,
    )
    # The township's county, kept by ``save`` and the queryset's bulk_create and update: a county's
    # numbers read its own rows through one index instead of every hazard joined to the region tree.
    # Indexed by ``hazards_hazard_county_found`` (county first), not an index of its own.
    county = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所在县（市、区）",
        editable=False,
        db_index=False,
    )
    address = models.CharField("地点", max_length=255, blank=True, help_text="无单位的场所须填写")
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="hazards", verbose_name="监管部门"
    )
    # Grade and status are indexed by the composite indexes below that lead with them; industry by one of
    # its own in Meta (a choice code is never matched by prefix, so it needs no ``_like`` twin).
    grade = choice_field(HazardGrade, verbose_name="隐患等级")
    industry = choice_field(Industry, verbose_name="行业")
    source = choice_field(HazardSource, verbose_name="发现途径")
    description = models.TextField("隐患描述")
    found_on = models.DateField("发现日期", db_index=True)
    finder = models.CharField("发现人", max_length=64)
    risk_point = models.ForeignKey(
        RiskPoint, models.PROTECT, null=True, blank=True, related_name="hazards", verbose_name="关联风险点"
    )
    # Set by hazard_open_from_finding: the grid supervisor's finding this hazard was opened from.
    visit_finding = models.OneToOneField(
        "grid.VisitFinding",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="hazard",
        verbose_name="来源督导问题",
        editable=False,
    )
    # 整改方案
    measures = models.TextField("整改措施", blank=True)
    responsible_person = models.CharField("整改责任人", max_length=32, blank=True)
    responsible_unit = models.CharField("整改责任单位", max_length=128, blank=True)
    funds = models.DecimalField(
        "整改资金（万元）", max_digits=12, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    deadline = models.DateField("整改期限", null=True, blank=True, db_index=True)
    # 五到位 (major hazards)
    measures_in_place = models.BooleanField("措施到位", default=False)
    responsibility_in_place = models.BooleanField("责任到位", default=False)
    funds_in_place = models.BooleanField("资金到位", default=False)
    time_limit_in_place = models.BooleanField("时限到位", default=False)
    contingency_in_place = models.BooleanField("预案到位", default=False)
    # Set by services only.
    status = choice_field(HazardStatus, verbose_name="状态", default=HazardStatus.REPORTED, editable=False)
    progress = models.PositiveSmallIntegerField("整改进度（%）", default=0, editable=False)
    closed_on = models.DateField("销号日期", null=True, blank=True, editable=False)
    acceptance_note = models.TextField("验收意见", blank=True, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = History(excluded_fields=["updated_at"])

    FIVE_IN_PLACE = (
        "measures_in_place",
        "responsibility_in_place",
        "funds_in_place",
        "time_limit_in_place",
        "contingency_in_place",
    )

    class Meta:
        verbose_name = "隐患"
        verbose_name_plural = "隐患"
        ordering = ["-found_on", "-id"]
        indexes = [
            # A township's hazards by key from the index alone: its leader round joins them to the round's
            # assignments without reading the township's 7,000 hazards of ten years at random (30 ms at 10x).
            models.Index(fields=["region", "status"], include=["county", "id"], name="hazards_hazard_region_status"),
            models.Index(fields=["industry"], name="hazards_hazard_industry"),
            models.Index(fields=["status", "deadline"], name="hazards_hazard_status_dl"),
            models.Index(fields=["grade", "deadline", "id"], name="hazards_hazard_grade_dl"),
            models.Index(fields=["closed_on", "found_on"], name="hazards_hazard_closed_found"),
            # A county's hazards in the list's order (newest found first): its list, its year of them and
            # their export read one range of this index, not the city's year of hazards ANDed with the county.
            models.Index(fields=["county", "found_on", "id"], name="hazards_hazard_county_found"),
            # Open hazards only, so their numbers and the map do not grow with the years of closed ones:
            # the map layer's and the major list's order, and the dashboard's counts by area and colour.
            models.Index(
                F("grade").desc(), "deadline", "id", name="hazards_hazard_open_rank", condition=OPEN_CONDITION
            ),
            models.Index(
                fields=["county", "region", "grade", "deadline"],
                name="hazards_hazard_open_area",
                condition=OPEN_CONDITION,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.region_id:
            self.county_id = self.region.parent_id
        super().save(*args, **kwargs)

    @property
    def is_major(self) -> bool:
        return self.grade == HazardGrade.MAJOR

    @property
    def is_open(self) -> bool:
        return self.status != HazardStatus.CLOSED

    def is_overdue(self, day: datetime.date | None = None) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < (day or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def governance_colour(self) -> str:
        """分色治理 colour; the ``with_colour`` annotation when present."""
        colour = getattr(self, "colour", None)
        if colour:
            return colour
        if not self.is_open:
            return HazardColour.GREEN
        late = self.is_overdue()
        if self.is_major:
            return HazardColour.RED if late else HazardColour.ORANGE
        return HazardColour.ORANGE if late else HazardColour.YELLOW

    def edit_refusal(self) -> str:
        return "" if self.is_open else "该隐患已验收销号，记录不能再修改。"

    def plan_missing(self) -> list[str]:
        """Labels of the rectification plan's empty fields."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("measures", "responsible_person", "responsible_unit", "deadline")
            if not getattr(self, name)
        ]

    def clean(self):
        if self.enterprise_id and self.region_id and self.enterprise.region_id != self.region_id:
            raise ValidationError({"region": "所在乡镇须与所在单位的乡镇一致。"})
        if not self.enterprise_id and not self.address:
            raise ValidationError({"address": "无所在单位时须填写隐患地点。"})
        if self.found_on and self.found_on > timezone.localdate():
            raise ValidationError({"found_on": "发现日期不能晚于今天。"})
        if self.deadline and self.found_on and self.deadline < self.found_on:
            raise ValidationError({"deadline": "整改期限不能早于发现日期。"})
        if self.risk_point_id and self.region_id and self.risk_point.region_id != self.region_id:
            raise ValidationError({"risk_point": "关联风险点须在同一乡镇（街道）。"})
        self.clean_against_stored()

    def clean_against_stored(self) -> None:
        """Edits may not bypass the workflow: the deadline moves only by 延期, a led major hazard stays major."""
        if self.pk is None:
            return
        stored = Hazard.objects.filter(pk=self.pk).values("status", "deadline", "grade").first()
        if stored is None:
            return
        if stored["status"] != HazardStatus.REPORTED and self.deadline != stored["deadline"]:
            raise ValidationError({"deadline": "整改开始后，整改期限只能通过“延期”办理（须填写理由和批准人）。"})
        if (
            stored["grade"] == HazardGrade.MAJOR
            and self.grade != HazardGrade.MAJOR
            and self.leader_assignments.filter(status=AssignmentStatus.ACTIVE).exists()
        ):
            raise ValidationError({"grade": "已明确挂包领导的重大隐患不能改为一般隐患。"})


class OfHazard(ScopedModel):
    """A record about one hazard: whoever sees the hazard sees it, a grid supervisor no more."""

    scope_region = "hazard__region"
    scope_department = "hazard__department"
    scope_supervisor = "hazard__enterprise__grids__supervisors"

    class Meta:
        abstract = True


class HazardProgress(OfHazard):
    """整改进展: a dated report on a hazard's rectification."""

    hazard = models.ForeignKey(Hazard, models.PROTECT, related_name="progress_reports", verbose_name="隐患")
    reported_on = models.DateField("报告日期", default=timezone.localdate)
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField(
        "完成比例（%）", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    # The percentage is cumulative: a lower one than the last must say why.
    reason = models.CharField("进度回退原因", max_length=255, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="填报人"
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.hazard} {self.reported_on:%Y-%m-%d} {self.percent}%"

    def get_absolute_url(self) -> str:
        return self.hazard.get_absolute_url()


# Photos in one upload: a site's or a progress report's.
MAX_PHOTOS = 9


class HazardPhoto(OfHazard):
    """A photo of a hazard: of the site when found, or of a progress report."""

    hazard = models.ForeignKey(Hazard, models.PROTECT, related_name="photos", verbose_name="隐患")
    progress = models.ForeignKey(
        HazardProgress, models.PROTECT, null=True, blank=True, related_name="photos", verbose_name="整改进展"
    )
    image = models.ImageField("照片", upload_to=photo_path, validators=[validate_photo])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="上传人"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "隐患照片"
        verbose_name_plural = "隐患照片"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.hazard} 照片"

    def get_absolute_url(self) -> str:
        # Served through a scoped view, never straight from MEDIA_ROOT.
        return reverse("hazards:hazard_photo", args=[self.pk])


class DeadlineExtension(OfHazard):
    """整改延期: the rectifying unit asks for a later deadline with a reason; the decider approves
    (the deadline moves) or refuses (it stays), with a reason of their own."""

    hazard = models.ForeignKey(Hazard, models.PROTECT, related_name="extensions", verbose_name="隐患")
    status = choice_field(ExtensionStatus, verbose_name="审批状态", default=ExtensionStatus.PENDING, db_index=True)
    old_deadline = models.DateField("原整改期限", null=True)
    new_deadline = models.DateField("新整改期限")
    reason = models.TextField("延期理由")
    approver = models.CharField("批准人", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="申请人"
    )
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审批人"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_reason = models.TextField("审批意见", blank=True)

    history = History()

    class Meta:
        verbose_name = "整改延期"
        verbose_name_plural = "整改延期"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.hazard}：{self.old_deadline} → {self.new_deadline}"

    @property
    def is_pending(self) -> bool:
        return self.status == ExtensionStatus.PENDING


class HazardUrge(OfHazard):
    """督促: a leader's or committee's push on a hazard, sent to the responsible units."""

    # The assigned leader pushes without being able to edit the hazard.
    scope_writers = WRITER_ROLES | {Role.LEADER}

    hazard = models.ForeignKey(Hazard, models.PROTECT, related_name="urges", verbose_name="隐患")
    text = models.TextField("督促意见")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="督促人")
    created_at = models.DateTimeField("督促时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "督促"
        verbose_name_plural = "督促"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:30]


class LeaderAssignmentQuerySet(ScopedQuerySet):
    def with_urgency(self, day: datetime.date | None = None):
        """Annotate ``late``: 0 overdue, 1 open, 2 closed, as of ``day`` (today), for a leader's to-do order."""
        closed = Q(hazard__status=HazardStatus.CLOSED)
        return self.annotate(
            late=Case(
                When(Q(hazard__deadline__lt=day or timezone.localdate()) & ~closed, then=Value(0)),
                When(~closed, then=Value(1)),
                default=Value(2),
                output_field=models.IntegerField(),
            )
        )


class LeaderAssignment(OfHazard):
    """挂包整改: a major hazard assigned to a city or county leader in a yearly round."""

    # A department sees the assignments of the hazards it sees, no others.
    objects = LeaderAssignmentQuerySet.as_manager()

    hazard = models.ForeignKey(Hazard, models.PROTECT, related_name="leader_assignments", verbose_name="重大隐患")
    leader = models.ForeignKey(
        Official,
        models.PROTECT,
        related_name="leader_assignments",
        verbose_name="挂包领导",
        limit_choices_to={"role": Role.LEADER},
    )
    round = models.PositiveSmallIntegerField("挂包年度", db_index=True, help_text="如 2022")
    assigned_on = models.DateField("挂包日期", default=timezone.localdate)
    target_date = models.DateField("目标完成日期")
    status = choice_field(AssignmentStatus, verbose_name="状态", default=AssignmentStatus.ACTIVE, db_index=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="明确人",
        editable=False,
    )

    history = History()

    class Meta:
        verbose_name = "挂包整改"
        verbose_name_plural = "挂包整改"
        ordering = ["-round", "target_date", "id"]
        # The list's and the API's order: a page of this year's round is read off the index, not sorted.
        indexes = [models.Index(F("round").desc(), "target_date", "id", name="hazards_assignment_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["hazard"], condition=Q(status="active"), name="hazards_one_active_leader_per_hazard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}年 {self.leader.name} 挂包：{self.hazard}"

    def get_absolute_url(self) -> str:
        return self.hazard.get_absolute_url()


class SupervisionItemQuerySet(ScopedQuerySet):
    def with_month_percent(self, day: datetime.date | None = None):
        """Annotate ``month_percent`` (一月一跟进): the cumulative % reported for the month of ``day`` (today).

        None means not yet reported.
        """
        month = (day or timezone.localdate()).replace(day=1)
        entry = SupervisionProgress.objects.filter(item=OuterRef("pk"), month=month)
        return self.annotate(month_percent=Subquery(entry.values("percent")[:1]))


class SupervisionItem(ScopedModel):
    """督办清单: a key matter on the party committee / government supervision list."""

    objects = SupervisionItemQuerySet.as_manager()

    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="supervision_items",
        verbose_name="督办区划",
        limit_choices_to={"level__in": [RegionLevel.CITY, RegionLevel.COUNTY]},
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("督办事项", max_length=200)
    source = choice_field(SupervisionSource, verbose_name="来源")
    category = choice_field(SupervisionCategory, verbose_name="类别", default=SupervisionCategory.WORK_SAFETY)
    lead_unit = models.CharField("牵头单位", max_length=128)
    partner_units = models.CharField("配合单位", max_length=255, blank=True)
    responsible_leader = models.CharField("责任领导", max_length=64)
    owner = models.ForeignKey(
        Official,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervision_items",
        verbose_name="填报责任人",
        help_text="每月1日提醒其填报本月进展；未指定时提醒安委办",
    )
    start_on = models.DateField("开始日期")
    deadline = models.DateField("完成时限")
    status = choice_field(SupervisionStatus, verbose_name="状态", default=SupervisionStatus.IN_PROGRESS, db_index=True)
    hazards = models.ManyToManyField(Hazard, blank=True, related_name="supervision_items", verbose_name="关联隐患")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = History(m2m_fields=[hazards])

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办清单"
        ordering = ["-year", "deadline", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.start_on and self.deadline and self.deadline < self.start_on:
            raise ValidationError({"deadline": "完成时限不能早于开始日期。"})


class SupervisionProgress(ScopedModel):
    """一月一跟进: one progress entry per supervision item and month."""

    scope_region = "item__region"

    item = models.ForeignKey(SupervisionItem, models.PROTECT, related_name="progress_entries", verbose_name="督办事项")
    month = models.DateField("月份", help_text="该月1日")
    text = models.TextField("本月进展")
    percent = models.PositiveSmallIntegerField(
        "累计完成比例（%）", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="填报人"
    )
    updated_at = models.DateTimeField("填报时间", auto_now=True)

    history = History()

    class Meta:
        verbose_name = "督办进展"
        verbose_name_plural = "督办进展"
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["item", "month"], name="hazards_supervision_one_per_month")]

    def __str__(self) -> str:
        return f"{self.item} {self.month:%Y年%m月}"


class RiskPointMonthlyCount(ScopedModel):
    """每月一通报: risk points per township, grade and control level, frozen on the 1st."""

    month = models.DateField("月份", db_index=True)
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="乡镇（街道）")
    grade = choice_field(RiskGrade, verbose_name="风险等级")
    control_level = choice_field(ControlLevel, verbose_name="管控层级")
    count = models.PositiveIntegerField("数量")
    frozen_at = models.DateTimeField("冻结时间", auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = "风险点月报"
        verbose_name_plural = "风险点月报"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "grade", "control_level"], name="hazards_riskpoint_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region} {self.count}"
