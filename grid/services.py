"""Workflows of the grid app: publish and acknowledge a guide, record a visit, assess supervisors.

Views, the API and scheduled jobs call these; each runs in one transaction.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from base.aggregates import forget_kept
from base.choices import Role
from base.services import mark_done, notify

from .choices import AssessmentPeriod, GuideStatus
from .models import (
    Department,
    Enterprise,
    GridSupervisor,
    GuideAcknowledgement,
    Official,
    Region,
    SupervisionGuide,
    SupervisionVisit,
    SupervisorAssessment,
    VisitFinding,
    VisitPhoto,
    period_bounds,
)

GUIDE_PUBLISHED = "grid.guide_published"
REGION_MOVED = "grid.region_moved"
MOVE_REASON = "行政区划调整"


@transaction.atomic
def guide_publish(*, guide: SupervisionGuide, by) -> int:
    """Publish ``guide`` to every supervisor in office in its region; returns receipts created.

    Each supervisor gets one receipt and one notice, however often this runs.
    """
    guide = SupervisionGuide.objects.select_for_update().select_related("region").get(pk=guide.pk)
    if guide.status == GuideStatus.DRAFT:
        guide.status, guide.published_at, guide.published_by = GuideStatus.PUBLISHED, timezone.now(), by
        guide._change_reason = "发布"
        guide.save()
    supervisors = GridSupervisor.objects.active().filter(region__path__startswith=guide.region.path)
    existing = set(guide.acknowledgements.values_list("supervisor_id", flat=True))
    receipts = [
        GuideAcknowledgement(guide=guide, supervisor_id=pk)
        for pk in supervisors.values_list("pk", flat=True)
        if pk not in existing
    ]
    bulk_create_with_history(receipts, GuideAcknowledgement, batch_size=2000, default_user=by)
    users = [
        supervisor.official.user
        for supervisor in supervisors.filter(official__isnull=False).select_related("official__user")
    ]
    notify(users, GUIDE_PUBLISHED, guide, f"请阅读并签收{guide}", period="publish")
    return len(receipts)


@transaction.atomic
def guide_acknowledge(*, guide: SupervisionGuide, supervisor: GridSupervisor, by) -> GuideAcknowledgement:
    """Stamp ``supervisor``'s receipt of ``guide`` as read; a second call changes nothing.

    The supervisor's 请阅读并签收 notice is done with, so it is marked read too.
    """
    receipt = GuideAcknowledgement.objects.select_for_update().filter(guide=guide, supervisor=supervisor).first()
    if receipt is None:
        raise ValidationError("该督导员不在本期指南的发送范围内。")
    if receipt.acknowledged_at is None:
        receipt.acknowledged_at = timezone.now()
        receipt.acknowledged_by = by
        receipt.save()
    if supervisor.official_id:
        mark_done(user=supervisor.official.user, kind=GUIDE_PUBLISHED, obj=guide)
    return receipt


def enterprises_of(supervisor: GridSupervisor) -> QuerySet:
    """The enterprises in ``supervisor``'s grids."""
    through = Enterprise.grids.through
    return Enterprise.objects.filter(
        pk__in=through.objects.filter(grid__supervisors=supervisor).values("enterprise_id")
    )


@transaction.atomic
def visit_record(
    *,
    supervisor: GridSupervisor,
    enterprise: Enterprise,
    visited_on: datetime.date,
    items_checked: list[str],
    prompt_list_delivered: bool = False,
    findings: Iterable[str] = (),
    photos: Iterable = (),
    note: str = "",
    by,
) -> SupervisionVisit:
    """Record a supervisor's visit to an enterprise of their grids, with its findings and photos.

    Opening hazards from findings belongs to the hazards app, which reads ``visit.findings``.
    """
    if not enterprises_of(supervisor).filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": f"“{enterprise.name}”不在{supervisor.name}负责的网格内。"})
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": "督导日期不能晚于今天。"})
    visit = SupervisionVisit.objects.create(
        supervisor=supervisor,
        enterprise=enterprise,
        region_id=enterprise.region_id,
        visited_on=visited_on,
        items_checked=list(items_checked),
        prompt_list_delivered=prompt_list_delivered,
        note=note,
        created_by=by,
    )
    for text in findings:
        if text.strip():
            VisitFinding.objects.create(visit=visit, description=text.strip()[:500])
    for upload in photos:
        VisitPhoto.objects.create(visit=visit, image=upload)
    return visit


@dataclass(frozen=True)
class Activity:
    visits: int = 0
    enterprises: int = 0
    findings: int = 0
    guides_acknowledged: int = 0


def assessment_activity(*, supervisor: GridSupervisor, year: int, period: str) -> Activity:
    """A supervisor's computed activity in an assessment period."""
    start, end = period_bounds(year, period)
    row = (
        GridSupervisor.objects.filter(pk=supervisor.pk)
        .with_activity(start=start, end=end)
        .values("activity_visits", "activity_enterprises", "activity_findings", "activity_guides")[0]
    )
    return Activity(
        visits=row["activity_visits"],
        enterprises=row["activity_enterprises"],
        findings=row["activity_findings"],
        guides_acknowledged=row["activity_guides"],
    )


def previous_period(day: datetime.date, *, yearly: bool = False) -> tuple[int, str]:
    """The assessment period that ended before ``day`` (the last quarter, or last year)."""
    if yearly:
        return day.year - 1, AssessmentPeriod.YEAR
    quarter = (day.month - 1) // 3
    return (day.year - 1, AssessmentPeriod.Q4) if quarter == 0 else (day.year, f"q{quarter}")


@transaction.atomic
def assessments_open(*, year: int, period: str) -> int:
    """Open an assessment row for every supervisor in office during the period; existing rows stay."""
    start, end = period_bounds(year, period)
    supervisors = GridSupervisor.objects.filter(
        Q(active_from__lt=end) | Q(active_from__isnull=True), Q(active_to__gte=start) | Q(active_to__isnull=True)
    )
    existing = set(
        SupervisorAssessment.objects.filter(year=year, period=period).values_list("supervisor_id", flat=True)
    )
    rows = [
        SupervisorAssessment(supervisor_id=pk, year=year, period=period, period_start=start, period_end=end)
        for pk in supervisors.values_list("pk", flat=True)
        if pk not in existing
    ]
    bulk_create_with_history(rows, SupervisorAssessment, batch_size=2000, default_change_reason="按周期生成")
    return len(rows)


@transaction.atomic
def supervisor_grant_login(*, supervisor: GridSupervisor, username: str, password: str, by) -> Official:
    """Give a supervisor a login with the grid-supervisor role in their township, so they see their grids."""
    if supervisor.official_id:
        raise ValidationError({"username": f"{supervisor.name}已开通登录账号。"})
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError({"username": "请填写登录用户名。"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"登录用户名“{username}”已被使用。"})
    try:
        validate_password(password)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user = User.objects.create_user(username, password=password)
    official = Official.objects.create(
        user=user,
        name=supervisor.name,
        region=supervisor.region,
        role=Role.GRID_SUPERVISOR,
        post=supervisor.position,
        phone=supervisor.phone,
    )
    supervisor.official = official
    supervisor._change_reason = f"开通登录账号（{by}）"
    supervisor.save()
    return official


def department_counterparts(*, region: Region, departments: Iterable[int]) -> dict[int, int]:
    """The ``departments`` (ids) that no longer stand above ``region`` now that it has moved, each with the
    department of the same kind at the same level above it now: the new county's 应急管理局 for the old
    county's. A department without such a counterpart is left out."""
    above = {ancestor.level: ancestor.pk for ancestor in Region.objects.filter(code__in=region.ancestor_codes)}
    counterparts = {(d.region_id, d.kind): d.pk for d in Department.objects.filter(region_id__in=above.values())}
    stale = Department.objects.filter(pk__in=set(departments)).exclude(region_id__in=above.values())
    found = {}
    for department in stale.select_related("region"):
        counterpart = counterparts.get((above.get(department.region.level), department.kind))
        if counterpart is not None:
            found[department.pk] = counterpart
    return found


def regulators_transfer(*, records: QuerySet, region: Region) -> int:
    """Hand ``records`` (of one model, each with a ``department``) whose department no longer stands above
    ``region`` to its counterpart there (``department_counterparts``), with history; how many changed.

    A record whose department has no counterpart keeps it; its next edit asks for one.
    """
    departments = records.exclude(department=None).values_list("department_id", flat=True).distinct()
    counterparts = department_counterparts(region=region, departments=departments)
    changed = list(records.filter(department_id__in=counterparts))
    for record in changed:
        record.department_id = counterparts[record.department_id]
    bulk_update_with_history(changed, records.model, ["department"], batch_size=1000, default_change_reason=MOVE_REASON)
    return len(changed)


def region_announce_move(*, region: Region, was: str, carried: list[str]) -> int:
    """Tell the committees of the region that ``region`` left (its path was ``was``) and of the one it joined
    what moved with it (``carried``, from ``region_moved``'s receivers); returns the notices sent.

    Those who lost it are told too: its records leave their lists without a word otherwise. Once the
    move is committed, every page's kept numbers are computed afresh rather than renewed minutes later.
    A new code under the same parent tells no one.
    """
    transaction.on_commit(forget_kept)
    codes = [code for code in was.split("/") if code]
    left = Region.objects.filter(code=codes[-2]).first() if len(codes) > 1 else None
    joined = region.parent
    if left is None or joined is None or left.pk == joined.pk:
        return 0
    text = f"{MOVE_REASON}：{region.name}已由{left.name}调整至{joined.name}"
    text += f"，{'、'.join(carried)}随之划转。" if carried else "。"
    sent = 0
    # The region it left can no longer open it: their notice links to nothing.
    for parent, subject in ((joined, region), (left, None)):
        officials = Official.objects.filter(
            region=parent, role__in=[Role.COUNTY_COMMITTEE, Role.TOWNSHIP], user__is_active=True
        ).select_related("user")
        sent += notify([official.user for official in officials], REGION_MOVED, subject, text)
    return sent
