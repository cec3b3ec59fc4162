"""Workflows of the enforcement app: publish and acknowledge the prompt list, record its delivery,
report an accident, compute and confirm the yearly unit assessment (评先评优挂钩).

Views, the API, signals and scheduled jobs call these; each runs in one transaction.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from base.choices import AccidentLevel, Role
from base.reports import aggregate_by_child
from base.services import mark_done, notify
from grid.choices import RegionLevel
from grid.models import TOWNSHIP_LEVELS, Department, Enterprise, Official, Region, SupervisionVisit
from hazards.choices import HazardGrade
from hazards.models import Hazard

from .choices import AssessmentStatus, DeliveryChannel, VersionStatus
from .models import (
    Accident,
    AccountabilityCase,
    PromptListAcknowledgement,
    PromptListDelivery,
    PromptListVersion,
    UnitAssessment,
)

VERSION_PUBLISHED = "enforcement.prompt_list_published"
ACCIDENT_REPORTED = "enforcement.accident_reported"
ASSESSMENT_TO_CONFIRM = "enforcement.assessment_to_confirm"


@transaction.atomic
def version_publish(*, version: PromptListVersion, by) -> int:
    """Publish ``version`` to every township and every department with inspection duties in its region.

    Each recipient gets one acknowledgement to acknowledge and one notice, however often this runs.
    Returns the acknowledgements created.
    """
    version = PromptListVersion.objects.select_for_update().select_related("region").get(pk=version.pk)
    if not version.items.exists():
        raise ValidationError("清单还没有条目，不能印发。")
    if version.status == VersionStatus.DRAFT:
        version.status, version.published_at, version.published_by = VersionStatus.PUBLISHED, timezone.now(), by
        version._change_reason = "印发"
        version.save()
    under = version.region.path
    townships = Region.objects.filter(level__in=TOWNSHIP_LEVELS, path__startswith=under)
    departments = Department.objects.filter(region__path__startswith=under, has_inspection_duty=True)
    sent_townships = set(version.acknowledgements.filter(department__isnull=True).values_list("region_id", flat=True))
    sent_departments = set(
        version.acknowledgements.filter(department__isnull=False).values_list("department_id", flat=True)
    )
    acknowledgements = [
        PromptListAcknowledgement(version=version, region_id=pk) for pk in townships.values_list("pk", flat=True)
    ] + [
        PromptListAcknowledgement(version=version, region_id=region_id, department_id=pk)
        for pk, region_id in departments.values_list("pk", "region_id")
    ]
    acknowledgements = [
        acknowledgement
        for acknowledgement in acknowledgements
        if (acknowledgement.department_id is None and acknowledgement.region_id not in sent_townships)
        or (acknowledgement.department_id is not None and acknowledgement.department_id not in sent_departments)
    ]
    bulk_create_with_history(acknowledgements, PromptListAcknowledgement, batch_size=2000, default_user=by)
    recipients = Official.objects.filter(user__is_active=True).filter(
        Q(role=Role.TOWNSHIP, region__in=townships) | Q(role=Role.DEPARTMENT, department__in=departments)
    )
    notify(
        [official.user for official in recipients.select_related("user")],
        VERSION_PUBLISHED,
        version,
        f"请签收并传达{version}（共{version.items.count()}项），由网格督导员送达辖区企业。",
        period="publish",
        url=reverse("enforcement:prompt_list_acknowledgement_list") + f"?version={version.pk}",
    )
    return len(acknowledgements)


@transaction.atomic
def acknowledgement_acknowledge(*, acknowledgement: PromptListAcknowledgement, by) -> PromptListAcknowledgement:
    """Stamp a township's or department's acknowledgement of a version; a second call changes nothing."""
    acknowledgement = PromptListAcknowledgement.objects.select_for_update().get(pk=acknowledgement.pk)
    if acknowledgement.acknowledged_at is None:
        acknowledgement.acknowledged_at, acknowledgement.acknowledged_by = timezone.now(), by
        acknowledgement._change_reason = "签收"
        acknowledgement.save()
    mark_done(user=by, kind=VERSION_PUBLISHED, obj=acknowledgement.version)
    return acknowledgement


@transaction.atomic
def delivery_record(
    *,
    enterprise: Enterprise,
    delivered_on: datetime.date,
    by,
    version: PromptListVersion | None = None,
    visit: SupervisionVisit | None = None,
    note: str = "",
) -> PromptListDelivery | None:
    """Record that ``enterprise`` has the prompt list (by default the version current for its township).

    An enterprise is reached once per version: a second delivery returns the first. None when no
    version has been published for the enterprise's township yet.
    """
    version = version or PromptListVersion.objects.current_for(enterprise.region)
    if version is None:
        return None
    existing = PromptListDelivery.objects.filter(version=version, enterprise=enterprise).first()
    if existing is not None:
        return existing
    delivery = PromptListDelivery(
        version=version,
        enterprise=enterprise,
        delivered_on=delivered_on,
        channel=DeliveryChannel.VISIT if visit is not None else DeliveryChannel.TOWNSHIP,
        visit=visit,
        note=note,
        created_by=by,
    )
    delivery.full_clean(exclude=["delivered_on"] if visit is not None else None)
    delivery.save()
    return delivery


def delivery_from_visit(*, visit: SupervisionVisit) -> PromptListDelivery | None:
    """A grid supervisor's visit that marks the list delivered reaches its enterprise with the current version."""
    if not visit.prompt_list_delivered:
        return None
    return delivery_record(
        enterprise=visit.enterprise,
        delivered_on=visit.visited_on,
        by=visit.created_by,
        version=PromptListVersion.objects.current_for(visit.region),
        visit=visit,
    )


def city_of(region: Region) -> Region:
    """The city a region lies in."""
    if region.level == RegionLevel.CITY:
        return region
    return Region.objects.get(code=region.ancestor_codes[0]) if region.parent_id else region


def accident_report(*, accident: Accident) -> int:
    """The county and city committees hear of an accident at once; its year's assessment is recomputed."""
    region = Region.objects.get(pk=accident.region_id)
    committees = Official.objects.covering(region, roles=[Role.COUNTY_COMMITTEE, Role.CITY_COMMITTEE])
    sent = notify(
        [official.user for official in committees.select_related("user")],
        ACCIDENT_REPORTED,
        accident,
        f"事故快报：{accident.occurred_on:%Y年%m月%d日}{region.name}{accident.place}发生"
        f"{AccidentLevel.label(accident.level)}，死亡{accident.deaths}人、受伤{accident.injuries}人。",
        period="report",
    )
    assessment_compute(year=accident.occurred_on.year, city=city_of(region))
    return sent


@dataclass
class UnitResult:
    """One unit's numbers and the consequences the rules set, with their reasons."""

    accidents_general: int = 0
    accidents_larger: int = 0
    accidents_major: int = 0
    deaths: int = 0
    accountability_cases: int = 0
    overdue_major_hazards: int = 0
    downgraded: bool = False
    merit_quota_cancelled: bool = False
    reasons: list[str] = field(default_factory=list)

    FIELDS = (
        "accidents_general",
        "accidents_larger",
        "accidents_major",
        "deaths",
        "accountability_cases",
        "overdue_major_hazards",
        "downgraded",
        "merit_quota_cancelled",
        "reasons",
    )


LEVEL_FIELD = {
    AccidentLevel.GENERAL: "accidents_general",
    AccidentLevel.LARGER: "accidents_larger",
    AccidentLevel.MAJOR: "accidents_major",
    AccidentLevel.ESPECIALLY_MAJOR: "accidents_major",
}


def overdue_major_hazards(year: int, as_of: datetime.date):
    """Major hazards due in ``year`` (before ``as_of``) that were not closed by their deadline."""
    return Hazard.objects.filter(grade=HazardGrade.MAJOR, deadline__year=year, deadline__lt=as_of).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=F("deadline"))
    )


def assessment_results(*, year: int, city: Region, as_of: datetime.date | None = None) -> dict:
    """Each county's and city department's results of ``year``, keyed by county path or department kind.

    A 较大 accident or worse: the county's 综治考评 is downgraded and its principal officials'
    五比五晒 merit quota cancelled; a department in whose industry it happened is downgraded.
    """
    as_of = as_of or min(datetime.date(year, 12, 31) + datetime.timedelta(days=1), timezone.localdate())
    counties = {region.path: region for region in city.children.filter(level=RegionLevel.COUNTY)}
    departments = {department.kind: department for department in Department.objects.filter(region=city)}
    results = {path: UnitResult() for path in counties} | {kind: UnitResult() for kind in departments}
    accidents = Accident.objects.filter(occurred_on__year=year, region__path__startswith=city.path)
    for (path, level), row in aggregate_by_child(
        accidents, city, group="level", n=Count("pk"), deaths=Sum("deaths")
    ).items():
        if path in results:
            _add_accidents(results[path], level, row)
    by_kind = accidents.filter(department__isnull=False).order_by().values("department__kind", "level")
    for row in by_kind.annotate(n=Count("pk"), deaths=Sum("deaths")):
        if row["department__kind"] in results:
            _add_accidents(results[row["department__kind"]], row["level"], row)
    cases = AccountabilityCase.objects.filter(decided_on__year=year, region__path__startswith=city.path)
    for path, row in aggregate_by_child(cases, city, n=Count("pk")).items():
        if path in results:
            results[path].accountability_cases = row["n"]
    for row in cases.filter(department__isnull=False).order_by().values("department__kind").annotate(n=Count("pk")):
        if row["department__kind"] in results:
            results[row["department__kind"]].accountability_cases = row["n"]
    hazards = overdue_major_hazards(year, as_of).filter(region__path__startswith=city.path)
    for path, row in aggregate_by_child(hazards, city, n=Count("pk")).items():
        if path in results:
            results[path].overdue_major_hazards = row["n"]
    for row in hazards.filter(department__isnull=False).order_by().values("department__kind").annotate(n=Count("pk")):
        if row["department__kind"] in results:
            results[row["department__kind"]].overdue_major_hazards = row["n"]
    county_length = len(next(iter(counties), ""))
    serious = accidents.filter(level__in=AccidentLevel.DOWNGRADING).select_related("region", "department")
    for accident in serious.order_by("occurred_on", "pk"):
        what = (
            f"{accident.occurred_on:%Y年%m月%d日}{accident.region.name}{accident.place}"
            f"{AccidentLevel.label(accident.level)}（死亡{accident.deaths}人）"
        )
        county = results.get(accident.region.path[:county_length])
        if county is not None:
            county.downgraded = county.merit_quota_cancelled = True
            county.reasons += [f"发生{what}：年度综治考评降档", f"发生{what}：取消“五比五晒”党政主官记功名额"]
        department = results.get(accident.department.kind) if accident.department_id else None
        if department is not None:
            department.downgraded = True
            department.reasons.append(f"行业内发生{what}：年度综治考核降档")
    return {"counties": counties, "departments": departments, "results": results}


def _add_accidents(result: UnitResult, level: str, row: dict) -> None:
    name = LEVEL_FIELD[level]
    setattr(result, name, getattr(result, name) + row["n"])
    result.deaths += row["deaths"] or 0


@transaction.atomic
def assessment_compute(*, year: int, city: Region, as_of: datetime.date | None = None) -> int:
    """Write ``year``'s assessment of each county and city department of ``city``; confirmed rows stay as confirmed.

    The city committee is asked, once a year, to confirm. Returns the rows written or changed.
    """
    computed = assessment_results(year=year, city=city, as_of=as_of)
    existing = {
        (row.region_id, row.department_id): row
        for row in UnitAssessment.objects.select_for_update()
        .filter(year=year, region__path__startswith=city.path)
        .order_by("pk")
    }
    units = [(county, None, computed["results"][path]) for path, county in computed["counties"].items()] + [
        (department.region, department, computed["results"][kind])
        for kind, department in computed["departments"].items()
    ]
    written = 0
    now = timezone.now()
    for region, department, result in units:
        row = existing.get((region.pk, department.pk if department else None))
        if row is None:
            row = UnitAssessment(year=year, region=region, department=department)
        elif row.status == AssessmentStatus.CONFIRMED:
            continue
        values = {name: getattr(result, name) for name in UnitResult.FIELDS}
        if row.pk and all(getattr(row, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(row, name, value)
        row.computed_at = now
        row._change_reason = "按事故、责任追究和逾期重大隐患计算"
        row.save()
        written += 1
    if written:
        committee = Official.objects.filter(region=city, role=Role.CITY_COMMITTEE, user__is_active=True)
        notify(
            [official.user for official in committee.select_related("user")],
            ASSESSMENT_TO_CONFIRM,
            None,
            f"{year}年度评先评优挂钩结果已生成，请市安委会确认。",
            period=f"{city.code}-{year}",
            url=reverse("enforcement:unit_assessment_list") + f"?year={year}",
        )
    return written


@transaction.atomic
def assessment_confirm(*, year: int, city: Region, by) -> int:
    """The city committee confirms ``year``'s computed assessments of ``city``; returns how many."""
    rows = (
        UnitAssessment.objects.select_for_update()
        .filter(year=year, region__path__startswith=city.path, status=AssessmentStatus.COMPUTED)
        .order_by("pk")
    )
    now, confirmed = timezone.now(), 0
    for row in rows:
        row.status, row.confirmed_at, row.confirmed_by = AssessmentStatus.CONFIRMED, now, by
        row._change_reason = "市安委会确认"
        row.save()
        confirmed += 1
    return confirmed
