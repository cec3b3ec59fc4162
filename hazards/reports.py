"""Numbers the hazards app owns, computed in the database.

The dashboard (``dashboard``) and the monthly 督查通报 (``bulletin_sheets``)
use the same functions, so a number on the screen is the number in the
workbook. Each function is one or a few GROUP BY queries, whatever the data size.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.utils import timezone

from base.aggregates import keeps
from base.choices import RiskGrade
from base.desk import Figure, Mechanism, Months, counts_by_month, list_url
from base.reports import (
    BulletinFigure,
    Facts,
    Lag,
    Problem,
    Ranking,
    Sheet,
    aggregate_by_child,
    month_bounds,
    numbers_by_sets,
    once,
    rate,
    ratio,
)
from base.scoping import VIEW, official_of
from grid.choices import Industry, RegionLevel
from grid.models import Department, Region

from .choices import (
    AssignmentStatus,
    ControlLevel,
    HazardColour,
    HazardGrade,
    Period,
    SupervisionCategory,
    SupervisionSource,
    SupervisionStatus,
)
from .models import (
    Hazard,
    LeaderAssignment,
    RiskPoint,
    RiskPointMonthlyCount,
    SupervisionItem,
    SupervisionProgress,
    area_q,
    period_of,
)

OPEN_COLOURS = (HazardColour.RED, HazardColour.ORANGE, HazardColour.YELLOW)
MAJOR = Q(grade=HazardGrade.MAJOR)


def root_region(user) -> Region:
    """The top of the user's jurisdiction (the city for administrators)."""
    official = official_of(user)
    if official is not None:
        return official.region
    return Region.objects.get(parent__isnull=True)


def areas(region: Region) -> list[Region]:
    """The areas a region's numbers are broken down by: a city's counties, a county's townships."""
    if region.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
        return []
    return list(region.children.exclude(level=RegionLevel.VILLAGE).order_by("code"))


def by_area(queryset: QuerySet, region: Region, lookup: str, **aggregates) -> dict[str, dict]:
    """``aggregates`` of ``queryset`` per area of ``region``, keyed by the area's path: one GROUP BY."""
    if not areas(region):
        return {}
    return aggregate_by_child(queryset, region, region_lookup=lookup, **aggregates)


# Hazards -------------------------------------------------------------------


def area_grouping(region: Region, prefix: str = "") -> tuple[Q, str | None, dict[int, Region]]:
    """How rows (at ``prefix``, a hazard's) of ``region`` are narrowed and told apart by area, from the hazard's
    stored county and township: an indexed column each, no join of the region tree.

    Returns the filter (``area_q``), the field whose value names the area (None when ``region`` has no
    areas) and the areas by that value: a city's areas are its counties, which every hazard stores.
    """
    by_pk = {area.pk: area for area in areas(region)}
    if not by_pk:
        return area_q(region, prefix), None, {}
    return area_q(region, prefix), f"{prefix}county" if region.level == RegionLevel.CITY else f"{prefix}region", by_pk


# Per hazard found: its grade, whether it was closed (销号) and overdue as of the day, 五到位.
FOUND_COLUMNS = (
    "grade = %s AS major, grade = %s AS general, COALESCE(closed_on <= %s, FALSE) AS closed,"
    " COALESCE(deadline < %s, FALSE) AND NOT COALESCE(closed_on <= %s, FALSE) AS overdue,"
    f" {' AND '.join(Hazard.FIVE_IN_PLACE)} AS five, led, funds, industry, area"
)
FOUND_NUMBERS = {
    "general_found": "count(*) FILTER (WHERE general)",
    "general_rectified": "count(*) FILTER (WHERE general AND closed)",
    "major_found": "count(*) FILTER (WHERE major)",
    "major_closed": "count(*) FILTER (WHERE major AND closed)",
    "major_led": "count(*) FILTER (WHERE major AND led)",
    "major_five": "count(*) FILTER (WHERE major AND five)",
    "major_overdue": "count(*) FILTER (WHERE major AND overdue)",
    "overdue": "count(*) FILTER (WHERE overdue)",
    "funds": "sum(funds)",
}
CENTS = Decimal("0.01")


def found_numbers(region: Region, as_of: datetime.date) -> tuple[dict, dict[int, dict], dict[str, dict]]:
    """Hazards of ``region`` found from 1 January to ``as_of``, as they stood then, in total, per area and per
    industry: one statement.

    Returns the total, the numbers by area (keyed as ``area_grouping``) and by industry value. Once per
    (region, day) inside ``computed_once``: a bulletin's sheets, text and rankings read the same numbers.
    """

    def compute():
        where, area, _ = area_grouping(region)
        led = LeaderAssignment.objects.filter(hazard=OuterRef("pk"), assigned_on__lte=as_of)
        rows = (
            Hazard.objects.filter(where, found_on__gte=as_of.replace(month=1, day=1), found_on__lte=as_of)
            # Whether a leader was assigned by then, asked of major hazards only.
            .annotate(
                led=Case(When(MAJOR, then=Exists(led)), default=Value(False), output_field=BooleanField()),
                area=F(area or "region"),
            )
            .values("grade", "closed_on", "deadline", *Hazard.FIVE_IN_PLACE, "led", "funds", "industry", "area")
        )
        params = (HazardGrade.MAJOR, HazardGrade.GENERAL, as_of, as_of, as_of)
        keys = ("area", "industry") if area else ("industry",)
        total, groups = numbers_by_sets(rows, FOUND_NUMBERS, keys, columns=FOUND_COLUMNS, params=params)
        for counts in [total or {}, *groups.get("area", {}).values(), *groups["industry"].values()]:
            # A sum of decimals comes back as a float from SQLite: cents, as the column keeps them.
            if counts.get("funds") is not None:
                counts["funds"] = Decimal(str(counts["funds"])).quantize(CENTS)
        return total or dict(EMPTY_HAZARDS), groups.get("area", {}), groups["industry"]

    return once(("hazards_found", region.pk, as_of), compute)


HAZARD_HEADERS = [
    "一般隐患（条）",
    "一般隐患已整改",
    "一般隐患整改率（%）",
    "重大隐患（条）",
    "重大隐患已销号",
    "重大隐患销号率（%）",
    "重大隐患已挂包",
    "重大隐患五到位",
    "重大隐患逾期",
    "逾期隐患合计",
    "整改资金（万元）",
]
EMPTY_HAZARDS = dict.fromkeys(FOUND_NUMBERS, 0)


def hazard_row(counts: dict) -> list:
    c = {**EMPTY_HAZARDS, **{k: v for k, v in counts.items() if v is not None}}
    return [
        c["general_found"],
        c["general_rectified"],
        rate(c["general_rectified"], c["general_found"]),
        c["major_found"],
        c["major_closed"],
        rate(c["major_closed"], c["major_found"]),
        c["major_led"],
        c["major_five"],
        c["major_overdue"],
        c["overdue"],
        float(c["funds"]),
    ]


def hazards_by_area(region: Region, as_of: datetime.date) -> list[tuple[str, dict]]:
    """The year's hazard numbers of each area of ``region`` and the total (the 按区域 sheet)."""
    total, by_area, _ = found_numbers(region, as_of)
    body = [(area.name, by_area.get(area.pk, EMPTY_HAZARDS)) for area in areas(region)]
    return [*body, ("合计", total)]


def hazards_by_industry(region: Region, as_of: datetime.date) -> list[tuple[str, dict]]:
    """The year's hazard numbers of each industry in ``region`` and the total (the 按行业 sheet)."""
    total, _, by_industry = found_numbers(region, as_of)
    body = [(Industry.label(value), by_industry.get(value, EMPTY_HAZARDS)) for value in Industry.values]
    return [*body, ("合计", total)]


# 分色治理 of hazards open at the end of the day: red, orange and yellow, by grade and timeliness then.
COLOUR_COLUMNS = "grade = %s AS major, grade = %s AS general, COALESCE(deadline < %s, FALSE) AS late, area"
COLOUR_NUMBERS = {
    HazardColour.RED: "count(*) FILTER (WHERE major AND late)",
    HazardColour.ORANGE: "count(*) FILTER (WHERE (major AND NOT late) OR (general AND late))",
    HazardColour.YELLOW: "count(*) FILTER (WHERE general AND NOT late)",
    "open": "count(*)",
}


def colours_by_area(region: Region, as_of: datetime.date) -> list[tuple[str, dict]]:
    """分色 counts of hazards found by ``as_of`` and open at its end (whatever year found), per area of ``region``
    and in total: one statement."""
    where, area, by_pk = area_grouping(region)
    # Not closed by then: never closed, or closed later (two index ranges, not every closed hazard of the years).
    rows = (
        Hazard.objects.filter(where, Q(closed_on__isnull=True) | Q(closed_on__gt=as_of), found_on__lte=as_of)
        .annotate(area=F(area or "region"))
        .values("grade", "deadline", "area")
    )
    params = (HazardGrade.MAJOR, HazardGrade.GENERAL, as_of)
    keys = ("area",) if area else ()
    total, groups = numbers_by_sets(rows, COLOUR_NUMBERS, keys, columns=COLOUR_COLUMNS, params=params)
    empty = dict.fromkeys(COLOUR_NUMBERS, 0)
    by_area = groups.get("area", {})
    body = [(area.name, by_area.get(pk, empty)) for pk, area in by_pk.items()]
    return [*body, ("合计", total or empty)]


# Leader rounds ---------------------------------------------------------------


# Per assignment: done by the day, and past its target then.
ROUND_COLUMNS = "COALESCE(completed_on <= %s, FALSE) AS completed, completed_on, target_date < %s AS late, target_date"
ROUND_NUMBERS = {
    "assigned": "count(*)",
    "completed": "count(*) FILTER (WHERE completed)",
    "on_time": "count(*) FILTER (WHERE completed AND completed_on <= target_date)",
    "overdue": "count(*) FILTER (WHERE late AND NOT completed)",
}


def leader_round(
    region: Region, round_year: int, as_of: datetime.date, assignments: QuerySet | None = None, *, by_area=True
) -> list[dict]:
    """挂包整改 round progress per area of ``region`` and in total, as of ``as_of``: one statement.

    ``assignments`` narrows the rows (to a user's jurisdiction); all of ``region`` by default.
    ``by_area=False`` gives the total row alone (the dashboard shows no more).
    """
    where, area, by_pk = area_grouping(region, "hazard__")
    rows = (LeaderAssignment.objects.all() if assignments is None else assignments).filter(
        where, round=round_year, assigned_on__lte=as_of
    )
    columns, keys = ROUND_COLUMNS, ()
    if by_area and area:
        rows, columns, keys = rows.annotate(area=F(area)), f"{columns}, area", ("area",)
    else:
        by_pk = {}
    rows = rows.values("completed_on", "target_date", *keys)
    total, groups = numbers_by_sets(rows, ROUND_NUMBERS, keys, columns=columns, params=(as_of, as_of))
    empty = dict.fromkeys(ROUND_NUMBERS, 0)
    per_area = groups.get("area", {})
    body = [{"region": area, **per_area.get(pk, empty)} for pk, area in by_pk.items()]
    return [*body, {"region": Region(name="合计"), **(total or empty)}]


@keeps("leader_round")
def leader_round_by_area(user, region: Region, round_year: int) -> list[dict]:
    """Round statistics for the user's jurisdiction (``region``, its top), today."""
    assignments = LeaderAssignment.objects.for_user(user, VIEW)
    return leader_round(region, round_year, timezone.localdate(), assignments)


# Supervision list --------------------------------------------------------------


def supervision_items(region: Region, month: datetime.date) -> QuerySet:
    """Items in ``region`` running in ``month``, each with that month's progress annotated."""
    first, following = month_bounds(month)
    entry = SupervisionProgress.objects.filter(item=OuterRef("pk"), month=first)
    return (
        SupervisionItem.objects.filter(region__path__startswith=region.path, start_on__lt=following)
        .filter(Q(status=SupervisionStatus.IN_PROGRESS) | Q(deadline__gte=first))
        .annotate(month_text=Subquery(entry.values("text")[:1]), month_percent=Subquery(entry.values("percent")[:1]))
        .order_by("deadline", "pk")
    )


# Risk points ---------------------------------------------------------------------


def risk_point_counts() -> dict:
    return {
        "total": Count("pk"),
        **{f"grade_{g}": Count("pk", filter=Q(grade=g)) for g in RiskGrade.values},
        **{f"level_{c}": Count("pk", filter=Q(control_level=c)) for c in ControlLevel.values},
    }


def live_risk_points(region: Region, day: datetime.date) -> QuerySet:
    """Points in control in ``region`` during the period of ``day``."""
    return RiskPoint.objects.active().filter(region__path__startswith=region.path, period=period_of(day))


def frozen_counts(region: Region, month: datetime.date) -> QuerySet:
    return RiskPointMonthlyCount.objects.filter(region__path__startswith=region.path, month=month_bounds(month)[0])


def frozen_aggregates() -> dict:
    return {
        "total": Sum("count"),
        **{f"grade_{g}": Sum("count", filter=Q(grade=g)) for g in RiskGrade.values},
        **{f"level_{c}": Sum("count", filter=Q(control_level=c)) for c in ControlLevel.values},
    }


def risk_points_by_area(region: Region, month: datetime.date) -> tuple[list[tuple[str, dict]], bool]:
    """Risk points per area by grade and control level: the month's frozen counts if frozen, else live."""
    frozen = frozen_counts(region, month)
    if frozen.exists():
        rows = by_area(frozen, region, "region", **frozen_aggregates())
        total = frozen.aggregate(**frozen_aggregates())
    else:
        last_day = month_bounds(month)[1] - datetime.timedelta(days=1)
        live = live_risk_points(region, min(last_day, timezone.localdate()))
        rows = by_area(live, region, "region", **risk_point_counts())
        total = live.aggregate(**risk_point_counts())
    empty = dict.fromkeys(risk_point_counts(), 0)
    body = [(area.name, rows.get(area.path, empty)) for area in areas(region)]
    clean = [(name, {k: v or 0 for k, v in counts.items()}) for name, counts in [*body, ("合计", total)]]
    return clean, frozen.exists()


def freeze_risk_point_counts(month: datetime.date) -> int:
    """每月一通报: store ``month``'s risk-point counts per township, grade and level; again changes nothing."""
    first, following = month_bounds(month)
    day = following - datetime.timedelta(days=1)
    if RiskPointMonthlyCount.objects.filter(month=first).exists():
        return 0
    rows = (
        RiskPoint.objects.active()
        .filter(period=period_of(day))
        .order_by()
        .values("region", "grade", "control_level")
        .annotate(n=Count("pk"))
    )
    created = RiskPointMonthlyCount.objects.bulk_create(
        [
            RiskPointMonthlyCount(
                month=first,
                region_id=row["region"],
                grade=row["grade"],
                control_level=row["control_level"],
                count=row["n"],
            )
            for row in rows
        ],
        ignore_conflicts=True,
    )
    return len(created)


# Dashboard -------------------------------------------------------------------------

OPEN_COUNTS = {
    "open": "count(*)",
    "overdue": "count(*) FILTER (WHERE late)",
    "major": "count(*) FILTER (WHERE major)",
    "major_no_leader": "count(*) FILTER (WHERE major AND NOT led)",
    HazardColour.RED: "count(*) FILTER (WHERE major AND late)",
    HazardColour.ORANGE: "count(*) FILTER (WHERE major <> late)",
    HazardColour.YELLOW: "count(*) FILTER (WHERE NOT major AND NOT late)",
}


def open_counts(hazards: QuerySet, region: Region, today: datetime.date) -> tuple[dict, dict, dict]:
    """Totals, 分色 counts and each area's 分色 counts of ``hazards`` (open ones), in one pass.

    One query: the scoped rows as a subquery, grouped by GROUPING SETS (the
    total and each area) on PostgreSQL, by a UNION of the two groupings elsewhere.
    Returns the totals, the colours and the colours per area path.
    """
    active = LeaderAssignment.objects.filter(hazard=OuterRef("pk"), status=AssignmentStatus.ACTIVE)
    child = region.children.order_by().values_list("path", flat=True).first() if areas(region) else None
    rows = hazards.annotate(led=Exists(active), area=Substr("region__path", 1, len(child or region.path)))
    total, groups = numbers_by_sets(
        rows.values("grade", "deadline", "led", "area"),
        OPEN_COUNTS,
        ("area",) if child else (),
        columns="grade = %s AS major, COALESCE(deadline < %s, FALSE) AS late, led, area",
        params=(HazardGrade.MAJOR, today),
    )
    totals = total or dict.fromkeys(OPEN_COUNTS, 0)
    by_area = {area: {c: counts[c] for c in OPEN_COLOURS} for area, counts in groups.get("area", {}).items()}
    colours = {c: totals[c] for c in OPEN_COLOURS}
    return {k: totals[k] for k in ("open", "overdue", "major", "major_no_leader")}, colours, by_area


def dashboard(user) -> dict:
    """Headline numbers of the user's jurisdiction, today; each links to the list behind it."""
    today = timezone.localdate()
    region = root_region(user)
    # for_user is the permission; in_area narrows by the stored county or township so a county
    # reads its own open hazards through one index, not the province's joined to the region tree.
    hazards = Hazard.objects.for_user(user, VIEW).in_area(region).open()
    totals, colours, area_counts = open_counts(hazards, region, today)
    area_level = "county" if region.level == RegionLevel.CITY else "region"
    month_first, month_next = month_bounds(today)
    points = RiskPoint.objects.for_user(user, VIEW).active().filter(period=period_of(today))
    point_counts = points.aggregate(**risk_point_counts())
    assignments = LeaderAssignment.objects.for_user(user, VIEW)
    round_row = leader_round(region, today.year, today, assignments, by_area=False)[-1]
    area_rows = [
        {"region": area, **{c: area_counts.get(area.path, {}).get(c, 0) for c in OPEN_COLOURS}}
        for area in areas(region)
    ]
    return {
        "totals": totals,
        "colours": [
            {**item, "count": colours.get(item["value"], 0)}
            for item in HazardColour.legend()
            if item["value"] != HazardColour.GREEN
        ],
        "area_level": area_level,
        "areas": area_rows,
        "chart_areas": {
            "names": [row["region"].name for row in area_rows],
            "ids": [row["region"].pk for row in area_rows],
            "series": [
                {
                    "label": HazardColour.label(c),
                    "colour": HazardColour.colour(c),
                    "data": [row[c] for row in area_rows],
                }
                for c in OPEN_COLOURS
            ],
        },
        "tile_url": settings.RISK_MAP_TILE_URL,
        "round": {"year": today.year, **{k: v for k, v in round_row.items() if k != "region"}},
        "supervision_due": SupervisionItem.objects.for_user(user, VIEW)
        .filter(status=SupervisionStatus.IN_PROGRESS, deadline__gte=month_first, deadline__lt=month_next)
        .count(),
        "supervision_due_after": month_first.isoformat(),
        "supervision_due_before": (month_next - datetime.timedelta(days=1)).isoformat(),
        "risk_points": {
            "period": period_of(today),
            "period_label": Period.label(period_of(today)),
            "total": point_counts["total"],
            "grades": [
                {
                    "value": g,
                    "label": RiskGrade.label(g),
                    "colour": RiskGrade.colour(g),
                    "count": point_counts[f"grade_{g}"],
                }
                for g in RiskGrade.values
            ],
            "levels": [
                {"value": c, "label": ControlLevel.label(c), "count": point_counts[f"level_{c}"]}
                for c in ControlLevel.values
            ],
        },
    }


def supervisor_dashboard(user) -> dict:
    """A grid supervisor's open hazards (of the enterprises of their grids): the most urgent first."""
    today = timezone.localdate()
    hazards = Hazard.objects.for_user(user, VIEW).open()
    totals = hazards.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
    urgent = hazards.with_colour(today).select_related("enterprise").order_by(F("deadline").asc(nulls_last=True), "pk")
    return {**totals, "hazards": list(urgent[:SUPERVISOR_HAZARDS_SHOWN]), "today": today}


SUPERVISOR_HAZARDS_SHOWN = 10


# Bulletin ------------------------------------------------------------------------------


def bulletin_sheets(*, month: datetime.date, region: Region) -> list[Sheet]:
    """The hazards app's sheets of the monthly 督查通报, for ``region``'s subtree as of the month's last day."""
    first, following = month_bounds(month)
    as_of = following - datetime.timedelta(days=1)
    scope_note = f"统计范围：{as_of.year}年1月1日至{as_of:%Y年%m月%d}日发现的隐患，状态截至{as_of:%m月%d日}。"
    area_rows = hazards_by_area(region, as_of)
    industry_rows = hazards_by_industry(region, as_of)
    colour_rows = colours_by_area(region, as_of)
    round_rows = leader_round(region, as_of.year, as_of)
    # The 督办清单 of a bulletin is its own region's: the city's lists the city's items, a county's the county's.
    items = list(supervision_items(region, first).filter(region=region))
    point_rows, frozen = risk_points_by_area(region, first)

    def hazard_sheet(title: str, label: str, rows) -> Sheet:
        body = [[name, *hazard_row(counts)] for name, counts in rows]
        fills = {(i, 9): "#F8D7DA" for i, row in enumerate(body) if row[9]}
        return Sheet(title, [label, *HAZARD_HEADERS], body, note=scope_note, fills=fills)

    sheets = [
        hazard_sheet("隐患排查治理（按区域）", "区域", area_rows),
        hazard_sheet("隐患排查治理（按行业）", "行业", industry_rows),
        Sheet(
            "隐患分色治理（按区域）",
            ["区域", *(HazardColour.label(c) for c in OPEN_COLOURS), "未销号合计"],
            [[name, *(counts[c] for c in OPEN_COLOURS), counts["open"]] for name, counts in colour_rows],
            note=f"截至{as_of:%Y年%m月%d日}未销号的隐患（含往年发现）。"
            + "；".join(f"{HazardColour.label(c)}：{HazardColour.MEANING[c]}" for c in OPEN_COLOURS),
            fills={
                (row, 1 + i): HazardColour.colour(c)
                for row in range(len(colour_rows))
                for i, c in enumerate(OPEN_COLOURS)
                if colour_rows[row][1][c]
            },
        ),
        Sheet(
            f"{as_of.year}年挂包整改进展",
            ["区域", "挂包重大隐患", "已完成", "完成率（%）", "按期完成", "逾期未完成"],
            [
                [
                    row["region"].name,
                    row["assigned"],
                    row["completed"],
                    rate(row["completed"], row["assigned"]),
                    row["on_time"],
                    row["overdue"],
                ]
                for row in round_rows
            ],
            note=f"{as_of.year}年度挂包，截至{as_of:%m月%d日}。",
        ),
        Sheet(
            "督办清单",
            [
                "序号",
                "督办事项",
                "来源",
                "类别",
                "牵头单位",
                "责任领导",
                "完成时限",
                "状态",
                "本月进展",
                "完成比例（%）",
            ],
            [
                [
                    index,
                    item.title,
                    SupervisionSource.label(item.source),
                    SupervisionCategory.label(item.category),
                    item.lead_unit,
                    item.responsible_leader,
                    item.deadline.isoformat(),
                    SupervisionStatus.label(item.status),
                    item.month_text or "本月未报送进展",
                    item.month_percent if item.month_percent is not None else "—",
                ]
                for index, item in enumerate(items, start=1)
            ],
            widths=[6, 36, 18, 12, 20, 12, 12, 10, 50, 12],
            note=f"{first:%Y年%m月}在办督办事项及本月进展（一月一跟进）。",
        ),
        Sheet(
            "风险点（按区域）",
            ["区域", "风险点合计", *(RiskGrade.label(g) for g in RiskGrade.values), *ControlLevel.labels.values()],
            [
                [
                    name,
                    counts["total"],
                    *(counts[f"grade_{g}"] for g in RiskGrade.values),
                    *(counts[f"level_{c}"] for c in ControlLevel.values),
                ]
                for name, counts in point_rows
            ],
            note="每月1日冻结的风险点月报数。" if frozen else "本月尚未冻结，为生成时的在管风险点数。",
            fills={(len(point_rows) - 1, 2 + i): RiskGrade.colour(g) for i, g in enumerate(RiskGrade.values)},
        ),
    ]
    return sheets


def month_ends(month: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date]:
    """The last day of ``month``, of the month before and of the same month a year before."""
    first, following = month_bounds(month)
    last_year = month_bounds(first.replace(year=first.year - 1))[1]
    return (
        following - datetime.timedelta(days=1),
        first - datetime.timedelta(days=1),
        last_year - datetime.timedelta(days=1),
    )


def overdue_major_by_department(region: Region, as_of: datetime.date) -> list[tuple]:
    """Departments whose major hazards in ``region`` were past their deadline and open on ``as_of``: one GROUP BY."""
    overdue = Q(deadline__lt=as_of) & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
    rows = (
        Hazard.objects.filter(MAJOR & overdue, region__path__startswith=region.path, found_on__lte=as_of)
        .exclude(department=None)
        .order_by()
        .values("department", "department__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "department__name")
    )
    return [(row["department"], row["department__name"], row["n"]) for row in rows]


def supervision_unreported(region: Region, month: datetime.date) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """督办事项 running in ``month`` with no progress for it: per area, and ``region``'s own by lead unit."""
    missing = supervision_items(region, month).filter(month_text__isnull=True)
    own = (
        missing.filter(region=region).order_by().values("lead_unit").annotate(n=Count("pk")).order_by("-n", "lead_unit")
    )
    per_area = {path: row["n"] for path, row in by_area(missing, region, "region", n=Count("pk")).items()}
    return per_area, [(row["lead_unit"], row["n"]) for row in own]


def bulletin_facts(*, month: datetime.date, region: Region) -> list[Facts]:
    """隐患排查治理 and 督办清单 for the bulletin's text: the year's figures at three month ends and who lags."""
    ends = month_ends(month)
    totals = [found_numbers(region, day)[0] for day in ends]
    found = [(t["general_found"] + t["major_found"], t["general_rectified"] + t["major_closed"], t) for t in totals]

    def figure(label, unit, value):
        return BulletinFigure(label, unit, *(value(*entry) for entry in found))

    figures = [
        figure("本年累计排查隐患", "条", lambda n, done, t: n),
        figure("已整改销号", "条", lambda n, done, t: done),
        figure("隐患整改率", "%", lambda n, done, t: rate(done, n)),
        figure("本年重大隐患", "条", lambda n, done, t: t["major_found"]),
        figure("逾期未整改重大隐患", "条", lambda n, done, t: t["major_overdue"]),
        figure("逾期未整改隐患", "条", lambda n, done, t: t["overdue"]),
    ]
    as_of = ends[0]
    rows = found_numbers(region, as_of)[1]
    area_list = areas(region)
    overdue_areas = [
        Lag(area.name, rows[area.pk]["major_overdue"], region=area)
        for area in area_list
        if rows.get(area.pk, {}).get("major_overdue")
    ]
    by_department = overdue_major_by_department(region, as_of)
    departments = Department.objects.in_bulk([pk for pk, _, _ in by_department])
    overdue_departments = [Lag(name, n, department=departments[pk]) for pk, name, n in by_department]
    per_area, own = supervision_unreported(region, month)
    unreported = [Lag(area.name, per_area[area.path], region=area) for area in area_list if per_area.get(area.path)]
    unreported += [Lag(f"{region.name}本级（{unit}）", n) for unit, n in own]
    problems = [
        Problem(
            "重大隐患逾期未整改",
            "条",
            sorted(overdue_areas, key=lambda lag: -lag.count),
            "逾期重大隐患所在地和监管部门要逐条倒排整改时限，挂包领导督促落实“五到位”，确保尽快整改销号。",
        ),
        Problem(
            "监管部门重大隐患逾期未整改",
            "条",
            overdue_departments,
            "各行业监管部门要对逾期重大隐患逐一跟踪督办，依法依规采取停产整顿等措施。",
        ),
        Problem(
            "督办事项本月未报送进展",
            "项",
            unreported,
            "督办事项牵头单位要落实“一月一跟进”，按月报送进展。",
        ),
    ]
    return [Facts("隐患排查治理", figures, [p for p in problems if p.lags])]


def bulletin_rankings(*, month: datetime.date, region: Region) -> list[Ranking]:
    """Areas of ``region`` ranked on 隐患整改率 and 逾期未整改隐患 as of the month's end."""
    rows = found_numbers(region, month_ends(month)[0])[1]
    lines = [(area.name, rows.get(area.pk, EMPTY_HAZARDS)) for area in areas(region)]
    return [
        Ranking(
            "隐患整改率",
            "%",
            [
                (
                    name,
                    ratio(c["general_rectified"] + c["major_closed"], c["general_found"] + c["major_found"]),
                )
                for name, c in lines
            ],
        ),
        Ranking("逾期未整改隐患", "条", [(name, c["overdue"]) for name, c in lines], higher_is_better=False),
    ]


# Desk ----------------------------------------------------------------------------------


def desk_figures(user, *, region: Region, month: datetime.date) -> list[Figure]:
    """三个一律 and the 图 of 一图一单一班 for the desk: hazards and risk points of ``region`` as of ``month``."""
    months = Months.of(month)
    span = months.current
    earliest = min(s.first for _, s in months.items())
    hazards = Hazard.objects.for_user(user, VIEW).in_area(region).not_closed_before(earliest)

    def open_at(s):
        return Q(found_on__lte=s.as_of) & ~Q(closed_on__lte=s.as_of)

    counts = counts_by_month(
        hazards,
        months,
        found=lambda s: Q(found_on__gte=s.first, found_on__lte=s.as_of),
        still_open=open_at,
        overdue=lambda s: open_at(s) & Q(deadline__lt=s.as_of),
        major=lambda s: open_at(s) & MAJOR,
        closed=lambda s: Q(closed_on__gte=s.first, closed_on__lte=s.as_of),
    )
    found, still_open, overdue, major, closed = (
        counts[key] for key in ("found", "still_open", "overdue", "major", "closed")
    )
    points = RiskPoint.objects.for_user(user, VIEW).active().filter(region__path__startswith=region.path)
    point_counts = counts_by_month(
        points,
        months,
        live=lambda s: Q(period=period_of(s.as_of)),
        red=lambda s: Q(period=period_of(s.as_of), grade=RiskGrade.RED),
    )
    live, red = point_counts["live"], point_counts["red"]
    hazard_list, point_list = "hazards:hazard_list", "hazards:risk_point_list"
    month_range = {"found_after": span.first, "found_before": span.as_of}
    three, one_map = Mechanism.THREE_ALWAYS, Mechanism.ONE_MAP
    return [
        Figure.monthly(three, "hazards_found", "本月发现隐患", found, list_url(hazard_list, region, **month_range)),
        Figure.monthly(
            three,
            "hazards_open",
            "未销号隐患",
            still_open,
            list_url(hazard_list, region, open_on=span.as_of),
            worse_when_higher=True,
            key=True,
        ),
        Figure.monthly(
            three,
            "hazards_overdue",
            "逾期未销号",
            overdue,
            list_url(hazard_list, region, overdue_on=span.as_of),
            worse_when_higher=True,
            key=True,
        ),
        Figure.monthly(
            three,
            "major_open",
            "重大隐患未销号",
            major,
            list_url(hazard_list, region, open_on=span.as_of, grade=HazardGrade.MAJOR),
            worse_when_higher=True,
            key=True,
        ),
        Figure.monthly(
            three,
            "hazards_closed",
            "本月销号",
            closed,
            list_url(hazard_list, region, closed_after=span.first, closed_before=span.as_of),
            worse_when_higher=False,
        ),
        Figure.monthly(
            one_map,
            "risk_points",
            f"在管风险点（{Period.label(period_of(span.as_of))}）",
            live,
            list_url(point_list, region, period=period_of(span.as_of), active="true"),
            key=True,
        ),
        Figure.monthly(
            one_map,
            "risk_points_red",
            "重大风险点",
            red,
            list_url(point_list, region, period=period_of(span.as_of), active="true", grade=RiskGrade.RED),
            worse_when_higher=True,
        ),
    ]
