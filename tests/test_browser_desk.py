"""The desk and the big screen in a real browser: the screen at 1920×1080 with no request beyond the server,
refreshing itself; the desk at city, county and township, and on a phone.

Screenshots go to DESK_SCREENSHOTS (a directory) when it is set, for a person to look at.
"""

import datetime
import os
import time
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import timezone
from playwright.sync_api import expect

from grid.models import FireStation
from grid.tests.factories import EnterpriseFactory
from hazards.models import period_of
from hazards.tests.factories import HazardFactory, RiskPointFactory
from sanming_safety.models import ScreenLink

from .test_browser import PHONE, browser, session_factory  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREEN = {"width": 1920, "height": 1080}
DESKTOP = {"width": 1440, "height": 900}


def written(write, seconds: float = 5.0):
    """``write()`` while the screen keeps refreshing, retried while the live server's request holds the table.

    SQLite's shared in-memory test database locks a table a reader is reading and refuses a writer
    at once ("database table is locked"); PostgreSQL makes neither wait.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            return write()
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def snapshot(page, name: str) -> None:
    directory = os.environ.get("DESK_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=name.startswith("desk"))


@pytest.fixture
def world(cast):
    today = timezone.localdate()
    grades = ["red", "orange", "yellow", "blue"]
    for offset, township in enumerate((cast.township_a, cast.township_b, cast.other_township)):
        for n in range(3):
            enterprise = EnterpriseFactory(
                region=township, longitude=117.55 + offset * 0.08 + n * 0.01, latitude=26.2 + offset * 0.03
            )
            RiskPointFactory(
                region=township,
                grade=grades[(n + offset) % 4],
                period=period_of(today),
                longitude=enterprise.longitude,
                latitude=enterprise.latitude + 0.01,
            )
        HazardFactory(region=township, enterprise=enterprise, grade="major")
        HazardFactory(region=township, deadline=today - datetime.timedelta(days=3))
        FireStation.objects.create(region=township, name=f"{township.name}消防所", established_on=today)


def test_the_big_screen_fills_1920_by_1080_from_the_server_alone_and_refreshes(
    cast,
    world,
    session_factory,  # noqa: F811
    settings,
):
    settings.SCREEN_REFRESH_SECONDS = 1
    link = ScreenLink.objects.create(title="会议室", region=cast.city, created_by=cast.user_city)
    session = session_factory(SCREEN)
    page = session.page
    # Anything not for the live server is refused and recorded: the screen must need nothing else.
    page.route(
        "**/*",
        lambda route: route.continue_()
        if route.request.url.startswith(session.base) or route.request.url.startswith("data:")
        else route.abort(),
    )
    session.goto(f"/screen/{link.token}/")
    assert page.locator("h1").inner_text() == "三明市安全生产综合态势"
    assert page.locator("input[type=password]").count() == 0
    page.wait_for_selector("#emap[data-loaded=true]")
    overdue = page.locator('[data-figure="hazards_overdue"] .screen-value')
    assert overdue.inner_text() == "3"
    # Readable from across the room: the numbers are large, and everything fits on one screen.
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.screen-value')).fontSize)") >= 48
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ranking = page.locator("#screen-ranking tr").all_inner_texts()
    assert ranking[0].split("\t")[1] == cast.county.name
    # Markers of the layers are drawn on the map.
    assert page.locator("#emap .leaflet-interactive, #emap .emap-shape").count() >= 9
    snapshot(page, "screen")

    nine_days_ago = timezone.localdate() - datetime.timedelta(days=9)
    written(lambda: HazardFactory(region=cast.other_township, deadline=nine_days_ago))
    expect(overdue).to_have_text("4", timeout=10_000)
    assert int(page.locator("#screen").get_attribute("data-refreshes")) >= 1

    link.revoked_at = timezone.now()
    written(link.save)
    page.wait_for_selector("text=该大屏链接已被撤销", timeout=10_000)
    session.failures = [failure for failure in session.failures if not failure.startswith("410 ")]
    assert session.foreign_requests() == []


@pytest.mark.parametrize(
    "who,where,name",
    [("city", None, "desk-city"), ("city", "county", "desk-county"), ("township_a", None, "desk-township")],
)
def test_the_desk_at_every_level_draws_its_panels(cast, world, session_factory, who, where, name):  # noqa: F811
    session = session_factory(DESKTOP)
    page = session.page
    session.login(who)
    session.goto("/desk/" + (f"?region={getattr(cast, where).pk}" if where else ""))
    assert page.locator(".desk-panel").count() == 4
    assert page.locator(".desk-figure").count() >= 14
    assert session.fits_width()
    snapshot(page, name)


def test_the_desk_on_a_phone_stacks_without_sideways_scrolling(cast, world, session_factory):  # noqa: F811
    session = session_factory(PHONE)
    session.login("city")
    session.goto("/desk/")
    assert session.fits_width()
    first, second = page_boxes(session.page)
    assert second["y"] > first["y"], "panels stack on a phone"
    snapshot(session.page, "desk-phone")


def page_boxes(page):
    return [page.locator(".desk-panel").nth(i).bounding_box() for i in range(2)]


def test_the_e_map_switches_layers_and_opens_a_record(cast, world, session_factory):  # noqa: F811
    session = session_factory(DESKTOP)
    page = session.page
    session.login("city")
    session.goto("/desk/map/")
    page.wait_for_selector("#emap[data-loaded=true]")
    stations = page.locator("#emap .emap-triangle")
    assert stations.count() == 3
    page.locator('input[data-layer="fire_stations"]').uncheck()
    assert stations.count() == 0
    snapshot(page, "map-city")
    page.locator("#emap .emap-square").first.click()
    page.locator(".leaflet-popup-content a").click()
    page.wait_for_load_state()
    assert "/hazards/" in page.url
