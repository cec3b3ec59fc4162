"""Numbers the grid app owns, computed in the database."""

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from sanming_safety.choices import RiskGrade
from sanming_safety.scoping import VIEW

from .choices import RegionLevel, SevenOne, StaffRole, SupervisorLevel
from .models import (
    Enterprise,
    FireStationStaff,
    Grid,
    GridSupervisor,
    GuideAcknowledgement,
    HouseInspection,
    Region,
    SevenOnesItem,
    SmallVenueInspection,
    SupervisionGuide,
    SupervisionVisit,
    VisitFinding,
)


def counts_by_child(queryset, region: Region, *, region_lookup: str = "region") -> dict[str, int]:
    """Rows of ``queryset`` under each child of ``region``, keyed by the child's path.

    Paths of one level have one length, so a prefix of that length names the
    child: a single GROUP BY, whatever the number of rows.
    """
    child = region.children.order_by().values_list("path", flat=True).first()
    if child is None:
        return {}
    prefix = Substr(f"{region_lookup}__path", 1, len(child))
    rows = (
        queryset.filter(**{f"{region_lookup}__path__startswith": region.path})
        .annotate(child=prefix)
        .order_by()
        .values("child")
        .annotate(n=Count("pk"))
    )
    return {row["child"]: row["n"] for row in rows}


def region_children(user, region: Region) -> list[dict]:
    """The children of ``region`` visible to ``user``, with their enterprises and sub-divisions."""
    children = list(Region.objects.for_user(user, VIEW).filter(parent=region).order_by("code"))
    enterprises = counts_by_child(Enterprise.objects.for_user(user, VIEW), region)
    grandchildren = dict(
        Region.objects.for_user(user, VIEW)
        .filter(parent__parent=region)
        .order_by()
        .values_list("parent")
        .annotate(n=Count("pk"))
    )
    return [
        {"region": child, "enterprises": enterprises.get(child.path, 0), "children": grandchildren.get(child.pk, 0)}
        for child in children
    ]


def enterprise_summary(user) -> dict:
    """Enterprises in the user's jurisdiction: total, by risk grade, weak-foundation."""
    totals = Enterprise.objects.for_user(user, VIEW).aggregate(
        total=Count("pk"),
        weak=Count("pk", filter=Q(weak_foundation=True)),
        **{grade: Count("pk", filter=Q(risk_grade=grade)) for grade in RiskGrade.values},
    )
    return {
        "total": totals["total"],
        "weak": totals["weak"],
        "by_grade": [
            {"value": grade, "label": RiskGrade.label(grade), "colour": RiskGrade.colour(grade), "count": totals[grade]}
            for grade in RiskGrade.values
        ],
    }


def dashboard(user) -> dict:
    return {"enterprises": enterprise_summary(user), "county_level": RegionLevel.COUNTY}


def enterprises_by_county(region: Region) -> list[dict]:
    """Per child of ``region`` (counties of the city): enterprises by risk grade, in one query."""
    children = list(region.children.order_by("code"))
    if not children:
        return []
    prefix = Substr("region__path", 1, len(children[0].path))
    rows = (
        Enterprise.objects.filter(region__path__startswith=region.path)
        .annotate(child=prefix)
        .order_by()
        .values("child")
        .annotate(
            total=Count("pk"),
            weak=Count("pk", filter=Q(weak_foundation=True)),
            **{grade: Count("pk", filter=Q(risk_grade=grade)) for grade in RiskGrade.values},
        )
    )
    by_path = {row["child"]: row for row in rows}
    empty = {"total": 0, "weak": 0, **dict.fromkeys(RiskGrade.values, 0)}
    return [{"region": child, **by_path.get(child.path, empty)} for child in children]


def bulletin_sheets(*, month, region: Region) -> list:
    from sanming_safety.bulletin import Sheet

    rows = enterprises_by_county(region)
    headers = ["区域", "单位总数", *(RiskGrade.label(g) for g in RiskGrade.values), "基础薄弱"]
    body = [[row["region"].name, row["total"], *(row[g] for g in RiskGrade.values), row["weak"]] for row in rows]
    totals = ["合计", *(sum(line[i] for line in body) for i in range(1, len(headers)))]
    fills = {(len(body), 2 + i): RiskGrade.colour(g) for i, g in enumerate(RiskGrade.values)}
    return [Sheet("生产经营单位分级", headers, [*body, totals], note="按风险等级统计，截至生成日。", fills=fills)]


def _subquery_count(queryset, group: str) -> Coalesce:
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_grid_counts(grids: QuerySet) -> QuerySet:
    """Grids with the number of enterprises in them and of supervisors in office on them."""
    through = Grid.enterprises.through
    supervisors = GridSupervisor.grids.through.objects.filter(
        grid=OuterRef("pk"), gridsupervisor__in=GridSupervisor.objects.active()
    )
    return grids.annotate(
        enterprise_count=_subquery_count(through.objects.filter(grid=OuterRef("pk")), "grid"),
        supervisor_count=_subquery_count(supervisors, "grid"),
    )


def with_finding_counts(visits: QuerySet) -> QuerySet:
    return visits.annotate(finding_count=_subquery_count(VisitFinding.objects.filter(visit=OuterRef("pk")), "visit"))


def with_receipt_counts(guides: QuerySet, user) -> QuerySet:
    """Guides with receipts sent and read among the supervisors ``user`` can see."""
    receipts = GuideAcknowledgement.objects.for_user(user, VIEW).filter(guide=OuterRef("pk"))
    return guides.annotate(
        receipt_total=_subquery_count(receipts, "guide"),
        receipt_read=_subquery_count(receipts.filter(acknowledged_at__isnull=False), "guide"),
    )


def _rate(read: int, total: int) -> float | None:
    return round(100 * read / total, 1) if total else None


def acknowledgement_rates(guide: SupervisionGuide, user, region: Region) -> dict:
    """Receipts of ``guide`` read and sent, in all and per county and township under ``region``."""
    receipts = GuideAcknowledgement.objects.for_user(user, VIEW).filter(
        guide=guide, supervisor__region__path__startswith=region.path
    )
    read = Count("pk", filter=Q(acknowledged_at__isnull=False))
    total = receipts.aggregate(total=Count("pk"), read=read)
    county_rows = (
        receipts.annotate(county=Substr("supervisor__region__parent__code", 1, 6))
        .order_by()
        .values("county")
        .annotate(total=Count("pk"), read=read)
    )
    township_rows = receipts.order_by().values("supervisor__region").annotate(total=Count("pk"), read=read)
    names = dict(
        Region.objects.filter(pk__in=[row["supervisor__region"] for row in township_rows]).values_list("pk", "name")
    )
    codes = dict(Region.objects.filter(code__in=[row["county"] for row in county_rows]).values_list("code", "name"))

    def line(name, row):
        return {"name": name, "total": row["total"], "read": row["read"], "rate": _rate(row["read"], row["total"])}

    return {
        **line(region.name, total),
        "counties": sorted(
            (line(codes.get(r["county"], r["county"]), r) for r in county_rows), key=lambda r: r["name"]
        ),
        "townships": sorted(
            (line(names.get(r["supervisor__region"], ""), r) | {"pk": r["supervisor__region"]} for r in township_rows),
            key=lambda r: (r["rate"] or 0, r["name"]),
        ),
    }


def grid_overview(user, region: Region) -> list[dict]:
    """Per child of ``region``: supervisors in office by level, grids, enterprises and those in no grid."""
    supervisors = GridSupervisor.objects.for_user(user, VIEW).active()
    by_level = {level: counts_by_child(supervisors.filter(level=level), region) for level in SupervisorLevel.values}
    grids = counts_by_child(Grid.objects.for_user(user, VIEW).filter(is_active=True), region)
    enterprises = Enterprise.objects.for_user(user, VIEW)
    in_grid = Exists(Grid.enterprises.through.objects.filter(enterprise=OuterRef("pk")))
    all_enterprises = counts_by_child(enterprises, region)
    no_grid = counts_by_child(enterprises.filter(~in_grid), region)
    children = list(Region.objects.for_user(user, VIEW).filter(parent=region).exclude(level=RegionLevel.VILLAGE))
    rows = []
    for child in sorted(children, key=lambda r: r.code):
        levels = [by_level[level].get(child.path, 0) for level in SupervisorLevel.values]
        rows.append(
            {
                "region": child,
                "levels": levels,
                "supervisors": sum(levels),
                "grids": grids.get(child.path, 0),
                "enterprises": all_enterprises.get(child.path, 0),
                "no_grid": no_grid.get(child.path, 0),
                "no_chief": child.level != RegionLevel.COUNTY and levels[0] == 0 and sum(levels) > 0,
            }
        )
    return rows


def grids_by_industry(region: Region) -> dict[str, int]:
    rows = Grid.objects.filter(region__path__startswith=region.path, is_active=True).order_by().values("industry")
    return {row["industry"]: row["n"] for row in rows.annotate(n=Count("pk"))}


def visits_in(region: Region, start, end) -> int:
    return SupervisionVisit.objects.filter(
        region__path__startswith=region.path, visited_on__gte=start, visited_on__lt=end
    ).count()


def with_inspection_counts(houses: QuerySet) -> QuerySet:
    return houses.annotate(
        inspection_count=_subquery_count(HouseInspection.objects.filter(house=OuterRef("pk")), "house")
    )


def with_staffing(stations: QuerySet, on: datetime.date | None = None) -> QuerySet:
    """Fire stations with staff in post on ``on`` by role, and their small-venue inspections."""
    on = on or timezone.localdate()
    in_post = FireStationStaff.objects.filter(station=OuterRef("pk"), active_from__lte=on).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=on)
    )
    return stations.annotate(
        full_time_filled=_subquery_count(in_post.filter(role=StaffRole.FULL_TIME), "station"),
        part_time_filled=_subquery_count(in_post.filter(role=StaffRole.PART_TIME), "station"),
        inspection_count=_subquery_count(SmallVenueInspection.objects.filter(station=OuterRef("pk")), "station"),
    )


def seven_ones_table(user) -> list[dict]:
    """Every county the user can see against the seven items: the item row (or None) per cell."""
    counties = list(Region.objects.for_user(user, VIEW).filter(level=RegionLevel.COUNTY).order_by("code"))
    items = {
        (row.region_id, row.item): row for row in SevenOnesItem.objects.for_user(user, VIEW).filter(region__in=counties)
    }
    return [
        {
            "region": county,
            "cells": [{"item": item, "row": items.get((county.pk, item))} for item in SevenOne.values],
            "done": sum(1 for item in SevenOne.values if getattr(items.get((county.pk, item)), "status", "") == "done"),
        }
        for county in counties
    ]
