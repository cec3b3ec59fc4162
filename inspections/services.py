"""Workflows of the inspection campaign: teams, inspections with findings and re-inspections, self-checks.

Every function is keyword-only, runs in one transaction, refuses what an
official may not do with a ``ValidationError`` they can read, and is what the
pages, the API and the imports call. A notice goes out at each hand-over.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from base.choices import Role
from base.scoping import CHANGE, ensure_in_scope
from base.services import Notice, notify, notify_each
from grid.models import Official
from hazards.choices import HazardGrade, HazardSource
from hazards.services import hazard_open_found

from .choices import InspectionResult
from .models import (
    ChecklistItem,
    Evaluation,
    Inspection,
    InspectionCheck,
    InspectionFinding,
    InspectionPhoto,
    InspectionTeam,
    SelfCheckProblem,
    SelfCheckReport,
    TeamMember,
    expert_share_problem,
)

# Without a rectification deadline on its findings, a 不合格 enterprise is re-inspected within this many days.
REINSPECTION_DAYS = 30


def _users(officials) -> list:
    return [official.user for official in officials.select_related("user")]


def _save(obj, by, reason: str) -> None:
    obj._change_reason = reason
    obj._history_user = by
    obj.save()


# Teams ------------------------------------------------------------------------------------


def team_officials(team: InspectionTeam) -> list:
    """The users of the team's leader and of its members who are officials."""
    return teams_officials([team]).get(team.pk, [])


def teams_officials(teams: Iterable[InspectionTeam]) -> dict[int, list]:
    """``team_officials`` of many teams at once, by team id: two queries, whatever the number of teams."""
    official_ids = {team.pk: {team.leader_id} - {None} for team in teams}
    members = TeamMember.objects.filter(team__in=official_ids, official__isnull=False)
    for team_id, official_id in members.values_list("team_id", "official_id"):
        official_ids[team_id].add(official_id)
    users = {
        official.pk: official.user
        for official in Official.objects.filter(
            user__is_active=True, pk__in=set().union(*official_ids.values())
        ).select_related("user")
    }
    return {team_id: [users[pk] for pk in ids if pk in users] for team_id, ids in official_ids.items()}


@transaction.atomic
def team_save(*, team: InspectionTeam, members: list[TeamMember], by, reason: str = "") -> InspectionTeam:
    """Save a team with exactly ``members``; refused when experts and professionals are under 80%.

    Officials newly on the team (its leader, its members) are told they have been assigned.
    """
    for member in members:
        member.fill_from_directory()
    problem = expert_share_problem(members)
    if problem:
        raise ValidationError(problem, code="expert_share")
    adding = team._state.adding
    before = set() if adding else {user.pk for user in team_officials(team)}
    if adding and team.created_by_id is None:
        team.created_by = by
    _save(team, by, reason or ("新建检查组" if adding else "修改检查组"))
    ensure_in_scope(team, by, CHANGE)
    kept = [member.pk for member in members if member.pk]
    for stale in team.members.exclude(pk__in=kept):
        stale._history_user = by
        stale.delete()
    for member in members:
        member.team = team
        member._history_user = by
        member.save()
    assigned = [user for user in team_officials(team) if user.pk not in before]
    notify(
        assigned,
        "inspection_team_assigned",
        team,
        f"您已编入“{team.campaign.name}”的{team.name}（组长：{team.leader_name}）。",
        period="assigned",
    )
    return team


# Inspections ------------------------------------------------------------------------------


@dataclass
class FindingInput:
    """A problem found at an inspection, as the form or the API sends it."""

    description: str
    grade: str = HazardGrade.GENERAL
    deadline: datetime.date | None = None
    photos: list = field(default_factory=list)


def _township_users(enterprise) -> list:
    return _users(Official.objects.covering(enterprise.region, roles=[Role.TOWNSHIP]))


def reinspection_due_on(inspection: Inspection) -> datetime.date:
    """When a 不合格 inspection is to be re-inspected: its findings' latest deadline, else 30 days on."""
    latest = inspection.findings.aggregate(latest=Max("deadline"))["latest"]
    return latest or inspection.inspected_on + datetime.timedelta(days=REINSPECTION_DAYS)


@transaction.atomic
def inspection_record(
    *,
    inspection: Inspection,
    by,
    checks: dict[int, str] | None = None,
    findings: Iterable[FindingInput] = (),
) -> Inspection:
    """Record an inspection (or a re-inspection) with its checklist and findings.

    Each finding opens a hazard (source 部门检查) with the finding's photos, linked both ways.
    A day outside the phase's dates is refused unless confirmed (``outside_phase``). A 不合格 result tells the
    enterprise's township and the team, which is to re-inspect; a re-inspection that passes
    tells the township the enterprise is off the open list.
    """
    inspection.full_clean(exclude=["region", "chain_root"])
    enterprise = inspection.enterprise
    checks = checks or {}
    items = ChecklistItem.objects.filter(pk__in=checks.keys())
    wrong = [item for item in items if item.industry != enterprise.industry]
    if wrong or len(items) != len(checks):
        raise ValidationError("检查表条目须为被检查单位所属行业的条目。")
    if inspection.created_by_id is None:
        inspection.created_by = by
    _save(inspection, by, "复查" if inspection.previous_id else "检查")
    ensure_in_scope(inspection, by, CHANGE)
    InspectionCheck.objects.bulk_create(
        InspectionCheck(inspection=inspection, item_id=item_id, outcome=outcome) for item_id, outcome in checks.items()
    )
    team = inspection.team
    for found in findings:
        finding_add(inspection=inspection, found=found, by=by)
    if inspection.result == InspectionResult.FAILED:
        due = reinspection_due_on(inspection)
        text = f"{team.name}于{inspection.inspected_on:%Y-%m-%d}检查{enterprise.name}：不合格"
        notify(_township_users(enterprise), "inspection_failed", inspection, f"{text}，请督促整改，待复查合格。")
        notify(team_officials(team), "reinspection_due", inspection, f"{text}，请于{due:%Y-%m-%d}前复查。")
    elif inspection.previous_id:
        notify(
            _township_users(enterprise),
            "reinspection_passed",
            inspection,
            f"{enterprise.name}经{team.name}{inspection.inspected_on:%Y-%m-%d}复查合格。",
        )
    return inspection


def finding_add(*, inspection: Inspection, found: FindingInput, by) -> InspectionFinding:
    """A finding of ``inspection`` with its photos, and the hazard it opens (source 部门检查)."""
    description = found.description.strip()
    if not description:
        raise ValidationError({"description": "请填写发现的问题。"})
    finding = InspectionFinding(
        inspection=inspection, description=description[:500], grade=found.grade, deadline=found.deadline
    )
    finding.full_clean(exclude=["hazard"])
    _save(finding, by, "检查发现")
    for upload in found.photos:
        photo = InspectionPhoto(finding=finding, image=upload)
        _save(photo, by, "现场照片")
    enterprise, team = inspection.enterprise, inspection.team
    hazard = hazard_open_found(
        enterprise=enterprise,
        source=HazardSource.DEPARTMENT_INSPECTION,
        description=finding.description,
        found_on=inspection.inspected_on,
        finder=team.name,
        by=by,
        reason="部门检查发现",
        grade=finding.grade,
        deadline=finding.deadline,
        department_id=team.department_id,
        photos=[photo.image for photo in finding.photos.all()],
        photo_author=by,
        notice_kind="hazard_from_inspection",
        notice=f"{team.name}检查{enterprise.name}发现隐患：{finding.description}",
    )
    finding.hazard = hazard
    _save(finding, by, "登记为隐患")
    return finding


def remind_reinspections_due(*, day: datetime.date) -> int:
    """Open 不合格 inspections whose re-inspection is due by ``day`` remind their team, once each."""
    due = (
        Inspection.objects.open()
        .select_related("enterprise", "team")
        .annotate(latest_deadline=Max("findings__deadline"))
        .order_by("pk")
    )
    overdue = []
    for inspection in due.iterator(chunk_size=500):
        on = inspection.latest_deadline or inspection.inspected_on + datetime.timedelta(days=REINSPECTION_DAYS)
        if on <= day:
            overdue.append((inspection, on))
    recipients = teams_officials({inspection.team for inspection, _ in overdue})
    notices = []
    for inspection, on in overdue:
        notices.append(
            Notice(
                recipients=recipients[inspection.team_id],
                obj=inspection,
                text=f"{inspection.enterprise.name}{inspection.inspected_on:%Y-%m-%d}检查不合格，复查期限{on:%Y-%m-%d}已到，请复查。",
                period="due",
            )
        )
    return notify_each("reinspection_overdue", notices)


# Self-checks ------------------------------------------------------------------------------


@transaction.atomic
def self_check_save(*, report: SelfCheckReport, problems: Iterable[str], by) -> SelfCheckReport:
    """Save a self-check report; each problem not yet on it is registered and opens a hazard (企业自查)."""
    adding = report._state.adding
    report.full_clean(exclude=["region"])
    if adding and report.created_by_id is None:
        report.created_by = by
    texts = [text.strip()[:500] for text in problems if text.strip()]
    known = set() if adding else set(report.problems.values_list("description", flat=True))
    new = [text for text in dict.fromkeys(texts) if text not in known]
    report.problems_found = max(report.problems_found or 0, len(known) + len(new))
    _save(report, by, "企业自查报告" if adding else "修改企业自查报告")
    ensure_in_scope(report, by, CHANGE)
    enterprise = report.enterprise
    for text in new:
        problem = SelfCheckProblem(report=report, description=text)
        _save(problem, by, "企业自查发现")
        problem.hazard = hazard_open_found(
            enterprise=enterprise,
            source=HazardSource.SELF_CHECK,
            description=text,
            found_on=report.checked_on,
            finder=report.principal_name or enterprise.principal_name,
            by=by,
            reason="企业自查发现",
            notice_kind="hazard_from_self_check",
            notice=f"{enterprise.name}自查发现隐患：{text}",
        )
        _save(problem, by, "登记为隐患")
    return report


# The year-end evaluation --------------------------------------------------------------------


def evaluation_enter(*, evaluation: Evaluation, by) -> Evaluation:
    """年底一总评: the committee's grade and comment, signed and timed."""
    evaluation.entered_by = by
    evaluation.entered_at = timezone.now() if evaluation.grade else None
    _save(evaluation, by, "年底总评")
    ensure_in_scope(evaluation, by, CHANGE)
    return evaluation
