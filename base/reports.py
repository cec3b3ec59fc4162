"""Helpers of every app's ``reports.py``: numbers by area computed in the database, and bulletin sheets."""

import datetime
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, QuerySet
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


def numbers_by_sets(
    rows: QuerySet, numbers: dict[str, str], keys: Sequence[str], *, columns: str, params: Sequence
) -> tuple[dict | None, dict[str, dict]]:
    """``numbers`` (SQL aggregates) over ``rows`` in total and grouped by each of ``keys`` alone, in one statement.

    ``rows`` is a ``values()`` queryset; ``columns`` (with ``params``) are the expressions over its columns
    that ``numbers`` and ``keys`` name. PostgreSQL groups by GROUPING SETS, each row read once; elsewhere
    (SQLite) it is a UNION ALL of the groupings. Returns the total (None when ``rows`` is empty by
    construction) and, per key, ``{value: numbers}``.
    """
    groups = {key: {} for key in keys}
    try:
        inner, inner_params = rows.order_by().query.sql_with_params()
    except EmptyResultSet:
        return None, groups
    source = f"(SELECT {columns} FROM ({inner}) AS rows) AS h"
    source_params = (*params, *inner_params)
    aggregates = ", ".join(numbers.values())
    # The total's row marks every key as not grouped, a key's rows all the others, as GROUPING() does.
    total_mask = (1 << len(keys)) - 1
    masks = [total_mask ^ (1 << (len(keys) - 1 - index)) for index in range(len(keys))]
    if keys and connection.vendor == "postgresql":
        listed = ", ".join(keys)
        sets = ", ".join(f"({key})" for key in keys)
        statement = (
            f"SELECT GROUPING({listed}), {listed}, {aggregates} FROM {source} GROUP BY GROUPING SETS ((), {sets})"
        )
        all_params = source_params
    else:
        parts = [f"SELECT {total_mask}, {', '.join([*(['NULL'] * len(keys)), aggregates])} FROM {source}"]
        for index, key in enumerate(keys):
            selected = ", ".join(key if other == key else "NULL" for other in keys)
            parts.append(f"SELECT {masks[index]}, {selected}, {aggregates} FROM {source} GROUP BY {key}")
        statement, all_params = " UNION ALL ".join(parts), source_params * len(parts)
    with connection.cursor() as cursor:
        cursor.execute(statement, all_params)
        result = cursor.fetchall()
    total = None
    for mask, *row in result:
        values = dict(zip(numbers, row[len(keys) :], strict=True))
        if mask == total_mask:
            total = values
        else:
            index = masks.index(mask)
            groups[keys[index]][row[index]] = values
    return total, groups


T = TypeVar("T")
_memo: ContextVar[dict | None] = ContextVar("report_memo", default=None)


@contextmanager
def computed_once() -> Iterator[None]:
    """Inside it, ``once`` computes each key one time: one bulletin's sheets, text and rankings share their numbers."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, remembered under ``key`` inside ``computed_once``; outside it, computed afresh every call."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


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


# The 督查通报's text -----------------------------------------------------------------
#
# Besides ``bulletin_sheets``, an app's ``reports.py`` may define
# ``bulletin_facts(*, month, region) -> list[Facts]`` (the month's figures and who
# lags, for 一、总体情况 and 二、存在问题) and
# ``bulletin_rankings(*, month, region) -> list[Ranking]`` (the areas of ``region``
# ranked on one measure). ``sanming_safety.bulletin`` finds them through
# ``base.discovery.app_modules("reports")`` and writes the draft from them; each is
# a few GROUP BY queries whatever the data size.


@dataclass
class BulletinFigure:
    """One number of a mechanism: this month, last month and the same month last year (None: not kept)."""

    label: str
    unit: str
    this: float | int | str
    last_month: float | int | str | None = None
    last_year: float | int | str | None = None


@dataclass
class Lag:
    """A named area (county of the city, township of a county) or department behind on one measure."""

    name: str
    count: float | int
    region: object = None
    department: object = None


@dataclass
class Problem:
    """One kind of shortfall of 二、存在问题, the areas and departments that show it, and what is asked of them."""

    title: str
    unit: str
    lags: list[Lag]
    requirement: str


@dataclass
class Facts:
    """One mechanism's part of the bulletin's text."""

    mechanism: str
    figures: list[BulletinFigure]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Ranking:
    """The areas of a region on one measure, best first; equal values share a place."""

    title: str
    unit: str
    rows: list[tuple[str, float | int]]
    higher_is_better: bool = True

    def ranked(self) -> list[dict]:
        """Rows with place and mark (最好 / 最差), best first; an area with nothing to measure comes last, unplaced."""
        measured = sorted(
            (row for row in self.rows if row[1] is not None),
            key=lambda row: -row[1] if self.higher_is_better else row[1],
        )
        values = [value for _, value in measured]
        lines, place = [], 0
        for index, (name, value) in enumerate(measured):
            if index == 0 or value != values[index - 1]:
                place = index + 1
            mark = ""
            if len(set(values)) > 1:  # all equal: nobody is best or worst
                mark = "最好" if value == values[0] else "最差" if value == values[-1] else ""
            lines.append({"place": place, "name": name, "value": value, "mark": mark})
        return lines + [
            {"place": None, "name": name, "value": None, "mark": ""} for name, value in self.rows if value is None
        ]


def ratio(part: int, whole: int) -> float | None:
    """A percentage with one decimal for ranking; None when there is nothing to divide by."""
    return round(part * 100 / whole, 1) if whole else None
