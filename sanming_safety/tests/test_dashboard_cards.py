"""Every number on the dashboard opens the list of exactly the rows it counts."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from grid.services import visit_record
from grid.tests.factories import EnterpriseFactory, GridSupervisorFactory, supervised_enterprise, village_of
from hazards.choices import HazardStatus
from hazards.models import period_of
from hazards.tests.factories import HazardFactory, RiskPointFactory, SupervisionItemFactory

CARD = re.compile(r'<a class="card card-body card-stat[^"]*" href="([^"]+)"[^>]*>(.*?)</a>', re.S)
RISK_BADGE = re.compile(r'<a class="badge[^"]*"[^>]*href="([^"]+)">[^<]*?(\d+)</a>')
NUMBER = re.compile(r'class="display-6[^"]*">([^<]+)<')
LISTED = re.compile(r"共 (\d+) 条")


@pytest.fixture
def world(cast):
    """Rows the cards count, and rows each card's filter must leave out, in and beyond township A."""
    today = timezone.localdate()
    for township in (cast.township_a, cast.township_b, cast.other_township):
        GridSupervisorFactory(region=township, level="chief")
        first = GridSupervisorFactory(region=township, level="first")
        GridSupervisorFactory(region=township, level="second")
        GridSupervisorFactory(region=township, level="second", active_to=today - datetime.timedelta(days=30))
        GridSupervisorFactory(region=township, level="third", village=village_of(township))
        enterprise = supervised_enterprise(first, risk_grade="red", weak_foundation=True)
        EnterpriseFactory(region=township, risk_grade="yellow")  # in no grid
        for visited_on in (today, today.replace(day=1) - datetime.timedelta(days=3)):
            visit_record(
                supervisor=first,
                enterprise=enterprise,
                visited_on=visited_on,
                items_checked=["ledger"],
                prompt_list_delivered=True,
                by=None,
            )
        HazardFactory(region=township, enterprise=enterprise)
        HazardFactory(region=township, deadline=today - datetime.timedelta(days=1))
        HazardFactory(region=township, grade="major")
        HazardFactory(region=township, status=HazardStatus.CLOSED, closed_on=today)
        for grade in ("red", "yellow"):
            RiskPointFactory(region=township, grade=grade, period=period_of(today))
        RiskPointFactory(region=township, grade="red", period="2020H1")
    month_end = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    SupervisionItemFactory(region=cast.county, deadline=month_end, year=today.year, start_on=today.replace(month=1))
    SupervisionItemFactory(region=cast.county, year=today.year, start_on=today.replace(month=1))


def counted_links(html: str) -> list[tuple[str, int]]:
    """(link, number shown) of every dashboard card and risk-point badge; "done/all" cards count all."""
    links = []
    for href, body in CARD.findall(html):
        number = NUMBER.search(body)
        text = number.group(1).strip() if number else ""
        if re.fullmatch(r"\d+", text):
            links.append((unescape(href), int(text)))
        elif re.fullmatch(r"\d+/\d+", text):
            links.append((unescape(href), int(text.split("/")[1])))
    links += [(unescape(href), int(n)) for href, n in RISK_BADGE.findall(html)]
    return links


@pytest.mark.parametrize("who", ["user_city", "user_a"])
def test_every_dashboard_number_opens_a_list_of_that_many_rows(cast, world, login, who):
    client = login(getattr(cast, who))
    html = client.get("/").content.decode()
    links = counted_links(html)
    assert len(links) >= 20, links
    assert any(number > 0 for _, number in links)
    for href, number in links:
        page = client.get(href).content.decode()
        listed = LISTED.search(page)
        assert listed, f"{href} is not a list"
        assert int(listed.group(1)) == number, f"{href}: the card says {number}, the list shows {listed.group(1)}"


def test_supervisor_level_cards_each_open_their_own_level(cast, world, login):
    html = login(cast.user_a).get("/").content.decode()
    hrefs = [unescape(href) for href, _ in CARD.findall(html) if "/grid/supervisors/" in href]
    assert sorted(hrefs) == sorted(
        f"/grid/supervisors/?in_office=true&level={level}" for level in ("chief", "first", "second", "third")
    )


def test_the_colour_donut_says_none_when_nothing_is_open(cast, login):
    html = login(cast.user_a).get("/").content.decode()
    assert 'id="hazard-colour-chart"' not in html
    assert re.search(r'id="hazard-colour-empty"><span>暂无</span>', html)


def test_the_colour_donut_is_drawn_when_something_is_open(cast, login):
    HazardFactory(region=cast.township_a)
    html = login(cast.user_a).get("/").content.decode()
    assert 'id="hazard-colour-chart"' in html
