"""Numbers the grid app owns, computed in the database."""

import datetime
from decimal import Decimal

from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from base.choices import RiskGrade
from base.desk import Figure, Mechanism, Months, counts_by_month, list_url
from base.reports import aggregate_by_child, counts_by_child
from base.scoping import VIEW, official_of

from .choices import (
    EnterpriseStatus,
    GridIndustry,
    HouseStage,
    ProgressStatus,
    RegionLevel,
    SevenOne,
    StaffRole,
    SupervisorLevel,
)
from .models import (
    Craftsman,
    Enterprise,
    Fire,
    FireStation,
    FireStationStaff,
    Grid,
    GridSupervisor,
    GuideAcknowledgement,
    HouseInspection,
    HousingTraining,
    Region,
    RuralHouse,
    SafetyExpert,
    SevenOnesItem,
    SmallVenueInspection,
    SupervisionGuide,
    SupervisionVisit,
    TipOff,
    VisitFinding,
)

# A supervisor's home page lists at most this many of each; the rest are a link away.
DUE_SHOWN = 30
FINDINGS_SHOWN = 10
RISKIEST_FIRST = Case(
    *(When(risk_grade=grade, then=Value(rank)) for rank, grade in enumerate(RiskGrade.values)),
    default=Value(len(RiskGrade.values)),
)


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


def region_seats(user) -> list[dict]:
    """Where a map without tiles writes each county's and township's name: the centre of the located
    enterprises of the user's jurisdiction there (divisions carry no coordinates), in two GROUP BY queries."""
    located = Enterprise.objects.for_user(user, VIEW).filter(longitude__isnull=False, latitude__isnull=False)
    official = official_of(user)
    # A township's map is its own: its county's name would sit on top of its own.
    levels = [(RegionLevel.TOWNSHIP, "region")]
    if official is None or official.region.level in (RegionLevel.CITY, RegionLevel.COUNTY):
        levels.insert(0, (RegionLevel.COUNTY, "region__parent"))
    seats = []
    for level, key in levels:
        rows = located.order_by().values(key, f"{key}__name").annotate(lon=Avg("longitude"), lat=Avg("latitude"))
        seats += [
            {"name": row[f"{key}__name"], "level": level, "lon": float(row["lon"]), "lat": float(row["lat"])}
            for row in rows.order_by(f"{key}__code")
        ]
    return seats


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


def enterprises_by_county(region: Region) -> list[dict]:
    """Per child of ``region`` (counties of the city): enterprises by risk grade, in one query."""
    children = list(region.children.order_by("code"))
    by_path = aggregate_by_child(
        Enterprise.objects.all(),
        region,
        total=Count("pk"),
        weak=Count("pk", filter=Q(weak_foundation=True)),
        **{grade: Count("pk", filter=Q(risk_grade=grade)) for grade in RiskGrade.values},
    )
    empty = {"total": 0, "weak": 0, **dict.fromkeys(RiskGrade.values, 0)}
    return [{"region": child, **by_path.get(child.path, empty)} for child in children]


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
        "counties": [
            line(codes.get(r["county"], r["county"]), r) for r in sorted(county_rows, key=lambda r: r["county"])
        ],
        "townships": sorted(
            (line(names.get(r["supervisor__region"], ""), r) | {"pk": r["supervisor__region"]} for r in township_rows),
            key=lambda r: (r["rate"] or 0, r["name"]),
        ),
    }


def enterprises_in_no_grid(user, township: Region) -> QuerySet:
    """The township's enterprises that belong to no grid yet."""
    in_grid = Exists(Grid.enterprises.through.objects.filter(enterprise=OuterRef("pk")))
    return Enterprise.objects.for_user(user, VIEW).filter(~in_grid, region=township).order_by("name")


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


def seven_ones_table(user) -> list[dict]:
    """Every county of the user's jurisdiction, or the county a township lies in, against the seven items:
    the item row (or None) per cell, and whether the user keeps that county's items."""
    official = official_of(user)
    above = official.region.ancestor_codes[:-1] if official is not None else []
    visible = Region.objects.for_user(user, VIEW).filter(level=RegionLevel.COUNTY)
    counties = list((visible | Region.objects.filter(level=RegionLevel.COUNTY, code__in=above)).order_by("code"))
    own = set(visible.values_list("pk", flat=True)) if SevenOnesItem.may_change(user) else set()
    items = {
        (row.region_id, row.item): row for row in SevenOnesItem.objects.for_user(user, VIEW).filter(region__in=counties)
    }
    return [
        {
            "region": county,
            "cells": [{"item": item, "row": items.get((county.pk, item))} for item in SevenOne.values],
            "done": sum(1 for item in SevenOne.values if getattr(items.get((county.pk, item)), "status", "") == "done"),
            "editable": county.pk in own,
        }
        for county in counties
    ]


def _children(region: Region) -> list[Region]:
    return list(region.children.exclude(level=RegionLevel.VILLAGE).order_by("code"))


def _month_end(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def supervisor_table(region: Region, on: datetime.date) -> list[dict]:
    """Per child of ``region``: supervisors in office on ``on`` by level, active grids, enterprises in no grid."""
    in_office = GridSupervisor.objects.active(on)
    levels = aggregate_by_child(in_office, region, group="level", n=Count("pk"))
    grids = aggregate_by_child(Grid.objects.filter(is_active=True), region, n=Count("pk"))
    in_grid = Exists(Grid.enterprises.through.objects.filter(enterprise=OuterRef("pk")))
    no_grid = aggregate_by_child(Enterprise.objects.filter(~in_grid), region, n=Count("pk"))
    rows = []
    for child in _children(region):
        by_level = [levels.get((child.path, level), {}).get("n", 0) for level in SupervisorLevel.values]
        rows.append(
            {
                "region": child,
                "levels": by_level,
                "total": sum(by_level),
                "grids": grids.get(child.path, {}).get("n", 0),
                "no_grid": no_grid.get(child.path, {}).get("n", 0),
            }
        )
    return rows


def grid_industry_table(region: Region) -> list[dict]:
    """Per child of ``region``: active grids by industry."""
    counts = aggregate_by_child(Grid.objects.filter(is_active=True), region, group="industry", n=Count("pk"))
    return [
        {
            "region": child,
            "industries": [counts.get((child.path, value), {}).get("n", 0) for value in GridIndustry.values],
        }
        for child in _children(region)
    ]


def supervision_table(region: Region, month: datetime.date) -> list[dict]:
    """Per child of ``region`` in ``month``: visits, enterprises visited, findings, prompt lists delivered,
    and receipts of the month's guides sent and read."""
    start = month.replace(day=1)
    end = _month_end(month) + datetime.timedelta(days=1)
    visits = aggregate_by_child(
        SupervisionVisit.objects.filter(visited_on__gte=start, visited_on__lt=end),
        region,
        visits=Count("pk"),
        enterprises=Count("enterprise", distinct=True),
        delivered=Count("pk", filter=Q(prompt_list_delivered=True)),
    )
    findings = aggregate_by_child(
        VisitFinding.objects.filter(visit__visited_on__gte=start, visit__visited_on__lt=end),
        region,
        region_lookup="visit__region",
        n=Count("pk"),
    )
    receipts = aggregate_by_child(
        GuideAcknowledgement.objects.filter(guide__month__gte=start, guide__month__lt=end),
        region,
        region_lookup="supervisor__region",
        total=Count("pk"),
        read=Count("pk", filter=Q(acknowledged_at__isnull=False)),
    )
    rows = []
    for child in _children(region):
        visit = visits.get(child.path, {"visits": 0, "enterprises": 0, "delivered": 0})
        receipt = receipts.get(child.path, {"total": 0, "read": 0})
        rows.append(
            {
                "region": child,
                **visit,
                "findings": findings.get(child.path, {}).get("n", 0),
                "receipts": receipt["total"],
                "read": receipt["read"],
                "rate": _rate(receipt["read"], receipt["total"]),
            }
        )
    return rows


def housing_table(region: Region, month: datetime.date) -> list[dict]:
    """Per child of ``region``: rural houses by stage and inspected, craftsmen, experts,
    training attendance to the month's end, tip-offs received in the month and rewards paid to its end."""
    start, end = month.replace(day=1), _month_end(month)
    stages = aggregate_by_child(RuralHouse.objects.all(), region, group="stage", n=Count("pk"))
    inspected = Exists(HouseInspection.objects.filter(house=OuterRef("pk")))
    inspected_houses = aggregate_by_child(RuralHouse.objects.filter(inspected), region, n=Count("pk"))
    craftsmen = aggregate_by_child(Craftsman.objects.all(), region, n=Count("pk"))
    experts = aggregate_by_child(SafetyExpert.objects.all(), region, n=Count("pk"))
    trainings = aggregate_by_child(
        HousingTraining.objects.filter(held_on__lte=end),
        region,
        attendance=Sum(F("craftsmen") + F("officials") + F("builders")),
    )
    tip_offs = aggregate_by_child(
        TipOff.objects.filter(received_at__date__gte=start, received_at__date__lte=end), region, n=Count("pk")
    )
    rewards = aggregate_by_child(
        TipOff.objects.filter(reward_paid_on__lte=end), region, paid=Sum("reward"), n=Count("pk")
    )
    rows = []
    for child in _children(region):
        by_stage = [stages.get((child.path, stage), {}).get("n", 0) for stage in HouseStage.values]
        rows.append(
            {
                "region": child,
                "stages": by_stage,
                "houses": sum(by_stage),
                "inspected": inspected_houses.get(child.path, {}).get("n", 0),
                "craftsmen": craftsmen.get(child.path, {}).get("n", 0),
                "experts": experts.get(child.path, {}).get("n", 0),
                "attendance": trainings.get(child.path, {}).get("attendance") or 0,
                "tip_offs": tip_offs.get(child.path, {}).get("n", 0),
                "rewards": rewards.get(child.path, {}).get("paid") or Decimal(0),
            }
        )
    return rows


def fire_table(region: Region, month: datetime.date) -> list[dict]:
    """Per child of ``region``: fire stations, posts established and filled at the month's end,
    small-venue inspections, fires and deaths in the month (小火亡人: deaths in small-venue fires)."""
    start, end = month.replace(day=1), _month_end(month)
    stations = aggregate_by_child(
        FireStation.objects.all(),
        region,
        n=Count("pk"),
        full_posts=Sum("full_time_posts"),
        part_posts=Sum("part_time_posts"),
    )
    in_post = FireStationStaff.objects.filter(active_from__lte=end).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=end)
    )
    staff = aggregate_by_child(in_post, region, region_lookup="station__region", group="role", n=Count("pk"))
    inspections = aggregate_by_child(
        SmallVenueInspection.objects.filter(inspected_on__gte=start, inspected_on__lte=end),
        region,
        region_lookup="station__region",
        n=Count("pk"),
        hazards=Sum("hazards_found"),
    )
    fires = aggregate_by_child(
        Fire.objects.filter(occurred_at__date__gte=start, occurred_at__date__lte=end),
        region,
        n=Count("pk"),
        died=Sum("deaths"),
        died_small=Sum("deaths", filter=Q(small_venue=True)),
    )
    rows = []
    for child in _children(region):
        station = stations.get(child.path, {})
        inspection = inspections.get(child.path, {})
        fire = fires.get(child.path, {})
        rows.append(
            {
                "region": child,
                "stations": station.get("n", 0),
                "full_posts": station.get("full_posts") or 0,
                "full_filled": staff.get((child.path, StaffRole.FULL_TIME), {}).get("n", 0),
                "part_posts": station.get("part_posts") or 0,
                "part_filled": staff.get((child.path, StaffRole.PART_TIME), {}).get("n", 0),
                "inspections": inspection.get("n", 0),
                "hazards": inspection.get("hazards") or 0,
                "fires": fire.get("n", 0),
                "deaths": fire.get("died") or 0,
                "small_deaths": fire.get("died_small") or 0,
            }
        )
    return rows


def _with_total(body: list[list]) -> list[list]:
    if not body:
        return body
    return [*body, ["合计", *(sum(line[i] for line in body) for i in range(1, len(body[0])))]]


def bulletin_sheets(*, month, region: Region) -> list:
    """The grid app's sheets of the monthly bulletin, per county (or township) of ``region``."""
    from base.reports import Sheet

    month = month.replace(day=1)
    end = _month_end(month)
    rows = enterprises_by_county(region)
    headers = ["区域", "单位总数", *(RiskGrade.label(g) for g in RiskGrade.values), "基础薄弱"]
    body = [[row["region"].name, row["total"], *(row[g] for g in RiskGrade.values), row["weak"]] for row in rows]
    totals = ["合计", *(sum(line[i] for line in body) for i in range(1, len(headers)))]
    fills = {(len(body), 2 + i): RiskGrade.colour(g) for i, g in enumerate(RiskGrade.values)}
    sheets = [Sheet("生产经营单位分级", headers, [*body, totals], note="按风险等级统计，截至生成日。", fills=fills)]

    supervisors = supervisor_table(region, end)
    sheets.append(
        Sheet(
            "网格督导员",
            ["区域", *SupervisorLevel.labels.values(), "督导员合计", "网格数", "未纳入网格单位"],
            _with_total([[r["region"].name, *r["levels"], r["total"], r["grids"], r["no_grid"]] for r in supervisors]),
            note=f"督导员为{end:%Y年%m月%d日}在任人数；网格、未纳入网格单位截至生成日。",
        )
    )
    industries = grid_industry_table(region)
    sheets.append(
        Sheet(
            "网格（按类别）",
            ["区域", *GridIndustry.labels.values()],
            _with_total([[r["region"].name, *r["industries"]] for r in industries]),
        )
    )
    supervision = supervision_table(region, month)
    body = [
        [r["region"].name, r["visits"], r["enterprises"], r["findings"], r["delivered"], r["receipts"], r["read"]]
        for r in supervision
    ]
    body = _with_total(body)
    for line in body:
        line.append(_rate(line[6], line[5]) if line[5] else "—")
    sheets.append(
        Sheet(
            "网格督导工作",
            ["区域", "督导次数", "督导单位数", "发现问题", "送达提示清单", "指南应签收", "指南已签收", "签收率（%）"],
            body,
            note="督导次数等为本月数；指南签收为本月各期《每月督导指南》。",
        )
    )
    housing = housing_table(region, month)
    sheets.append(
        Sheet(
            "房长制",
            [
                "区域",
                *HouseStage.labels.values(),
                "农房合计",
                "已检查农房",
                "工匠",
                "安全专家",
                "培训人次（累计）",
                "本月举报",
                "奖励发放（元，累计）",
            ],
            _with_total(
                [
                    [
                        r["region"].name,
                        *r["stages"],
                        r["houses"],
                        r["inspected"],
                        r["craftsmen"],
                        r["experts"],
                        r["attendance"],
                        r["tip_offs"],
                        r["rewards"],
                    ]
                    for r in housing
                ]
            ),
        )
    )
    fire = fire_table(region, month)
    sheets.append(
        Sheet(
            "乡镇消防所",
            [
                "区域",
                "消防所",
                "专职编制",
                "专职在岗",
                "兼职岗位",
                "兼职在岗",
                "本月小场所检查",
                "发现隐患",
                "本月火灾",
                "死亡人数",
                "小场所火灾死亡",
            ],
            _with_total(
                [
                    [
                        r["region"].name,
                        r["stations"],
                        r["full_posts"],
                        r["full_filled"],
                        r["part_posts"],
                        r["part_filled"],
                        r["inspections"],
                        r["hazards"],
                        r["fires"],
                        r["deaths"],
                        r["small_deaths"],
                    ]
                    for r in fire
                ]
            ),
            note=f"在岗人数截至{end:%Y年%m月%d日}。",
        )
    )
    if region.level == RegionLevel.CITY:
        table = seven_ones_status(region)
        sheets.append(
            Sheet(
                "房长制“七个一”",
                ["县（市、区）", *SevenOne.labels.values(), "已完成"],
                [[r["region"].name, *r["labels"], r["done"]] for r in table],
                fills={
                    (i, 1 + j): ProgressStatus.colour(status)
                    for i, r in enumerate(table)
                    for j, status in enumerate(r["statuses"])
                },
            )
        )
    return sheets


def seven_ones_status(region: Region) -> list[dict]:
    """Each county under ``region`` against the seven items: status values and labels."""
    counties = list(Region.objects.filter(path__startswith=region.path, level=RegionLevel.COUNTY).order_by("code"))
    items = {(r.region_id, r.item): r.status for r in SevenOnesItem.objects.filter(region__in=counties)}
    rows = []
    for county in counties:
        statuses = [items.get((county.pk, item), ProgressStatus.NOT_STARTED) for item in SevenOne.values]
        rows.append(
            {
                "region": county,
                "statuses": statuses,
                "labels": [ProgressStatus.label(status) for status in statuses],
                "done": statuses.count(ProgressStatus.DONE),
            }
        )
    return rows


def dashboard(user) -> dict:
    """The grid panel: enterprises by grade, supervisors by level, this month's visits, the latest guide,
    houses by stage and fire-station staffing, all within the user's jurisdiction."""
    today = timezone.localdate()
    supervisors = GridSupervisor.objects.for_user(user, VIEW).active(today)
    by_level = dict(supervisors.order_by().values_list("level").annotate(n=Count("pk")))
    in_grid = Exists(Grid.enterprises.through.objects.filter(enterprise=OuterRef("pk")))
    visits = SupervisionVisit.objects.for_user(user, VIEW).filter(visited_on__gte=today.replace(day=1))
    guide = SupervisionGuide.objects.for_user(user, VIEW).filter(status="published").order_by("-published_at").first()
    receipts = None
    if guide is not None:
        receipts = (
            GuideAcknowledgement.objects.for_user(user, VIEW)
            .filter(guide=guide)
            .aggregate(total=Count("pk"), read=Count("pk", filter=Q(acknowledged_at__isnull=False)))
        )
        receipts["rate"] = _rate(receipts["read"], receipts["total"])
    stages = dict(RuralHouse.objects.for_user(user, VIEW).order_by().values_list("stage").annotate(n=Count("pk")))
    stations = (
        FireStation.objects.for_user(user, VIEW)
        .with_staffing()
        .aggregate(
            n=Count("pk"),
            full_posts=Sum("full_time_posts"),
            full_filled=Sum("full_time_filled"),
            part_posts=Sum("part_time_posts"),
            part_filled=Sum("part_time_filled"),
        )
    )
    return {
        "enterprises": enterprise_summary(user),
        "county_level": RegionLevel.COUNTY,
        "supervisors": [
            {"value": value, "label": label, "colour": colour, "count": by_level.get(value, 0)}
            for value, label, colour in SupervisorLevel.CHOICES
        ],
        "no_grid": Enterprise.objects.for_user(user, VIEW).filter(~in_grid).count(),
        "visits_this_month": visits.count(),
        "month_start": today.replace(day=1),
        "guide": guide,
        "receipts": receipts,
        "houses": [
            {"value": value, "label": label, "colour": colour, "count": stages.get(value, 0)}
            for value, label, colour in HouseStage.CHOICES
        ],
        "stations": {key: value or 0 for key, value in stations.items()},
    }


def supervisor_dashboard(user) -> dict:
    """A grid supervisor's home page: guides to acknowledge, enterprises of their grids not yet visited
    this month, and the problems their recent visits found; each list a bounded query."""
    official = official_of(user)
    supervisor = GridSupervisor.objects.filter(official=official).first() if official is not None else None
    if supervisor is None:
        return {"supervisor": None}
    today = timezone.localdate()
    month_start = today.replace(day=1)
    visited = SupervisionVisit.objects.filter(
        enterprise=OuterRef("pk"), supervisor=supervisor, visited_on__gte=month_start
    )
    due = (
        Enterprise.objects.filter(
            pk__in=Grid.enterprises.through.objects.filter(grid__supervisors=supervisor, grid__is_active=True).values(
                "enterprise_id"
            )
        )
        .exclude(status=EnterpriseStatus.CLOSED)
        .filter(~Exists(visited))
        .select_related("region")
        .order_by(RISKIEST_FIRST, "name")
    )
    due_count = due.count()
    return {
        "supervisor": supervisor,
        "grids": list(supervisor.grids.filter(is_active=True).order_by("industry")),
        "to_acknowledge": list(
            GuideAcknowledgement.objects.filter(supervisor=supervisor, acknowledged_at__isnull=True)
            .select_related("guide")
            .order_by("-guide__month", "-guide__number")
        ),
        "due": list(due[:DUE_SHOWN]),
        "due_count": due_count,
        "due_more": max(0, due_count - DUE_SHOWN),
        "visits_this_month": SupervisionVisit.objects.filter(
            supervisor=supervisor, visited_on__gte=month_start
        ).count(),
        "month_start": month_start,
        "findings": list(
            VisitFinding.objects.filter(
                visit__supervisor=supervisor, visit__visited_on__gte=today - datetime.timedelta(days=90)
            )
            .select_related("visit__enterprise")
            .order_by("-visit__visited_on", "-pk")[:FINDINGS_SHOWN]
        ),
    }


def bulletin_facts(*, month, region: Region) -> list:
    """网格化督导 for the bulletin's text: the month's visits, findings and guide receipts against last month
    and last year, and the areas whose supervisors left guides unsigned."""
    from base.reports import BulletinFigure, Facts, Lag, Problem, rate

    first = month.replace(day=1)
    before = (first - datetime.timedelta(days=1)).replace(day=1)
    months = [first, before, first.replace(year=first.year - 1)]
    tables = [supervision_table(region, m) for m in months]
    sums = [
        {key: sum(row[key] for row in table) for key in ("visits", "findings", "receipts", "read")} for table in tables
    ]
    figures = [
        BulletinFigure("督导检查", "次", *(s["visits"] for s in sums)),
        BulletinFigure("督导发现问题", "条", *(s["findings"] for s in sums)),
        BulletinFigure("督导指南签收率", "%", *(rate(s["read"], s["receipts"]) for s in sums)),
    ]
    unsigned = [
        Lag(row["region"].name, row["receipts"] - row["read"], region=row["region"])
        for row in sorted(tables[0], key=lambda row: row["read"] - row["receipts"])
        if row["receipts"] > row["read"]
    ]
    problems = [
        Problem(
            "每月督导指南未签收",
            "份",
            unsigned,
            "网格督导员要及时签收每月督导指南，乡镇（街道）要督促落实。",
        )
    ]
    return [Facts("网格化督导", figures, [p for p in problems if p.lags])]


def bulletin_rankings(*, month, region: Region) -> list:
    """Areas of ``region`` ranked on 督导覆盖率 (enterprises visited in the month of all) and 指南签收率."""
    from base.reports import Ranking, ratio

    visits = {row["region"].pk: row for row in supervision_table(region, month)}
    enterprises = {row["region"].pk: row["total"] for row in enterprises_by_county(region)}
    names = [(pk, row["region"].name) for pk, row in visits.items()]
    return [
        Ranking(
            "督导覆盖率", "%", [(name, ratio(visits[pk]["enterprises"], enterprises.get(pk, 0))) for pk, name in names]
        ),
        Ranking(
            "督导指南签收率", "%", [(name, ratio(visits[pk]["read"], visits[pk]["receipts"])) for pk, name in names]
        ),
    ]


def desk_figures(user, *, region: Region, month: datetime.date) -> list[Figure]:
    """一员一长一所 for the desk: supervisors in office, their visits, fire stations and their inspections."""
    months = Months.of(month)
    span = months.current
    within = {"region__path__startswith": region.path}
    supervisors = GridSupervisor.objects.for_user(user, VIEW).filter(**within)
    in_office = counts_by_month(
        supervisors,
        months,
        n=lambda s: (Q(active_from__lte=s.as_of) | Q(active_from__isnull=True))
        & (Q(active_to__isnull=True) | Q(active_to__gte=s.as_of)),
    )["n"]
    visits = SupervisionVisit.objects.for_user(user, VIEW).filter(**within)
    visited = counts_by_month(visits, months, n=lambda s: Q(visited_on__gte=s.first, visited_on__lte=s.as_of))["n"]
    inspections = SmallVenueInspection.objects.for_user(user, VIEW).filter(
        station__region__path__startswith=region.path
    )
    inspected = counts_by_month(
        inspections, months, n=lambda s: Q(inspected_on__gte=s.first, inspected_on__lte=s.as_of)
    )["n"]
    member = Mechanism.ONE_MEMBER
    return [
        Figure.monthly(
            member,
            "supervisors",
            "在任网格督导员",
            in_office,
            list_url("grid:grid_supervisor_list", region, in_office_on=span.as_of),
            key=True,
        ),
        Figure.monthly(
            member,
            "visits",
            "本月督导",
            visited,
            list_url("grid:supervision_visit_list", region, visited_after=span.first, visited_before=span.as_of),
            worse_when_higher=False,
            key=True,
        ),
        Figure(
            member,
            "fire_stations",
            "乡镇消防所",
            FireStation.objects.for_user(user, VIEW).filter(**within).count(),
            list_url("grid:fire_station_list", region),
        ),
        Figure.monthly(
            member,
            "small_venue_inspections",
            "本月小场所检查",
            inspected,
            list_url(
                "grid:small_venue_inspection_list", region, inspected_after=span.first, inspected_before=span.as_of
            ),
            worse_when_higher=False,
        ),
    ]
