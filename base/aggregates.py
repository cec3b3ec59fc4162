"""A short cache of the costly aggregates of the city's and the counties' pages, saying as of when.

The 工作台, the 综合看板 and the 挂包领导 round of a city or a county count
every open hazard below it; at ten years of history that takes seconds. Such
numbers are kept ``settings.DASHBOARD_CACHE_SECONDS`` (0: computed on every
request) and shown with "数据截至 HH:MM（每N分钟更新）". A township's numbers,
and every list, stay live.

A kept value is shared only by users who see exactly the same rows: the key
holds every input of ``ScopedModel.scope_q`` for viewing (superuser, or role,
region path and department kind), the page's own inputs and today's date.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .scoping import official_of

# The levels (grid.choices.RegionLevel values; base names no app) whose numbers span many townships.
COSTLY_LEVELS = ("city", "county")
PREFIX = "aggregates:v1"


@dataclass(frozen=True)
class Freshness:
    """When a page's cached numbers were computed, and how often they are renewed."""

    as_of: object  # an aware datetime
    seconds: int

    @property
    def every(self) -> str:
        if self.seconds % 60:
            return f"每{self.seconds}秒更新"
        return f"每{self.seconds // 60}分钟更新"


def scope_key(user) -> str | None:
    """Everything that decides which rows ``user`` views; None for a user whose numbers are not shared."""
    if getattr(user, "is_superuser", False):
        return "superuser"
    official = official_of(user)
    if official is None:
        return None
    kind = official.department.kind if official.department_id else "-"
    return f"{official.role}:{official.region.path}:{kind}"


def kept(user, name: str, *parts, region, compute: Callable[[], object]) -> tuple[object, Freshness | None]:
    """``compute()``'s value for ``user`` at ``region``, from the cache when it is a city's or a county's.

    Returns the value and its freshness (None when computed live: caching off, a
    township, or a user without a scope). ``parts`` are the page's own inputs (a month, a year).
    """
    seconds = settings.DASHBOARD_CACHE_SECONDS
    scope = scope_key(user)
    if seconds <= 0 or scope is None or region.level not in COSTLY_LEVELS:
        return compute(), None
    key = ":".join(map(str, (PREFIX, name, scope, region.pk, timezone.localdate().isoformat(), *parts)))
    entry = cache.get(key)
    if entry is None:
        entry = (compute(), timezone.now())
        cache.set(key, entry, seconds)
    value, as_of = entry
    return value, Freshness(as_of=as_of, seconds=seconds)
