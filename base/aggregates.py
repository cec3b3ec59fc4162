"""A short cache of the costly aggregates of the city's and the counties' pages, saying as of when.

The 工作台, the 综合看板 and the 挂包领导 round of a city or a county count
every open hazard below it; at ten years of history that takes seconds. Such
numbers are kept ``settings.DASHBOARD_CACHE_SECONDS`` (0: computed on every
request) and shown with "数据截至 HH:MM（每N分钟更新）". A township's numbers,
and every list, stay live.

A kept value is shared only by users who see exactly the same rows: the key
holds every input of ``ScopedModel.scope_q`` for viewing (superuser, or role,
region path and department kind), the page's own inputs and today's date.

So that no official waits for the count, ``renew_asked`` (a beat task every
``DASHBOARD_CACHE_SECONDS``) computes again every value someone asked for in
the last ``ASKED_SECONDS``, before it lapses: the numbers are computed by a
worker, and a page reads them. A value is computed on a request only when
nobody asked for it in that hour (or when no worker runs).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
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


def keeps(name: str):
    """Register ``function(user, region, *parts)`` as the computation of the kept value ``name``."""

    def register(function):
        _computations[name] = function
        return function

    return register


def kept(user, name: str, *parts, region) -> tuple[object, Freshness | None]:
    """The value ``name`` (see ``keeps``) for ``user`` at ``region``, from the cache when it is a city's or a
    county's.

    Returns the value and its freshness (None when computed live: caching off, a
    township, or a user without a scope). ``parts`` are the page's own inputs (a month, a year).
    """
    seconds = settings.DASHBOARD_CACHE_SECONDS
    scope = scope_key(user)
    compute = _computations[name]
    if seconds <= 0 or scope is None or region.level not in COSTLY_LEVELS:
        return compute(user, region, *parts), None
    key = _key(name, scope, region, parts)
    entry = cache.get(key)
    if entry is None:
        entry = _keep(key, compute(user, region, *parts))
    _remember(key, (user.pk, name, region.pk, parts))
    value, as_of = entry
    return value, Freshness(as_of=as_of, seconds=seconds)


def renew_asked() -> int:
    """Compute again each value asked for in the last ``ASKED_SECONDS``, as its last asker; how many were renewed.

    A value not asked for since, of an earlier day, or whose asker left or changed jurisdiction, is forgotten.
    """
    if settings.DASHBOARD_CACHE_SECONDS <= 0:
        return 0
    from django.contrib.auth import get_user_model

    asked = cache.get(ASKED_KEY, {})
    now, today = time.time(), f":{timezone.localdate().isoformat()}"
    live = {key: ask for key, ask in asked.items() if now - ask[1] < ASKED_SECONDS and today in key}
    cache.set(ASKED_KEY, live, ASKED_SECONDS)
    users = get_user_model().objects.filter(is_active=True).in_bulk({recipe[0] for recipe, _ in live.values()})
    region_model = apps.get_model(settings.OFFICIAL_MODEL)._meta.get_field("region").related_model
    regions = region_model.objects.in_bulk({recipe[2] for recipe, _ in live.values()})
    renewed = 0
    for key, ((user_pk, name, region_pk, parts), _) in live.items():
        user, region = users.get(user_pk), regions.get(region_pk)
        if (
            user is None
            or region is None
            or name not in _computations
            or _key(name, scope_key(user), region, parts) != key
        ):
            continue  # the asker left, or their jurisdiction changed: the next request asks again
        _keep(key, _computations[name](user, region, *parts))
        renewed += 1
    return renewed


def forget_kept() -> int:
    """Drop every kept value, so that each is computed afresh when next asked for; how many were dropped.

    For a change that moves many rows between jurisdictions at once (a township moved to another
    county), which the kept numbers would otherwise show only once renewed.
    """
    asked = cache.get(ASKED_KEY, {})
    cache.delete_many(list(asked))
    return len(asked)


# Values asked for within this long are renewed by ``renew_asked``.
ASKED_SECONDS = 3600
ASKED_KEY = f"{PREFIX}:asked"
# A kept value outlives its renewal period by this margin, so it does not lapse while the worker renews it.
RENEWAL_MARGIN_SECONDS = 120
_computations: dict[str, Callable] = {}


def _key(name: str, scope: str | None, region, parts) -> str:
    return ":".join(map(str, (PREFIX, name, scope, region.pk, timezone.localdate().isoformat(), *parts)))


def _keep(key: str, value) -> tuple[object, object]:
    entry = (value, timezone.now())
    cache.set(key, entry, settings.DASHBOARD_CACHE_SECONDS + RENEWAL_MARGIN_SECONDS)
    return entry


def _remember(key: str, recipe: tuple) -> None:
    """Note who asked for ``key`` and when, for ``renew_asked`` (a note lost to a race costs one count later)."""
    asked = cache.get(ASKED_KEY, {})
    asked[key] = (recipe, time.time())
    cache.set(ASKED_KEY, asked, ASKED_SECONDS)
