"""The committee desk's (综合看板) vocabulary, shared by every app that puts numbers on it.

An app joins the desk by defining in its ``reports.py``::

    def desk_figures(user, *, region: Region, month: datetime.date) -> list[Figure]

``month`` is the first day of the month shown; ``region`` lies in the user's
jurisdiction (the city, a county or a township). Each ``Figure`` names its
mechanism, its number as of the month (``Months`` gives the month, the month
before and the same month last year; ``counts_by_month`` counts all three, for
several conditions, in one query) and the URL of the list that shows exactly
the counted rows: ``list_url`` adds the drill-down region as ``within``.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from .choices import ChoiceSet, Colour


class Mechanism(ChoiceSet):
    """The four mechanisms the desk shows, in the order of the source text."""

    CHOICES = [
        ("three_always", "三个一律", Colour.RED),
        ("one_member", "一员一长一所", Colour.BLUE),
        ("three_mains", "三为主三明确", Colour.ORANGE),
        ("one_map", "一图一单一班", Colour.GREEN),
    ]
    THREE_ALWAYS, ONE_MEMBER, THREE_MAINS, ONE_MAP = (value for value, _, _ in CHOICES)


@dataclass(frozen=True)
class Span:
    """One calendar month: its first day, the first day of the next, and the day its numbers stand at."""

    first: datetime.date
    following: datetime.date
    as_of: datetime.date

    @property
    def last(self) -> datetime.date:
        return self.following - datetime.timedelta(days=1)

    @property
    def quarter(self) -> int:
        return (self.first.month - 1) // 3 + 1

    @classmethod
    def of(cls, day: datetime.date, today: datetime.date) -> "Span":
        first = day.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return cls(first, following, min(following - datetime.timedelta(days=1), today))


@dataclass(frozen=True)
class Months:
    """The month shown and the two it is compared with (month over month, the same month last year)."""

    current: Span
    previous: Span
    last_year: Span

    @classmethod
    def of(cls, month: datetime.date) -> "Months":
        today = timezone.localdate()
        first = month.replace(day=1)
        return cls(
            Span.of(first, today),
            Span.of(first - datetime.timedelta(days=1), today),
            Span.of(first.replace(year=first.year - 1), today),
        )

    def items(self) -> list[tuple[str, Span]]:
        return [("current", self.current), ("previous", self.previous), ("last_year", self.last_year)]


def counts_by_month(queryset: QuerySet, months: Months, **conditions) -> dict[str, dict[str, int]]:
    """For each named ``condition(span)``, the rows of ``queryset`` meeting it in each of the three months:
    one query for all of them."""
    totals = queryset.aggregate(
        **{
            f"{key}_{name}": Count("pk", filter=condition(span))
            for key, condition in conditions.items()
            for name, span in months.items()
        }
    )
    return {key: {name: totals[f"{key}_{name}"] for name, _ in months.items()} for key in conditions}


def list_url(url_name: str, region, **params) -> str:
    """The list page of ``url_name`` filtered by ``params`` and to ``region``'s subtree."""
    query = {key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in params.items()}
    return f"{reverse(url_name)}?{urlencode({**query, 'within': region.pk})}"


@dataclass
class Figure:
    """A number on the desk: its mechanism, label, value and list, and the values it is compared with.

    ``key`` numbers go on the big screen too; ``worse_when_higher`` colours a rise red (逾期) or green (销号).
    """

    mechanism: str
    slug: str
    label: str
    value: int
    url: str
    previous: int | None = None
    last_year: int | None = None
    worse_when_higher: bool | None = None
    key: bool = False
    note: str = ""

    @classmethod
    def monthly(cls, mechanism: str, slug: str, label: str, counts: dict, url: str, **options) -> "Figure":
        return cls(mechanism, slug, label, counts["current"], url, counts["previous"], counts["last_year"], **options)

    def trend(self, other: int | None) -> dict | None:
        """The change against ``other``: an arrow, the difference, and whether it is good news."""
        if other is None:
            return None
        delta = self.value - other
        arrow = "↑" if delta > 0 else "↓" if delta < 0 else "→"
        tone = "neutral"
        if delta and self.worse_when_higher is not None:
            tone = "bad" if (delta > 0) == self.worse_when_higher else "good"
        return {"arrow": arrow, "delta": abs(delta), "was": other, "tone": tone}

    @property
    def month_over_month(self) -> dict | None:
        return self.trend(self.previous)

    @property
    def year_over_year(self) -> dict | None:
        return self.trend(self.last_year)

    def public(self) -> dict:
        """The figure as the big screen's data endpoint answers it: numbers only, no links."""
        return {
            "slug": self.slug,
            "mechanism": self.mechanism,
            "label": self.label,
            "value": self.value,
            "month_over_month": self.month_over_month,
            "year_over_year": self.year_over_year,
        }
