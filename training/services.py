"""Workflows of 一季一班: inviting principals, checking attendees in, reminding townships of absent principals."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from base.choices import Role
from base.privacy import mask
from base.scoping import ensure_all_in_scope, ensure_in_scope
from base.services import Notice, notify_each
from base.validators import normalize_code, validate_resident_id
from grid.models import Enterprise, GridSupervisor, Official, Region

from . import reports
from .choices import CheckInMethod
from .models import Attendance, Invitation, WarningClass, quarter_of


def class_invite(*, warning_class: WarningClass, enterprises: Iterable[Enterprise], by) -> int:
    """Invite the principals of ``enterprises`` not yet invited; their townships and grid supervisors hear of it.

    Returns how many were newly invited.
    """
    with transaction.atomic():
        WarningClass.objects.select_for_update().filter(pk=warning_class.pk).first()
        taken = set(warning_class.invitations.values_list("enterprise_id", flat=True))
        new = [
            Invitation(
                warning_class=warning_class,
                enterprise=enterprise,
                region_id=enterprise.region_id,
                principal_name=enterprise.principal_name,
                created_by=by,
            )
            for enterprise in enterprises
            if enterprise.pk not in taken
        ]
        for invitation in new:
            invitation._change_reason = "邀请参训"
            invitation.save()
        ensure_all_in_scope(new, by)
        transaction.on_commit(lambda: _notify_invited([i.pk for i in new]))
    return len(new)


def _notify_invited(invitation_ids: list[int]) -> int:
    """Each invited principal's township officials and the grid supervisors of the enterprise: bring them."""
    invitations = list(
        Invitation.objects.filter(pk__in=invitation_ids).select_related("enterprise", "warning_class", "region")
    )
    if not invitations:
        return 0
    townships = defaultdict(list)
    for official in Official.objects.filter(
        region_id__in={i.region_id for i in invitations}, role=Role.TOWNSHIP, user__is_active=True
    ).select_related("user"):
        townships[official.region_id].append(official.user)
    supervisors = defaultdict(list)
    rows = set(
        GridSupervisor.objects.active()
        .filter(grids__enterprises__in={i.enterprise_id for i in invitations}, official__isnull=False)
        .values_list("grids__enterprises", "official__user_id")
    )
    users = get_user_model().objects.in_bulk({user_id for _, user_id in rows})
    for enterprise_id, user_id in rows:
        supervisors[enterprise_id].append(users[user_id])
    notices = []
    for invitation in invitations:
        klass = invitation.warning_class
        when = timezone.localtime(klass.starts_at)
        text = (
            f"请通知{invitation.enterprise.name}主要负责人{invitation.principal_name}"
            f"于{when:%Y年%m月%d日 %H:%M}到{klass.venue}参加“{klass.title}”，凭本人身份证签到。"
        )
        notices.append(
            Notice(
                recipients=[*townships[invitation.region_id], *supervisors[invitation.enterprise_id]],
                obj=invitation,
                text=text,
                period=klass.number,
                url=klass.get_absolute_url(),
            )
        )
    return notify_each("training_invitation", notices)


def check_in_problem(
    *, warning_class: WarningClass, id_number: str, name: str = "", at: datetime.datetime | None = None
) -> tuple[str, Enterprise | None, Invitation | None]:
    """Validate a check-in; returns the normalised ID number, the principal's enterprise and invitation.

    Raises ``ValidationError`` with the message the attendee reads.
    """
    id_number = normalize_code(id_number)
    if not id_number:
        raise ValidationError({"id_number": "请输入身份证号码。"})
    if "*" in id_number:
        raise ValidationError({"id_number": "身份证号码已脱敏，无法签到：请由主办单位导出完整号码后导入。"})
    try:
        validate_resident_id(id_number)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from error
    if at is not None and not warning_class.check_in_open(at):
        opens = timezone.localtime(warning_class.check_in_opens)
        ends = timezone.localtime(warning_class.ends_at)
        raise ValidationError(f"不在签到时间内：本班签到时间为 {opens:%Y-%m-%d %H:%M} 至 {ends:%Y-%m-%d %H:%M}。")
    earlier = warning_class.attendances.filter(id_number=id_number).first()
    if earlier is not None:
        raise ValidationError(
            {"id_number": f"该身份证号码已于 {timezone.localtime(earlier.checked_in_at):%H:%M} 签到，不能重复签到。"}
        )
    invitation = (
        warning_class.invitations.filter(enterprise__principal_id_number=id_number).select_related("enterprise").first()
    )
    enterprise = invitation.enterprise if invitation else None
    if enterprise is None:
        enterprise = Enterprise.objects.filter(principal_id_number=id_number).order_by("pk").first()
    if enterprise is None and not name.strip():
        raise ValidationError({"name": "该身份证号码不是登记的企业主要负责人，请填写姓名，按现场报名签到。"})
    if enterprise is not None and name.strip() and name.strip() != enterprise.principal_name:
        raise ValidationError({"name": "姓名与该身份证号码登记的企业主要负责人不一致，请核对。"})
    return id_number, enterprise, invitation


def check_in(
    *,
    warning_class: WarningClass,
    id_number: str,
    name: str = "",
    method: str = CheckInMethod.QR,
    by=None,
    at: datetime.datetime | None = None,
    enforce_window: bool = True,
) -> Attendance:
    """凭身份证明签到: check a person in by ID number, matched to an enterprise principal.

    Refuses a wrong check digit, a repeat, and (with ``enforce_window``) a time outside the class's window;
    someone not invited is recorded as a walk-in. ``by`` is the recording official (none on the attendee's
    own phone), who must keep the class.
    """
    at = at or timezone.now()
    with transaction.atomic():
        # One check-in of a class at a time: two phones sending one ID never both pass the repeat check.
        warning_class = WarningClass.objects.select_for_update().select_related("region").get(pk=warning_class.pk)
        id_number, enterprise, invitation = check_in_problem(
            warning_class=warning_class, id_number=id_number, name=name, at=at if enforce_window else None
        )
        attendance = Attendance(
            warning_class=warning_class,
            id_number=id_number,
            name=enterprise.principal_name if enterprise else name.strip(),
            enterprise=enterprise,
            invitation=invitation,
            region_id=enterprise.region_id if enterprise else warning_class.region_id,
            walk_in=invitation is None,
            method=method,
            checked_in_at=at,
            created_by=by,
        )
        attendance._change_reason = CheckInMethod.label(method)
        attendance.save()
        if by is not None:
            ensure_in_scope(attendance, by)
    return attendance


def check_in_message(attendance: Attendance) -> str:
    """What the attendee reads on their phone: who was checked in, with the ID number masked."""
    where = f"（{attendance.enterprise.name}）" if attendance.enterprise else ""
    kind = "现场报名" if attendance.walk_in else "已邀请"
    return f"签到成功：{attendance.name}{where}，身份证号码 {mask(attendance.id_number)}，{kind}。"


def remind_absent_principals(*, day: datetime.date) -> int:
    """一季: each township with principals who have not attended a class this year hears of it once a quarter."""
    year = day.year
    counts = reports.absent_by_township(year=year, on=day)
    townships = {r.pk: r for r in Region.objects.filter(pk__in=counts)}
    officials = defaultdict(list)
    for official in Official.objects.filter(
        region_id__in=counts, role=Role.TOWNSHIP, user__is_active=True
    ).select_related("user"):
        officials[official.region_id].append(official.user)
    url = reverse("training:coverage")
    notices = [
        Notice(
            recipients=officials[region_id],
            obj=townships[region_id],
            text=f"{townships[region_id].name}尚有 {n} 名企业主要负责人{year}年未参加警示教育学习班，请督促参训。",
            period=f"{year}Q{quarter_of(day)}",
            url=f"{url}?year={year}&township={region_id}",
        )
        for region_id, n in counts.items()
        if officials[region_id]
    ]
    return notify_each("training_absent_principals", notices)
