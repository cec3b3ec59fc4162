"""综合看板: one desk over every mechanism, for the city, a county or a township, as of a month.

Each app puts its numbers on it with ``reports.desk_figures(user, *, region, month)``
(see ``base.desk``). An app that has only a panel of its own may instead define
``reports.dashboard(user, *, region, month)``; its ``<app>/dashboard_panel.html``
is shown in the mechanism the app belongs to (``APP_MECHANISMS``).
"""

import datetime
import inspect

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from base.aggregates import keeps
from base.desk import Figure, Mechanism, Months, list_url
from base.discovery import app_modules
from base.reports import aggregate_by_child
from base.scoping import VIEW, official_of
from grid.choices import RegionLevel
from grid.models import Region
from hazards.models import Hazard

# Where an app's own panel goes when it offers ``dashboard(user, region=, month=)`` instead of figures.
APP_MECHANISMS = {
    "hazards": Mechanism.THREE_ALWAYS,
    "grid": Mechanism.ONE_MEMBER,
    "inspections": Mechanism.THREE_MAINS,
    "enforcement": Mechanism.ONE_MAP,
    "training": Mechanism.ONE_MAP,
}
DRILL_LEVELS = (RegionLevel.CITY, RegionLevel.COUNTY)


def jurisdiction(user) -> Region:
    """The top of what ``user`` may drill into: their official's region, the city for administrators."""
    official = official_of(user)
    if official is not None:
        return official.region
    if getattr(user, "is_superuser", False):
        return Region.objects.get(parent__isnull=True)
    raise Http404("没有可查看的区域。")


def desk_region(user, pk: str | None) -> Region:
    """The region asked for, if it lies in ``user``'s jurisdiction; 404 otherwise (another county is unknown)."""
    root = jurisdiction(user)
    if not pk:
        return root
    if not str(pk).isdigit():
        raise Http404("区域不存在。")
    region = Region.objects.filter(pk=pk, path__startswith=root.path).exclude(level=RegionLevel.VILLAGE).first()
    if region is None:
        raise Http404("该区域不在您的管辖范围内。")
    return region


def parse_month(text: str | None) -> tuple[datetime.date, str]:
    """The month of ``YYYY-MM`` (this month when absent or invalid) and an error to show, if any."""
    this_month = timezone.localdate().replace(day=1)
    if not text:
        return this_month, ""
    try:
        month = datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return this_month, "月份格式应为 YYYY-MM，如 2026-10；已显示本月。"
    if month > this_month:
        return this_month, "不能查看以后的月份；已显示本月。"
    if month.year < 2000:
        return this_month, "月份不能早于2000年；已显示本月。"
    return month, ""


def breadcrumb(user, region: Region) -> list[Region]:
    """From the top of the user's jurisdiction down to ``region``."""
    root = jurisdiction(user)
    return list(Region.objects.filter(code__in=region.ancestor_codes, path__startswith=root.path).order_by("path"))


def drill_areas(region: Region) -> list[Region]:
    """The areas one click below ``region``: a city's counties, a county's townships; none below a township."""
    if region.level not in DRILL_LEVELS:
        return []
    return list(region.children.exclude(level=RegionLevel.VILLAGE).order_by("code"))


def _accepts(function, *names) -> bool:
    parameters = inspect.signature(function).parameters
    return all(name in parameters for name in names)


def desk_figures(user, *, region: Region, month: datetime.date) -> list[Figure]:
    """Every app's figures for ``region`` as of ``month``, in INSTALLED_APPS order."""
    figures = []
    for reports in app_modules("reports"):
        if hasattr(reports, "desk_figures"):
            figures += reports.desk_figures(user, region=region, month=month)
    return figures


def desk_panels(user, *, region: Region, month: datetime.date) -> list[dict]:
    """The four mechanisms, each with its figures and any app panel that belongs to it."""
    figures = desk_figures(user, region=region, month=month)
    panels = {
        value: {"mechanism": value, "label": label, "figures": [], "includes": []} for value, label in Mechanism.choices
    }
    for figure in figures:
        panels[figure.mechanism]["figures"].append(figure)
    for reports in app_modules("reports"):
        app = reports.__name__.split(".")[0]
        dashboard = getattr(reports, "dashboard", None)
        if not hasattr(reports, "desk_figures") and dashboard and _accepts(dashboard, "region", "month"):
            data = dashboard(user, region=region, month=month)
            panels[APP_MECHANISMS.get(app, Mechanism.THREE_MAINS)]["includes"].append(
                {"template": f"{app}/dashboard_panel.html", "data": data}
            )
    return list(panels.values())


def ranking(user, *, region: Region, month: datetime.date) -> list[dict]:
    """Hazards of each area one level below ``region`` as of ``month``, the most overdue first: one GROUP BY."""
    areas = drill_areas(region)
    if not areas:
        return []
    span = Months.of(month).current
    open_then = Q(found_on__lte=span.as_of) & ~Q(closed_on__lte=span.as_of)
    counts = aggregate_by_child(
        Hazard.objects.for_user(user, VIEW).not_closed_before(span.first),
        region,
        open=Count("pk", filter=open_then),
        overdue=Count("pk", filter=open_then & Q(deadline__lt=span.as_of)),
        found=Count("pk", filter=Q(found_on__gte=span.first, found_on__lte=span.as_of)),
        closed=Count("pk", filter=Q(closed_on__gte=span.first, closed_on__lte=span.as_of)),
    )
    empty = {"open": 0, "overdue": 0, "found": 0, "closed": 0}
    rows = []
    for area in areas:
        row = counts.get(area.path, empty)
        rows.append(
            {
                "region": area,
                **row,
                "open_url": list_url("hazards:hazard_list", area, open_on=span.as_of),
                "overdue_url": list_url("hazards:hazard_list", area, overdue_on=span.as_of),
                "found_url": list_url("hazards:hazard_list", area, found_after=span.first, found_before=span.as_of),
                "closed_url": list_url("hazards:hazard_list", area, closed_after=span.first, closed_before=span.as_of),
                "desk_url": f"{reverse('desk')}?region={area.pk}&month={span.first:%Y-%m}",
            }
        )
    rows.sort(key=lambda row: (-row["overdue"], -row["open"], row["region"].code))
    for place, row in enumerate(rows, start=1):
        row["place"] = place
    return rows


@keeps("desk")
def desk_numbers(user, region: Region, month: str) -> tuple[list[dict], list[dict]]:
    """The desk's panels and area ranking for ``region`` as of ``month`` (``YYYY-MM``), as ``kept`` keeps them."""
    first = datetime.date.fromisoformat(f"{month}-01")
    return desk_panels(user, region=region, month=first), ranking(user, region=region, month=first)
