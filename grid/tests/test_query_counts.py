"""List pages and API lists cost the same number of queries at any size."""

import datetime

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from grid.models import (
    Craftsman,
    Fire,
    FireStation,
    FireStationStaff,
    HouseChief,
    HouseInspection,
    Region,
    RuralHouse,
    SmallVenueInspection,
    SupervisionGuide,
    SupervisorAssessment,
    TipOff,
)
from grid.services import guide_publish, visit_record
from tests.fixtures import load_cast

from .factories import GridFactory, GridSupervisorFactory, resident_id, supervised_enterprise, village_of

URLS = [
    "/grid/grids/",
    "/grid/supervisors/",
    "/grid/guides/",
    "/grid/guide-receipts/",
    "/grid/visits/",
    "/grid/assessments/",
    "/grid/overview/",
    "/api/v1/grid/grids/",
    "/api/v1/grid/supervisors/",
    "/api/v1/grid/guides/",
    "/api/v1/grid/guide-receipts/",
    "/api/v1/grid/visits/",
    "/api/v1/grid/assessments/",
]


def grow(cast, n: int) -> None:
    """``n`` more of everything in township A."""
    for index in range(n):
        level = "chief" if index == 0 else "first"
        supervisor = GridSupervisorFactory(region=cast.township_a, level=level)
        enterprise = supervised_enterprise(supervisor)
        GridFactory(region=cast.township_a, enterprises=[enterprise])
        visit = visit_record(
            supervisor=supervisor,
            enterprise=enterprise,
            visited_on=datetime.date(2026, 2, 1),
            items_checked=["ledger"],
            prompt_list_delivered=True,
            findings=["问题"],
            by=None,
        )
        assert visit.pk
        SupervisorAssessment.objects.create(supervisor=supervisor, year=2026, period="q1")
    guide = SupervisionGuide.objects.create(
        region=cast.county,
        year=2026,
        number=SupervisionGuide.objects.count() + 1,
        month=datetime.date(2026, 2, 1),
        title="指南",
        content="…",
    )
    guide_publish(guide=guide, by=cast.user_county)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def counts_before_and_after(django_db_blocker, urls, grow_small, grow_large):
    """Each URL's query count for the county with a little data; then the data grown.

    Built once for a class of tests (each checks one URL at the larger size)
    and rolled back after it; every test runs in a savepoint of it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        cast = load_cast()
        grow_small(cast)
        small = {}
        for url in urls:
            client = Client()
            client.force_login(cast.user_county)
            small[url] = count(client, url)
        grow_large(cast)
        yield cast, small
        transaction.set_rollback(True)


class TestListsCostTheSameAtAnySize:
    @pytest.fixture(scope="class")
    def grown(self, cast_in_database, django_db_blocker):
        yield from counts_before_and_after(
            django_db_blocker, URLS, lambda cast: grow(cast, 2), lambda cast: grow(cast, 8)
        )

    @pytest.mark.parametrize("url", URLS)
    def test_query_count_does_not_grow_with_the_data(self, grown, db, client, url):
        cast, small = grown
        client.force_login(cast.user_county)
        assert count(client, url) == small[url]


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/grid/supervisors/", 9), ("/api/v1/grid/supervisors/", 6), ("/grid/visits/", 8), ("/api/v1/grid/visits/", 6)],
)
def test_pinned_query_counts(cast, client, django_assert_num_queries, url, queries):
    client.force_login(cast.user_county)
    grow(cast, 3)
    client.get(url)  # session and content types warmed
    with django_assert_num_queries(queries):
        client.get(url)


GRASSROOTS_URLS = [
    "/grid/houses/",
    "/grid/house-chiefs/",
    "/grid/house-inspections/",
    "/grid/craftsmen/",
    "/grid/tip-offs/",
    "/grid/fire-stations/",
    "/grid/fire-staff/",
    "/grid/venue-inspections/",
    "/grid/fires/",
    "/grid/seven-ones/",
    "/grid/grassroots/",
    "/api/v1/grid/houses/",
    "/api/v1/grid/fire-stations/",
    "/api/v1/grid/venue-inspections/",
]


def grow_grassroots(cast, townships) -> None:
    """One more house, chief, craftsman, tip-off, station with staff and inspection, and fire per township."""
    for township in townships:
        village = village_of(township)
        chief = HouseChief.objects.create(region=village, name="房长", position="村支书", phone="13800000001")
        craftsman = Craftsman.objects.create(
            region=township,
            name="工匠",
            id_number=resident_id("350404", 800 + Craftsman.objects.count()),
            phone="13800000002",
        )
        house = RuralHouse.objects.create(
            region=township,
            village=village,
            owner_name="建房人",
            address="村里",
            floors=2,
            area=100,
            stage="under_construction",
            applied_on=datetime.date(2026, 1, 1),
            approved_on=datetime.date(2026, 1, 5),
            started_on=datetime.date(2026, 2, 1),
            craftsman=craftsman,
        )
        house.chiefs.add(chief)
        HouseInspection.objects.create(
            house=house, inspected_on=datetime.date(2026, 3, 1), inspector="站长", stage="under_construction"
        )
        TipOff.objects.create(
            region=township, received_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC), content="举报"
        )
        station = FireStation.objects.filter(region=township).first() or FireStation.objects.create(
            region=township, name="所", established_on=datetime.date(2021, 1, 1), full_time_posts=2
        )
        FireStationStaff.objects.create(
            station=station, name="员", role="full_time", phone="13800000003", active_from=datetime.date(2021, 1, 1)
        )
        SmallVenueInspection.objects.create(
            station=station, venue_name="店", venue_kind="shop", inspected_on=datetime.date(2026, 3, 2)
        )
        Fire.objects.create(
            region=township,
            occurred_at=datetime.datetime(2026, 3, 3, tzinfo=datetime.UTC),
            place="屋",
            venue_kind="rental",
        )


def grow_grassroots_in_six_townships(cast) -> None:
    townships = list(Region.objects.filter(parent=cast.county, level="township").order_by("code")[:6])
    for _ in range(2):
        grow_grassroots(cast, townships)


class TestGrassrootsListsCostTheSameAtAnySize:
    @pytest.fixture(scope="class")
    def grown(self, cast_in_database, django_db_blocker):
        yield from counts_before_and_after(
            django_db_blocker,
            GRASSROOTS_URLS,
            lambda cast: grow_grassroots(cast, [cast.township_a]),
            grow_grassroots_in_six_townships,
        )

    @pytest.mark.parametrize("url", GRASSROOTS_URLS)
    def test_grassroots_query_count_does_not_grow_with_the_data(self, grown, db, client, url):
        cast, small = grown
        client.force_login(cast.user_county)
        assert count(client, url) == small[url]
