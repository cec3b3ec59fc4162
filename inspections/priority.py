"""重点风险优先: an enterprise's inspection priority, computed in the database.

The score adds four components, each with its weight here, so the page that
explains a score and the query that orders a list read the same numbers:

- the risk grade (四色): red 40, orange 25, yellow 10, blue 0;
- weak foundations (基础薄弱): 15;
- past accidents at the enterprise in the last three years: 10 each, at most 30;
- its open major hazards (重大隐患, not closed): 20 each, at most 40.

A score of ``HIGH_PRIORITY`` or more marks a unit to inspect first (重点单位).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from base.choices import RiskGrade
from enforcement.models import Accident
from hazards.choices import HazardGrade, HazardStatus
from hazards.models import Hazard

RISK_POINTS = {RiskGrade.RED: 40, RiskGrade.ORANGE: 25, RiskGrade.YELLOW: 10, RiskGrade.BLUE: 0}
WEAK_FOUNDATION_POINTS = 15
ACCIDENT_POINTS, ACCIDENT_CAP, ACCIDENT_YEARS = 10, 30, 3
MAJOR_HAZARD_POINTS, MAJOR_HAZARD_CAP = 20, 40
HIGH_PRIORITY = 40


@dataclass(frozen=True)
class Component:
    """One part of the score, as the explanation page shows it."""

    label: str
    rule: str


COMPONENTS = [
    Component("风险等级", "重大风险 40 分，较大风险 25 分，一般风险 10 分，低风险 0 分"),
    Component("基础薄弱", f"基础薄弱单位 {WEAK_FOUNDATION_POINTS} 分"),
    Component(
        f"近{ACCIDENT_YEARS}年事故",
        f"每起 {ACCIDENT_POINTS} 分，最多 {ACCIDENT_CAP} 分",
    ),
    Component("未销号重大隐患", f"每条 {MAJOR_HAZARD_POINTS} 分，最多 {MAJOR_HAZARD_CAP} 分"),
]


def accidents_since(day: datetime.date) -> datetime.date:
    """The first day whose accidents still count on ``day``: the same date ``ACCIDENT_YEARS`` years before."""
    try:
        return day.replace(year=day.year - ACCIDENT_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year - ACCIDENT_YEARS, day=28)


def _count(queryset, group: str) -> Coalesce:
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_priority(enterprises: QuerySet, day: datetime.date | None = None, *, parts: bool = False) -> QuerySet:
    """``enterprises`` annotated with ``priority``, the score, in the same query (no query per row).

    With ``parts``, its parts too: ``priority_risk``, ``priority_weak``, ``priority_accidents`` (count),
    ``priority_major_hazards`` (count) and the points of the two counts. Each part is written out again
    wherever it is used, so with them PostgreSQL counts each unit's accidents and major hazards three
    times; a count of units by score asks for the score alone.
    """
    day = day or timezone.localdate()
    accidents = Accident.objects.filter(
        enterprise=OuterRef("pk"), occurred_on__gte=accidents_since(day), occurred_on__lte=day
    )
    majors = Hazard.objects.filter(enterprise=OuterRef("pk"), grade=HazardGrade.MAJOR).exclude(
        status=HazardStatus.CLOSED
    )
    components = {
        "priority_risk": Case(
            *(When(risk_grade=grade, then=Value(points)) for grade, points in RISK_POINTS.items()),
            default=Value(0),
            output_field=IntegerField(),
        ),
        "priority_weak": Case(
            When(weak_foundation=True, then=Value(WEAK_FOUNDATION_POINTS)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        "priority_accidents": _count(accidents, "enterprise"),
        "priority_major_hazards": _count(majors, "enterprise"),
        "priority_accident_points": Least(F("priority_accidents") * ACCIDENT_POINTS, Value(ACCIDENT_CAP)),
        "priority_hazard_points": Least(F("priority_major_hazards") * MAJOR_HAZARD_POINTS, Value(MAJOR_HAZARD_CAP)),
    }
    enterprises = enterprises.annotate(**components) if parts else enterprises.alias(**components)
    return enterprises.annotate(
        priority=F("priority_risk") + F("priority_weak") + F("priority_accident_points") + F("priority_hazard_points"),
    )


def by_priority(enterprises: QuerySet, day: datetime.date | None = None, *, parts: bool = False) -> QuerySet:
    """``with_priority`` ordered highest first, then by township and name (a stable order for pages)."""
    return with_priority(enterprises, day, parts=parts).order_by("-priority", "region__code", "name", "pk")
