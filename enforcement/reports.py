"""Numbers the enforcement app owns, computed in the database.

The statistics page, the dashboard (``dashboard``) and the monthly 督查通报
(``bulletin_sheets``) use the same functions, so a number on the screen is the
number in the workbook. Each is one or a few GROUP BY queries, whatever the data size.
"""

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from base.choices import AccidentLevel
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
    rate,
    ratio,
)
from base.scoping import VIEW
from grid.choices import DepartmentKind, EnterpriseStatus, RegionLevel
from grid.models import Enterprise, Grid, Region
from hazards.reports import areas, root_region

from .choices import AssessmentStatus, PenaltyKind, SubjectKind, VersionStatus
from .models import (
    Accident,
    AccountabilityCase,
    JudicialTransfer,
    Penalty,
    PromptListAcknowledgement,
    PromptListDelivery,
    PromptListVersion,
    UnitAssessment,
)

PENALTY_AGGREGATES = {
    "count": Count("pk"),
    "amount": Coalesce(Sum("amount"), 0, output_field=IntegerField()),
    "preventive": Count("pk", filter=Q(preventive=True)),
}


def change(this: int, last: int) -> float | str:
    """Year-on-year change in percent with one decimal; a dash when last year had none."""
    return round((this - last) * 100 / last, 1) if last else "—"


def period(year: int, until: datetime.date | None = None) -> Q:
    """Dates of ``year`` up to the day and month of ``until`` (the whole year without it)."""
    condition = Q(decided_on__year=year)
    if until is not None:
        condition &= Q(decided_on__lte=_same_day(until, year))
    return condition


def _same_day(day: datetime.date, year: int) -> datetime.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def _with_change(this: dict, last: dict) -> dict:
    return {
        **this,
        "last_count": last.get("count", 0),
        "change": change(this.get("count", 0), last.get("count", 0)),
        "preventive_share": rate(this.get("preventive", 0), this.get("count", 0)),
    }


def penalty_statistics(penalties: QuerySet, region: Region, year: int, *, until: datetime.date | None = None) -> dict:
    """Penalties of ``year`` against the year before: totals, by area, department and type, with change."""
    this, last = penalties.filter(period(year, until)), penalties.filter(period(year - 1, until))
    empty = {"count": 0, "amount": 0, "preventive": 0}
    this_areas = aggregate_by_child(this, region, **PENALTY_AGGREGATES)
    last_areas = aggregate_by_child(last, region, **PENALTY_AGGREGATES)

    def grouped(field: str) -> tuple[dict, dict]:
        rows = [
            {
                row[field]: {k: row[k] for k in empty}
                for row in qs.order_by().values(field).annotate(**PENALTY_AGGREGATES)
            }
            for qs in (this, last)
        ]
        return rows[0], rows[1]

    this_departments, last_departments = grouped("department__kind")
    this_kinds, last_kinds = grouped("kind")
    return {
        "year": year,
        "totals": _with_change({**empty, **this.aggregate(**PENALTY_AGGREGATES)}, last.aggregate(count=Count("pk"))),
        "areas": [
            {"region": area, **_with_change(this_areas.get(area.path, empty), last_areas.get(area.path, empty))}
            for area in areas(region)
        ],
        "departments": [
            {
                "value": kind,
                "label": DepartmentKind.label(kind),
                **_with_change(this_departments.get(kind, empty), last_departments.get(kind, empty)),
            }
            for kind in DepartmentKind.values
            if kind in this_departments or kind in last_departments
        ],
        "kinds": [
            {
                "value": kind,
                "label": PenaltyKind.label(kind),
                **_with_change(this_kinds.get(kind, empty), last_kinds.get(kind, empty)),
            }
            for kind in PenaltyKind.values
        ],
    }


def accountability_statistics(cases: QuerySet, transfers: QuerySet, year: int) -> dict:
    """Officials investigated (责任追究) and enterprise heads transferred to the judicial organs in ``year``."""
    return {
        "officials": cases.filter(decided_on__year=year, subject_kind=SubjectKind.OFFICIAL).count(),
        "units": cases.filter(decided_on__year=year, subject_kind=SubjectKind.UNIT).count(),
        "transferred": transfers.filter(transferred_on__year=year).count(),
    }


def accident_counts(accidents: QuerySet) -> dict:
    """Accidents by level, deaths and injuries of ``accidents``."""
    return accidents.aggregate(
        total=Count("pk"),
        deaths=Coalesce(Sum("deaths"), 0),
        injuries=Coalesce(Sum("injuries"), 0),
        **{level: Count("pk", filter=Q(level=level)) for level in AccidentLevel.values},
    )


def statistics(user, year: int) -> dict:
    """The statistics page: penalties with year-on-year change, accidents, accountability and transfers."""
    region = root_region(user)
    return {
        "region": region,
        "penalties": penalty_statistics(Penalty.objects.for_user(user, VIEW), region, year),
        "accountability": accountability_statistics(
            AccountabilityCase.objects.for_user(user, VIEW), JudicialTransfer.objects.for_user(user, VIEW), year
        ),
        "accidents": accident_counts(Accident.objects.for_user(user, VIEW).filter(occurred_on__year=year)),
        "levels": [{"value": v, "label": AccidentLevel.label(v)} for v in AccidentLevel.values],
    }


# The prompt list's delivery -------------------------------------------------------------


def current_version(user) -> PromptListVersion | None:
    """The newest published prompt list the user can read."""
    return (
        PromptListVersion.objects.for_user(user, VIEW)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("region")
        .order_by("-published_at", "-pk")
        .first()
    )


def reached(version: PromptListVersion):
    return Exists(PromptListDelivery.objects.filter(version=version, enterprise=OuterRef("pk")))


def operating(enterprises: QuerySet) -> QuerySet:
    return enterprises.filter(status=EnterpriseStatus.OPERATING)


def coverage(enterprises: QuerySet, version: PromptListVersion, region: Region) -> dict:
    """Operating enterprises reached by ``version``, in total and by area of ``region``."""
    marked = operating(enterprises).filter(region__path__startswith=region.path)
    counts = {"total": Count("pk"), "reached": Count("pk", filter=reached(version))}
    totals = marked.aggregate(**counts)
    by_area = aggregate_by_child(marked, region, **counts) if region.level != RegionLevel.TOWNSHIP else {}
    rows = []
    for area in areas(region):
        row = by_area.get(area.path, {"total": 0, "reached": 0})
        rows.append(
            {
                "region": area,
                **row,
                "missing": row["total"] - row["reached"],
                "rate": rate(row["reached"], row["total"]),
            }
        )
    return {
        **totals,
        "missing": totals["total"] - totals["reached"],
        "rate": rate(totals["reached"], totals["total"]),
        "areas": rows,
    }


def coverage_by_grid(enterprises: QuerySet, version: PromptListVersion, township: Region) -> QuerySet:
    """A township's grids with their operating enterprises and how many the list has reached."""
    through = Grid.enterprises.through.objects.filter(
        grid=OuterRef("pk"), enterprise__in=operating(enterprises).values("pk")
    )

    def count(rows):
        counted = rows.order_by().values("grid").annotate(n=Count("enterprise")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    delivered = PromptListDelivery.objects.filter(version=version).values("enterprise_id")
    return (
        Grid.objects.filter(region=township, is_active=True)
        .annotate(total=count(through), reached=count(through.filter(enterprise__in=delivered)))
        .order_by("industry", "name")
    )


def undelivered(enterprises: QuerySet, version: PromptListVersion, region: Region) -> QuerySet:
    """Operating enterprises of ``region`` that ``version`` has not reached yet."""
    return (
        operating(enterprises)
        .filter(region__path__startswith=region.path)
        .filter(~reached(version))
        .select_related("region")
        .order_by("region__code", "name")
    )


# Dashboard and bulletin -------------------------------------------------------------------


def dashboard(user) -> dict:
    """Headline numbers of the user's jurisdiction this year, each linking to the list behind it."""
    today = timezone.localdate()
    region = root_region(user)
    penalties = Penalty.objects.for_user(user, VIEW)
    this = {
        **{"count": 0, "amount": 0, "preventive": 0},
        **penalties.filter(period(today.year, today)).aggregate(**PENALTY_AGGREGATES),
    }
    last = penalties.filter(period(today.year - 1, today)).aggregate(count=Count("pk"))
    version = current_version(user)
    return {
        "year": today.year,
        "penalties": _with_change(this, last),
        "coverage": coverage(Enterprise.objects.for_user(user, VIEW), version, region) if version else None,
        "version": version,
        "accidents": accident_counts(Accident.objects.for_user(user, VIEW).filter(occurred_on__year=today.year)),
        "accountability": accountability_statistics(
            AccountabilityCase.objects.for_user(user, VIEW), JudicialTransfer.objects.for_user(user, VIEW), today.year
        ),
        "to_confirm": UnitAssessment.objects.for_user(user, VIEW)
        .filter(status=AssessmentStatus.COMPUTED, downgraded=True)
        .count(),
    }


def bulletin_sheets(*, month: datetime.date, region: Region) -> list[Sheet]:
    """The enforcement sheets of the monthly 督查通报: penalties year to date, the prompt list's reach, accidents."""
    _, following = month_bounds(month)
    as_of = following - datetime.timedelta(days=1)
    stats = penalty_statistics(Penalty.objects.all(), region, as_of.year, until=as_of)
    penalty_rows = [
        [
            row["region"].name,
            row["count"],
            row["last_count"],
            row["change"],
            row["preventive"],
            row["preventive_share"],
            row["amount"],
        ]
        for row in stats["areas"]
    ]
    totals = stats["totals"]
    penalty_rows.append(
        [
            "合计",
            totals["count"],
            totals["last_count"],
            totals["change"],
            totals["preventive"],
            totals["preventive_share"],
            totals["amount"],
        ]
    )
    sheets = [
        Sheet(
            "行政处罚（按区域）",
            ["区域", "本年处罚", "上年同期", "同比（%）", "非事故预防性", "预防性占比（%）", "罚没金额（元）"],
            penalty_rows,
            note=f"统计范围：{as_of.year}年1月1日至{as_of:%m月%d日}作出的行政处罚，与上年同期比较。",
        )
    ]
    version = PromptListVersion.objects.current_for(region)
    if version is not None:
        reach = coverage(Enterprise.objects.all(), version, region)
        sheets.append(
            Sheet(
                "提示清单送达（按区域）",
                ["区域", "在营企业", "已送达", "未送达", "送达率（%）"],
                [[r["region"].name, r["total"], r["reached"], r["missing"], r["rate"]] for r in reach["areas"]]
                + [["合计", reach["total"], reach["reached"], reach["missing"], reach["rate"]]],
                note=f"{version}，截至生成时。",
            )
        )
    accidents = Accident.objects.filter(occurred_on__gte=as_of.replace(month=1, day=1), occurred_on__lte=as_of)
    by_area = aggregate_by_child(
        accidents,
        region,
        n=Count("pk"),
        deaths=Coalesce(Sum("deaths"), 0),
        **{level: Count("pk", filter=Q(level=level)) for level in AccidentLevel.values},
    )
    empty = {"n": 0, "deaths": 0, **dict.fromkeys(AccidentLevel.values, 0)}
    sheets.append(
        Sheet(
            "生产安全事故（按区域）",
            ["区域", "事故起数", *AccidentLevel.labels.values(), "死亡人数"],
            [
                [area.name, row["n"], *(row[level] for level in AccidentLevel.values), row["deaths"]]
                for area in areas(region)
                for row in [by_area.get(area.path, empty)]
            ],
            note=f"{as_of.year}年1月1日至{as_of:%m月%d日}。",
        )
    )
    return sheets


# Below this share of operating enterprises reached by the prompt list, an area is named in the bulletin.
DELIVERY_TARGET = 90


def monthly_counts(region: Region, month: datetime.date) -> list[dict]:
    """Penalties and accidents in ``month``, the month before and the same month last year: two queries."""
    first = month.replace(day=1)
    before = (first - datetime.timedelta(days=1)).replace(day=1)
    months = [month_bounds(m) for m in (first, before, first.replace(year=first.year - 1))]
    penalties = Penalty.objects.filter(region__path__startswith=region.path).aggregate(
        **{f"p{i}": Count("pk", filter=Q(decided_on__gte=a, decided_on__lt=b)) for i, (a, b) in enumerate(months)}
    )
    accidents = Accident.objects.filter(region__path__startswith=region.path).aggregate(
        **{f"a{i}": Count("pk", filter=Q(occurred_on__gte=a, occurred_on__lt=b)) for i, (a, b) in enumerate(months)},
        **{
            f"d{i}": Coalesce(Sum("deaths", filter=Q(occurred_on__gte=a, occurred_on__lt=b)), 0)
            for i, (a, b) in enumerate(months)
        },
    )
    return [
        {"penalties": penalties[f"p{i}"], "accidents": accidents[f"a{i}"], "deaths": accidents[f"d{i}"]}
        for i in range(3)
    ]


def unsigned_acknowledgements(version: PromptListVersion, region: Region) -> tuple[dict[str, int], list[tuple]]:
    """Receipts of ``version`` not yet signed in ``region``: townships' per area, and departments' by department."""
    waiting = PromptListAcknowledgement.objects.filter(
        version=version, acknowledged_at__isnull=True, region__path__startswith=region.path
    )
    per_area = {
        path: row["n"]
        for path, row in aggregate_by_child(waiting.filter(department=None), region, n=Count("pk")).items()
    }
    departments = list(
        waiting.exclude(department=None).select_related("department").order_by("department__region__code", "pk")
    )
    return per_area, [(row.department, 1) for row in departments]


def bulletin_facts(*, month: datetime.date, region: Region) -> list[Facts]:
    """执法与事故 for the bulletin's text: the month's penalties and accidents against last month and last
    year, the prompt list's reach, the areas below the delivery target and who has not signed for the list."""
    counts = monthly_counts(region, month)
    figures = [
        BulletinFigure("行政处罚", "件", *(c["penalties"] for c in counts)),
        BulletinFigure("生产安全事故", "起", *(c["accidents"] for c in counts)),
        BulletinFigure("事故死亡", "人", *(c["deaths"] for c in counts)),
    ]
    problems = []
    version = PromptListVersion.objects.current_for(region)
    if version is not None:
        reach = coverage(Enterprise.objects.all(), version, region)
        figures.append(BulletinFigure(f"{version.year}年版提示清单送达率", "%", reach["rate"]))
        below = [
            Lag(row["region"].name, row["missing"], region=row["region"])
            for row in sorted(reach["areas"], key=lambda row: -row["missing"])
            if row["total"] and row["reached"] * 100 < DELIVERY_TARGET * row["total"]
        ]
        per_area, departments = unsigned_acknowledgements(version, region)
        unsigned = [
            Lag(area.name, per_area[area.path], region=area) for area in areas(region) if per_area.get(area.path)
        ]
        unsigned += [Lag(department.name, n, department=department) for department, n in departments]
        problems = [
            Problem(
                f"提示清单送达率低于{DELIVERY_TARGET}%（未送达企业）",
                "家",
                below,
                "提示清单未送达到位的地方要组织网格督导员逐企送达，做到应送尽送。",
            ),
            Problem(
                "提示清单未签收",
                "份",
                unsigned,
                "未签收提示清单的乡镇（街道）和部门要立即签收并组织学习。",
            ),
        ]
    return [Facts("执法与事故", figures, [p for p in problems if p.lags])]


def bulletin_rankings(*, month: datetime.date, region: Region) -> list[Ranking]:
    """Areas of ``region`` ranked on the current prompt list's delivery rate."""
    version = PromptListVersion.objects.current_for(region)
    if version is None:
        return []
    reach = coverage(Enterprise.objects.all(), version, region)
    return [
        Ranking(
            "提示清单送达率", "%", [(row["region"].name, ratio(row["reached"], row["total"])) for row in reach["areas"]]
        )
    ]


def desk_figures(user, *, region: Region, month: datetime.date) -> list[Figure]:
    """The 单 of 一图一单一班 for the desk: prompt lists delivered to enterprises, and penalties, in the month."""
    months = Months.of(month)
    span = months.current
    deliveries = PromptListDelivery.objects.for_user(user, VIEW).filter(region__path__startswith=region.path)
    delivered = counts_by_month(
        deliveries, months, n=lambda s: Q(delivered_on__gte=s.first, delivered_on__lte=s.as_of)
    )["n"]
    penalties = Penalty.objects.for_user(user, VIEW).filter(region__path__startswith=region.path)
    decided = counts_by_month(penalties, months, n=lambda s: Q(decided_on__gte=s.first, decided_on__lte=s.as_of))["n"]
    one_map = Mechanism.ONE_MAP
    return [
        Figure.monthly(
            one_map,
            "prompt_list_deliveries",
            "本月送达提示清单",
            delivered,
            list_url(
                "enforcement:prompt_list_delivery_list",
                region,
                delivered_after=span.first,
                delivered_before=span.as_of,
            ),
            worse_when_higher=False,
            key=True,
        ),
        Figure.monthly(
            one_map,
            "penalties",
            "本月行政处罚",
            decided,
            list_url("enforcement:penalty_list", region, decided_after=span.first, decided_before=span.as_of),
        ),
    ]
