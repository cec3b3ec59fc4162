"""Numbers the grid app owns, computed in the database."""

from django.db.models import Count, Q
from django.db.models.functions import Substr

from sanming_safety.choices import RiskGrade
from sanming_safety.scoping import VIEW

from .choices import RegionLevel
from .models import Enterprise, Region


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
