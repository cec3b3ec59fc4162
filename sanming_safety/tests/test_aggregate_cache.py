"""The city's and the counties' numbers are kept a few minutes and say as of when; a township's stay live;
no one is shown numbers kept for another jurisdiction; with the cache off every number is a live count."""

import re
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from base import aggregates
from grid.models import Department
from hazards.tests.factories import HazardFactory
from sanming_safety.tasks import renew_kept_numbers

OPEN = re.compile(r'未销号隐患</div><div class="display-6">(\d+)<')
AS_OF = re.compile(r"数据截至 (\d\d:\d\d)（每(\d+)分钟更新）")


@pytest.fixture
def kept_five_minutes(settings):
    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hazards(cast):
    """Open hazards: 1 in township A, 2 in township B (one of them the county emergency department's), 4 in
    the other county."""
    emergency = Department.objects.get(region=cast.county, kind="emergency")
    HazardFactory(region=cast.township_a)
    HazardFactory(region=cast.township_b)
    HazardFactory(region=cast.township_b, department=emergency)
    for _ in range(4):
        HazardFactory(region=cast.other_township)


def open_shown(client, url="/") -> int:
    return int(OPEN.search(client.get(url).content.decode()).group(1))


def test_the_city_dashboard_says_as_of_when_and_a_second_request_within_the_minutes_does_not_count_again(
    cast, hazards, login, kept_five_minutes
):
    client = login(cast.user_city)
    before = timezone.localtime().strftime("%H:%M")
    with CaptureQueriesContext(connection) as first:
        html = client.get("/").content.decode()
    after = timezone.localtime().strftime("%H:%M")
    assert AS_OF.search(html).group(1) in (before, after)
    assert AS_OF.search(html).group(2) == "5"
    assert OPEN.search(html).group(1) == "7"
    HazardFactory(region=cast.township_a)
    with CaptureQueriesContext(connection) as second:
        html = client.get("/").content.decode()
    assert len(second) < len(first) - 5, (len(first), len(second))
    assert not any("hazards_hazard" in query["sql"] for query in second.captured_queries)
    # Within the minutes the page shows the kept number and says so; a renewed page counts the new hazard.
    assert OPEN.search(html).group(1) == "7"
    assert AS_OF.search(html)
    cache.clear()
    assert open_shown(client) == 8


def test_a_township_s_own_numbers_are_live_and_carry_no_age(cast, hazards, login, kept_five_minutes):
    client = login(cast.user_a)
    html = client.get("/").content.decode()
    assert OPEN.search(html).group(1) == "1"
    assert "数据截至" not in html
    HazardFactory(region=cast.township_a)
    assert open_shown(client) == 2


def test_each_jurisdiction_gets_its_own_kept_numbers(cast, hazards, login, kept_five_minutes):
    assert open_shown(login(cast.user_county)) == 3
    assert open_shown(login(cast.user_other_county)) == 4
    # The emergency department of the same county sees only its own kind of hazards.
    assert open_shown(login(cast.user_department)) == 1
    assert open_shown(login(cast.user_city)) == 7
    assert open_shown(login(cast.user_a)) == 1
    assert open_shown(login(cast.user_b)) == 2
    # And again, now from the cache: still each one's own.
    assert open_shown(login(cast.user_county)) == 3
    assert open_shown(login(cast.user_department)) == 1
    assert open_shown(login(cast.user_other_county)) == 4


def test_the_desk_keeps_each_region_and_month_apart_and_says_as_of_when(cast, hazards, login, kept_five_minutes):
    client = login(cast.user_city)
    month = timezone.localdate().strftime("%Y-%m")

    def desk(region) -> str:
        return client.get(f"/desk/?region={region.pk}&month={month}").content.decode()

    county, other = desk(cast.county), desk(cast.other_county)
    assert AS_OF.search(county) and AS_OF.search(other)
    assert 'data-slug="hazards_open"' in county
    figure = re.compile(r'href="[^"]+" data-slug="hazards_open">\s*<span class="desk-value">(\d+)<')
    assert figure.search(county).group(1) == "3"
    assert figure.search(other).group(1) == "4"
    assert figure.search(desk(cast.county)).group(1) == "3"
    township = desk(cast.township_a)
    assert figure.search(township).group(1) == "1"
    assert "数据截至" not in township


def test_the_leader_round_says_as_of_when_at_the_city(cast, login, kept_five_minutes):
    html = login(cast.user_city).get("/hazards/leaders/").content.decode()
    assert AS_OF.search(html)
    assert "数据截至" not in login(cast.user_a).get("/hazards/leaders/").content.decode()


def test_with_the_cache_off_the_city_page_is_a_live_count_without_an_age(cast, hazards, login, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    client = login(cast.user_city)
    html = client.get("/").content.decode()
    assert OPEN.search(html).group(1) == "7"
    assert "数据截至" not in html
    HazardFactory(region=cast.other_township)
    assert open_shown(client) == 8


def test_the_worker_renews_what_officials_asked_for_so_their_pages_count_nothing(
    cast, hazards, login, kept_five_minutes
):
    assert open_shown(login(cast.user_city)) == 7
    assert open_shown(login(cast.user_county)) == 3
    assert login(cast.user_city).get("/hazards/leaders/").status_code == 200
    HazardFactory(region=cast.township_a)
    # the city's and the county's dashboards, the city's leader round
    assert renew_kept_numbers() == 3
    city = login(cast.user_city)
    with CaptureQueriesContext(connection) as queries:
        html = city.get("/").content.decode()
    assert OPEN.search(html).group(1) == "8"
    assert AS_OF.search(html)
    assert not any("hazards_hazard" in query["sql"] for query in queries.captured_queries)
    # Each jurisdiction was renewed as its own asker.
    assert open_shown(login(cast.user_county)) == 4
    assert open_shown(login(cast.user_department)) == 1


def test_numbers_nobody_asked_for_within_the_hour_are_not_renewed(cast, hazards, login, kept_five_minutes, monkeypatch):
    assert open_shown(login(cast.user_city)) == 7
    later = time.time() + aggregates.ASKED_SECONDS + 1
    monkeypatch.setattr(aggregates.time, "time", lambda: later)
    assert renew_kept_numbers() == 0


def test_beat_renews_the_kept_numbers_once_in_their_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["renew-kept-numbers"]
    assert entry["task"] == renew_kept_numbers.name
    assert entry["schedule"] == 300  # DASHBOARD_CACHE_SECONDS by default (the tests turn the cache off)


def test_a_township_moved_to_another_county_shows_in_both_counties_kept_numbers_at_once(
    cast, hazards, login, kept_five_minutes, django_capture_on_commit_callbacks
):
    def shown() -> tuple[int, int]:
        return open_shown(login(cast.user_county)), open_shown(login(cast.user_other_county))

    assert shown() == (3, 4)
    township = cast.township_a
    township.parent = cast.other_county
    with django_capture_on_commit_callbacks(execute=True):
        township.save()
    # Not the kept split of minutes ago: 列东街道's hazard has left 三元区's numbers for 沙县区's.
    assert shown() == (2, 5)
