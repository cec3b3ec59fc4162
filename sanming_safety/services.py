"""The 督查通报's workflow: drafted from the numbers, edited, issued (签发) with the next number of its year."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from base.choices import Role
from base.reports import computed_once
from base.services import Notice, notify_each
from grid.choices import RegionLevel
from grid.models import Department, Official, Region
from hazards.reports import areas

from .bulletin import draft_text, issuing_body, write_bulletin
from .choices import BulletinStatus
from .document import write_document
from .models import BulletinIssue


def draft_bulletin(*, month: datetime.date, region: Region) -> tuple[BulletinIssue, bool]:
    """``region``'s bulletin of ``month``, drafted from the numbers unless it exists (drafted or issued) already.

    Returns the bulletin and whether it is new; a second call changes nothing.
    """
    month = month.replace(day=1)
    existing = BulletinIssue.objects.filter(month=month, region=region).first()
    if existing is not None:
        return existing, False
    text = draft_text(month, region)
    try:
        with transaction.atomic():
            issue = BulletinIssue.objects.create(
                month=month,
                region=region,
                overview=text.overview,
                problems=text.problems,
                requirements=text.requirements,
                issuing_body=issuing_body(region),
            )
    except IntegrityError:  # drafted meanwhile by another run
        return BulletinIssue.objects.get(month=month, region=region), False
    return issue, True


def _locked_draft(issue: BulletinIssue) -> BulletinIssue:
    locked = BulletinIssue.objects.select_for_update(of=("self",)).select_related("region").get(pk=issue.pk)
    if locked.is_issued:
        raise ValidationError(f"{locked}已签发，不能再修改。")
    return locked


def save_draft(*, issue: BulletinIssue, overview: str, problems: str, requirements: str) -> BulletinIssue:
    """The edited text of a draft; an issued bulletin refuses."""
    with transaction.atomic():
        locked = _locked_draft(issue)
        text = (overview, problems, requirements)
        if text != (locked.overview, locked.problems, locked.requirements):  # no history entry for no change
            locked.overview, locked.problems, locked.requirements = text
            locked.save()
    return locked


def redraft(*, issue: BulletinIssue) -> BulletinIssue:
    """A draft's text written again from today's numbers (the edits are in its history)."""
    with transaction.atomic():
        locked = _locked_draft(issue)
        text = draft_text(locked.month, locked.region)
        locked.overview, locked.problems, locked.requirements = text.overview, text.problems, text.requirements
        locked.save()
    return locked


def issue_bulletin(
    *,
    issue: BulletinIssue,
    by,
    issued_on: datetime.date,
    issuing_body: str,
    document_number: str = "",
) -> BulletinIssue:
    """签发: the draft gets the next number of ``issued_on``'s year for its region, its files, and its notices.

    The region's row is locked while the number is given, so two issues of one issuer never share a
    number; the unique constraint on (region, year, number) stands behind the lock.
    """
    if issued_on < issue.month:
        raise ValidationError({"issued_on": "签发日期不能早于通报月份。"})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": "签发日期不能晚于今天。"})
    if not issuing_body.strip():
        raise ValidationError({"issuing_body": "请填写发文机关。"})
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=issue.region_id).get()
        locked = _locked_draft(issue)
        last = BulletinIssue.objects.filter(region=locked.region_id, year=issued_on.year).aggregate(n=Max("number"))
        locked.year, locked.number = issued_on.year, (last["n"] or 0) + 1
        locked.status = BulletinStatus.ISSUED
        locked.issued_on, locked.issued_by = issued_on, by
        locked.issuing_body, locked.document_number = issuing_body.strip(), document_number.strip()
        name = f"{locked.region.code}-{locked.year}-{locked.number:02d}"
        with computed_once():  # the workbook and the document share their numbers
            workbook = write_bulletin(locked.month, locked.region, locked)
            document = write_document(locked.month, locked.region, locked)
        locked.file.save(f"{name}.xlsx", ContentFile(workbook.getvalue()), save=False)
        locked.document.save(f"{name}.docx", ContentFile(document.getvalue()), save=False)
        locked.save()
        notify_named(locked)
    return locked


def named_in(issue: BulletinIssue) -> tuple[list[Region], list[Department]]:
    """The areas (counties of the city, townships of a county) and departments that 二、存在问题 names."""
    text = issue.problems
    departments = [
        department
        for department in Department.objects.filter(region__path__startswith=issue.region.path).order_by("pk")
        if department.name in text
    ]
    # A department's name begins with its county's (三元区应急管理局): naming it does not name the county.
    for department in departments:
        text = text.replace(department.name, "")
    return [area for area in areas(issue.region) if area.name in text], departments


def _mentions(problems: str, name: str) -> list[str]:
    """The problems that name ``name``, each with its own number only: 重大隐患逾期未整改（三元区2条）."""
    found = []
    for line in problems.splitlines():
        title, _, named = line.partition("：")
        # 三元区2条 names 三元区; 三元区应急管理局1份 does not.
        own = [part for part in re.split("[、，,；;]", named.rstrip("。")) if re.match(rf"{re.escape(name)}\d", part)]
        if own:
            found.append(f"{re.sub(r'^（[^）]*）', '', title)}（{'、'.join(own)}）")
    return found


def notify_named(issue: BulletinIssue) -> int:
    """Each area and department that 二、存在问题 names hears of the issue: of its own mentions only.

    An area's notice goes to its own committee office (a county's) or township officials (a township's);
    a department's to its officials.
    """
    regions, departments = named_in(issue)
    area_role = Role.COUNTY_COMMITTEE if issue.region.level == RegionLevel.CITY else Role.TOWNSHIP
    officials = list(
        Official.objects.filter(
            Q(region__in=regions, role=area_role) | Q(department__in=departments, role=Role.DEPARTMENT),
            user__is_active=True,
        ).select_related("user")
    )
    notices = []
    for name, recipients in [
        *(
            (region.name, [o.user for o in officials if o.role == area_role and o.region_id == region.pk])
            for region in regions
        ),
        *(
            (
                department.name,
                [o.user for o in officials if o.role == Role.DEPARTMENT and o.department_id == department.pk],
            )
            for department in departments
        ),
    ]:
        mentions = "；".join(_mentions(issue.problems, name)) or "见“二、存在问题”"
        notices.append(
            Notice(
                recipients=recipients,
                obj=issue,
                text=f"{issue}点名{name}：{mentions}。请查阅通报，按“三、下步要求”落实整改。",
                period=f"{issue.year}-{issue.number}",
            )
        )
    return notify_each("bulletin_issued", notices)
