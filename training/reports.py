"""Numbers of 一季一班, computed in the database: classes and attendees, and coverage of principals.

A principal counts as attended in a period when a person with their resident ID
number checked in to a class held in it: the person, not the enterprise row, so
a principal of two enterprises covers both, and a new principal starts afresh.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

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
from base.scoping import VIEW, official_of
from grid.choices import EnterpriseStatus, Industry, RegionLevel
from grid.models import Enterprise, Region

from .choices import ClassLevel
from .models import Attendance, WarningClass, quarter_of

CITY_CODE = "350400"


def attended(*, year: int, quarter: int | None = None) -> Exists:
    """Whether the enterprise's principal checked in to a class of ``year`` (and ``quarter``)."""
    period = {"warning_class__year": year}
    if quarter is not None:
        period["warning_class__quarter"] = quarter
    return Exists(Attendance.objects.filter(id_number=OuterRef("principal_id_number"), **period))


def principals(user=None) -> QuerySet:
    """Operating enterprises (each with its principal), within ``user``'s jurisdiction when given."""
    enterprises = Enterprise.objects.filter(status=EnterpriseStatus.OPERATING)
    return enterprises.for_user(user, VIEW) if user is not None else enterprises


def absent_principals(user, *, year: int) -> QuerySet:
    """Operating enterprises whose principal has attended no class in ``year``."""
    return principals(user).filter(~attended(year=year)).select_related("region__parent")


def coverage(user, *, year: int, quarter: int | None = None, region: Region | None = None) -> dict:
    """Principals and how many attended in the period: in all, per child region of ``region`` and per industry."""
    if region is None:
        official = official_of(user)
        region = official.region if official is not None else Region.objects.get(code=CITY_CODE)
    queryset = principals(user).annotate(came=attended(year=year, quarter=quarter))
    counted = {"total": Count("pk"), "attended": Count("pk", filter=Q(came=True))}
    totals = queryset.aggregate(**counted)
    by_child = aggregate_by_child(queryset, region, **counted)
    children = Region.objects.filter(path__in=by_child).order_by("code")
    by_industry = dict((row.pop("industry"), row) for row in queryset.order_by().values("industry").annotate(**counted))

    def line(label, row, **extra):
        total, came = row.get("total", 0), row.get("attended", 0)
        return {
            "label": label,
            "total": total,
            "attended": came,
            "absent": total - came,
            "rate": rate(came, total),
            **extra,
        }

    return {
        "year": year,
        "quarter": quarter,
        "region": region,
        "totals": line("合计", totals),
        "regions": [line(child.name, by_child[child.path], region=child) for child in children],
        "industries": [
            line(label, by_industry[value], industry=value)
            for value, label, _ in Industry.CHOICES
            if value in by_industry
        ],
    }


def absent_by_township(*, year: int, on: datetime.date | None = None) -> dict[int, int]:
    """Township id → operating enterprises whose principal has attended no class in ``year``."""
    rows = principals().filter(~attended(year=year)).order_by().values("region").annotate(n=Count("pk"))
    return {row["region"]: row["n"] for row in rows}


def year_totals(year: int, *, region: Region | None = None) -> dict:
    """The source's figures for any year: classes (of them city-level), attendances, people and walk-ins.

    With ``region``, the classes it and the regions under it held.
    """
    classes = WarningClass.objects.filter(year=year)
    attendances = Attendance.objects.filter(warning_class__year=year)
    if region is not None:
        classes = classes.filter(region__path__startswith=region.path)
        attendances = attendances.filter(warning_class__region__path__startswith=region.path)
    counts = classes.aggregate(classes=Count("pk"), city_level=Count("pk", filter=Q(level=ClassLevel.CITY)))
    people = attendances.aggregate(
        attendances=Count("pk"), people=Count("id_number", distinct=True), walk_ins=Count("pk", filter=Q(walk_in=True))
    )
    return {"year": year, **counts, **people}


def classes_by_organiser(region: Region, start: datetime.date, end: datetime.date) -> list[list]:
    """Classes held in [start, end) and their attendances, for ``region`` itself (本级) and each child."""
    window = {"starts_at__date__gte": start, "starts_at__date__lt": end}
    classes = WarningClass.objects.filter(**window)
    attendances = Attendance.objects.filter(**{f"warning_class__{k}": v for k, v in window.items()})
    own = [classes.filter(region=region).count(), attendances.filter(warning_class__region=region).count()]
    by_class = aggregate_by_child(classes, region, n=Count("pk"))
    by_attendance = aggregate_by_child(attendances, region, region_lookup="warning_class__region", n=Count("pk"))
    rows = [[f"{region.name}本级", *own]]
    for child in region.children.exclude(level=RegionLevel.VILLAGE).order_by("code"):
        rows.append(
            [child.name, by_class.get(child.path, {}).get("n", 0), by_attendance.get(child.path, {}).get("n", 0)]
        )
    return rows


def bulletin_sheets(*, month, region: Region) -> list:
    """警示教育 sheets of the monthly bulletin: classes and attendances by organiser for the month, quarter
    and year to the month's end, and this year's coverage of principals per county (or township)."""
    first, following = month_bounds(month)
    quarter_start = datetime.date(first.year, 3 * quarter_of(first) - 2, 1)
    year_start = datetime.date(first.year, 1, 1)
    periods = [classes_by_organiser(region, start, following) for start in (first, quarter_start, year_start)]
    body = [[periods[0][i][0], *[cell for period in periods for cell in period[i][1:]]] for i in range(len(periods[0]))]
    totals = ["合计", *(sum(line[i] for line in body) for i in range(1, 7))]
    level = year_totals(first.year, region=region)
    sheets = [
        Sheet(
            "警示教育学习班",
            ["举办单位", "本月班次", "本月人次", "本季班次", "本季人次", "本年班次", "本年人次"],
            [*body, totals],
            note=(
                f"本年累计（截至{following - datetime.timedelta(days=1):%m月%d日}）"
                f"市级学习班 {level['city_level']} 场；按举办单位统计，人次为签到记录数。"
            ),
        )
    ]
    table = coverage(None, year=first.year, region=region)
    sheets.append(
        Sheet(
            "企业负责人参训覆盖",
            ["区域", "企业主要负责人", "本年已参训", "未参训", "参训率（%）"],
            [
                [r["label"], r["total"], r["attended"], r["absent"], r["rate"]]
                for r in [*table["regions"], table["totals"]]
            ],
            note="正常经营企业的主要负责人，本年参加任一警示教育学习班即计为已参训。",
        )
    )
    return sheets


def dashboard(user) -> dict:
    """The training panel: this year's classes and attendances in the user's view, coverage, the next classes."""
    now = timezone.now()
    year = timezone.localdate().year
    classes = WarningClass.objects.for_user(user, VIEW).filter(year=year)
    attendances = Attendance.objects.for_user(user, VIEW).filter(warning_class__year=year)
    principal_rows = principals(user).annotate(came=attended(year=year))
    covered = principal_rows.aggregate(total=Count("pk"), attended=Count("pk", filter=Q(came=True)))
    return {
        "year": year,
        "classes": classes.count(),
        "city_level": classes.filter(level=ClassLevel.CITY).count(),
        "attendances": attendances.count(),
        "principals": covered["total"],
        "attended": covered["attended"],
        "absent": covered["total"] - covered["attended"],
        "rate": rate(covered["attended"], covered["total"]),
        "upcoming": list(WarningClass.objects.for_user(user, VIEW).filter(ends_at__gte=now).order_by("starts_at")[:3]),
    }


def bulletin_facts(*, month, region: Region) -> list[Facts]:
    """警示教育 for the bulletin's text: the month's classes and attendances against last month and last year,
    this year's coverage of principals, and the areas whose principals have not attended."""
    first = month.replace(day=1)
    before = (first - datetime.timedelta(days=1)).replace(day=1)
    months = [first, before, first.replace(year=first.year - 1)]
    tables = [classes_by_organiser(region, m, month_bounds(m)[1]) for m in months]
    table = coverage(None, year=first.year, region=region)
    figures = [
        BulletinFigure("举办警示教育学习班", "场", *(sum(row[1] for row in t) for t in tables)),
        BulletinFigure("参训", "人次", *(sum(row[2] for row in t) for t in tables)),
        BulletinFigure("本年企业主要负责人参训率", "%", table["totals"]["rate"]),
    ]
    absent = [
        Lag(row["label"], row["absent"], region=row["region"])
        for row in sorted(table["regions"], key=lambda row: -row["absent"])
        if row["absent"] and row["region"].level != RegionLevel.VILLAGE
    ]
    problems = [
        Problem(
            "企业主要负责人本年未参加警示教育",
            "人",
            absent,
            "未参训企业主要负责人所在地要逐一通知，确保本年度参加警示教育学习班。",
        )
    ]
    return [Facts("警示教育", figures, [p for p in problems if p.lags])]


def bulletin_rankings(*, month, region: Region) -> list[Ranking]:
    """Areas of ``region`` ranked on this year's coverage of principals."""
    table = coverage(None, year=month.year, region=region)
    return [
        Ranking(
            "企业负责人参训率", "%", [(row["label"], ratio(row["attended"], row["total"])) for row in table["regions"]]
        )
    ]


def desk_figures(user, *, region: Region, month: datetime.date) -> list[Figure]:
    """The 班 of 一图一单一班 for the desk: warning classes of the month's quarter open to ``region``
    (held in it or above it) and attendance of its principals in the month."""
    months = Months.of(month)
    span = months.current
    classes = WarningClass.objects.for_user(user, VIEW).filter(
        Q(region__path__startswith=region.path) | Q(region__code__in=region.ancestor_codes)
    )
    held = counts_by_month(classes, months, n=lambda s: Q(year=s.first.year, quarter=s.quarter))["n"]
    attendances = Attendance.objects.for_user(user, VIEW).filter(region__path__startswith=region.path)
    came = counts_by_month(
        attendances, months, n=lambda s: Q(checked_in_at__date__gte=s.first, checked_in_at__date__lte=s.as_of)
    )["n"]
    one_map = Mechanism.ONE_MAP
    return [
        Figure.monthly(
            one_map,
            "warning_classes",
            f"本季警示教育班（第{span.quarter}季度）",
            held,
            list_url("training:warning_class_list", region, year=span.first.year, quarter=span.quarter),
            worse_when_higher=False,
            key=True,
        ),
        Figure.monthly(
            one_map,
            "attendances",
            "本月参训人次",
            came,
            list_url("training:attendance_list", region, checked_in_after=span.first, checked_in_before=span.as_of),
            worse_when_higher=False,
        ),
    ]
