"""Workflows of hazards, leader assignments, the supervision list and risk points.

Every function is keyword-only, runs in one transaction, refuses illegal steps
with a ``ValidationError`` an official can read, and is what views, the API
and the jobs call. History records who did each step and why.
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from base.choices import Role, SupervisionLevel
from base.models import Notification
from base.scoping import CHANGE, VIEW, ensure_in_scope, official_of
from base.services import Notice, notify, notify_each
from grid.models import Enterprise, Official, Region, VisitFinding

from .choices import (
    AssignmentStatus,
    ExtensionStatus,
    HazardGrade,
    HazardSource,
    HazardStatus,
    RiskPointReview,
    SupervisionStatus,
)
from .models import (
    DeadlineExtension,
    Hazard,
    HazardPhoto,
    HazardProgress,
    HazardUrge,
    LeaderAssignment,
    RiskPoint,
    SupervisionItem,
    SupervisionProgress,
)

# The lifecycle: which status may follow which.
TRANSITIONS = {
    HazardStatus.REPORTED: {HazardStatus.RECTIFYING},
    HazardStatus.RECTIFYING: {HazardStatus.AWAITING_ACCEPTANCE},
    HazardStatus.AWAITING_ACCEPTANCE: {HazardStatus.CLOSED, HazardStatus.RECTIFYING},
    HazardStatus.CLOSED: set(),
}


def _locked(hazard: Hazard, user) -> Hazard:
    """The hazard re-read under a row lock, if ``user`` may change it."""
    locked = Hazard.objects.for_user(user, CHANGE).select_for_update(of=("self",)).filter(pk=hazard.pk).first()
    if locked is None:
        raise ValidationError("您无权办理该隐患。")
    return locked


def _save(obj, user, reason: str, **kwargs) -> None:
    obj._change_reason = reason
    obj._history_user = user
    obj.save(**kwargs)
    ensure_in_scope(obj, user, CHANGE)


def _require(hazard: Hazard, status: str, action: str) -> None:
    if hazard.status != status:
        raise ValidationError(
            f"隐患当前状态为“{HazardStatus.label(hazard.status)}”，不能{action}（须为“{HazardStatus.label(status)}”）。"
        )


# Acceptance is the regulator's verification, not the rectifying township's own.
ACCEPTING_ROLES = {Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE, Role.DEPARTMENT}


def may_accept(user) -> bool:
    official = official_of(user)
    return user.is_superuser or (official is not None and official.role in ACCEPTING_ROLES)


# Leaders are assigned by the city and county safety committees.
ASSIGNING_ROLES = {Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE}


def may_assign(user) -> bool:
    official = official_of(user)
    return user.is_superuser or (official is not None and official.role in ASSIGNING_ROLES)


def _require_regulator(user) -> None:
    if not may_accept(user):
        raise ValidationError("验收须由县级以上安委办或行业监管部门办理。")


def _move(hazard: Hazard, to: str, user, reason: str) -> Hazard:
    if to not in TRANSITIONS[hazard.status]:
        raise ValidationError(
            f"隐患当前状态为“{HazardStatus.label(hazard.status)}”，不能变更为“{HazardStatus.label(to)}”。"
        )
    hazard.status = to
    _save(hazard, user, reason)
    return hazard


def active_assignment(hazard: Hazard) -> LeaderAssignment | None:
    return hazard.leader_assignments.filter(status=AssignmentStatus.ACTIVE).select_related("leader__user").first()


def _event(hazard: Hazard, name: str) -> str:
    """A notice key for this occurrence of an event: the history record that wrote it, so a retry adds nothing."""
    return f"{name}-{hazard.history.values_list('history_id', flat=True).first()}"


def _note(hazard: Hazard, by, reason: str) -> None:
    """Write an event (a leader assigned, an urge) into the hazard's 变更记录 without changing its fields."""
    hazard._change_reason = reason
    hazard._history_user = by
    hazard.save(update_fields=["updated_at"])


def _users(officials) -> list:
    return [official.user for official in officials.select_related("user")]


def _townships(hazard: Hazard) -> list:
    """The township officials over the hazard's place: they rectify it."""
    return _users(Official.objects.covering(hazard.region, roles=[Role.TOWNSHIP]))


def _committees(hazard: Hazard) -> list:
    """The county committee over the hazard, and the city's when its enterprise is city-supervised."""
    roles = [Role.COUNTY_COMMITTEE]
    if hazard.enterprise_id and hazard.enterprise.supervision_level == SupervisionLevel.CITY:
        roles.append(Role.CITY_COMMITTEE)
    return _users(Official.objects.covering(hazard.region, roles=roles))


def _department_officials(hazard: Hazard) -> list:
    if not hazard.department_id:
        return []
    officials = Official.objects.covering(hazard.region, roles=[Role.DEPARTMENT]).filter(
        department_id=hazard.department_id
    )
    return _users(officials)


def acceptors(hazard: Hazard) -> list:
    """Who accepts a finished rectification: its supervising department, and the committee when the
    hazard is major or no department supervises it."""
    users = _department_officials(hazard)
    if hazard.is_major or not users:
        users += _committees(hazard)
    return users


def hazard_announce_unassigned(*, hazard: Hazard) -> int:
    """A major hazard without a leader: the committee that must assign one hears of it, once per hazard."""
    return hazards_announce_unassigned([hazard])


def hazards_announce_unassigned(hazards: list[Hazard]) -> int:
    """``hazard_announce_unassigned`` for many hazards (an import) in queries that do not grow with them.

    Each open major hazard without an active leader is announced to the county committee over it,
    and the city's when its enterprise is city-supervised (``_committees``), once per hazard.
    """
    waiting = [hazard for hazard in hazards if hazard.is_major and hazard.is_open]
    if not waiting:
        return 0
    led = set(
        LeaderAssignment.objects.filter(hazard__in=waiting, status=AssignmentStatus.ACTIVE).values_list(
            "hazard_id", flat=True
        )
    )
    waiting = [hazard for hazard in waiting if hazard.pk not in led]
    if not waiting:
        return 0
    regions = Region.objects.in_bulk({hazard.region_id for hazard in waiting})
    city_supervised = set(
        Enterprise.objects.filter(
            pk__in={hazard.enterprise_id for hazard in waiting if hazard.enterprise_id},
            supervision_level=SupervisionLevel.CITY,
        ).values_list("pk", flat=True)
    )
    codes = {code for region in regions.values() for code in region.ancestor_codes}
    committees = list(
        Official.objects.filter(
            region__code__in=codes,
            user__is_active=True,
            role__in=[Role.COUNTY_COMMITTEE, Role.CITY_COMMITTEE],
        ).select_related("user", "region")
    )
    notices = []
    for hazard in waiting:
        region = regions[hazard.region_id]
        above = set(region.ancestor_codes)
        roles = {Role.COUNTY_COMMITTEE} | ({Role.CITY_COMMITTEE} if hazard.enterprise_id in city_supervised else set())
        recipients = [
            official.user for official in committees if official.role in roles and official.region.code in above
        ]
        text = f"重大隐患“{hazard.title}”（{region.name}）已登记，尚未明确挂包领导，请明确市县党政领导挂包整改。"
        notices.append(Notice(recipients=recipients, obj=hazard, text=text, period="needs-leader"))
    return notify_each("hazard_needs_leader", notices)


# The steps of a hazard's page, API and jobs; ``hazard_blockers`` answers for each.
START, PROGRESS, SUBMIT, ACCEPT, REFUSE = "start", "progress", "submit", "accept", "refuse"
EXTEND, DECIDE, ASSIGN = "extend", "decide", "assign"


def five_in_place_missing(hazard: Hazard) -> list[str]:
    """Labels of the 五到位 items not yet recorded as in place."""
    fields = [hazard._meta.get_field(name) for name in Hazard.FIVE_IN_PLACE]
    return [str(field.verbose_name) for field in fields if not getattr(hazard, field.name)]


def _finished_blockers(hazard: Hazard) -> list[str]:
    """What keeps a rectification from counting as finished: 100%, and for a major hazard the 五到位."""
    blockers = []
    if hazard.progress < 100:
        blockers.append(f"整改进度为 {hazard.progress}%，须填报整改进展至 100%。")
    if hazard.is_major:
        missing = five_in_place_missing(hazard)
        if missing:
            blockers.append("重大隐患须五到位，尚未到位：" + "、".join(missing) + "。")
    return blockers


def hazard_blockers(hazard: Hazard, action: str, *, user=None) -> list[str]:
    """Everything that stops ``action`` on ``hazard`` now, as officials read it; empty means it can go ahead.

    The page shows these beside a disabled button and the service raises them all at once, so
    nobody fixes one reason only to meet the next. ``user`` adds the role rules (who may accept, assign).
    """
    required = {
        START: HazardStatus.REPORTED,
        PROGRESS: HazardStatus.RECTIFYING,
        SUBMIT: HazardStatus.RECTIFYING,
        ACCEPT: HazardStatus.AWAITING_ACCEPTANCE,
        REFUSE: HazardStatus.AWAITING_ACCEPTANCE,
    }
    blockers = []
    if action in required and hazard.status != required[action]:
        blockers.append(
            f"隐患当前状态为“{HazardStatus.label(hazard.status)}”，须为“{HazardStatus.label(required[action])}”。"
        )
    if action in (EXTEND, DECIDE, ASSIGN) and not hazard.is_open:
        blockers.append("隐患已销号。")
    if action == EXTEND and hazard.is_open and pending_extension(hazard) is not None:
        blockers.append("已有一份延期申请待审批，请等待审批结果。")
    if action == DECIDE:
        if hazard.is_open and pending_extension(hazard) is None:
            blockers.append("没有待审批的延期申请。")
        if user is not None and not may_decide_extension(hazard, user):
            blockers.append("延期由" + ("县级以上安委办" if hazard.is_major else "监管部门或县级安委办") + "审批。")
    if action == START:
        missing = hazard.plan_missing()
        if missing:
            blockers.append("请先完善整改方案：" + "、".join(missing) + "。")
        if hazard.is_major and active_assignment(hazard) is None:
            blockers.append("重大隐患须先明确挂包领导，才能开始整改（重大隐患一律由市县党政领导挂包整改）。")
    if action in (SUBMIT, ACCEPT):
        blockers += _finished_blockers(hazard)
    if action in (ACCEPT, REFUSE) and user is not None and not may_accept(user):
        blockers.append("验收须由县级以上安委办或行业监管部门办理。")
    if action == ASSIGN:
        if user is not None and not may_assign(user):
            blockers.append("挂包领导由市、县安委办明确。")
        if not hazard.is_major:
            blockers.append("只有重大隐患实行领导挂包整改。")
        elif active_assignment(hazard) is not None:
            blockers.append("该隐患已有挂包领导。")
    return blockers


def _refuse_if_blocked(hazard: Hazard, action: str, user=None) -> None:
    blockers = hazard_blockers(hazard, action, user=user)
    if blockers:
        raise ValidationError(blockers)


@transaction.atomic
def hazard_start_rectification(*, hazard: Hazard, by) -> Hazard:
    """登记 → 整改中. The plan must be complete; a major hazard needs its leader first (rule 1)."""
    hazard = _locked(hazard, by)
    _refuse_if_blocked(hazard, START, by)
    return _move(hazard, HazardStatus.RECTIFYING, by, "开始整改")


@transaction.atomic
def hazard_report_progress(
    *,
    hazard: Hazard,
    by,
    text: str,
    percent: int,
    photos=(),
    reported_on: datetime.date | None = None,
    reason: str = "",
) -> HazardProgress:
    """整改进展: record a report on a hazard being rectified; its cumulative percentage becomes the hazard's.

    The percentage is cumulative, so it goes down only with a stated ``reason`` (kept on the report).
    """
    hazard = _locked(hazard, by)
    _refuse_if_blocked(hazard, PROGRESS, by)
    errors = {}
    if not text.strip():
        errors["text"] = "请填写进展情况。"
    if not 0 <= percent <= 100:
        errors["percent"] = "完成比例应在 0 到 100 之间。"
    elif percent < hazard.progress and not reason.strip():
        errors["reason"] = f"累计完成比例由 {hazard.progress}% 降为 {percent}%，须说明进度回退的原因。"
    if errors:
        raise ValidationError(errors)
    report = HazardProgress(
        hazard=hazard,
        text=text.strip(),
        percent=percent,
        reason=reason.strip() if percent < hazard.progress else "",
        reported_on=reported_on or timezone.localdate(),
        reported_by=by,
    )
    report.full_clean()
    report._history_user = by
    report.save()
    for image in photos:
        photo = HazardPhoto(hazard=hazard, progress=report, image=image, created_by=by)
        photo.full_clean()
        photo._history_user = by
        photo.save()
    change = f"整改进展 {percent}%"
    if report.reason:
        change += f"（由 {hazard.progress}% 回退：{report.reason}）"
    hazard.progress = percent
    _save(hazard, by, change)
    return report


@transaction.atomic
def hazard_submit_for_acceptance(*, hazard: Hazard, by, note: str = "") -> Hazard:
    """整改中 → 待验收: the responsible unit reports the rectification finished (100%, a major one 五到位)."""
    hazard = _locked(hazard, by)
    _refuse_if_blocked(hazard, SUBMIT, by)
    _move(hazard, HazardStatus.AWAITING_ACCEPTANCE, by, f"申请验收{('：' + note) if note else ''}")
    notify(
        acceptors(hazard),
        "hazard_submitted",
        hazard,
        f"{HazardGrade.label(hazard.grade)}“{hazard.title}”（{hazard.region.name}）已整改完毕，申请验收，请组织验收销号。",
        period=_event(hazard, "submitted"),
    )
    return hazard


@transaction.atomic
def hazard_accept(*, hazard: Hazard, by, note: str, day: datetime.date | None = None) -> Hazard:
    """待验收 → 已销号: the regulator verifies the hazard is gone; the leader's assignment completes.

    The progress stays what the township reported: acceptance verifies it, never rewrites it.
    """
    hazard = _locked(hazard, by)
    if not note.strip():
        raise ValidationError({"note": "请填写验收意见。"})
    _refuse_if_blocked(hazard, ACCEPT, by)
    day = day or timezone.localdate()
    hazard.closed_on, hazard.acceptance_note = day, note.strip()
    _move(hazard, HazardStatus.CLOSED, by, f"验收通过，销号：{note.strip()}")
    leaders = []
    for assignment in hazard.leader_assignments.filter(status=AssignmentStatus.ACTIVE).select_related("leader__user"):
        assignment.status, assignment.completed_on = AssignmentStatus.COMPLETED, day
        _save(assignment, by, "隐患销号，挂包完成")
        leaders.append(assignment.leader.user)
    notify(
        _townships(hazard) + leaders,
        "hazard_closed",
        hazard,
        f"{HazardGrade.label(hazard.grade)}“{hazard.title}”（{hazard.region.name}）验收通过，已销号：{note.strip()}",
        period=_event(hazard, "closed"),
    )
    return hazard


@transaction.atomic
def hazard_refuse(*, hazard: Hazard, by, reason: str) -> Hazard:
    """待验收 → 整改中: acceptance refused, with the reason kept in history and sent to the township."""
    hazard = _locked(hazard, by)
    if not reason.strip():
        raise ValidationError({"reason": "验收不通过须填写理由。"})
    _refuse_if_blocked(hazard, REFUSE, by)
    hazard.acceptance_note = f"验收不通过：{reason.strip()}"
    _move(hazard, HazardStatus.RECTIFYING, by, f"验收不通过：{reason.strip()}")
    notify(
        _townships(hazard),
        "hazard_refused",
        hazard,
        f"隐患“{hazard.title}”验收不通过，已退回整改：{reason.strip()}",
        period=_event(hazard, "refused"),
    )
    return hazard


def extension_deciders(hazard: Hazard) -> list:
    """Who decides a request to extend the deadline: the committee for a major hazard; for a general one
    its supervising department, or the committee when no department supervises it."""
    return _committees(hazard) if hazard.is_major else acceptors(hazard)


def may_decide_extension(hazard: Hazard, user) -> bool:
    """The deciders, and above them the city committee and the administrators."""
    if user.is_superuser:
        return True
    official = official_of(user)
    if official is None:
        return False
    if official.role in (Role.ADMIN, Role.CITY_COMMITTEE):
        return hazard.region.path.startswith(official.region.path)
    return any(decider.pk == user.pk for decider in extension_deciders(hazard))


def pending_extension(hazard: Hazard) -> DeadlineExtension | None:
    return hazard.extensions.filter(status=ExtensionStatus.PENDING).first()


@transaction.atomic
def extension_request(*, hazard: Hazard, by, new_deadline: datetime.date, reason: str) -> DeadlineExtension:
    """申请延期: the rectifying unit asks for a later deadline, with its reason; the decider is told.

    The deadline stays until the request is approved (``extension_decide``); one request waits at a time.
    """
    hazard = _locked(hazard, by)
    _refuse_if_blocked(hazard, EXTEND, by)
    errors = {}
    if not reason.strip():
        errors["reason"] = "请填写延期理由。"
    if hazard.deadline and new_deadline <= hazard.deadline:
        errors["new_deadline"] = f"新整改期限须晚于原期限 {hazard.deadline:%Y-%m-%d}。"
    elif new_deadline < timezone.localdate():
        errors["new_deadline"] = "新整改期限不能早于今天。"
    if errors:
        raise ValidationError(errors)
    extension = DeadlineExtension(
        hazard=hazard, old_deadline=hazard.deadline, new_deadline=new_deadline, reason=reason.strip(), created_by=by
    )
    _save(extension, by, "申请延期")
    change = f"申请延期：整改期限由 {_day(hazard.deadline)} 延至 {new_deadline:%Y-%m-%d}，理由：{reason.strip()}"
    _note(hazard, by, change)
    notify(
        [user for user in extension_deciders(hazard) if user.pk != by.pk],
        "hazard_extension_requested",
        hazard,
        f"{_signature(by)}申请将{HazardGrade.label(hazard.grade)}“{hazard.title}”（{hazard.region.name}）的整改期限由 "
        f"{_day(hazard.deadline)} 延至 {new_deadline:%Y-%m-%d}，理由：{reason.strip()}。请审批。",
        period=f"extension-{extension.pk}-requested",
    )
    return extension


@transaction.atomic
def extension_decide(*, extension: DeadlineExtension, by, approve: bool, reason: str = "") -> DeadlineExtension:
    """审批延期: the decider approves (the deadline moves) or refuses (with a reason; it stays).

    The decision, its reason and who made it are kept on the request and in the hazard's 变更记录;
    the township (and whoever asked) is told.
    """
    hazard = _locked(extension.hazard, by)
    extension = (
        DeadlineExtension.objects.select_for_update(of=("self",)).select_related("created_by").get(pk=extension.pk)
    )
    blockers = hazard_blockers(hazard, DECIDE, user=by)
    if extension.status != ExtensionStatus.PENDING:
        blockers = [f"该延期申请已审批（{ExtensionStatus.label(extension.status)}）。"]
    if blockers:
        raise ValidationError(blockers)
    if not approve and not reason.strip():
        raise ValidationError({"reason": "不予批准须说明理由。"})
    if approve and hazard.deadline and extension.new_deadline <= hazard.deadline:
        raise ValidationError({"new_deadline": f"申请的期限不晚于现整改期限 {hazard.deadline:%Y-%m-%d}，无需延期。"})
    official = official_of(by)
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_by, extension.decided_at = by, timezone.now()
    extension.decision_reason = reason.strip()
    extension.approver = (official.name if official else by.get_username())[:64] if approve else ""
    note = f"：{reason.strip()}" if reason.strip() else ""
    if approve:
        extension.old_deadline = hazard.deadline
        _save(extension, by, f"批准延期{note}")
        hazard.deadline = extension.new_deadline
        change = f"批准延期：整改期限由 {_day(extension.old_deadline)} 延至 {extension.new_deadline:%Y-%m-%d}{note}"
        _save(hazard, by, change)
        text = (
            f"隐患“{hazard.title}”（{hazard.region.name}）的延期申请已批准，整改期限由 {_day(extension.old_deadline)} "
            f"延至 {extension.new_deadline:%Y-%m-%d}（{_signature(by)}批准）{note}。"
        )
    else:
        _save(extension, by, f"不予批准延期{note}")
        _note(hazard, by, f"不予批准延期至 {extension.new_deadline:%Y-%m-%d}{note}")
        text = (
            f"隐患“{hazard.title}”（{hazard.region.name}）延期至 {extension.new_deadline:%Y-%m-%d} 的申请不予批准"
            f"（{_signature(by)}）{note}。整改期限仍为 {_day(hazard.deadline)}。"
        )
    recipients = _townships(hazard) + ([extension.created_by] if extension.created_by else [])
    notify(
        [user for user in recipients if user.pk != by.pk],
        "hazard_extension_decided",
        hazard,
        text,
        period=f"extension-{extension.pk}-decided",
    )
    return extension


def _signature(user) -> str:
    official = official_of(user)
    if official is None:
        return user.get_username()
    office = official.department.name if official.department_id else official.region.name
    return f"{official.name}（{office}）"


def _day(day: datetime.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else "未定期限"


@transaction.atomic
def leader_assign(
    *,
    hazard: Hazard,
    leader: Official,
    by,
    round: int,
    target_date: datetime.date,
    assigned_on: datetime.date | None = None,
) -> LeaderAssignment:
    """挂包整改: assign an open major hazard to a city or county leader whose jurisdiction covers it."""
    hazard = _locked(hazard, by)
    _refuse_if_blocked(hazard, ASSIGN, by)
    if leader.role != Role.LEADER:
        raise ValidationError({"leader": f"{leader.name}不是党政领导，不能挂包。"})
    if not hazard.region.path.startswith(leader.region.path):
        raise ValidationError({"leader": f"{leader.name}的分管区域不包含该隐患所在地。"})
    assigned_on = assigned_on or timezone.localdate()
    if target_date < assigned_on:
        raise ValidationError({"target_date": "目标完成日期不能早于挂包日期。"})
    assignment = LeaderAssignment(
        hazard=hazard, leader=leader, round=round, assigned_on=assigned_on, target_date=target_date, assigned_by=by
    )
    _save(assignment, by, "挂包")
    who = f"{leader.name}（{leader.post}）" if leader.post else leader.name
    _note(hazard, by, f"明确挂包领导：{who}，{round}年度，目标完成日期 {target_date:%Y-%m-%d}")
    notify(
        [leader.user],
        "hazard_assigned",
        hazard,
        f"您已挂包重大隐患“{hazard.title}”（{hazard.region.name}），目标完成日期 {target_date:%Y-%m-%d}。",
        period=_event(hazard, "assigned"),
    )
    notify(
        _townships(hazard),
        "hazard_leader_assigned",
        hazard,
        f"重大隐患“{hazard.title}”已明确挂包领导：{who}，目标完成日期 {target_date:%Y-%m-%d}。",
        period=_event(hazard, "assigned"),
    )
    return assignment


def responsible_officials(hazard: Hazard):
    """Who answers for a hazard: the township, and the supervising department if any."""
    officials = Official.objects.covering(hazard.region, roles=[Role.TOWNSHIP]).select_related("user")
    users = [official.user for official in officials]
    if hazard.department_id:
        department = Official.objects.covering(hazard.region, roles=[Role.DEPARTMENT]).filter(
            department_id=hazard.department_id
        )
        users += [official.user for official in department.select_related("user")]
    return users


def hazard_open_found(
    *,
    enterprise,
    source: str,
    description: str,
    found_on: datetime.date,
    finder: str,
    by,
    reason: str,
    grade: str = HazardGrade.GENERAL,
    deadline: datetime.date | None = None,
    department_id: int | None = None,
    photos=(),
    photo_author=None,
    notice_kind: str,
    notice: str,
    **links,
) -> Hazard:
    """A problem found at ``enterprise`` (on a visit, an inspection, a self-check) opened as a hazard.

    The caller checks who may open it and links its record (``links``: ``visit_finding=``). The
    hazard keeps ``photos`` (stored images: the same files, not copies) and takes ``deadline``
    (else it shows 未定期限 until the township sets one); its regulator is the enterprise's, or
    ``department_id`` when it has none. The township and the regulator are told with ``notice`` (of ``notice_kind``).
    """
    if grade not in HazardGrade.values:
        raise ValidationError({"grade": "请选择隐患等级。"})
    if deadline is not None and deadline < found_on:
        raise ValidationError({"deadline": "整改期限不能早于发现日期。"})
    hazard = Hazard(
        title=description[:60],
        enterprise=enterprise,
        region_id=enterprise.region_id,
        department_id=enterprise.department_id or department_id,
        grade=grade,
        industry=enterprise.industry,
        source=source,
        description=description,
        found_on=found_on,
        finder=finder[:64],
        deadline=deadline,
        **links,
    )
    hazard._change_reason = reason
    hazard._history_user = by
    hazard.save()
    for image in photos:
        photo = HazardPhoto(hazard=hazard, image=image.name, created_by=photo_author)
        photo._history_user = by
        photo.save()
    notify(responsible_officials(hazard), notice_kind, hazard, notice)
    return hazard


@transaction.atomic
def hazard_open_from_finding(
    *, finding: VisitFinding, by, grade: str = HazardGrade.GENERAL, deadline: datetime.date | None = None
) -> Hazard:
    """A grid supervisor's visit finding becomes a hazard at the visited enterprise (source 网格督导).

    Whoever may change the finding (its supervisor, the township) may open it; it keeps the
    visit's photos and takes ``deadline`` (else it shows 未定期限 until the township sets one).
    The township and the supervising department are told, and take it from there.
    """
    finding = (
        VisitFinding.objects.for_user(by, CHANGE)
        .select_for_update(of=("self",))
        .select_related("visit__enterprise", "visit__supervisor")
        .filter(pk=finding.pk)
        .first()
    )
    if finding is None:
        raise ValidationError("您无权办理该督导问题。")
    if Hazard.objects.filter(visit_finding=finding).exists():
        raise ValidationError("该问题已登记为隐患。")
    visit, enterprise = finding.visit, finding.visit.enterprise
    hazard = hazard_open_found(
        enterprise=enterprise,
        source=HazardSource.GRID_VISIT,
        description=finding.description,
        found_on=visit.visited_on,
        finder=visit.supervisor.name,
        by=by,
        reason="网格督导发现",
        grade=grade,
        deadline=deadline,
        photos=[photo.image for photo in visit.photos.all()],
        photo_author=visit.created_by,
        notice_kind="hazard_from_visit",
        notice=f"网格督导员{visit.supervisor.name}在{enterprise.name}发现隐患：{finding.description}",
        visit_finding=finding,
    )
    ensure_in_scope(hazard, by, VIEW)
    return hazard


@transaction.atomic
def hazard_urge(*, hazard: Hazard, by, text: str) -> HazardUrge:
    """督促: the assigned leader (or a committee) pushes; the responsible units are notified."""
    if not text.strip():
        raise ValidationError({"text": "请填写督促意见。"})
    hazard = Hazard.objects.for_user(by, VIEW).filter(pk=hazard.pk).select_related("region").first()
    if hazard is None:
        raise ValidationError("您无权督促该隐患。")
    if not hazard.is_open:
        raise ValidationError("该隐患已销号，无需督促。")
    official = official_of(by)
    role = official.role if official else None
    is_leader = hazard.leader_assignments.filter(status=AssignmentStatus.ACTIVE, leader=official).exists()
    if not (by.is_superuser or is_leader or role in (Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE)):
        raise ValidationError("只有挂包领导或安委办可以督促。")
    urge = HazardUrge(hazard=hazard, text=text.strip(), created_by=by)
    urge._history_user = by
    urge.save()
    ensure_in_scope(urge, by, CHANGE)
    _note(hazard, by, f"督促：{text.strip()}")
    who = official.name if official else by.get_username()
    notify(responsible_officials(hazard), "hazard_urged", hazard, f"{who}督促隐患“{hazard.title}”：{text.strip()}")
    return urge


@transaction.atomic
def supervision_progress_record(
    *, item: SupervisionItem, by, month: datetime.date, text: str, percent: int
) -> SupervisionProgress:
    """一月一跟进: the month's progress of a supervision item; entering it again replaces it."""
    item = SupervisionItem.objects.for_user(by, CHANGE).select_for_update(of=("self",)).filter(pk=item.pk).first()
    if item is None:
        raise ValidationError("您无权填报该督办事项。")
    month = month.replace(day=1)
    if month < item.start_on.replace(day=1):
        raise ValidationError({"month": "月份不能早于督办事项开始日期。"})
    if not text.strip():
        raise ValidationError({"text": "请填写本月进展。"})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": "完成比例应在 0 到 100 之间。"})
    entry = SupervisionProgress.objects.filter(item=item, month=month).first() or SupervisionProgress(
        item=item, month=month
    )
    entry.text, entry.percent, entry.reported_by = text.strip(), percent, by
    _save(entry, by, f"{month:%Y年%m月}进展")
    if percent == 100 and item.status != SupervisionStatus.COMPLETED:
        item.status = SupervisionStatus.COMPLETED
        _save(item, by, "进展100%，办结")
    return entry


@transaction.atomic
def risk_points_carry_forward(*, region, from_period: str, to_period: str, by) -> int:
    """半年一滚动: copy the previous period's live points in ``region`` into the new period, pending review.

    Points already carried are skipped, so the action is safe to repeat.
    """
    if to_period <= from_period:
        raise ValidationError({"to_period": "新周期须晚于上一周期。"})
    source = (
        RiskPoint.objects.for_user(by, CHANGE)
        .active()
        .filter(period=from_period, region__path__startswith=region.path)
        .exclude(successors__period=to_period)
    )
    copies = []
    for point in source.iterator(chunk_size=500):
        previous_id = point.pk
        point.pk = point.id = None
        point._state.adding = True
        point.previous_id = previous_id
        point.period = to_period
        point.review = RiskPointReview.PENDING
        copies.append(point)
    for point in copies:
        _save(point, by, f"由 {from_period} 滚动结转")
    return len(copies)


@transaction.atomic
def risk_point_review(
    *,
    risk_point: RiskPoint,
    by,
    decision: str,
    method: str | None = None,
    likelihood: Decimal | None = None,
    severity: Decimal | None = None,
    exposure: Decimal | None = None,
    consequence: Decimal | None = None,
    grade: str | None = None,
    note: str = "",
) -> RiskPoint:
    """Review a carried-forward point: keep it, re-grade it (a new assessment) or retire it."""
    point = RiskPoint.objects.for_user(by, CHANGE).select_for_update(of=("self",)).filter(pk=risk_point.pk).first()
    if point is None:
        raise ValidationError("您无权复核该风险点。")
    if decision not in RiskPointReview.DECISIONS:
        raise ValidationError({"decision": "复核结论应为保留、重新定级或销号。"})
    if point.review != RiskPointReview.PENDING:
        raise ValidationError(f"该风险点已复核（{RiskPointReview.label(point.review)}），不能重复复核。")
    if decision == RiskPointReview.REGRADED:
        point.method = method or point.method
        point.likelihood, point.severity = likelihood, severity
        point.exposure, point.consequence = exposure, consequence
        if grade:
            point.grade = grade
        point.full_clean()
    point.review = decision
    _save(point, by, f"复核：{RiskPointReview.label(decision)}{('，' + note) if note else ''}")
    return point


# Periodic notices ----------------------------------------------------------------
# Each carries a period key, so a job run twice (or retried) sends nothing twice.


def _overdue_key(hazard: Hazard) -> str:
    return f"deadline-{hazard.deadline.isoformat()}"


def notify_overdue_hazards(*, day: datetime.date) -> int:
    """Hazards newly overdue by ``day``: one notice per hazard to its township, supervising department
    and, if major, its leader.

    Once per hazard and deadline, however long ago it passed: an extended deadline that passes
    again is notified again. Hazards already told of are left in the database; the rest are read
    in one pass, with every recipient loaded once beforehand, so the job costs the same few
    queries for ten hazards or ten thousand.
    """
    content_type = ContentType.objects.get_for_model(Hazard)
    told = Notification.objects.filter(
        kind="hazard_overdue",
        content_type=content_type,
        object_id=OuterRef("pk"),
        key=Concat(
            Value(f"hazard_overdue:{content_type.pk}:"),
            Cast(OuterRef("pk"), CharField()),
            Value(":deadline-"),
            Cast(OuterRef("deadline"), CharField()),
        ),
    )
    overdue = Hazard.objects.overdue(day).exclude(Exists(told))
    # Who answers for a hazard: the township officials over its region, the officials of its
    # supervising department over it, and its leaders; matched here by region code.
    townships: dict[str, list] = {}
    departments: dict[tuple[str, int], list] = {}
    for official in Official.objects.filter(
        Q(role=Role.TOWNSHIP) | Q(role=Role.DEPARTMENT, department__isnull=False), user__is_active=True
    ).select_related("region", "user"):
        if official.role == Role.TOWNSHIP:
            townships.setdefault(official.region.code, []).append(official.user)
        else:
            departments.setdefault((official.region.code, official.department_id), []).append(official.user)
    leaders: dict[int, list] = {}
    for assignment in LeaderAssignment.objects.filter(
        status=AssignmentStatus.ACTIVE, hazard__in=overdue.filter(grade=HazardGrade.MAJOR)
    ).select_related("leader__user"):
        leaders.setdefault(assignment.hazard_id, []).append(assignment.leader.user)

    def notices():
        for hazard in overdue.select_related("region").order_by("pk").iterator(chunk_size=2000):
            codes = hazard.region.ancestor_codes
            recipients = [user for code in codes for user in townships.get(code, ())]
            recipients += [user for code in codes for user in departments.get((code, hazard.department_id), ())]
            if hazard.is_major:
                recipients += leaders.get(hazard.pk, [])
            days = (day - hazard.deadline).days
            text = (
                f"{HazardGrade.label(hazard.grade)}“{hazard.title}”（{hazard.region.name}）"
                f"已超过整改期限 {hazard.deadline:%Y-%m-%d}（逾期{days}天），请督促整改。"
            )
            yield Notice(recipients=recipients, obj=hazard, text=text, period=_overdue_key(hazard))

    return notify_each("hazard_overdue", notices())


def remind_leaders(*, day: datetime.date) -> int:
    """一月一跟进: each leader gets a summary of their open assigned hazards, once a month."""
    rows = (
        LeaderAssignment.objects.filter(status=AssignmentStatus.ACTIVE)
        .exclude(hazard__status=HazardStatus.CLOSED)
        .order_by()
        .values("leader")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(hazard__deadline__lt=day)))
    )
    counts = {row["leader"]: row for row in rows}
    url = reverse("hazards:my_assignments")
    notices = [
        Notice(
            recipients=[leader.user],
            obj=leader,
            text=f"{leader.name}：您挂包的重大隐患尚有 {counts[leader.pk]['open']} 条未销号，"
            f"其中逾期 {counts[leader.pk]['overdue']} 条，请督促推进。",
            period=f"{day:%Y-%m}",
            url=url,
        )
        for leader in Official.objects.filter(pk__in=counts).select_related("user").order_by("pk")
    ]
    return notify_each("leader_monthly_summary", notices)


def months_missing(item: SupervisionItem, *, day: datetime.date, reported: set[datetime.date]) -> list[datetime.date]:
    """The months of ``item`` that have ended by ``day`` with no progress entered (一月一跟进)."""
    first = item.start_on.replace(day=1)
    last = min(day.replace(day=1) - datetime.timedelta(days=1), item.deadline).replace(day=1)
    months, month = [], first
    while month <= last:
        if month not in reported:
            months.append(month)
        month = (month + datetime.timedelta(days=31)).replace(day=1)
    return months


def remind_supervision_items(*, day: datetime.date) -> int:
    """一月一跟进: each running item's owner (or its committee) is reminded of the ended months it has not filed.

    On 12-01 that is November (and any earlier month left empty), not December, which has not begun.
    """
    items = (
        SupervisionItem.objects.filter(status=SupervisionStatus.IN_PROGRESS, start_on__lt=day.replace(day=1))
        .select_related("region", "owner__user")
        .prefetch_related(Prefetch("progress_entries", queryset=SupervisionProgress.objects.only("item_id", "month")))
        .order_by("pk")
    )
    # An item nobody owns goes to the committee of its own region; all of them are fetched at once.
    committees: dict[int, list] = {}
    for official in Official.objects.filter(
        role__in=[Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE],
        user__is_active=True,
        region__in=items.filter(owner__isnull=True).values("region"),
    ).select_related("user"):
        committees.setdefault(official.region_id, []).append(official.user)
    notices = []
    for item in items.iterator(chunk_size=500):
        missing = months_missing(item, day=day, reported={entry.month for entry in item.progress_entries.all()})
        if not missing:
            continue
        recipients = [item.owner.user] if item.owner_id else committees.get(item.region_id, [])
        months = "、".join(f"{month:%Y年%m月}" for month in missing)
        text = f"督办事项“{item.title}”尚未填报{months}的进展，请补报（完成时限 {item.deadline:%Y-%m-%d}）。"
        notices.append(Notice(recipients=recipients, obj=item, text=text, period=f"{day:%Y-%m}"))
    return notify_each("supervision_reminder", notices)
