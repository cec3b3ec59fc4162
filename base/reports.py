"""Helpers of every app's ``reports.py``: numbers by area computed in the database, and bulletin sheets."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr


def aggregate_by_child(
    queryset, region, *, region_lookup: str = "region", group: str | None = None, **aggregates
) -> dict:
    """``aggregates`` of ``queryset`` per child of ``region`` (and per ``group`` value), in one GROUP BY.

    Paths of one level have one length, so a prefix of that length names the
    child. Keys are the child's path, or ``(path, group value)`` when grouped.
    """
    child = region.children.order_by().values_list("path", flat=True).first()
    if child is None:
        return {}
    rows = (
        queryset.filter(**{f"{region_lookup}__path__startswith": region.path})
        .annotate(child=Substr(f"{region_lookup}__path", 1, len(child)))
        .order_by()
        .values("child", *([group] if group else []))
        .annotate(**aggregates)
    )
    return {
        ((row["child"], row[group]) if group else row["child"]): {name: row[name] for name in aggregates}
        for row in rows
    }


def counts_by_child(queryset, region, *, region_lookup: str = "region") -> dict[str, int]:
    """Rows of ``queryset`` under each child of ``region``, keyed by the child's path."""
    counts = aggregate_by_child(queryset, region, region_lookup=region_lookup, n=Count("pk"))
    return {path: row["n"] for path, row in counts.items()}


def rate(part: int, whole: int) -> float | str:
    """A percentage with one decimal; a dash when there is nothing to divide by."""
    return round(part * 100 / whole, 1) if whole else "—"


@dataclass
class Sheet:
    """One sheet: a title, column headers and rows; ``fills`` colours cells by (row, column) index."""

    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    widths: list[int] | None = None
    note: str = ""
    fills: dict[tuple[int, int], str] = field(default_factory=dict)


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First day of ``month`` and first day of the next month."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following
