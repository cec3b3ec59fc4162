import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hazards import services
from hazards.choices import HazardGrade
from hazards.models import Hazard
from tests.fixtures import load_cast

from .factories import HazardFactory, RiskPointFactory, SupervisionItemFactory


def make_hazards(cast, n):
    for i in range(n):
        hazard = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR if i % 3 == 0 else "general")
        if hazard.is_major:
            services.leader_assign(
                hazard=hazard,
                leader=cast.user_leader.official,
                by=cast.user_city,
                round=2026,
                target_date=hazard.deadline,
            )


def count(client, url, params=None):
    client.get(url, params)  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


URLS = [
    reverse("hazards:hazard_list"),
    "/api/v1/hazards/hazards/",
    reverse("hazards:risk_point_list"),
    "/api/v1/hazards/risk-points/",
    "/api/v1/hazards/risk-points/geojson/",
    "/api/v1/hazards/hazards/geojson/",
    reverse("hazards:leader_assignment_list"),
    "/api/v1/hazards/leader-assignments/",
    reverse("hazards:supervision_item_list"),
    "/api/v1/hazards/supervision-items/",
    reverse("hazards:my_assignments"),
]


def grow(cast, n: int) -> None:
    make_hazards(cast, n)
    RiskPointFactory.create_batch(n, region=cast.township_a)
    for item in SupervisionItemFactory.create_batch(n, region=cast.county):
        item.hazards.set(Hazard.objects.filter(grade="major")[:2])


def reader(cast, url):
    return cast.user_leader if "mine" in url else cast.user_county


class TestListsCostTheSameAtAnySize:
    @pytest.fixture(scope="class")
    def grown(self, cast_in_database, django_db_blocker):
        """Each URL's query count with a little data, then the data grown; built once, rolled back after."""
        with django_db_blocker.unblock(), transaction.atomic():
            cast = load_cast()
            grow(cast, 3)
            small = {}
            for url in URLS:
                client = Client()
                client.force_login(reader(cast, url))
                small[url] = count(client, url)
            grow(cast, 27)
            yield cast, small
            transaction.set_rollback(True)

    @pytest.mark.parametrize("url", URLS)
    def test_list_query_count_does_not_grow(self, grown, db, login, url):
        cast, small = grown
        assert count(login(reader(cast, url)), url) == small[url]


def test_hazard_list_page_query_count_is_pinned(cast, login, django_assert_num_queries):
    client = login(cast.user_county)
    for n in (3, 30):
        make_hazards(cast, n - (3 if n == 30 else 0))
        client.get(reverse("hazards:hazard_list"))
        with django_assert_num_queries(9):
            client.get(reverse("hazards:hazard_list"))


def test_hazard_api_query_count_is_pinned(cast, login, django_assert_num_queries):
    client = login(cast.user_county)
    for n in (3, 30):
        make_hazards(cast, n - (3 if n == 30 else 0))
        client.get("/api/v1/hazards/hazards/")
        with django_assert_num_queries(6):
            client.get("/api/v1/hazards/hazards/")
